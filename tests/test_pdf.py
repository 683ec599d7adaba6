"""PDF importer: the seed rendered to a PDF imports like the text, generated 附表 are
parsed from positions, and unreadable PDFs are refused with one-line reasons."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

import pdfplumber  # noqa: F401
import reportlab  # noqa: F401

from fixtures_build import (  # noqa: E402
    EXPENDITURE_ROWS,
    SANGONG_ROW,
    corrupt_pdf,
    encrypted_pdf,
    scanned_pdf,
    tables_pdf,
    text_pdf,
    unruled_table_pdf,
)
from importers.errors import ImportRefused  # noqa: E402
from importers.normalize import fold  # noqa: E402
from importers.pdf import (  # noqa: E402
    PdfLine,
    PdfPage,
    _char_lines,
    load_pdf,
    read_pdf,
    remove_furniture,
)
from importers.text import load_text  # noqa: E402

SEED = Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt"
D = Decimal
HEADER = "乌鲁木齐市12345政务服务热线中心2024年度单位决算公开"


# --------------------------------------------------------------------------- #
# The seed as a PDF
# --------------------------------------------------------------------------- #


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "seed.pdf"
    return text_pdf(path, SEED.read_text(encoding="utf-8"), header=HEADER)


@pytest.fixture(scope="module")
def seed_docs(seed_pdf):
    return load_text(SEED), load_pdf(seed_pdf.path)


@pytest.fixture(scope="module")
def seed_content(seed_pdf):
    return read_pdf(seed_pdf.path)


def _squash(value):
    """Model dumps with whitespace inside strings removed and page numbers dropped.

    A PDF wraps lines where the text had spaces (``增加 2,744.89`` can come back
    as ``增加`` / ``2,744.89``), so whitespace is layout, not content, here.
    """
    if isinstance(value, str):
        return re.sub(r"\s+", "", value)
    if isinstance(value, list):
        return [_squash(v) for v in value]
    if isinstance(value, dict):
        return {k: _squash(v) for k, v in value.items() if k != "page"}
    return value


def _dump(doc, field):
    return _squash(json.loads(doc.model_dump_json(include={field}))[field])


def test_seed_pdf_has_pages_and_furniture(seed_pdf):
    assert seed_pdf.pages >= 5
    # A running header and a page number on every page.
    assert len(seed_pdf.furniture) == 2 * seed_pdf.pages


def test_seed_pdf_identity_matches_text(seed_docs):
    text, pdf = seed_docs
    assert (pdf.title, pdf.unit, pdf.year, pdf.kind) == (text.title, text.unit, text.year, text.kind)
    assert pdf.unit == "乌鲁木齐市12345政务服务热线中心"
    assert pdf.source.format == "pdf"
    assert len(pdf.source.sha256) == 64


def test_seed_pdf_section_tree_matches_text(seed_docs):
    text, pdf = seed_docs

    def tree(doc):
        return [(s.id, re.sub(r"\s+", "", fold(s.heading)), s.key) for s in doc.walk_sections()]

    assert tree(pdf) == tree(text)
    assert len(tree(pdf)) > 20


@pytest.mark.parametrize("field", ["facts", "line_items", "scorecards", "glossary", "tables", "profile"])
def test_seed_pdf_extraction_matches_text(seed_docs, field):
    text, pdf = seed_docs
    assert _dump(pdf, field) == _dump(text, field)


def test_seed_pdf_extraction_is_not_empty(seed_docs):
    _, pdf = seed_docs
    # The comparison above means something only if there was something to compare.
    assert len(pdf.facts) > 50
    assert len(pdf.line_items) >= 9
    assert len(pdf.scorecards) == 1
    assert len(pdf.glossary) == 14
    assert len(pdf.tables) == 9


def test_seed_pdf_pages_follow_the_document(seed_docs, seed_pdf, seed_content):
    _, pdf = seed_docs
    pages = [s.page for s in pdf.walk_sections()]
    assert all(p is not None for p in pages)
    assert pages == sorted(pages)
    assert 1 <= pages[0] and pages[-1] <= seed_pdf.pages
    # Each heading is printed on the page its section says.
    content = seed_content
    on_page = {page.number: {re.sub(r"\s+", "", line.text) for line in page.lines} for page in content.pages}
    for section in pdf.walk_sections():
        assert re.sub(r"\s+", "", section.raw.split("\n")[0]) in on_page[section.page], section.heading
    facts_pages = {f.page for f in pdf.facts}
    assert None not in facts_pages and len(facts_pages) > 1


def test_seed_pdf_furniture_removed_and_counted(seed_pdf, seed_content, seed_docs):
    content = seed_content

    def squash(texts):
        return sorted(re.sub(r"\s+", "", t) for t in texts)

    assert squash(t for _, t in content.furniture) == squash(seed_pdf.furniture)
    assert {page for page, _ in content.furniture} == set(range(1, seed_pdf.pages + 1))
    text = seed_docs[1].text
    assert not re.search(r"^\s*-\s*\d+\s*-\s*$", text, re.M)
    assert HEADER not in text.split("\n")


def test_seed_pdf_text_loses_nothing_but_furniture(seed_docs, seed_content):
    """Every character of every page line (furniture aside) is in the document text, in order."""
    _, pdf = seed_docs
    pages = "".join(re.sub(r"\s+", "", line.text) for page in seed_content.pages for line in page.lines)
    assert re.sub(r"\s+", "", pdf.text) == pages
    body = "".join(re.sub(r"\s+", "", s.raw) for s in pdf.walk_sections())
    assert re.sub(r"\s+", "", pdf.cover + pdf.toc_raw) + body == pages


def test_seed_pdf_paragraphs_are_unwrapped(seed_docs):
    """Lines a paragraph wrapped at the right margin come back as one line."""
    text, pdf = seed_docs
    seed_lines = {re.sub(r"\s+", "", line) for line in text.text.split("\n") if line.strip() and "\t" not in line}
    pdf_lines = {re.sub(r"\s+", "", line) for line in pdf.text.split("\n")}
    found = sum(1 for line in seed_lines if line in pdf_lines)
    assert found / len(seed_lines) > 0.9


# --------------------------------------------------------------------------- #
# Generated 附表
# --------------------------------------------------------------------------- #


@pytest.fixture(scope="module")
def tables_doc(tmp_path_factory):
    built = tables_pdf(tmp_path_factory.mktemp("pdf") / "tables.pdf")
    return built, load_pdf(built.path)


def _table(doc, key):
    return next(t for t in doc.tables if t.key == key)


def test_expenditure_table_from_positions(tables_doc):
    _, doc = tables_doc
    table = _table(doc, "expenditure")
    assert table.status == "included"
    assert table.unit == "万元"
    assert table.columns == ["本年支出合计", "基本支出", "项目支出"]
    assert table.page == 1
    # Continued on the next page: every printed row is there, in order.
    assert [r.label for r in table.rows] == [
        "合计" if row[0] == "合计" else row[3] for row in EXPENDITURE_ROWS]
    by_code = {r.code: r for r in table.rows if r.code}
    assert by_code["2010301"].label == "行政运行"
    assert by_code["2010301"].values == [Decimal("600.00"), Decimal("600.00"), None]
    assert by_code["20103"].label == "政府办公厅（室）及相关机构事务"
    assert by_code["208"].values[0] == Decimal("220.15")
    # A name wrapped inside its cell is one name again.
    assert by_code["2080505"].label == "机关事业单位基本养老保险缴费支出"
    assert by_code["2080505"].values[0] == Decimal("150.10")
    assert sorted(len(c) for c in by_code) == sorted(
        len("".join(p for p in row[:3] if p)) for row in EXPENDITURE_ROWS if row[0] != "合计")
    total = table.rows[0]
    assert total.code is None and total.values == [Decimal("1250.40"), Decimal("820.15"), Decimal("430.25")]
    assert table.note.startswith("注：")


def test_sangong_table_columns_and_values(tables_doc):
    _, doc = tables_doc
    table = _table(doc, "sangong")
    assert table.name == "财政拨款“三公”经费支出决算表"
    assert len(table.columns) == 12
    assert table.columns[0] == "合计/预算数"
    assert table.columns[5] == "公务用车购置及运行维护费/小计/决算数"
    assert table.columns[9] == "公务用车购置及运行维护费/公务用车运行维护费/决算数"
    assert [r.values for r in table.rows] == [[Decimal(v) for v in SANGONG_ROW]]


def test_stated_empty_table(tables_doc):
    _, doc = tables_doc
    table = _table(doc, "gov_fund")
    assert table.status == "empty"
    assert "故本表无数据" in table.note
    assert not any(v is not None for row in table.rows for v in row.values)


def test_table_text_is_kept_but_not_read_as_narrative(tables_doc):
    _, doc = tables_doc
    # Nothing lost: the grid rows are in the text, one row per line, cells tab-separated.
    assert "201\t03\t01\t行政运行\t600.00\t600.00" in doc.text.split("\n")
    tables_part = next(s for s in doc.walk_sections() if s.key == "tables")
    assert "1,250.40\t820.15\t430.25" in tables_part.raw
    # The narrative facts come from the narrative only.
    assert doc.facts, "the narrative sentence gives facts"
    assert {f.section for f in doc.facts} == {
        s.id for s in doc.walk_sections() if s.key == "totals"}
    assert all("\t" not in f.sentence for f in doc.facts)


def test_furniture_removed_from_table_pages(tables_doc):
    built, doc = tables_doc
    lines = doc.text.split("\n")
    assert not any(re.fullmatch(r"-\s*\d+\s*-", line.strip()) for line in lines)
    # The running header is furniture on every page but the title line stays (it is not in the margin).
    assert lines.count(built.furniture[0]) <= 1


def test_table_without_ruling_lines_falls_back_to_text_positions(tmp_path):
    doc = load_pdf(unruled_table_pdf(tmp_path / "unruled.pdf"))
    (table,) = doc.tables
    assert table.key == "general_budget"
    assert table.columns == ["合计", "基本支出", "项目支出"]
    by_code = {r.code: r for r in table.rows if r.code}
    assert len(by_code) == len([row for row in EXPENDITURE_ROWS if row[0] != "合计"])
    assert by_code["2010399"].label == "其他政府办公厅（室）及相关机构事务支出"
    assert by_code["2010399"].values == [D("380.00"), None, D("380.00")]
    assert table.rows[0].label == "合计" and table.rows[0].values[0] == D("1250.40")


# --------------------------------------------------------------------------- #
# Lines and furniture, unit level
# --------------------------------------------------------------------------- #


def _char(text, x0, top, size=12.0):
    width = size if ord(text[0]) > 0x2000 else size / 2
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size, "size": size,
            "upright": True}


def test_digits_on_a_lower_baseline_stay_on_their_line():
    # CJK at top 100, Latin digits drawn 4.9 points lower (as in real disclosures), next line at 114.
    chars = [_char("收", 72, 100), _char("入", 84, 100)]
    chars += [_char(d, 96 + 6 * i, 104.9) for i, d in enumerate("2995.39")]
    chars += [_char("万", 138, 100), _char("元", 150, 100), _char("下", 72, 114), _char("降", 84, 114)]
    lines = _char_lines(chars)
    assert [line.text for line in lines] == ["收入2995.39万元", "下降"]


def test_wide_gaps_become_tabs_and_spaces_stay_single():
    chars = [_char("项", 72, 100), _char("目", 84, 100), _char(" ", 96, 100), _char(" ", 99, 100),
             _char("名", 102, 100), _char("1", 200, 100)]
    assert _char_lines(chars)[0].text == "项目 名\t1"


def _page(number, texts, height=842.0):
    lines = []
    for i, text in enumerate(texts):
        top = 30.0 if i == 0 else (812.0 if i == len(texts) - 1 else 100.0 + 20 * i)
        lines.append(PdfLine(text=text, top=top, bottom=top + 10))
    return PdfPage(number=number, height=height, lines=lines, chars=len(texts))


def test_remove_furniture_counts_what_it_removes():
    pages = [_page(n, ["某某单位2024年度部门决算", f"正文第{n}段", "单位：万元", f"- {n} -"]) for n in range(1, 5)]
    pages.append(_page(5, ["2024", "封底", "第 5 页 共 5 页"]))
    removed = remove_furniture(pages)
    assert len(removed) == 4 * 2 + 1
    assert (5, "第 5 页 共 5 页") in removed
    # Content, a unit line and a year that cannot be a page number stay.
    assert [line.text for line in pages[0].lines] == ["正文第1段", "单位：万元"]
    assert [line.text for line in pages[4].lines] == ["2024", "封底"]


# --------------------------------------------------------------------------- #
# Refusals
# --------------------------------------------------------------------------- #


def _refused(path, **kwargs) -> str:
    with pytest.raises(ImportRefused) as info:
        load_pdf(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    return info.value.reason


def test_scanned_pdf_is_refused(tmp_path):
    assert _refused(scanned_pdf(tmp_path / "scan.pdf")).startswith("扫描件，需要 OCR")


def test_encrypted_pdf_is_refused(tmp_path):
    assert _refused(encrypted_pdf(tmp_path / "locked.pdf")) == "PDF 已加密"


def test_corrupt_pdf_is_refused(tmp_path, tables_doc):
    built, _ = tables_doc
    assert _refused(corrupt_pdf(tmp_path / "cut.pdf", built.path)).startswith("PDF 文件损坏")


def test_not_a_pdf_is_refused(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("收入支出决算总表", encoding="utf-8")
    assert _refused(fake).startswith("PDF 文件损坏")


def test_huge_pdf_is_refused(tables_doc):
    built, _ = tables_doc
    assert _refused(built.path, max_pages=built.pages - 1).startswith("PDF 过大")
    assert _refused(built.path, time_budget=0).startswith("PDF 过大")
