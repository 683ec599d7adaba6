-- juesuan-tui schema, version 3: a smaller database, cheaper to write.
--
-- No table changes. From this version on the store writes a one-byte BLOB (never a
-- value of the model, whose text is TEXT) instead of text stored elsewhere already:
--   * sections.raw: the section's verbatim lines are the document's text (documents.text,
--     CR LF and CR read as LF, a leading BOM left out, split on LF) lines
--     [line_start, line_end) joined with LF — so the text is stored once;
--   * facts.sentence: the same sentence as the fact before it (seq - 1) of its document
--     (a sentence often states several figures).
-- The store writes the marker only after checking the value reads back exactly; rows
-- of older versions hold their text. Older programs see version 3 as too new to write.

-- The full-text index merges its segments 8 at a time instead of 4: a bulk import
-- rewrites the index about half as often; a search reads a few more segments.
INSERT INTO sections_fts (sections_fts, rank) VALUES ('automerge', 8);
