"""名词解释: every printed form of a term, definitions that run on, the seed's 14 terms."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from importers.extract.glossary import extract_glossary, parse_glossary
from juesuan_tui.models import Document, Section, Source

SEED = Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt"

SEED_TERMS = [
    "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
    "年初结转和结余", "年末结转和结余", "基本支出", "项目支出", "经营支出", "对附属单位补助支出",
    "“三公”经费", "机关运行经费",
]


def seed_glossary_lines() -> list[str]:
    """The seed's glossary part, cut by content (its heading to the next part)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = max(i for i, line in enumerate(lines) if "专业名词解释" in line)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("第四部分"))
    return lines[start:end]


def doc_of(sections: list[Section], text: str = "") -> Document:
    source = Source(path="t.txt", sha256="0", format="text", imported_at=datetime(2025, 1, 1),
                    importer_version="test")
    return Document(id="t", title="t", unit="u", source=source, text=text, sections=sections)


def test_seed_fourteen_terms_with_definitions():
    terms = parse_glossary(seed_glossary_lines(), "3")
    assert [t.term for t in terms] == SEED_TERMS
    assert [t.number for t in terms][:3] == ["一、", "二、", "三、"]
    assert terms[-1].number == "十四、"
    assert all(t.definition and t.section == "3" for t in terms)
    # Markdown debris is gone; the definition is kept as printed.
    assert terms[0].definition == "指同级财政当年拨付的资金。"
    assert terms[8].definition == "指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"
    assert terms[12].definition.startswith("指用财政拨款安排的因公出国（境）费")
    assert terms[12].definition.endswith("各类公务接待（含外宾接待）费用。")
    assert terms[13].definition == "行政单位和参照公务员法管理的事业单位财政拨款基本支出中的公用经费支出。"


def test_arabic_numbers_and_continuation_lines():
    text = """1.财政拨款收入：指本年度从本级财政部门取得的财政拨款，
包括一般公共预算财政拨款和政府性基金预算财政拨款。
2、事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。
3．基本支出：指为保障机构正常运转而发生的支出。
其中：人员经费指工资福利支出，公用经费指商品和服务支出。"""
    terms = parse_glossary(text)
    assert [(t.number, t.term) for t in terms] == [("1.", "财政拨款收入"), ("2、", "事业收入"), ("3．", "基本支出")]
    assert terms[0].definition == "指本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款和政府性基金预算财政拨款。"
    # "其中：" opens a continuation, never a term.
    assert terms[2].definition == "指为保障机构正常运转而发生的支出。\n其中：人员经费指工资福利支出，公用经费指商品和服务支出。"


def test_bracketed_numbers_and_half_width_colon():
    text = "（一）财政拨款收入：指同级财政当年拨付的资金。\n(二) 年初结转和结余: 指以前年度尚未完成的资金。\n（3）机关运行经费：指公用经费支出。"
    terms = parse_glossary(text)
    assert [(t.number, t.term) for t in terms] == [
        ("（一）", "财政拨款收入"), ("(二)", "年初结转和结余"), ("（3）", "机关运行经费")]
    assert terms[1].definition == "指以前年度尚未完成的资金。"


def test_unnumbered_terms_and_page_break_split():
    text = """财政拨款收入：指本级财政当年拨付的资金。
使用非财政拨款结余(含专用结余)：指单位使用以前年度积累的非财政拨款结余弥补当年收支差额的
金额。

“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。"""
    terms = parse_glossary(text)
    assert [t.term for t in terms] == ["财政拨款收入", "使用非财政拨款结余（含专用结余）", "“三公”经费"]
    assert terms[1].definition == "指单位使用以前年度积累的非财政拨款结余弥补当年收支差额的金额。"
    assert terms[1].number == ""


def test_unnumbered_line_among_numbered_terms_is_a_continuation():
    text = "一、基本支出：指人员经费和公用经费。\n人员经费：包括工资福利支出。\n二、项目支出：指专项支出。"
    terms = parse_glossary(text)
    assert [t.term for t in terms] == ["基本支出", "项目支出"]
    assert terms[0].definition == "指人员经费和公用经费。\n人员经费：包括工资福利支出。"


def test_term_alone_on_its_line():
    text = "四、名词解释\n1.财政拨款收入\n指同级财政当年拨付的资金。\n2.事业收入\n指事业单位开展业务活动取得的收入。"
    terms = parse_glossary(text)
    assert [(t.term, t.definition) for t in terms] == [
        ("财政拨款收入", "指同级财政当年拨付的资金。"), ("事业收入", "指事业单位开展业务活动取得的收入。")]


def test_extract_by_key_or_title_with_terms_as_child_sections():
    lines = seed_glossary_lines()
    heading, body = lines[0], lines[1:]
    # A sectioner may turn "九、基本支出：…" lines into child sections.
    children = [Section(id=f"3.{i}", level=1, raw=line + "\n") for i, line in enumerate(body[8:])]
    glossary = Section(id="3", level=0, number="第三部分", title="专业名词解释", key=None,
                       raw="\n".join([heading, *body[:8]]) + "\n", children=children)
    other = Section(id="4", level=0, number="第四部分", title="部门决算报表（见附表）", key="tables",
                    raw="第四部分 部门决算报表（见附表）\n一、基本支出：不是名词解释。\n")
    terms = extract_glossary(doc_of([glossary, other]))
    assert [t.term for t in terms] == SEED_TERMS
    assert terms[0].section == "3"
    assert terms[-1].section.startswith("3.")


def test_extract_without_sections_finds_the_heading():
    text = SEED.read_text(encoding="utf-8")
    terms = extract_glossary(doc_of([], text=text))
    assert [t.term for t in terms] == SEED_TERMS


def test_seed_end_to_end():
    import importers

    doc = importers.load(SEED)
    assert [t.term for t in doc.glossary] == SEED_TERMS
    assert all(t.definition.startswith(("指", "行政单位")) for t in doc.glossary)
    for term in doc.glossary:
        section = doc.section(term.section)
        assert section is not None and term.term.strip("“”") in section.raw


@pytest.mark.slow
def test_shanghai_template_glossary(shared_dir):
    import importers

    pdf = shared_dir / "samples" / "shanghai-2024-juesuan-template.pdf"
    if not pdf.exists() or ".pdf" not in getattr(importers, "SUPPORTED_SUFFIXES", ()):
        pytest.skip("the Shanghai template or the PDF importer is absent")
    terms = importers.load(pdf).glossary
    assert len(terms) == 11
    assert terms[0].term == "财政拨款收入" and terms[-1].term == "机关运行经费"
    assert all(t.definition.endswith("。") for t in terms)


def test_group_headings_are_not_glued_to_definitions():
    text = "一、收入类\n（一）财政拨款收入：指本级财政拨付的资金。\n（二）事业收入：指事业单位取得的收入。\n二、支出类\n（一）基本支出：指人员经费和公用经费。"
    terms = parse_glossary(text)
    assert [(t.number, t.term, t.definition) for t in terms] == [
        ("（一）", "财政拨款收入", "指本级财政拨付的资金。"),
        ("（二）", "事业收入", "指事业单位取得的收入。"),
        ("（一）", "基本支出", "指人员经费和公用经费。"),
    ]
