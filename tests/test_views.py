"""View models: drill-down tree and checks, tables rebuilt from facts, term matching."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D

from app_fixtures import FUND, GENERAL, sample_document

from juesuan_tui import views
from juesuan_tui.models import DocumentSummary, Fact, GlossaryTerm, LineItem, Section, Source, Table


def _node(root, *names):
    node = views.find_drill_node(root, names)
    assert node is not None, names
    return node


# --------------------------------------------------------------------------- drill-down


def test_drill_tree_has_one_root_per_fund_in_canonical_order():
    root = views.drill_tree(sample_document())
    assert [c.name for c in root.children] == [GENERAL, FUND]
    general = root.children[0]
    assert general.stated == D("180.00")  # from the fund's fact, not summed
    assert [c.name for c in general.children] == ["一般公共服务支出", "社会保障和就业支出", "城乡社区支出"]


def test_half_and_full_width_names_merge_into_one_node():
    root = views.drill_tree(sample_document())
    kuan = _node(root, GENERAL, "一般公共服务支出", "政府办公厅（室）及相关机构事务")
    assert [c.name for c in kuan.children] == ["行政运行", "事业运行"]
    # the half-width spelling finds it too
    assert views.find_drill_node(root, [GENERAL, "一般公共服务支出", "政府办公厅(室)及相关机构事务"]) is kuan


def test_undisclosed_amount_is_derived_from_children_and_cannot_be_checked():
    root = views.drill_tree(sample_document())
    kuan = _node(root, GENERAL, "一般公共服务支出", "政府办公厅（室）及相关机构事务")
    assert kuan.stated is None
    assert kuan.amount == D("150.00") and kuan.derived
    assert kuan.check == "—"


def test_children_adding_up_is_checked_against_the_stated_amount():
    root = views.drill_tree(sample_document())
    lei = _node(root, GENERAL, "一般公共服务支出")
    assert lei.stated == D("150.00") and lei.children_sum == D("150.00") and lei.check == "✓"
    # 社会保障和就业支出 is stated 30.00 but its only 项 is 29.00
    social = _node(root, GENERAL, "社会保障和就业支出")
    assert social.children_sum == D("29.00") and social.check == "✗"
    assert social.difference == D("-1.00")
    leaf = _node(root, GENERAL, "一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行")
    assert leaf.check == "—" and not leaf.children


def test_rounding_within_tolerance_is_accepted():
    def item(path, amount, level):
        return LineItem(fund=GENERAL, level=level, path=path, name=path[-1], amount=D(amount))

    doc = sample_document()
    doc.facts = [Fact(label="一般公共预算财政拨款支出", key="general.expenditure", value=D("3300.15"), unit="万元",
                      value_wan=D("3300.15"))]
    doc.line_items = [item(["甲"], "1577.40", "类"), item(["乙"], "1664.11", "类"), item(["丙"], "58.65", "类")]
    fund = views.drill_tree(doc).children[0]
    assert fund.children_sum == D("3300.16")
    assert fund.check == "✓"  # 0.01 over three rounded items is rounding, not an error
    doc.line_items[0].amount = D("1577.50")
    assert views.drill_tree(doc).children[0].check == "✗"


def test_share_of_parent_and_trail():
    root = views.drill_tree(sample_document())
    leaf = _node(root, GENERAL, "一般公共服务支出", "政府办公厅（室）及相关机构事务", "事业运行")
    assert leaf.share_of_parent == D("33.33")
    assert leaf.change == D("-5.00") and leaf.reason == "厉行节约。"
    assert [n.name for n in leaf.trail][1:] == [GENERAL, "一般公共服务支出", "政府办公厅（室）及相关机构事务", "事业运行"]


def test_fund_without_items_appears_when_its_total_is_stated():
    doc = sample_document()
    doc.facts.append(Fact(label="国有资本经营本年支出", key="capital.expenditure_current", value=D("0.00"),
                          unit="万元", value_wan=D("0.00")))
    names = [c.name for c in views.drill_tree(doc).children]
    assert names[-1] == "国有资本经营预算财政拨款"


# --------------------------------------------------------------------------- tables


def _table(doc, key):
    return next(t for t in views.standard_tables(doc) if t.key == key)


def test_nine_standard_tables_in_order():
    assert [t.title for t in views.standard_tables(sample_document())] == [
        "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算表", "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款收入支出决算表", "财政拨款“三公”经费支出决算表"]


def test_cells_come_from_facts_and_undisclosed_cells_are_none():
    doc = sample_document()
    total = _table(doc, "income_expenditure_total")
    rows = {row[0]: row[1] for row in total.rows}
    assert rows["本年收入合计"] == D("180.00")
    assert rows["年初结转和结余"] == D("20.00")
    assert rows["收入总计"] == D("200.00")
    assert rows["上级补助收入"] is None
    basic = _table(doc, "basic_expenditure")
    assert basic.rows == [["人员经费", D("70.00")], ["公用经费", D("10.00")], ["合计", D("80.00")]]
    sangong = _table(doc, "sangong")
    assert sangong.rows[0][:2] == ["预算数", D("4.00")]
    assert sangong.rows[1][:2] == ["决算数", D("3.00")]
    assert sangong.rows[1][2] is None


def test_general_budget_table_lists_line_items_under_the_total():
    table = _table(sample_document(), "general_budget")
    assert table.rows[0][1:3] == ["合计", D("180.00")]
    names = [row[1] for row in table.rows]
    assert names[1:4] == ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "行政运行"]
    assert table.rows[3][0] == "2010301"
    assert table.row_levels[:4] == [0, 1, 2, 3]


def test_status_comes_from_the_documents_tables():
    doc = sample_document()
    assert _table(doc, "income_expenditure_total").status == "listed"
    fund = _table(doc, "gov_fund")
    assert fund.status == "empty" and "无政府性基金" in fund.note
    assert _table(doc, "sangong").status is None


def test_tables_match_by_title_when_key_is_missing():
    doc = sample_document()
    doc.tables = [Table(name="《财政拨款“三公”经费支出决算表》", status="empty"),
                  Table(name="一般公共预算财政拨款基本支出决算明细表", status="listed"),
                  Table(name="部门收支决算总表", status="included")]
    assert views.match_table(doc, "sangong").status == "empty"
    assert views.match_table(doc, "basic_expenditure").name.endswith("明细表")
    assert views.match_table(doc, "income_expenditure_total").name == "部门收支决算总表"
    assert views.match_table(doc, "general_budget") is None
    assert views.match_table(doc, "expenditure") is None


def test_included_tables_keep_their_printed_cells():
    included = views.included_tables(sample_document())
    assert [t.title for t in included] == ["附表：采购明细"]
    assert included[0].rows == [["服务", "12.34"]] and not included[0].from_facts


# --------------------------------------------------------------------------- terms and text


def test_terms_found_across_widths_quotes_and_breaks():
    terms = [GlossaryTerm(term="“三公”经费", definition="d1"), GlossaryTerm(term="基本支出", definition="d2"),
             GlossaryTerm(term="维修（护）费", definition="d3"), GlossaryTerm(term="事业收入", definition="d4")]
    text = "本年基本\n支出减少；三公经费下降；维修(护)费。"
    assert [t.term for t in views.terms_in_text(terms, text)] == ["基本支出", "“三公”经费", "维修（护）费"]


def test_longer_terms_win_overlaps():
    spans = views.find_spans("一般公共预算财政拨款基本支出", ["基本支出", "财政拨款基本支出"])
    assert spans == [(6, 14, "财政拨款基本支出")]


def test_amount_spans():
    text = "支出 3,361.40 万元，占 47.80%，共 2 辆。"
    assert [text[s:e] for s, e in views.amount_spans(text)] == ["3,361.40 万元", "47.80%"]


def test_filter_terms_matches_name_or_definition():
    doc = sample_document()
    assert [t.term for t in views.filter_terms(doc.glossary, "结转")] == ["年初结转和结余"]
    assert [t.term for t in views.filter_terms(doc.glossary, "公务接待")] == ["“三公”经费"]
    assert len(views.filter_terms(doc.glossary, "  ")) == 3


def test_section_blocks_skip_a_repeated_heading():
    section = Section(id="5", level=1, number="五、", title="一般公共预算", text="五、一般公共预算\n第一段\n\n第二段",
                      children=[Section(id="5.1", level=2, number="（一）", title="总体", text="第三段")])
    blocks = views.section_blocks(section)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "五、一般公共预算"), ("paragraph", "第一段"), ("paragraph", "第二段"),
        ("heading", "（一）总体"), ("paragraph", "第三段")]


def test_scorecards_belong_to_their_section_and_its_ancestors():
    doc = sample_document()
    assert len(views.scorecards_for_section(doc, "2.5")) == 1
    assert len(views.scorecards_for_section(doc, "2")) == 1
    assert views.scorecards_for_section(doc, "2.4") == []
    assert views.scorecards_for_section(doc, None) == []


def test_indicator_rows_group_and_total():
    rows = views.indicator_rows(sample_document().scorecards[0])
    assert [(r.kind, r.name) for r in rows[:3]] == [("level1", "产出指标"), ("level2", "数量指标"),
                                                    ("indicator", "受理量")]
    benefit = next(r for r in rows if r.name == "效益指标")
    assert (benefit.weight, benefit.score) == (D("30"), D("25"))
    assert sum(r.kind == "indicator" for r in rows) == 3
    assert (rows[-1].kind, rows[-1].weight, rows[-1].score) == ("total", D("100"), D("95.00"))


def test_document_groups_by_unit_then_newest_year():
    source = Source(path="x", sha256="0", format="text", imported_at=datetime(2025, 1, 1), importer_version="t")

    def summary(i, unit, year):
        return DocumentSummary(id=str(i), title=f"{unit}{year}", unit=unit, year=year, kind="单位决算", source=source)

    groups = views.document_groups([summary(1, "乙（丙）", 2023), summary(2, "甲", 2022), summary(3, "乙(丙)", 2024),
                                    summary(4, "乙 （丙）", None)])
    assert [g.unit for g in groups] == ["乙（丙）", "甲"]  # code-point order: 乙 U+4E59 < 甲 U+7532
    yi = next(g for g in groups if g.unit == "乙（丙）")
    assert [y.year for y in yi.years] == [2024, 2023, None]


def test_fact_amount_is_in_wan():
    assert views.fact_amount(Fact(label="x", value=D("12345.00"), unit="元")) == D("1.2345")
    assert views.fact_amount(Fact(label="x", value=D("2"), unit="辆")) == D("2")
    assert views.fact_amount(Fact(label="x", value=D("5.00"), unit="万元", value_wan=D("5.00"))) == D("5.00")
    assert views.fact_amount(None) is None


def test_a_search_hit_is_highlighted_in_either_width():
    # search finds "共3项" in text printed "共３项" (store.width_variants); the view marks it there
    text = "采购项目共３项，其中(一)类货物12.50%。"
    spans = views.find_spans(text, ["共3项", "（一）类", "12.50％"])
    assert [text[s:e] for s, e, _ in spans] == ["共３项", "(一)类", "12.50%"]
    assert views.find_spans(text, ["共4项"]) == []
