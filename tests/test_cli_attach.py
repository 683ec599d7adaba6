"""Tables for a stored unit and year attach to that document instead of creating a second one."""

from __future__ import annotations

import json
from decimal import Decimal

from fixtures_build import general_budget_workbook
from test_excel import SEED_ROWS, UNIT

from juesuan_tui.cli import cli
from juesuan_tui.store import Store


def _import(runner, db_path, *paths):
    result = runner.invoke(cli, ["import", *map(str, paths), "--db", str(db_path), "--json"])
    return result, json.loads(result.stdout)


def _items(doc):
    return {item.path[-1]: item for item in doc.line_items if item.fund == "一般公共预算财政拨款"}


def test_workbook_attaches_codes_to_the_stored_narrative(runner, db_path, seed_path, tmp_path):
    _, first = _import(runner, db_path, seed_path)
    doc_id = first["imported"][0]["id"]
    workbook = general_budget_workbook(tmp_path / "附表.xlsx", UNIT, 2024, SEED_ROWS)
    result, report = _import(runner, db_path, workbook)
    assert result.exit_code == 0, result.output
    assert [(i["id"], i["status"]) for i in report["imported"]] == [(doc_id, "attached")]
    with Store(db_path) as store:
        assert [d.id for d in store.list_documents()] == [doc_id]  # one document, not two
        doc = store.get(doc_id)
    items = _items(doc)
    assert items["事业运行"].code == "2010350" and items["事业运行"].table_amount == Decimal("512.51")
    assert items["事业单位离退休"].code == "2080502"
    assert next(t for t in doc.tables if t.key == "general_budget").status == "included"
    assert not [f for f in doc.findings if f.rule == "table.item_amount"]
    # Attaching the same workbook again changes nothing.
    _import(runner, db_path, workbook)
    with Store(db_path) as store:
        assert store.count() == 1 and len(store.get(doc_id).tables) == len(doc.tables)


def test_a_changed_cell_becomes_a_finding_with_both_values(runner, db_path, seed_path, tmp_path):
    _, first = _import(runner, db_path, seed_path)
    doc_id = first["imported"][0]["id"]
    rows = [list(row) for row in SEED_ROWS]
    rows[3][4] = 510.00  # 事业运行: the narrative says 512.51
    _import(runner, db_path, general_budget_workbook(tmp_path / "附表.xlsx", UNIT, 2024, rows))
    with Store(db_path) as store:
        (finding,) = [f for f in store.get(doc_id).findings if f.rule == "table.item_amount"]
    assert finding.severity == "error"
    assert finding.values == {"说明": "512.51", "附表": "510.00"}
    assert finding.difference == Decimal("2.51")
    check = runner.invoke(cli, ["check", doc_id, "--db", str(db_path), "--json"])
    rules = [f["rule"] for f in json.loads(check.stdout)[0]["findings"]]
    assert "table.item_amount" in rules  # kept when the checks run again


def test_a_workbook_without_its_narrative_is_stored_alone(runner, db_path, tmp_path):
    result, report = _import(runner, db_path, general_budget_workbook(tmp_path / "附表.xlsx", UNIT, 2024, SEED_ROWS))
    assert result.exit_code == 0
    assert [i["status"] for i in report["imported"]] == ["imported"]
    with Store(db_path) as store:
        (summary,) = store.list_documents()
        assert summary.unit == UNIT and summary.source.format == "xlsx"


def _assert_absorbed(db_path, narrative_id):
    with Store(db_path) as store:
        assert [d.id for d in store.list_documents()] == [narrative_id]  # the workbook is gone, not beside it
        assert store.tables_only_documents() == []
        doc = store.get(narrative_id)
    items = _items(doc)
    assert items["事业运行"].code == "2010350" and items["事业运行"].table_amount == Decimal("512.51")
    assert next(t for t in doc.tables if t.key == "general_budget").status == "included"
    assert not [f for f in doc.findings if f.rule == "table.item_amount"]
    return doc


def test_a_narrative_imported_after_its_workbook_absorbs_it(runner, db_path, seed_path, tmp_path):
    workbook = general_budget_workbook(tmp_path / "附表.xlsx", UNIT, 2024, SEED_ROWS)
    _, first = _import(runner, db_path, workbook)
    workbook_id = first["imported"][0]["id"]
    added = runner.invoke(cli, ["note", "add", workbook_id, "附表待核", "--db", str(db_path)])
    assert added.exit_code == 0, added.output
    result, report = _import(runner, db_path, seed_path)
    assert result.exit_code == 0, result.output
    narrative_id = report["imported"][0]["id"]
    assert narrative_id != workbook_id
    _assert_absorbed(db_path, narrative_id)
    with Store(db_path) as store:  # the workbook's note moved with its tables
        (note,) = store.notes()
        assert note.document_id == narrative_id and note.text == "附表待核" and not note.orphaned


def test_one_batch_with_the_workbook_first_gives_one_document(runner, db_path, seed_path, tmp_path):
    workbook = general_budget_workbook(tmp_path / "附表.xlsx", UNIT, 2024, SEED_ROWS)
    result, report = _import(runner, db_path, workbook, seed_path, "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert [i["status"] for i in report["imported"]] == ["imported", "imported"]
    _assert_absorbed(db_path, report["imported"][1]["id"])


def test_a_workbook_of_another_year_is_not_absorbed(runner, db_path, seed_path, tmp_path):
    _import(runner, db_path, general_budget_workbook(tmp_path / "附表.xlsx", UNIT, 2023, SEED_ROWS))
    _import(runner, db_path, seed_path)
    with Store(db_path) as store:
        assert sorted(d.year for d in store.list_documents()) == [2023, 2024]
        assert len(store.tables_only_documents()) == 1


def test_store_document_absorbs_a_stored_workbook(db_path, seed_doc, tmp_path):
    import importers
    from juesuan_tui.ingest import store_document

    workbook = importers.load(general_budget_workbook(tmp_path / "附表.xlsx", UNIT, 2024, SEED_ROWS))
    with Store(db_path) as store:
        assert store_document(store, workbook) == ("imported", workbook)
        status, stored = store_document(store, seed_doc)
        assert status == "imported" and stored.id == seed_doc.id
        assert next(t for t in stored.tables if t.key == "general_budget").status == "included"
    _assert_absorbed(db_path, seed_doc.id)
