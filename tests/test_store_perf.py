"""The writer's fast path: rows prepared away from the database, compact storage (db/0003)."""

from __future__ import annotations

import pickle
import sqlite3

import pytest

import juesuan_tui.store as store_module
from juesuan_tui.models import Document
from juesuan_tui.notes import make_note
from juesuan_tui.store import SCHEMA_VERSION, PreparedDocument, Store, StoreError, prepare, schema_layout


def _rows(path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        names = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")') if r[1] not in ("saved_at", "pk")]
        columns = ", ".join(f'"{n}"' for n in names)
        return conn.execute(f'SELECT {columns} FROM "{table}" ORDER BY rowid').fetchall()
    finally:
        conn.close()


def test_prepared_rows_pickle_and_write_what_save_writes(tmp_path, full_doc, seed_doc):
    for doc in (full_doc, seed_doc):
        prepared = pickle.loads(pickle.dumps(prepare(doc)))
        assert isinstance(prepared, PreparedDocument) and prepared.document is None
        assert (prepared.id, prepared.unit, prepared.year) == (doc.id, doc.unit, doc.year)
        with Store(tmp_path / "saved.db") as a, Store(tmp_path / "prepared.db") as b:
            assert a.save(doc) == b.save_many([prepared])[0] == "imported"
            assert b.get(doc.id) == doc
    for table in ("documents", "sections", "facts", "line_items", "scorecards", "scorecard_funds", "indicators",
                  "glossary", "tables_", "findings"):
        assert _rows(tmp_path / "saved.db", table) == _rows(tmp_path / "prepared.db", table), table


def test_rows_for_another_layout_are_refused(tmp_path, full_doc):
    prepared = prepare(full_doc)._replace(layout="0" * 16)
    with Store(tmp_path / "x.db") as store:
        with pytest.raises(StoreError, match="另一数据库结构"):
            store.save(prepared)
        # With its model kept, the writer encodes it again for its own layout.
        assert store.save(prepared._replace(document=full_doc)) == "imported"
        assert store.get(full_doc.id) == full_doc


def test_raw_and_repeated_sentences_are_stored_once(tmp_path, seed_doc):
    with Store(tmp_path / "x.db") as store:
        store.save(seed_doc)
        assert store.get(seed_doc.id) == seed_doc
    conn = sqlite3.connect(tmp_path / "x.db")
    try:
        sections = conn.execute("SELECT count(*), sum(typeof(raw) = 'blob') FROM sections").fetchone()
        facts = conn.execute("SELECT count(*), sum(typeof(sentence) = 'blob') FROM facts").fetchone()
    finally:
        conn.close()
    assert sections[0] > 0 and sections[1] == sections[0]  # every raw is a slice of the text
    assert 0 < facts[1] < facts[0]


def test_raw_that_is_not_a_slice_of_the_text_is_kept_verbatim(tmp_path, seed_doc):
    doc = seed_doc.model_copy(deep=True)
    sections = list(doc.walk_sections())
    sections[0].raw = sections[0].raw + "（改动）"
    sections[1].line_end = 10**6  # out of range
    sections[2].raw = ""
    doc.facts[1].sentence = doc.facts[0].sentence
    doc.facts[2].sentence = ""
    doc.facts[3].sentence = ""
    with Store(tmp_path / "x.db") as store:
        store.save(doc)
        assert store.get(doc.id) == doc
    conn = sqlite3.connect(tmp_path / "x.db")
    try:
        flags = conn.execute("SELECT typeof(raw) FROM sections ORDER BY seq LIMIT 3").fetchall()
        same = conn.execute("SELECT typeof(sentence) FROM facts ORDER BY seq LIMIT 4").fetchall()
    finally:
        conn.close()
    assert flags == [("text",)] * 3
    assert same == [("text",), ("blob",), ("text",), ("text",)]  # an empty sentence is never "the one before"


def test_a_version_2_database_migrates_in_place_and_reads_back(tmp_path, seed_doc, full_doc, monkeypatch):
    old = store_module.migrations()[:2]
    path = tmp_path / "v2.db"
    with monkeypatch.context() as patch:
        patch.setattr(store_module, "migrations", lambda: old)
        patch.setattr(store_module, "SCHEMA_VERSION", 2)
        with Store(path) as store:
            assert store.version == 2 == store.layout.version
            store.save(seed_doc)
            store.add_note(make_note(seed_doc, "整体意见", author="甲"))
    conn = sqlite3.connect(path)
    try:  # version 2 rows hold their text
        assert conn.execute("SELECT count(*) FROM sections WHERE typeof(raw) = 'blob'").fetchone()[0] == 0
    finally:
        conn.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION == 3
        assert store.get(seed_doc.id) == seed_doc  # rows of version 2 keep their raw and sentences
        assert store.search("财政拨款", document_id=seed_doc.id)
        store.save(full_doc)
        assert store.get(full_doc.id) == full_doc
        assert store.save(seed_doc, replace=True) == "replaced"
        assert store.get(seed_doc.id) == seed_doc
        assert store._conn.execute("SELECT count(*) FROM sections WHERE typeof(raw) = 'blob'").fetchone()[0] > 0
        assert [n.text for n in store.notes(document_id=seed_doc.id)] == ["整体意见"]
    assert store_module.diagnose(path)["ok"]


def test_replace_from_prepared_rows_reanchors_notes_as_save_does(tmp_path, seed_doc):
    section = next(s for s in seed_doc.walk_sections() if s.level > 0)
    changed = seed_doc.model_copy(deep=True)
    for node in changed.walk_sections():
        node.id = "r" + node.id
    results = []
    for name, write in (("save", lambda s: s.save(changed, replace=True)),
                        ("rows", lambda s: s.save_many([prepare(changed)], replace=True)[0])):
        with Store(tmp_path / f"{name}.db") as store:
            store.save(seed_doc)
            store.add_note(make_note(seed_doc, "章节意见", section=section, author="甲"))
            assert write(store) == "replaced"
            note = store.notes(document_id=seed_doc.id)[0]
            results.append(note.model_dump(exclude={"created_at", "updated_at"}))
    assert results[0] == results[1]
    assert results[0]["section"] == "r" + section.id and not results[0]["orphaned"]


def test_schema_layout_is_the_layout_of_a_new_database(tmp_path):
    with Store(tmp_path / "x.db") as store:
        assert store.layout == schema_layout()
    with Store(":memory:") as store:
        assert store.layout.key == schema_layout().key


def test_nulls_survive_the_fast_binding(tmp_path, make_doc):
    doc: Document = make_doc(doc_id="n1", unit="单位", year=None)
    with Store(tmp_path / "x.db") as store:
        store.save(doc)
        assert store.get("n1") == doc
    conn = sqlite3.connect(tmp_path / "x.db")
    try:
        assert conn.execute("SELECT year, typeof(year), typeof(extra) FROM documents").fetchone() == (None, "null", "null")
        assert conn.execute("SELECT count(*) FROM facts WHERE typeof(budget) = 'blob'").fetchone()[0] == 0
        blobs = conn.execute("SELECT count(*) FROM sections WHERE typeof(parent_id) = 'blob'").fetchone()[0]
    finally:
        conn.close()
    assert blobs == 0


class _Recording:
    """A connection that records the SQL it is given (one entry per execute/executemany)."""

    def __init__(self, conn):
        self.conn, self.calls = conn, []

    def execute(self, sql, *args):
        self.calls.append(("execute", sql))
        return self.conn.execute(sql, *args)

    def executemany(self, sql, *args):
        self.calls.append(("executemany", sql))
        return self.conn.executemany(sql, *args)

    def __getattr__(self, name):
        return getattr(self.conn, name)


def test_a_batch_reaches_the_full_text_index_in_one_statement(tmp_path, make_doc):
    """FTS5 flushes its pending terms at every statement that fires its trigger: one per batch."""
    docs = [prepare(make_doc(doc_id=f"d{i}", unit=f"单位{i}")) for i in range(5)]
    assert all(value is not None for doc in docs for _, rows in doc.rows.values() for row in rows for value in row)
    with Store(tmp_path / "x.db") as store:
        conn = store._conn
        store._conn = recording = _Recording(conn)
        try:
            assert store.save_many(docs) == ["imported"] * 5
        finally:
            store._conn = conn
        into_sections = [call for call in recording.calls if call[1].startswith('INSERT INTO main."sections"')]
        assert into_sections == [("execute", into_sections[0][1])]
        assert not any('INTO "sections"' in sql for _, sql in recording.calls)
        assert [h.document_id for h in store.search("政府采购")] == [f"d{i}" for i in range(5)]
