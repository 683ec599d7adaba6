"""`juesuan check`: the seed's findings through the CLI, stored back, exit codes, literal printing."""

from __future__ import annotations

import json
from decimal import Decimal

from juesuan_tui.cli import cli
from juesuan_tui.store import Store


def _import(runner, db_path, path):
    result = runner.invoke(cli, ["import", str(path), "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["imported"][0]["id"]


def test_check_reports_the_seed_findings_and_exits_1(runner, db_path, seed_path):
    doc_id = _import(runner, db_path, seed_path)
    result = runner.invoke(cli, ["check", doc_id[:8], "--db", str(db_path), "--json"])
    assert result.exit_code == 1, result.output  # the seed's 政府采购 parts do not add up
    (report,) = json.loads(result.stdout)
    assert report["id"] == doc_id and report["year"] == 2024
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [(f["rule"], Decimal(f["difference"])) for f in errors] == [("parts.procurement", Decimal("0.40"))]
    assert errors[0]["values"]["政府采购支出总额"] == "900.52万元"
    severities = sorted(f["severity"] for f in report["findings"])
    assert severities.count("warning") == 4 and severities.count("info") == 2

    text = runner.invoke(cli, ["check", "--db", str(db_path)])
    assert text.exit_code == 1
    assert "错误（1）" in text.stdout and "政府采购" in text.stdout and "相差 +0.40万元" in text.stdout


def test_check_stores_recomputed_findings(runner, db_path, seed_path):
    doc_id = _import(runner, db_path, seed_path)
    with Store(db_path) as store:
        store.set_findings(doc_id, [])  # as if an older version had found nothing
        assert store.get(doc_id).findings == []
    runner.invoke(cli, ["check", "--db", str(db_path)])
    with Store(db_path) as store:
        assert [f.rule for f in store.get(doc_id).findings if f.severity == "error"] == ["parts.procurement"]


def test_check_of_a_consistent_document_exits_0(runner, db_path):
    from checks_docs import consistent_doc

    with Store(db_path) as store:
        store.save(consistent_doc())
    result = runner.invoke(cli, ["check", "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["findings"] == []


def test_check_prints_document_text_literally(runner, db_path, make_doc):
    doc = make_doc(unit="[bold red]某单位\x1b[31m")
    with Store(db_path) as store:
        store.save(doc)
    result = runner.invoke(cli, ["check", "--db", str(db_path)], color=True)
    assert "[bold red]某单位" in result.stdout
    assert "\x1b[31m" not in result.stdout


def test_check_unknown_document_is_one_line(runner, db_path, seed_path):
    _import(runner, db_path, seed_path)
    result = runner.invoke(cli, ["check", "没有这个单位", "--db", str(db_path)])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "没有这个单位" in lines[0]
