"""The database file under damage and across versions: schema migrations in one transaction,
newer schemas refused for writing, corrupt files reported in one line and never written,
``juesuan doctor`` (integrity, schema version, counts, FTS consistency, FTS rebuild)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import stat
from pathlib import Path

import pytest
from rel_support import SEED

import importers
import juesuan_tui.store as store_module
from juesuan_tui.cli import cli
from juesuan_tui.models import Note
from juesuan_tui.store import SCHEMA_VERSION, Migration, Store, StoreError, diagnose, migrations
from tests.generator import generate


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def filled_db(tmp_path) -> Path:
    """The seed and three generated disclosures, checkpointed into the main file."""
    path = tmp_path / "filled.db"
    with Store(path) as store:
        store.save(importers.load(SEED))
        for n, layout in enumerate(("xinjiang", "shanghai", "chongqing")):
            file = tmp_path / f"g{n}.txt"
            file.write_text(generate(50 + n, layout).text, encoding="utf-8")
            store.save(importers.load(file))
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


def _one_line_error(result, *needles: str) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("错误："), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert "Traceback" not in result.output
    return lines[0]


# --------------------------------------------------------------------------- migrations


def _version_1_database(path: Path, doc) -> None:
    """A database as the first schema version made it (only 0001 applied), with a document."""
    first = migrations()[:1]
    with pytest.MonkeyPatch.context() as m:
        m.setattr(store_module, "migrations", lambda: first)
        m.setattr(store_module, "SCHEMA_VERSION", 1)
        with Store(path) as store:
            assert store.version == 1
            store.save(doc)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'notes'").fetchone()[0] == 0
    conn.close()


def test_an_old_database_is_migrated_and_keeps_its_data(db_path, full_doc):
    assert SCHEMA_VERSION >= 2
    _version_1_database(db_path, full_doc)
    assert diagnose(db_path)["schema"] == "old"  # doctor looks without migrating
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == 1
    with Store(db_path) as store:
        assert store.version == SCHEMA_VERSION
        assert store.get(full_doc.id) == full_doc
        assert [h.section_id for h in store.search("政府采购")] == ["2.1.1"]
        note = store.add_note(Note(document_id=full_doc.id, text="迁移后可写", created_at="2025-01-01T00:00:00"))
        assert store.notes()[0].id == note.id
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_migrations_run_in_one_transaction(db_path, full_doc, monkeypatch):
    """A failing later migration leaves the file exactly at its old version: the earlier
    pending migration (0002) is rolled back with it."""
    _version_1_database(db_path, full_doc)
    before = _digest(db_path)
    broken = Migration(SCHEMA_VERSION + 1, f"{SCHEMA_VERSION + 1:04d}_broken.sql",
                       "CREATE TABLE half_done (a); SELECT no_such_column FROM documents;")
    monkeypatch.setattr(store_module, "migrations", lambda: [*migrations(), broken])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(StoreError) as info:
        Store(db_path)
    message = str(info.value)
    assert "\n" not in message and broken.name in message and "未改动" in message
    monkeypatch.undo()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "notes" not in names and "half_done" not in names
    conn.close()
    assert _digest(db_path) == before
    with Store(db_path) as store:  # the real program still migrates it afterwards
        assert store.version == SCHEMA_VERSION and store.get(full_doc.id) == full_doc


def _make_newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def test_a_newer_database_is_read_but_never_written(runner, filled_db):
    _make_newer(filled_db)
    before = _digest(filled_db)
    db = ["--db", str(filled_db)]
    assert runner.invoke(cli, ["list", *db]).exit_code == 0
    check = runner.invoke(cli, ["check", *db, "--json"])
    assert check.exit_code in (0, 1) and len(json.loads(check.stdout)) == 4  # reports, stores nothing
    for command in (["import", str(SEED), "--replace"], ["note", "add", "乌鲁木齐", "意见"]):
        result = runner.invoke(cli, [*command, *db])
        assert result.exit_code == 1
        _one_line_error(result, "比本程序支持的版本", "新")
    report = runner.invoke(cli, ["doctor", *db, "--json"])
    assert report.exit_code == 0 and json.loads(report.stdout)["schema"] == "newer"
    assert _digest(filled_db) == before


# --------------------------------------------------------------------------- corrupt files


def _truncated(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2 + 123])
    return target


def _garbage_pages(source: Path, target: Path, pages: range | None = None) -> Path:
    """Random bytes over whole pages (default: every page after the first three); the header stays valid."""
    data = bytearray(source.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    pages = pages if pages is not None else range(3, len(data) // size)
    rng = random.Random(4)
    for page in pages:
        for at in range(page * size, (page + 1) * size):
            data[at] = rng.randrange(256)
    target.write_bytes(bytes(data))
    return target


READS = [["list"], ["show", "乌鲁木齐"], ["search", "政府采购"], ["export", "--format", "json"], ["check"],
         ["stats"], ["note", "list"], ["compare", "乌鲁木齐", "乌鲁木齐"], ["chart", "乌鲁木齐"]]
WRITES = [["import", str(SEED), "--replace"], ["note", "add", "乌鲁木齐", "意见"], ["note", "set", "1", "--status", "已核实"]]


@pytest.mark.parametrize("damage", [_truncated, _garbage_pages], ids=["truncated", "garbage-pages"])
def test_a_corrupt_database_is_reported_in_one_line_and_never_written(runner, filled_db, tmp_path, damage):
    bad = damage(filled_db, tmp_path / "bad.db")
    before = _digest(bad)
    for command in READS + WRITES:
        result = runner.invoke(cli, [*command, "--db", str(bad)])
        assert result.exit_code in (0, 1), (command, result.output)
        if result.exit_code == 1 or command in WRITES:
            assert result.exit_code == 1, command
            _one_line_error(result, str(bad), "数据库文件已损坏")
        assert _digest(bad) == before, command
    doctor = runner.invoke(cli, ["doctor", "--db", str(bad)])
    assert doctor.exit_code == 1 and "结论：发现" in doctor.stdout
    assert _digest(bad) == before


def test_a_truncated_file_is_refused_before_sqlite_reads_it(filled_db, tmp_path):
    bad = _truncated(filled_db, tmp_path / "cut.db")
    with pytest.raises(StoreError, match=r"文件被截断：应有 \d+ 字节，实有 \d+ 字节"):
        Store(bad)
    report = diagnose(bad)
    assert not report["ok"] and any("截断" in p for p in report["problems"])


def test_writes_are_refused_when_quick_check_fails(filled_db, tmp_path):
    """Damage the Store can open (page 1 intact): the first write runs PRAGMA quick_check and refuses."""
    count = filled_db.stat().st_size // int.from_bytes(filled_db.read_bytes()[16:18], "big")
    bad = _garbage_pages(filled_db, tmp_path / "pages.db", range(count * 2 // 3, count * 2 // 3 + 3))
    before = _digest(bad)
    with Store(bad) as store:
        with pytest.raises(StoreError, match="数据库文件已损坏.*拒绝写入"):
            store.save(importers.load(SEED), replace=True)
    assert _digest(bad) == before


# --------------------------------------------------------------------------- doctor


def test_doctor_on_a_healthy_database(runner, filled_db):
    result = runner.invoke(cli, ["doctor", "--db", str(filled_db), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] and report["problems"] == [] and report["integrity"] == ["ok"]
    assert report["user_version"] == report["schema_version"] == SCHEMA_VERSION and report["schema"] == "current"
    conn = sqlite3.connect(filled_db)
    for table in ("documents", "sections", "facts", "line_items", "notes"):
        assert report["counts"][table] == conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert report["counts"]["documents"] == 4
    assert report["fts"] == {"sections": report["counts"]["sections"], "indexed": report["counts"]["sections"],
                             "missing": 0, "stale": 0, "integrity": "ok"}
    text = runner.invoke(cli, ["doctor", "--db", str(filled_db)])
    assert text.exit_code == 0 and "结论：正常" in text.stdout and "integrity_check）：正常" in text.stdout


def _section_with(db: Path, phrase: str) -> tuple[int, str, str]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT pk, title, text FROM sections WHERE instr(text, ?) > 0 LIMIT 1",
                            (phrase,)).fetchone()
    finally:
        conn.close()


def test_doctor_finds_a_stale_index_and_rebuilds_it(runner, filled_db):
    phrase = "政府采购"
    pk, title, text = _section_with(filled_db, phrase)
    conn = sqlite3.connect(filled_db)
    conn.execute("INSERT INTO sections_fts (sections_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                 (pk, title, text))
    conn.commit()
    conn.close()
    with Store(filled_db) as store:
        missing_before = len(store.search(phrase))  # the section dropped from the index is not found
    result = runner.invoke(cli, ["doctor", "--db", str(filled_db), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["fts"]["missing"] == 1 and report["fts"]["indexed"] == report["fts"]["sections"] - 1
    assert any("全文索引与章节表不一致" in p for p in report["problems"])

    rebuilt = runner.invoke(cli, ["doctor", "--db", str(filled_db), "--rebuild-fts"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "已重建全文索引" in rebuilt.stdout and "结论：正常" in rebuilt.stdout
    with Store(filled_db) as store:
        assert len(store.search(phrase)) == missing_before + 1


def test_doctor_runs_the_fts5_integrity_check(runner, filled_db):
    """Same row counts, wrong content: only FTS5's integrity-check against the sections table sees it."""
    pk, title, text = _section_with(filled_db, "政府采购")
    conn = sqlite3.connect(filled_db)
    conn.execute("INSERT INTO sections_fts (sections_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                 (pk, title, text))
    conn.execute("INSERT INTO sections_fts (rowid, title, text) VALUES (?, '伪造标题', '伪造的正文内容')", (pk,))
    conn.commit()
    conn.close()
    report = diagnose(filled_db)
    assert report["fts"]["missing"] == report["fts"]["stale"] == 0
    assert report["fts"]["integrity"] != "ok" and not report["ok"]
    assert runner.invoke(cli, ["doctor", "--db", str(filled_db), "--rebuild-fts"]).exit_code == 0
    assert diagnose(filled_db)["fts"]["integrity"] == "ok"


def test_doctor_on_read_only_files_and_missing_files(runner, filled_db, tmp_path):
    os.chmod(filled_db, stat.S_IRUSR | stat.S_IRGRP)
    try:
        before = _digest(filled_db)
        result = runner.invoke(cli, ["doctor", "--db", str(filled_db), "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["fts"]["integrity"] is None  # needs a writable file; counts still compared
        rebuild = runner.invoke(cli, ["doctor", "--db", str(filled_db), "--rebuild-fts"])
        assert rebuild.exit_code == 1 and "只读" in rebuild.stdout
        assert _digest(filled_db) == before
    finally:
        os.chmod(filled_db, stat.S_IRUSR | stat.S_IWUSR)
    missing = runner.invoke(cli, ["doctor", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "不存在" in missing.stdout
    assert not (tmp_path / "none.db").exists()
    other = tmp_path / "notes.txt.db"
    other.write_text("不是数据库")
    assert runner.invoke(cli, ["doctor", "--db", str(other)]).exit_code == 1
    assert other.read_text() == "不是数据库"


def test_a_damaged_old_database_is_not_migrated(db_path, full_doc, tmp_path):
    _version_1_database(db_path, full_doc)
    count = db_path.stat().st_size // int.from_bytes(db_path.read_bytes()[16:18], "big")
    bad = _garbage_pages(db_path, tmp_path / "old-bad.db", range(count - 2, count))
    before = _digest(bad)
    with pytest.raises(StoreError, match="数据库文件已损坏"):
        Store(bad)
    assert _digest(bad) == before
