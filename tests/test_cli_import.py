"""`juesuan import` with the real importer on the seed: identity, dedup, replace, folders, export, search."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import sqlite_utils

from juesuan_tui.cli import cli

import importers  # noqa: F401

TABLES = ("documents", "sections", "facts", "line_items", "scorecards", "scorecard_funds", "indicators",
          "glossary", "tables_", "findings")
SEED_UNIT = "乌鲁木齐市12345政务服务热线中心"  # as printed on the seed's cover, spaces folded


def table_counts(path) -> dict[str, int]:
    db = sqlite_utils.Database(path)
    try:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        db.close()


def run_import(runner, *args):
    result = runner.invoke(cli, ["import", *map(str, args), "--json"])
    assert "Traceback" not in result.output
    return result, (json.loads(result.stdout) if result.stdout.strip() else None)


def test_import_seed(runner, seed_path, db_path):
    result, report = run_import(runner, seed_path, "--db", db_path)
    assert result.exit_code == 0, result.output
    assert report["skipped"] == [] and report["failed"] == []
    [entry] = report["imported"]
    assert (entry["unit"], entry["year"], entry["status"], entry["path"]) == (SEED_UNIT, 2024, "imported", str(seed_path))
    db = sqlite_utils.Database(db_path)
    assert [(r["id"], r["unit"], r["year"]) for r in db.query("SELECT id, unit, year FROM documents")] == [
        (entry["id"], SEED_UNIT, 2024)
    ]
    assert table_counts(db_path)["sections"] > 10


def test_reimport_and_other_encodings_do_not_duplicate(runner, seed_path, db_path, tmp_path):
    run_import(runner, seed_path, "--db", db_path)
    before = table_counts(db_path)
    text = seed_path.read_text(encoding="utf-8")
    gb = tmp_path / "seed-gb18030.txt"
    gb.write_bytes(text.encode("gb18030"))
    bom = tmp_path / "seed-bom-crlf.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    for path in (seed_path, gb, bom):
        result, report = run_import(runner, path, "--db", db_path)
        assert result.exit_code == 0, result.output
        assert [e["status"] for e in report["imported"]] == ["unchanged"], path.name
    assert table_counts(db_path) == before


def test_replace(runner, seed_path, db_path):
    run_import(runner, seed_path, "--db", db_path)
    db = sqlite_utils.Database(db_path)
    first = db.execute("SELECT saved_at, imported_at FROM documents").fetchone()
    before = table_counts(db_path)
    result, report = run_import(runner, seed_path, "--db", db_path, "--replace")
    assert result.exit_code == 0
    assert [e["status"] for e in report["imported"]] == ["replaced"]
    assert table_counts(db_path) == before
    second = db.execute("SELECT saved_at, imported_at FROM documents").fetchone()
    assert second[0] > first[0]
    assert second[1] != first[1]


def test_folder_with_junk(runner, seed_path, db_path, tmp_path):
    reference = tmp_path / "reference.db"
    run_import(runner, seed_path, "--db", reference)
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(seed_path, folder / "sub" / seed_path.name)
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    result, report = run_import(runner, folder, "--db", db_path)
    assert result.exit_code == 1
    assert [(e["path"], e["status"]) for e in report["imported"]] == [(str(folder / "sub" / seed_path.name), "imported")]
    assert [s["path"] for s in report["skipped"]] == [str(folder / "junk.bin")]
    assert [f["path"] for f in report["failed"]] == [str(folder / "empty.txt")]
    assert report["failed"][0]["error"] and "\n" not in report["failed"][0]["error"]
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert errors == [f"导入失败 {folder / 'empty.txt'}: {report['failed'][0]['error']}"]
    db = sqlite_utils.Database(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert table_counts(db_path) == table_counts(reference)


def test_plain_output_and_missing_path(runner, seed_path, db_path, tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(cli, ["import", str(seed_path), str(missing), "--db", str(db_path)])
    assert result.exit_code == 1
    assert f"已导入 {SEED_UNIT} 2024" in result.stdout
    assert "失败 1" in result.stdout
    assert [line for line in result.stderr.splitlines() if line] == [f"导入失败 {missing}: 文件不存在"]


def test_export_keeps_every_body_line(runner, seed_path, db_path):
    run_import(runner, seed_path, "--db", db_path)
    result = runner.invoke(cli, ["export", "--format", "json", "--db", str(db_path)])
    assert result.exit_code == 0
    [doc] = json.loads(result.stdout)
    seed_text = seed_path.read_text(encoding="utf-8")
    assert doc["text"] == seed_text

    def walk(sections):
        for s in sections:
            yield s
            yield from walk(s["children"])

    def lines(text):
        return [re.sub(r"\s+", "", line) for line in text.splitlines() if line.strip()]

    stored = doc["cover"] + doc["toc_raw"] + "".join(s["raw"] for s in walk(doc["sections"]))
    assert lines(stored) == lines(seed_text)


def test_search_and_show_the_seed(runner, seed_path, db_path):
    _, report = run_import(runner, seed_path, "--db", db_path)
    doc_id = report["imported"][0]["id"]
    result = runner.invoke(cli, ["search", "政府采购", "--json", "--db", str(db_path)])
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert any(h["document_id"] == doc_id and "政府采购" in h["section_title"] for h in hits)
    section = next(h["section_id"] for h in hits if "政府采购" in h["section_title"])
    shown = runner.invoke(cli, ["show", f"{SEED_UNIT} 2024", "-s", section, "--db", str(db_path)])
    assert shown.exit_code == 0 and "政府采购" in shown.stdout


def test_browse_imports_the_sample_into_an_empty_database(runner, db_path, monkeypatch):
    import juesuan_tui.app as app_module

    monkeypatch.setattr(app_module, "run_app", lambda path, **kw: None)
    result = runner.invoke(cli, ["browse", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "已导入内置样例" in result.stderr
    db = sqlite_utils.Database(db_path)
    assert [r["unit"] for r in db.query("SELECT unit FROM documents")] == [SEED_UNIT]
    runner.invoke(cli, ["browse", "--db", str(db_path)])
    assert table_counts(db_path)["documents"] == 1
