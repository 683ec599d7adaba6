"""Store: exact round trip, atomic saves, FTS sync, search, resolve, read-only and hostile files."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from decimal import Decimal

import pytest
import sqlite_utils

from juesuan_tui.models import Document
from juesuan_tui.store import SCHEMA_VERSION, ReadOnlyError, Store, StoreError, migrations

CHILD_TABLES = ("sections", "facts", "line_items", "scorecards", "scorecard_funds", "indicators", "glossary", "tables_", "findings")


def counts(path, doc_id=None) -> dict[str, int]:
    db = sqlite_utils.Database(path)
    try:
        where = "" if doc_id is None else " WHERE document_id = ?"
        params = [] if doc_id is None else [doc_id]
        result = {t: db.execute(f"SELECT count(*) FROM {t}{where}", params).fetchone()[0] for t in CHILD_TABLES}
        result["documents"] = db.execute(
            "SELECT count(*) FROM documents" + ("" if doc_id is None else " WHERE id = ?"), params
        ).fetchone()[0]
        return result
    finally:
        db.close()


# ------------------------------------------------------------------ round trip


def test_round_trip_is_exact(store, full_doc):
    assert store.save(full_doc) == "imported"
    back = store.get(full_doc.id)
    assert back == full_doc
    assert back.model_dump(mode="json") == full_doc.model_dump(mode="json")
    # Decimal equality ignores trailing zeros; the printed form must survive too.
    assert str(back.facts[0].value) == "3361.40"
    assert str(back.line_items[1].amount) == "0.00"
    assert str(back.scorecards[0].funds[0].executed) == "119.50"
    assert back.tables[0].rows[0].values == [Decimal("3361.40"), None]
    assert str(back.tables[0].rows[0].values[0]) == "3361.40"
    assert [s.id for s in back.walk_sections()] == ["1", "1.1", "2", "2.1", "2.1.1"]
    assert back.source.imported_at == full_doc.source.imported_at


def test_empty_collections_round_trip(store, full_doc):
    bare = full_doc.model_copy(update={"id": "bare", "sections": [], "facts": [], "line_items": [], "scorecards": [],
                                       "glossary": [], "tables": [], "findings": [], "toc": []})
    store.save(bare)
    assert store.get("bare") == bare


def test_decimals_are_text_as_printed_in_sql(store, db_path, full_doc):
    store.save(full_doc)
    db = sqlite_utils.Database(db_path)
    row = db.execute("SELECT typeof(value), value, value_wan, change FROM facts WHERE seq = 0").fetchone()
    assert row == ("text", "3361.40", "3361.40", "-12.50")
    assert db.execute("SELECT typeof(amount), amount FROM line_items WHERE seq = 1").fetchone() == ("text", "0.00")


def test_indicators_are_queryable_in_sql(store, db_path, full_doc):
    store.save(full_doc)
    db = sqlite_utils.Database(db_path)
    rows = db.execute(
        "SELECT d.unit, s.project, i.name, i.target_value, i.score FROM indicators i"
        " JOIN scorecards s ON s.document_id = i.document_id AND s.seq = i.scorecard_seq"
        " JOIN documents d ON d.id = i.document_id WHERE i.level2 = '数量指标'"
    ).fetchall()
    assert rows == [("测试市某某服务中心", "热线运维项目", "受理量", "85", "10.00")]


def test_get_missing_raises_key_error(store):
    with pytest.raises(KeyError):
        store.get("nope")


# ------------------------------------------------------------------ save / replace / atomicity


def test_save_statuses_and_replace(store, db_path, full_doc):
    assert store.save(full_doc) == "imported"
    before = counts(db_path)
    assert store.save(full_doc) == "unchanged"
    assert counts(db_path) == before
    changed = full_doc.model_copy(deep=True)
    changed.facts[0].value = Decimal("1.00")
    assert store.save(changed) == "unchanged"
    assert store.get(full_doc.id).facts[0].value == Decimal("3361.40")
    assert store.save(changed, replace=True) == "replaced"
    assert counts(db_path) == before
    assert store.get(full_doc.id) == changed


def test_failure_mid_save_stores_nothing(store, db_path, full_doc, make_doc, monkeypatch):
    other = make_doc(doc_id="other", unit="另一单位", year=2023)
    store.save(other)
    before = counts(db_path)

    def boom(self, doc):
        raise RuntimeError("injected")

    # Sections and facts are already inserted when scorecards fail.
    monkeypatch.setattr(Store, "_insert_scorecards", boom)
    with pytest.raises(RuntimeError, match="injected"):
        store.save(full_doc)
    assert counts(db_path, full_doc.id) == dict.fromkeys([*CHILD_TABLES, "documents"], 0)
    assert counts(db_path) == before
    assert store.get("other") == other
    assert [h.document_id for h in store.search("政府采购")] == ["other"]


def test_failure_mid_replace_keeps_old_version(store, db_path, full_doc, monkeypatch):
    store.save(full_doc)
    before = counts(db_path)
    changed = full_doc.model_copy(deep=True)
    changed.sections[1].children[0].children[0].text = "全新的内容文字"
    monkeypatch.setattr(Store, "_insert_rows", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))
    with pytest.raises(RuntimeError):
        store.save(changed, replace=True)
    monkeypatch.undo()
    assert counts(db_path) == before
    assert store.get(full_doc.id) == full_doc
    assert store.search("全新的内容") == []


def test_fts_follows_replace_and_delete(store, db_path, full_doc):
    store.save(full_doc)
    assert [h.section_id for h in store.search("政府采购")] == ["2.1.1"]
    changed = full_doc.model_copy(deep=True)
    changed.sections[1].children[0].children[0].text = "本单位无集中采购目录以内的项目。"
    store.save(changed, replace=True)
    assert store.search("政府采购支出") == []
    assert [h.section_id for h in store.search("集中采购目录")] == ["2.1.1"]
    assert store.delete(full_doc.id) is True
    assert store.search("集中采购目录") == []
    assert counts(db_path) == dict.fromkeys([*CHILD_TABLES, "documents"], 0)
    db = sqlite_utils.Database(db_path)
    db.execute("INSERT INTO sections_fts(sections_fts) VALUES ('integrity-check')")
    assert store.delete(full_doc.id) is False


# ------------------------------------------------------------------ queries


def test_search_fts_and_short_queries(store, full_doc, make_doc):
    store.save(full_doc)
    store.save(make_doc(doc_id="b" * 16, unit="另一单位", year=2023))
    hits = store.search("政府采购支出")
    assert {(h.document_id, h.section_id) for h in hits} == {(full_doc.id, "2.1.1"), ("b" * 16, "2.1.1")}
    hit = next(h for h in hits if h.document_id == full_doc.id)
    assert (hit.unit, hit.year, hit.section_title) == ("测试市某某服务中心", 2024, "政府采购情况")
    assert "政府采购支出" in hit.snippet
    # Two characters: no trigram exists, the LIKE-style fallback answers.
    assert {h.section_id for h in store.search("采购", document_id=full_doc.id)} == {"2.1.1"}
    assert len(store.search("政府采购", limit=1)) == 1
    assert [h.document_id for h in store.search("政府采购", document_id="b" * 16)] == ["b" * 16]
    # A title-only match is found too.
    assert {h.section_id for h in store.search("收入支出决算总体", document_id=full_doc.id)} == {"2.1"}


@pytest.mark.parametrize("query", ['"政府 OR', "NEAR(a b)", "政府采购\" OR \"x", "*", "'; DROP TABLE documents; --", "a:b"])
def test_search_treats_syntax_literally(store, full_doc, query):
    store.save(full_doc)
    assert store.search(query) == []
    assert store.get(full_doc.id) == full_doc


def test_search_finds_quote_characters_literally(store, full_doc):
    doc = full_doc.model_copy(deep=True)
    doc.sections[0].children[0].text = '他说"政府采购"很重要'
    store.save(doc)
    assert [h.section_id for h in store.search('"政府采购"')] == ["1.1"]


def test_list_documents_filters(store, full_doc, make_doc):
    store.save(full_doc)
    store.save(make_doc(doc_id="b" * 16, unit="乙单位（二级）", year=2023))
    assert [d.unit for d in store.list_documents()] == ["乙单位（二级）", "测试市某某服务中心"]  # by unit
    assert [d.id for d in store.list_documents(year=2023)] == ["b" * 16]
    assert [d.id for d in store.list_documents(text="某某服务")] == [full_doc.id]
    # Width-insensitive: half-width parentheses find the full-width name.
    assert [d.id for d in store.list_documents(text="乙单位(二级)")] == ["b" * 16]
    assert store.list_documents(text="不存在") == []
    summary = store.list_documents(year=2024)[0]
    assert summary.source == full_doc.source
    assert store.count() == 2


def test_resolve(store, full_doc, make_doc):
    store.save(full_doc)
    store.save(make_doc(doc_id="fe" + "0" * 14, unit="测试市某某服务中心", year=2023))
    store.save(make_doc(doc_id="cafe" + "0" * 12, unit="丙单位", year=2024))
    assert store.resolve(full_doc.id) == full_doc.id
    assert store.resolve("caf") == "cafe" + "0" * 12
    assert store.resolve("丙单位") == "cafe" + "0" * 12
    assert store.resolve("测试市某某服务中心 2023") == "fe" + "0" * 14
    assert store.resolve("测试市某某服务中心2024年") == full_doc.id
    with pytest.raises(ValueError, match="2023"):
        store.resolve("测试市某某服务中心")  # two years
    with pytest.raises(ValueError):
        store.resolve("f")  # prefix of two ids
    with pytest.raises(KeyError):
        store.resolve("没有这个单位")
    with pytest.raises(ValueError):
        store.resolve("  ")


# ------------------------------------------------------------------ schema and opening


def test_schema_version_and_pragmas(store, db_path):
    assert SCHEMA_VERSION == len(migrations()) >= 1
    assert [m.version for m in migrations()] == list(range(1, SCHEMA_VERSION + 1))
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    fts_sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sections_fts'").fetchone()[0]
    assert "trigram" in fts_sql


def test_reopen_keeps_data_and_creates_parent_dirs(tmp_path, full_doc):
    path = tmp_path / "a" / "b" / "x.db"
    with Store(path) as s:
        s.save(full_doc)
    with Store(path) as s:
        assert s.version == SCHEMA_VERSION
        assert s.get(full_doc.id) == full_doc


def test_newer_schema_refuses_writes_but_reads(db_path, full_doc):
    with Store(db_path) as s:
        s.save(full_doc)
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with Store(db_path) as s:
        assert [d.id for d in s.list_documents()] == [full_doc.id]
        with pytest.raises(StoreError, match="新") as info:
            s.save(full_doc, replace=True)
        assert "\n" not in str(info.value) and str(db_path) in str(info.value)
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    content = "这不是数据库\n".encode() * 200
    path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store(path)
    message = str(info.value)
    assert str(path) in message and "SQLite" in message and "\n" not in message
    assert path.read_bytes() == content
    assert not (tmp_path / "notes.db-wal").exists()


def test_empty_file_becomes_a_database(tmp_path, full_doc):
    path = tmp_path / "empty.db"
    path.touch()
    with Store(path) as s:
        s.save(full_doc)
        assert s.count() == 1


def test_directory_as_database_is_refused(tmp_path):
    with pytest.raises(StoreError, match="文件夹"):
        Store(tmp_path)


def test_readonly_file_opens_for_reading(db_path, full_doc):
    with Store(db_path) as s:
        s.save(full_doc)
    os.chmod(db_path, stat.S_IRUSR | stat.S_IRGRP)
    try:
        with Store(db_path) as s:
            assert s.readonly
            assert s.get(full_doc.id) == full_doc
            assert [h.section_id for h in s.search("政府采购")] == ["2.1.1"]
            with pytest.raises(ReadOnlyError) as info:
                s.save(full_doc, replace=True)
            assert str(info.value) == f"数据库为只读：{db_path}"
            with pytest.raises(ReadOnlyError):
                s.delete(full_doc.id)
    finally:
        os.chmod(db_path, stat.S_IRUSR | stat.S_IWUSR)
    assert counts(db_path)["documents"] == 1


def test_readonly_directory_opens_immutable(tmp_path, full_doc):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "x.db"
    with Store(path) as s:
        s.save(full_doc)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
    try:
        with Store(path) as s:
            assert s.readonly
            assert s.list_documents()[0].id == full_doc.id
            with pytest.raises(ReadOnlyError):
                s.save(full_doc, replace=True)
    finally:
        os.chmod(folder, stat.S_IRWXU)


def test_readonly_flag_and_missing_file(db_path, full_doc):
    with Store(db_path) as s:
        s.save(full_doc)
    with Store(db_path, readonly=True) as s:
        assert s.readonly and s.count() == 1
        with pytest.raises(ReadOnlyError):
            s.save(full_doc, replace=True)
    with pytest.raises(StoreError, match="不存在"):
        Store(db_path.with_name("missing.db"), readonly=True)


def test_two_stores_share_a_file(db_path, full_doc, make_doc):
    writer, reader = Store(db_path), Store(db_path)
    try:
        reader.list_documents()
        writer.save(full_doc)
        assert [d.id for d in reader.list_documents()] == [full_doc.id]
        # A store built in another thread (as app workers do) sees the same data.
        seen: list[Document] = []
        thread = threading.Thread(target=lambda: seen.append(Store(db_path).get(full_doc.id)))
        thread.start()
        thread.join()
        assert seen == [full_doc]
    finally:
        writer.close()
        reader.close()


def test_memory_store(full_doc):
    with Store(":memory:") as s:
        s.save(full_doc)
        assert s.get(full_doc.id) == full_doc


def test_fields_without_a_column_survive_in_extra(store, db_path, full_doc):
    # As if the model gained fields this schema version has no column for.
    del store._columns["facts"]["reason"]
    del store._columns["documents"]["cover"]
    del store._columns["documents"]["source_encoding"]
    store.save(full_doc)
    db = sqlite_utils.Database(db_path)
    assert db.execute("SELECT reason FROM facts WHERE seq = 0").fetchone() == (None,)
    assert '"reason":"人员增加"' in db.execute("SELECT extra FROM facts WHERE seq = 0").fetchone()[0]
    assert store.get(full_doc.id) == full_doc


def test_writer_proceeds_while_a_reader_is_mid_transaction(db_path, full_doc, make_doc):
    """WAL: a browsing app holding a read snapshot does not block an import."""
    writer, reader = Store(db_path), Store(db_path)
    try:
        writer.save(make_doc(doc_id="old"))
        reader._conn.execute("BEGIN")
        assert reader._conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        assert writer.save(full_doc) == "imported"
        # The reader keeps its snapshot until it ends its transaction.
        assert reader._conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        reader._conn.execute("COMMIT")
        assert reader.count() == 2
    finally:
        writer.close()
        reader.close()


def test_damaged_rows_give_a_store_error(store, db_path, full_doc):
    store.save(full_doc)
    db = sqlite_utils.Database(db_path)
    db.execute("UPDATE facts SET value = 'not a number' WHERE seq = 0")
    db.execute("UPDATE line_items SET path = '[broken' WHERE seq = 0")
    with pytest.raises(StoreError) as info:
        store.get(full_doc.id)
    assert full_doc.id in str(info.value) and "\n" not in str(info.value)
