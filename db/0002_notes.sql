-- juesuan-tui schema, version 2: review notes (审核意见).
--
-- A note is anchored to its document by stable references, never by row ids:
--   * section:  section_path (headings from the part down) plus the last resolved Section.id;
--   * fact:     fact_key + fact_label (+ fact_value to tell repeated statements apart);
--   * line item: item_fund + item_path (+ item_code, item_level).
-- document_id deliberately has NO foreign key: `import --replace` deletes and rewrites the
-- document, and its notes must outlive that; the store re-anchors them in the same
-- transaction and sets `orphaned` when an anchor is gone.

CREATE TABLE notes (
    id           INTEGER PRIMARY KEY,
    document_id  TEXT NOT NULL,
    anchor       TEXT NOT NULL DEFAULT 'document'
                 CHECK (anchor IN ('document', 'section', 'fact', 'item')),
    section      TEXT,
    section_path JSON NOT NULL DEFAULT '[]',
    fact_key     TEXT,
    fact_label   TEXT,
    fact_value   TEXT,                 -- Decimal as printed
    item_fund    TEXT,
    item_level   TEXT,
    item_code    TEXT,
    item_path    JSON NOT NULL DEFAULT '[]',
    text         TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT '待核实' CHECK (status IN ('待核实', '已核实')),
    author       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,        -- ISO 8601
    updated_at   TEXT,
    orphaned     INTEGER NOT NULL DEFAULT 0,
    extra        JSON
);
CREATE INDEX notes_document ON notes (document_id, status);
CREATE INDEX notes_author ON notes (author);
