"""Table exports: CSV with BOM and exact decimals, XLSX sheets with numeric cells, Markdown,
JSON rows, formula neutralisation, and the CLI contract (whole-document json/md unchanged)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from juesuan_tui import exporting
from juesuan_tui.cli import cli
from juesuan_tui.models import LineItem
from juesuan_tui.store import Store
from tests.generator import generate

BOM = b"\xef\xbb\xbf"
LINE_ITEM_HEADER = ["文档ID", "单位", "年度", "资金来源", "级次", "科目编码", "科目", "金额（万元）", "比上年增减",
                    "增减率（%）", "占比（%）", "预算数", "原因"]
SHEETS = ["支出科目", "数据摘录", "绩效指标", "名词解释", "检查结果", "审核意见"]


@pytest.fixture
def docs(tmp_path, make_doc):
    """A generated disclosure through the pipeline plus a hand-built one with hostile cells."""
    from importers import load

    gen = generate(7, "shanghai")
    path = tmp_path / "gen.txt"
    path.write_text(gen.text, encoding="utf-8")
    generated = load(path)
    hostile = make_doc(doc_id="e" * 16, unit="=HYPERLINK(\"http://x\")单位", year=2023)
    hostile.line_items.append(LineItem(
        fund="一般公共预算财政拨款", level="项", code="2010399", name="+cmd|' /C calc'!A0",
        path=["一般公共服务支出", "@SUM(1+1)", "+cmd|' /C calc'!A0"], amount=Decimal("-12.50"),
        change=Decimal("-0.40"), change_pct=Decimal("-3.10"), reason="-负数开头的原因\x1b[31m",
    ))
    return [generated, hostile]


@pytest.fixture
def filled(db_path, docs):
    with Store(db_path) as store:
        for d in docs:
            store.save(d)
    return db_path


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_line_item_csv_rows_are_exact(docs):
    data = exporting.to_csv(exporting.build_sheet("line_items", docs))
    rows = read_csv(data)
    assert rows[0] == LINE_ITEM_HEADER
    body = rows[1:]
    assert len(body) == sum(len(d.line_items) for d in docs)
    generated = docs[0]
    for row, item in zip(body, generated.line_items):
        amount = item.amount if item.amount is not None else item.table_amount
        assert row[:7] == [generated.id, generated.unit, str(generated.year), item.fund, item.level, item.code or "",
                           " / ".join(item.path)]
        assert row[7] == (format(amount, "f") if amount is not None else "")
    # Printed decimals are kept as printed ("0.00", "3361.40"), never floats.
    hand = [r for r in body if r[0] == "e" * 16]
    assert ["0.00", "494.34"] in [[r[7], r[9]] for r in hand]
    assert "3361.40" in [r[7] for r in hand]


def test_formula_cells_are_neutralised(docs, tmp_path):
    sheet = exporting.build_sheet("line_items", docs)
    rows = read_csv(exporting.to_csv(sheet))
    hostile = next(r for r in rows if r[5] == "2010399")
    assert hostile[1] == "'=HYPERLINK(\"http://x\")单位"
    assert hostile[6] == "一般公共服务支出 / @SUM(1+1) / +cmd|' /C calc'!A0"  # starts harmlessly: as is
    assert hostile[7] == "-12.50" and hostile[8] == "-0.40"  # numbers are not text: no quote
    assert hostile[12] == "'-负数开头的原因\\x1b[31m"  # control characters shown, formula start neutralised
    book = load_workbook(io.BytesIO(exporting.to_xlsx([sheet])))
    ws = book["支出科目"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[5].value == "2010399")
    assert row[1].value == "'=HYPERLINK(\"http://x\")单位" and row[1].data_type == "s"
    assert row[7].value == -12.5 and row[7].number_format == "#,##0.00"
    assert row[12].value.startswith("'-")
    assert exporting.neutralise("@x") == "'@x" and exporting.neutralise("正常") == "正常"


def test_cli_csv_default_table_starts_with_bom(runner, filled, tmp_path, docs):
    out = tmp_path / "科目.csv"
    result = runner.invoke(cli, ["export", "--format", "csv", "--output", str(out), "--db", str(filled)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert raw[:3] == BOM
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == sum(len(d.line_items) for d in docs)
    assert {r["文档ID"] for r in rows} == {d.id for d in docs}
    # To stdout too (a redirect keeps Excel's BOM), and one document only.
    piped = runner.invoke(cli, ["export", docs[0].id[:8], "--format", "csv", "--db", str(filled)])
    assert piped.exit_code == 0
    assert piped.stdout_bytes.startswith(BOM)
    assert len(read_csv(piped.stdout_bytes)) == len(docs[0].line_items) + 1


def test_cli_xlsx_has_every_sheet_with_numbers(runner, filled, tmp_path, docs):
    out = tmp_path / "全部.xlsx"
    result = runner.invoke(cli, ["export", "--format", "xlsx", "-o", str(out), "--db", str(filled)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == SHEETS
    ws = book["支出科目"]
    assert [c.value for c in ws[1]] == LINE_ITEM_HEADER
    generated = docs[0]
    first = generated.line_items[0]
    cells = next(r for r in ws.iter_rows(min_row=2) if r[0].value == generated.id)  # its first item
    assert cells[1].value == generated.unit and cells[2].value == generated.year
    amount = first.amount if first.amount is not None else first.table_amount
    assert Decimal(str(cells[7].value)).quantize(Decimal("0.01")) == amount.quantize(Decimal("0.01"))
    assert cells[7].number_format == "#,##0.00"
    facts = book["数据摘录"]
    assert facts.max_row == sum(len(d.facts) for d in docs) + 1
    indicators = book["绩效指标"]
    assert indicators.max_row == 1 + sum(len(c.indicators) for d in docs for c in d.scorecards)
    findings = book["检查结果"]
    assert findings.max_row == 1 + sum(len(d.findings) for d in docs)
    assert [c.value for c in findings[2]][3:6] == ["警告", "R1", "收入合计"]
    assert findings["H2"].value == 0.4 and findings["H2"].number_format == "#,##0.00"
    # One table only.
    one = tmp_path / "指标.xlsx"
    assert runner.invoke(cli, ["export", "--format", "xlsx", "--table", "indicators", "-o", str(one),
                               "--db", str(filled)]).exit_code == 0
    assert load_workbook(one).sheetnames == ["绩效指标"]


def test_xlsx_needs_an_output_file(runner, filled):
    result = runner.invoke(cli, ["export", "--format", "xlsx", "--db", str(filled)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "错误：xlsx 是二进制格式，请用 --output 指定文件"
    assert result.stdout_bytes == b""


def test_markdown_and_json_tables(runner, filled, docs):
    md = runner.invoke(cli, ["export", "--format", "md", "--table", "glossary", "--db", str(filled)])
    assert md.exit_code == 0
    lines = md.stdout.splitlines()
    assert lines[0] == "## 名词解释"
    assert lines[2] == "| 文档ID | 单位 | 年度 | 序号 | 名词 | 解释 |"
    assert len([line for line in lines if line.startswith("| ") and "---" not in line]) == 1 + sum(
        len(d.glossary) for d in docs)
    as_json = runner.invoke(cli, ["export", "--format", "json", "--table", "facts", "--db", str(filled)])
    assert as_json.exit_code == 0
    rows = json.loads(as_json.stdout)
    assert len(rows) == sum(len(d.facts) for d in docs)
    hand = next(r for r in rows if r["document_id"] == "e" * 16 and r["key"] == "income.total")
    assert hand["value"] == "3361.40" and hand["change"] == "-12.50" and hand["year"] == 2023


def test_whole_document_exports_are_unchanged(runner, filled, docs):
    result = runner.invoke(cli, ["export", "--format", "json", "--db", str(filled)])
    assert result.exit_code == 0
    assert {d["id"] for d in json.loads(result.stdout)} == {d.id for d in docs}
    md = runner.invoke(cli, ["export", docs[1].id, "--format", "md", "--db", str(filled)])
    assert md.exit_code == 0 and md.stdout.startswith("# ")
