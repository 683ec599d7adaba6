-- juesuan-tui schema, version 1.
--
-- Conventions
--   * Money and every other Decimal is TEXT exactly as printed ("3361.40"), never REAL.
--   * Columns declared JSON hold JSON text (lists, nested models); the store decodes them.
--   * Every child row belongs to a document through (document_id) with ON DELETE CASCADE,
--     so deleting a document removes all of it; `seq` keeps the document's own order.
--   * `extra` (JSON, nullable) keeps model fields this schema version has no column for,
--     so a newer model round-trips through an older schema without loss.
--   * Applied inside one transaction by the store; PRAGMA user_version records the version.

CREATE TABLE documents (
    id               TEXT PRIMARY KEY,
    title            TEXT NOT NULL,
    unit             TEXT NOT NULL,
    year             INTEGER,
    kind             TEXT NOT NULL,
    money_unit       TEXT NOT NULL,
    -- Source, flattened
    source_path      TEXT NOT NULL,
    source_sha256    TEXT NOT NULL,
    source_format    TEXT NOT NULL,
    source_encoding  TEXT,
    source_size      INTEGER NOT NULL DEFAULT 0,
    imported_at      TEXT NOT NULL,   -- Source.imported_at, ISO 8601
    importer_version TEXT NOT NULL,
    text             TEXT NOT NULL,   -- the decoded original, verbatim
    cover            TEXT NOT NULL DEFAULT '',
    toc_raw          TEXT NOT NULL DEFAULT '',
    toc              JSON NOT NULL DEFAULT '[]',
    profile          JSON NOT NULL DEFAULT '{}',
    saved_at         TEXT NOT NULL,   -- when this row was written (UTC, ISO 8601)
    extra            JSON
);
CREATE INDEX documents_unit_year ON documents (unit, year);
CREATE INDEX documents_year ON documents (year);
CREATE INDEX documents_sha256 ON documents (source_sha256);

-- The section tree, flattened in document (pre-)order; parent_id rebuilds the tree.
CREATE TABLE sections (
    pk          INTEGER PRIMARY KEY,  -- stable rowid for the external-content FTS index
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    id          TEXT NOT NULL,
    parent_id   TEXT,
    level       INTEGER NOT NULL,
    number      TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    key         TEXT,
    raw         TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL DEFAULT '',
    ord         INTEGER NOT NULL DEFAULT 0,  -- Section.order
    page        INTEGER,
    line_start  INTEGER NOT NULL DEFAULT 0,
    line_end    INTEGER NOT NULL DEFAULT 0,
    extra       JSON,
    UNIQUE (document_id, seq)
);
CREATE INDEX sections_document_id ON sections (document_id, id);
CREATE INDEX sections_key ON sections (key);

-- Full-text search over section titles and display text (trigram: works for Chinese
-- without word segmentation; queries need at least 3 characters).
CREATE VIRTUAL TABLE sections_fts USING fts5 (
    title, text,
    content = 'sections', content_rowid = 'pk',
    tokenize = 'trigram'
);
-- Triggers keep the index in sync, including rows removed by ON DELETE CASCADE.
CREATE TRIGGER sections_fts_insert AFTER INSERT ON sections BEGIN
    INSERT INTO sections_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER sections_fts_delete AFTER DELETE ON sections BEGIN
    INSERT INTO sections_fts (sections_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER sections_fts_update AFTER UPDATE ON sections BEGIN
    INSERT INTO sections_fts (sections_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO sections_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

CREATE TABLE facts (
    document_id    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    label          TEXT NOT NULL,
    key            TEXT,
    topic          TEXT,
    value          TEXT NOT NULL,
    unit           TEXT NOT NULL,
    value_wan      TEXT,
    share_pct      TEXT,
    share_base     TEXT,
    change         TEXT,
    change_pct     TEXT,
    direction      TEXT,
    change_text    TEXT,
    budget         TEXT,
    budget_basis   TEXT,
    final          TEXT,
    diff_pct       TEXT,
    completion_pct TEXT,
    reason         TEXT,
    section        TEXT,
    sentence       TEXT NOT NULL DEFAULT '',
    page           INTEGER,
    extra          JSON,
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX facts_key ON facts (key, document_id);

CREATE TABLE line_items (
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    fund         TEXT NOT NULL,
    level        TEXT NOT NULL,
    code         TEXT,
    name         TEXT NOT NULL,
    path         JSON NOT NULL DEFAULT '[]',
    amount       TEXT,
    share_pct    TEXT,
    change       TEXT,
    change_pct   TEXT,
    budget       TEXT,
    table_amount TEXT,
    reason       TEXT,
    parent       TEXT,
    children     JSON NOT NULL DEFAULT '[]',
    section      TEXT,
    sentence     TEXT NOT NULL DEFAULT '',
    page         INTEGER,
    source       TEXT NOT NULL DEFAULT 'narrative',
    extra        JSON,
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX line_items_code ON line_items (code, document_id);
CREATE INDEX line_items_name ON line_items (fund, name);

CREATE TABLE scorecards (
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    project      TEXT NOT NULL,
    year         INTEGER,
    department   TEXT,
    implementer  TEXT,
    goals        JSON NOT NULL DEFAULT '[]',
    total_weight TEXT,
    total_score  TEXT,
    section      TEXT,
    page         INTEGER,
    extra        JSON,
    PRIMARY KEY (document_id, seq)
);

CREATE TABLE scorecard_funds (
    document_id    TEXT NOT NULL,
    scorecard_seq  INTEGER NOT NULL,
    seq            INTEGER NOT NULL,
    name           TEXT NOT NULL,
    initial_budget TEXT,
    annual_budget  TEXT,
    executed       TEXT,
    weight         TEXT,
    rate_pct       TEXT,
    score          TEXT,
    extra          JSON,
    PRIMARY KEY (document_id, scorecard_seq, seq),
    FOREIGN KEY (document_id, scorecard_seq)
        REFERENCES scorecards (document_id, seq) ON DELETE CASCADE
);

-- One row per 三级 indicator, so indicators can be compared across units and years in SQL.
CREATE TABLE indicators (
    document_id   TEXT NOT NULL,
    scorecard_seq INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    level1        TEXT NOT NULL,
    level2        TEXT NOT NULL,
    name          TEXT NOT NULL,
    target        TEXT NOT NULL DEFAULT '',
    target_op     TEXT,
    target_value  TEXT,
    target_unit   TEXT,
    actual        TEXT NOT NULL DEFAULT '',
    actual_op     TEXT,
    actual_value  TEXT,
    actual_unit   TEXT,
    weight        TEXT,
    score         TEXT,
    note          TEXT NOT NULL DEFAULT '',
    extra         JSON,
    PRIMARY KEY (document_id, scorecard_seq, seq),
    FOREIGN KEY (document_id, scorecard_seq)
        REFERENCES scorecards (document_id, seq) ON DELETE CASCADE
);
CREATE INDEX indicators_name ON indicators (level1, level2, name);

CREATE TABLE glossary (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    term        TEXT NOT NULL,
    definition  TEXT NOT NULL,
    number      TEXT NOT NULL DEFAULT '',
    section     TEXT,
    extra       JSON,
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX glossary_term ON glossary (term);

-- The document's 附表 ("tables" would shadow the word everywhere, hence the underscore).
CREATE TABLE tables_ (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    key         TEXT,
    number      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'listed',
    unit        TEXT,
    columns     JSON NOT NULL DEFAULT '[]',
    rows        JSON NOT NULL DEFAULT '[]',  -- [{cells, code, label, values: ["3361.40", null]}]
    note        TEXT NOT NULL DEFAULT '',
    section     TEXT,
    page        INTEGER,
    source      TEXT,
    extra       JSON,
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX tables_key ON tables_ (key, document_id);

CREATE TABLE findings (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    rule        TEXT NOT NULL,
    title       TEXT NOT NULL,
    severity    TEXT NOT NULL,
    message     TEXT NOT NULL,
    "values"    JSON NOT NULL DEFAULT '{}',
    difference  TEXT,
    section     TEXT,
    sentence    TEXT NOT NULL DEFAULT '',
    location    TEXT,
    extra       JSON,
    PRIMARY KEY (document_id, seq)
);
CREATE INDEX findings_rule ON findings (rule, severity);
