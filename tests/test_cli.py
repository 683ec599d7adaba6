"""CLI on hand-built databases: list, show, search, export, errors, read-only, literal printing."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
from pathlib import Path

import pytest

from juesuan_tui import cli as cli_module
from juesuan_tui.cli import cli
from juesuan_tui.models import Document
from juesuan_tui.store import SCHEMA_VERSION, Store

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture
def filled_db(db_path, make_doc):
    docs = [make_doc(), make_doc(doc_id="b" * 16, unit="乙单位", year=2023)]
    with Store(db_path) as s:
        for d in docs:
            s.save(d)
    return db_path, docs


def one_error_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_list_json(runner, filled_db):
    path, docs = filled_db
    result = runner.invoke(cli, ["list", "--db", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["id"], r["unit"], r["year"], r["kind"], r["title"]) for r in rows] == [
        ("b" * 16, "乙单位", 2023, "单位决算", "乙单位2023年单位决算公开"),
        (docs[0].id, "测试市某某服务中心", 2024, "单位决算", "测试市某某服务中心2024年单位决算公开"),
    ]
    assert rows[1]["source"] == docs[0].source.model_dump(mode="json")
    filtered = json.loads(runner.invoke(cli, ["list", "某某", "--year", "2024", "--db", str(path), "--json"]).stdout)
    assert [r["id"] for r in filtered] == [docs[0].id]


def test_db_option_precedence(runner, filled_db, tmp_path, monkeypatch):
    path, docs = filled_db
    # Group option, command option, then $JUESUAN_DB.
    assert len(json.loads(runner.invoke(cli, ["--db", str(path), "list", "--json"]).stdout)) == 2
    other = tmp_path / "other.db"
    assert json.loads(runner.invoke(cli, ["--db", str(path), "list", "--db", str(other), "--json"]).stdout) == []
    monkeypatch.setenv("JUESUAN_DB", str(path))
    assert len(json.loads(runner.invoke(cli, ["list", "--json"]).stdout)) == 2


def test_reading_a_missing_database_creates_nothing(runner, tmp_path):
    path = tmp_path / "nowhere" / "x.db"
    result = runner.invoke(cli, ["list", "--db", str(path), "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert not path.parent.exists()


def test_show_tree_and_sections(runner, filled_db):
    path, docs = filled_db
    result = runner.invoke(cli, ["show", "ffff", "--db", str(path)])
    assert result.exit_code == 0, result.output
    ids = [line.split()[0] for line in result.stdout.splitlines()[4:]]
    assert ids == [s.id for s in docs[0].walk_sections()]
    assert "测试市某某服务中心" in result.stdout
    by_id = runner.invoke(cli, ["show", "测试市某某服务中心", "--section", "2.1.1", "--db", str(path)])
    assert by_id.exit_code == 0
    assert "本单位政府采购支出总额 120.00 万元。" in by_id.stdout
    by_title = runner.invoke(cli, ["show", "ffff", "-s", "政府采购", "--db", str(path)])
    assert by_title.stdout == by_id.stdout
    # A part shows its whole subtree.
    part = runner.invoke(cli, ["show", "ffff", "-s", "2", "--db", str(path)]).stdout
    assert "收入支出决算总体情况说明" in part and "政府采购支出总额" in part
    raw = runner.invoke(cli, ["show", "ffff", "-s", "2.1", "--raw", "--db", str(path)]).stdout
    assert raw.startswith("一、收入支出决算总体情况说明\n2024 年度收入总计 3,361.40 万元。\n")


def test_show_errors_are_one_line(runner, filled_db, make_doc):
    path, _ = filled_db
    ambiguous = runner.invoke(cli, ["show", "ffff", "-s", "一、", "--db", str(path)])
    assert ambiguous.exit_code == 1
    assert "1.1" in one_error_line(ambiguous) and "2.1" in ambiguous.stderr
    missing_section = runner.invoke(cli, ["show", "ffff", "-s", "不存在的章节", "--db", str(path)])
    assert missing_section.exit_code == 1 and one_error_line(missing_section).startswith("错误：")
    missing_doc = runner.invoke(cli, ["show", "没有", "--db", str(path)])
    assert missing_doc.exit_code == 1
    assert str(path) in one_error_line(missing_doc)
    with Store(path) as s:
        s.save(make_doc(doc_id="c" * 16, year=2023))
    two_years = runner.invoke(cli, ["show", "测试市某某服务中心", "--db", str(path)])
    assert two_years.exit_code == 1 and "多个文档" in one_error_line(two_years)
    assert runner.invoke(cli, ["show", "测试市某某服务中心 2023", "--db", str(path)]).exit_code == 0


def test_search_json_and_text(runner, filled_db):
    path, docs = filled_db
    result = runner.invoke(cli, ["search", "政府采购", "--json", "--db", str(path)])
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert {(h["document_id"], h["section_id"], h["section_title"]) for h in hits} == {
        (docs[0].id, "2.1.1", "政府采购情况"), ("b" * 16, "2.1.1", "政府采购情况")
    }
    only = json.loads(runner.invoke(cli, ["search", "政府采购", "--doc", "乙单位", "--json", "--db", str(path)]).stdout)
    assert [h["document_id"] for h in only] == ["b" * 16]
    text = runner.invoke(cli, ["search", "政府采购", "--db", str(path)]).stdout
    assert "§2.1.1 政府采购情况" in text and "120.00 万元" in text
    none = runner.invoke(cli, ["search", "没有这个词", "--json", "--db", str(path)])
    assert none.exit_code == 0 and json.loads(none.stdout) == []


def test_export_json_round_trips(runner, filled_db, tmp_path):
    path, docs = filled_db
    result = runner.invoke(cli, ["export", "--format", "json", "--db", str(path)])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.stdout)
    assert sorted(d["id"] for d in exported) == sorted(d.id for d in docs)
    by_id = {d.id: d for d in docs}
    for item in exported:
        assert Document.model_validate(item) == by_id[item["id"]]
        assert item == by_id[item["id"]].model_dump(mode="json")
    assert exported[0]["facts"][0]["value"] == "3361.40"  # Decimal as printed, as a string
    out = tmp_path / "one.json"
    result = runner.invoke(cli, ["export", "乙单位", "--output", str(out), "--db", str(path)])
    assert result.exit_code == 0
    assert [d["id"] for d in json.loads(out.read_text(encoding="utf-8"))] == ["b" * 16]
    empty = runner.invoke(cli, ["export", "--db", str(tmp_path / "none.db")])
    assert json.loads(empty.stdout) == []


def test_export_markdown(runner, filled_db):
    path, docs = filled_db
    result = runner.invoke(cli, ["export", "ffff", "--format", "md", "--db", str(path)])
    assert result.exit_code == 0
    md = result.stdout
    assert md.startswith("# 测试市某某服务中心2024年单位决算公开\n")
    assert "## 第一部分单位概况" in md and "#### （二）政府采购情况" in md
    assert "| 收入总计 | 3361.40 | 万元 | 3361.40 | -12.50 | -0.37 | 2.1 |" in md
    assert "| 财政拨款收入 | 指本级财政当年拨付的资金。 |" in md
    assert "| 产出指标 | 数量指标 | 受理量 | >=85 万条 | 90 万条 | 10.00 | 10.00 |" in md
    assert "\x1b" not in md


def test_document_text_prints_literally(runner, filled_db):
    path, _ = filled_db
    for args in (["show", "ffff", "-s", "1.1"], ["search", "热线"], ["export", "ffff", "--format", "md"]):
        result = runner.invoke(cli, [*args, "--db", str(path)])
        assert result.exit_code == 0, result.output
        assert "[bold red]热线[/]" in result.stdout
        assert "\x1b" not in result.stdout
    shown = runner.invoke(cli, ["show", "ffff", "-s", "1.1", "--db", str(path)]).stdout
    assert "\\x1b[31m红字\\x1b[0m" in shown


def test_markup_in_unit_names_is_literal(runner, db_path, make_doc):
    with Store(db_path) as s:
        s.save(make_doc(doc_id="m" * 16, unit="[red]标记[/red]单位\x07", year=2022))
    out = runner.invoke(cli, ["list", "--db", str(db_path)]).stdout
    assert "[red]标记[/red]单位\\x07" in out and "\x07" not in out


def test_not_a_database_is_reported_and_untouched(runner, tmp_path, seed_path):
    bogus = tmp_path / "bogus.db"
    content = b"PK\x03\x04 this is a zip, not a database" * 50
    bogus.write_bytes(content)
    for args in (["list"], ["search", "政府采购"], ["import", str(seed_path)]):
        result = runner.invoke(cli, [*args, "--db", str(bogus)])
        assert result.exit_code == 1
        line = one_error_line(result)
        assert str(bogus) in line and "SQLite" in line
    assert bogus.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bogus.db"]


def test_readonly_database_reads_and_refuses_import(runner, filled_db, seed_path):
    path, docs = filled_db
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP)
    try:
        listed = runner.invoke(cli, ["list", "--json", "--db", str(path)])
        assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 2
        found = runner.invoke(cli, ["search", "政府采购", "--json", "--db", str(path)])
        assert found.exit_code == 0 and len(json.loads(found.stdout)) == 2
        imported = runner.invoke(cli, ["import", str(seed_path), "--db", str(path)])
        assert imported.exit_code == 1
        assert one_error_line(imported) == f"错误：数据库为只读：{path}"
        assert imported.stdout == ""
    finally:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    with Store(path) as s:
        assert s.count() == 2


def test_newer_schema_refuses_import(runner, filled_db, seed_path):
    path, _ = filled_db
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    assert runner.invoke(cli, ["list", "--json", "--db", str(path)]).exit_code == 0
    result = runner.invoke(cli, ["import", str(seed_path), "--replace", "--db", str(path)])
    assert result.exit_code != 0
    line = one_error_line(result)
    assert str(path) in line and str(SCHEMA_VERSION + 5) in line


def test_unexpected_errors_are_one_line(runner, filled_db, monkeypatch):
    path, _ = filled_db

    def boom(*args, **kwargs):
        raise RuntimeError("意外\n第二行")

    monkeypatch.setattr(Store, "list_documents", boom)
    result = runner.invoke(cli, ["list", "--db", str(path)])
    assert result.exit_code == 2
    assert one_error_line(result) == "错误：RuntimeError: 意外 第二行"


def test_bare_command_and_browse_open_the_app(runner, db_path, monkeypatch):
    import juesuan_tui.app as app_module

    opened: list[Path] = []
    monkeypatch.setattr(app_module, "run_app", lambda path, **kw: opened.append(Path(path)))
    monkeypatch.setattr(cli_module, "_ensure_sample", lambda path: None)
    assert runner.invoke(cli, ["--db", str(db_path)]).exit_code == 0
    assert runner.invoke(cli, ["browse", "--db", str(db_path)]).exit_code == 0
    assert runner.invoke(cli, []).exit_code == 0
    assert opened == [db_path, db_path, Path(os.environ["JUESUAN_DB"])]


def test_help_is_chinese_and_documented(runner):
    readme = README.read_text(encoding="utf-8")
    reference = readme.split("## 命令行", 1)[-1]
    assert re.search(r"[\u4e00-\u9fff]", runner.invoke(cli, ["--help"]).stdout)
    for name, command in cli.commands.items():
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0
        assert re.search(r"[\u4e00-\u9fff]", command.help or ""), name
        assert f"juesuan {name}" in reference, f"README lacks `juesuan {name}`"
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert opt in reference, f"README lacks {opt} of {name}"


def test_export_contract_lists_every_model_field():
    """The README's JSON contract table names exactly the fields of each model."""
    import juesuan_tui.models as models

    contract = README.read_text(encoding="utf-8").split("## JSON 导出", 1)[1]
    rows = re.findall(r"^\| (\w+)(?:（[^|]*）)? \| (.+) \|$", contract, flags=re.M)
    documented = {name: set(re.findall(r"`(\w+)`", fields)) for name, fields in rows if hasattr(models, name)}
    assert {"Document", "Source", "Section", "Fact", "LineItem", "Indicator", "Table", "Finding"} <= set(documented)
    for name, fields in documented.items():
        assert fields == set(getattr(models, name).model_fields), name
