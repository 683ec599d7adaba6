"""Regional layouts of the generator (Sichuan D, Hunan F, Hubei E, Yunnan C; domain.md §1.2), the
traditional-character mirror, and the extractor fixes they revealed, each on real-looking sentences.

Recall over these layouts is measured in tests/test_generalisation.py; here: the generator's
contract for the new layouts (deterministic, consistent, the text states its truth, break rules
caught through the whole import), then one focused test per fix.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal as D

import pytest

import importers
from importers.extract.facts import facts_from_text
from importers.extract.line_items import line_items_from_text
from importers.extract.scorecard import parse_scorecard
from importers.extract.tables import extract_tables, find_empty_statements, find_grid_tables
from importers.normalize import canonical_name, fold, is_traditional
from importers.sections import title_key
from juesuan_tui.models import FUNDS, Document, Section, Source
from tests.generator import ALL_LAYOUTS, BREAK_RULES, LAYOUTS, REGIONAL_LAYOUTS, generate
from tests.generator.consistency import violations

REGIONAL = sorted(REGIONAL_LAYOUTS)
# Warnings a consistent generated document may carry by convention (a new item "增长100.00%").
CONVENTIONS = {"change.from_zero", "budget.diff_rate"}


def compact(text: str) -> str:
    return "".join(fold(text).split())


def facts_by_key(facts, key):
    return [f for f in facts if f.key == key]


def load_text(tmp_path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return importers.load(path)


# --- the generator's contract for the new layouts ---------------------------------------------


def test_new_layouts_are_registered_apart_from_the_first_three() -> None:
    assert set(REGIONAL_LAYOUTS) == {"sichuan", "hunan", "hubei", "yunnan"}
    assert set(ALL_LAYOUTS) == set(LAYOUTS) | set(REGIONAL_LAYOUTS)
    # A seed alone still picks among the first three (their documents are unchanged).
    assert {generate(s).layout for s in range(30)} == set(LAYOUTS)


@pytest.mark.parametrize("layout", REGIONAL)
def test_same_seed_same_document(layout: str) -> None:
    first, second = generate(21, layout), generate(21, layout)
    assert first.text == second.text and first.truth.to_json() == second.truth.to_json()
    assert generate(22, layout).text != first.text


@pytest.mark.parametrize("layout", REGIONAL)
def test_outline_of_each_region(layout: str) -> None:
    texts = [generate(seed, layout).text for seed in range(12)]
    every = "\n".join(texts)
    for seed, text in enumerate(texts):
        truth = generate(seed, layout).truth
        assert compact(truth.unit) in compact(text) and str(truth.year) in text
        assert len(truth.facts) >= 40 and truth.indicators and len(truth.glossary) >= 7
        assert any(i["level"] == "项" for i in truth.line_items)
    if layout == "sichuan":
        assert all(re.search(r"^第五部分\s*附表$", t, re.M) and re.search(r"^第四部分\s*附件$", t, re.M) for t in texts)
        assert "收、支总计均为" in every and "收、支总计各是" in every
        assert re.search(r"完成预算 ?\d+(\.\d+)?%", every), "完成预算X% without 的"
        assert "指标性质" in every and "度量单位" in every and re.search(r"\d{8}[RX]\d{12}-", every)
        assert "PAGEREF _Toc" in every and "公开时间" in every
        assert {len(generate(s, layout).truth.tables) for s in range(12)} <= {13, 14}
    elif layout in ("hunan", "hubei"):
        assert "公开01表" in every and "行次" in every and "栏次" in every
        assert "完成年初预算的" in every and "决算数大于年初预算数的主要原因" in every
        assert all(len(generate(s, layout).truth.tables) == 9 for s in range(12))
        if layout == "hunan":
            assert "一般性支出情况说明" in every and "第五部分 附件" in every
        else:
            assert "第四部分 其他需要说明的情况" in every and "十四、专项支出" in every and "第六部分 附件" in every
    else:
        assert "金额单位：元" in every and "第四部分 其他重要事项及相关口径情况说明" in every
        assert "一般公共预算财政拨款“三公”经费情况表" in every
        assert {len(generate(s, layout).truth.tables) for s in range(12)} <= {11, 14}


@pytest.mark.parametrize("layout", REGIONAL)
def test_truth_is_consistent_and_stated_by_the_text(layout: str) -> None:
    for seed in range(15):
        doc = generate(seed, layout)
        assert violations(doc.truth) == [], (seed, violations(doc.truth))
        flat = compact(doc.text)
        for fact in doc.truth.facts:
            assert f"{fact['printed']}{fold(fact['unit'])}" in flat, (seed, fact)
        for item in doc.truth.line_items:
            assert all(compact(name) in flat for name in item["path"]), (seed, item)
            assert f"{item['printed']}万元" in flat, (seed, item)
        for term in doc.truth.glossary:
            assert compact(term["definition"]) in flat
        for ind in doc.truth.indicators:
            # Sichuan prints operator, value and unit in cells of their own.
            for key in ("name", "target", "actual"):
                pieces = re.split(r"(?<=[=≥≤>])|(?<=\d)(?=\D)", compact(ind[key]))
                assert all(p in flat for p in pieces if p), (seed, key, ind)
        for table in doc.truth.tables:
            assert compact(table["name"]) in flat


@pytest.mark.parametrize("layout", REGIONAL)
def test_break_rules_show_in_the_truth(layout: str) -> None:
    for rule in sorted(BREAK_RULES):
        for seed in range(3):
            doc = generate(seed, layout, break_rule=rule)
            found = {r for r, _ in violations(doc.truth)}
            assert rule in found and found - {rule, "totals.balance"} == set(), (rule, seed, found)


@pytest.mark.parametrize("layout", REGIONAL)
def test_whole_import_checks_find_only_the_broken_rule(layout: str, tmp_path) -> None:
    for seed in range(4):
        doc = load_text(tmp_path, generate(seed, layout).text, f"{layout}-{seed}.txt")
        wrong = [f for f in doc.findings if f.severity == "error"
                 or (f.severity == "warning" and f.rule not in CONVENTIONS)]
        assert wrong == [], (seed, [(f.rule, f.message) for f in wrong])
    expected = {"totals.income": "totals.income", "change.pct": "change.consistency",
                "sangong.total": "parts.sangong", "basic.total": "parts.basic"}
    for rule, check in expected.items():
        gen = generate(1, layout, break_rule=rule)
        doc = load_text(tmp_path, gen.text, f"{layout}-{rule}.txt")
        assert check in {f.rule for f in doc.findings if f.severity == "error"}, rule


def test_traditional_mirror_keeps_the_truth(tmp_path) -> None:
    plain, mirrored = generate(5, "sichuan"), generate(5, "sichuan", traditional=True)
    assert mirrored.truth.to_json() == plain.truth.to_json()
    assert is_traditional(mirrored.text) and not is_traditional(plain.text)
    assert "決算" in mirrored.text and "財政撥款" in mirrored.text
    assert mirrored.filename != plain.filename
    doc = load_text(tmp_path, mirrored.text)
    assert canonical_name(doc.unit) == canonical_name(plain.truth.unit) and doc.year == plain.truth.year
    names = {canonical_name(i.name) for card in doc.scorecards for i in card.indicators}
    assert {canonical_name(i["name"]) for i in plain.truth.indicators} <= names


# --- fixes, one by one --------------------------------------------------------------------------


def test_completion_without_de_is_a_completion_rate() -> None:
    """Sichuan: 完成预算 98.50% (no 的) states the completion of the amount before it."""
    text = "2024年一般公共预算财政拨款支出决算为1,523.26万元，完成预算98.50%。"
    (fact,) = facts_by_key(facts_from_text(text, block="general_budget"), "general.expenditure")
    assert (fact.value, fact.final, fact.completion_pct) == (D("1523.26"), D("1523.26"), D("98.50"))
    text = ("2024年“三公”经费财政拨款支出决算为12.30万元，完成预算82.00%，较上年减少1.20万元，下降8.89%，"
            "决算数小于预算数的主要原因是：严格落实过紧日子要求。")
    (fact,) = facts_by_key(facts_from_text(text, block="sangong"), "sangong.total")
    assert (fact.value, fact.completion_pct, fact.change, fact.change_pct) == (
        D("12.30"), D("82.00"), D("-1.20"), D("-8.89"))


def test_item_with_final_and_completion_is_still_the_item() -> None:
    text = ("1.一般公共服务支出（类）人大事务（款）行政运行（项）：支出决算为85.60万元，完成预算100.00%，"
            "决算数等于预算数。\n"
            "2.社会保障和就业支出(类)行政事业单位养老支出(款)机关事业单位基本养老保险缴费支出(项)："
            "支出决算为12.04万元，完成预算96.32%，决算数小于预算数的主要原因是：退休人员减少。")
    items = {i.path_key: i for i in line_items_from_text(text, fund=FUNDS[0])}
    assert items["一般公共服务支出/人大事务/行政运行"].amount == D("85.60")
    assert items["社会保障和就业支出/行政事业单位养老支出/机关事业单位基本养老保险缴费支出"].amount == D("12.04")


def test_departments_counted_as_chu_ke_shi() -> None:
    """Yunnan: 内设 7 个处（科）室."""
    facts = facts_from_text("某某局内设7个处（科）室，分别是：办公室、财务科。", block="staffing")
    assert [f.value for f in facts_by_key(facts, "org.departments")] == [D(7)]


def test_groups_counted_in_ci() -> None:
    """Sichuan: 全年安排因公出国（境）团组0次，出国0人."""
    facts = facts_from_text("1.因公出国（境）经费支出0万元，完成预算0%。全年安排因公出国（境）团组2次，出国5人。",
                            block="sangong")
    assert [(f.value, f.unit) for f in facts_by_key(facts, "sangong.abroad_groups")] == [(D(2), "次")]
    assert [f.value for f in facts_by_key(facts, "sangong.abroad_people")] == [D(5)]


def test_general_spending_section_is_the_operating_costs_block(tmp_path) -> None:
    """Hunan (十、)一般性支出情况说明: a 事业单位's 公用经费 there is operating.public."""
    assert title_key("一般性支出情况说明") == "operating_costs"
    text = "\n".join([
        "某某县档案馆2024年度部门决算公开", "", "一、收入支出决算总体情况说明",
        "2024年度收、支总计120.50万元。", "", "二、一般性支出情况说明",
        "2024年本部门开支会议费0.80万元，用于召开年度工作会议，人数35人；开支培训费0.50万元。",
        "本部门为事业单位，2024年度公用经费支出18.20万元，比上年减少1.10万元，下降5.70%。",
    ])
    doc = load_text(tmp_path, text)
    (fact,) = facts_by_key(doc.facts, "operating.public")
    assert (fact.value, fact.change, fact.change_pct) == (D("18.20"), D("-1.10"), D("-5.70"))
    assert not facts_by_key(doc.facts, "staff.total")  # 会议 人数 35 人 is not the staff


def test_sub_heading_leading_its_paragraph_names_the_block() -> None:
    """Sichuan: （三）国有资产占有使用情况：截至… inside 十、其他重要事项的情况说明 (a broad block)."""
    text = "\n".join([
        "（一）机关运行经费支出情况：本单位为事业单位，2024年度公用经费支出18.20万元，比上年减少1.10万元。",
        "（三）国有资产占有使用情况。截至2024年12月31日，本单位共有车辆3辆，其中：应急保障用车1辆、其他用车2辆。",
        "单价100万元（含）以上设备（不含车辆）0台（套）。",
        "（四）预算绩效管理情况：本单位预算绩效评价项目1个，全年预算数50.86万元，全年执行数43.37万元。",
    ])
    facts = facts_from_text(text, block="other_matters")
    assert [f.value for f in facts_by_key(facts, "operating.public")] == [D("18.20")]
    assert [f.value for f in facts_by_key(facts, "assets.vehicles")] == [D(3)]
    assert [(f.label, f.value) for f in facts_by_key(facts, "assets.vehicles_by_category")] == [
        ("应急保障用车", D(1)), ("其他用车", D(2))]
    assert [f.value for f in facts_by_key(facts, "assets.equipment_over_1m")] == [D(0)]  # the next paragraph too
    assert [f.value for f in facts_by_key(facts, "performance.budget")] == [D("50.86")]
    # Outside a broad block the section's own block stands.
    assert not facts_by_key(facts_from_text(text.split("\n")[1], block="sangong"), "assets.vehicles")


SICHUAN_CARD = """部门预算项目支出绩效自评表
（2024年度）
| 项目名称 | 51000021R000000019951-信息化平台运行维护项目 |
| 主管部门 | 某某县农业农村局 | 实施单位 | 某某县农业农村局 |
| 项目年度目标 | 保障信息化平台稳定运行。 |
| 年度目标完成情况 | 平台全年稳定运行。 |
| 预算执行情况（10分） | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 |
| 总额 | 50.00 | 48.00 | 46.00 | 95.83% | 10 | 9.58 |  |
| 其中：财政资金 | 50.00 | 48.00 | 46.00 | — | — | — |  |
| 绩效指标（90分） | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
|  | 产出指标 | 数量指标 | 维护设备数量 | = | 12 | 台 | 12 | 40 | 40 |  |
|  | 效益指标 | 社会效益指标 | 群众办事便利度 | 定性 | 明显提升 |  | 达成预期指标 | 30 | 30 |  |
|  | 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | ≥ | 90 | % | 95.5 | 20 | 20 |  |
| 总分 | 100 | 99.58 |
"""


def test_sichuan_scorecard_indicator_named_like_a_level2_term() -> None:
    """An indicator called 服务对象满意度, followed by its operator cell, is a name, not a 二级 label."""
    card = parse_scorecard(SICHUAN_CARD.split("\n"))
    assert card is not None and card.project == "51000021R000000019951-信息化平台运行维护项目"
    rows = [(i.level1, i.level2, i.name, i.target, i.target_op, i.target_value, i.actual, i.weight)
            for i in card.indicators]
    assert rows == [
        ("产出指标", "数量指标", "维护设备数量", "=12台", "=", D(12), "12台", D(40)),
        ("效益指标", "社会效益指标", "群众办事便利度", "明显提升", None, None, "达成预期指标", D(30)),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", ">=", D(90), "95.5%", D(20)),
    ]
    assert (card.total_weight, card.total_score) == (D(100), D("99.58"))


def _doc(sections: list[Section], toc_raw: str = "") -> Document:
    source = Source(path="t.txt", sha256="0", format="text", imported_at=datetime(2025, 1, 1), importer_version="t")
    return Document(id="t", title="t", unit="u", source=source, text="", toc_raw=toc_raw, sections=sections)


SICHUAN_TABLES = "\n".join([
    "第五部分 附表", "十、政府性基金预算财政拨款收入支出决算表", "十一、国有资本经营预算财政拨款收入支出决算表",
    "十二、国有资本经营预算财政拨款支出决算表", "十三、财政拨款“三公”经费支出决算表",
])


def test_two_listed_aliases_of_one_table_stay_two_tables() -> None:
    """Sichuan lists 国资 收入支出 and 支出 tables; a statement naming one empties that one only."""
    statement = ("本单位2024年度无国有资本经营预算财政拨款收入、支出及结转和结余，"
                 "故《国有资本经营预算财政拨款支出决算表》为空表。")
    sections = [Section(id="9", level=1, number="九、", title="国有资本经营预算支出决算情况说明", key="state_capital",
                        raw=statement, text=statement),
                Section(id="5", level=0, number="第五部分", title="附表", key="tables", raw=SICHUAN_TABLES)]
    tables = {t.name: t for t in extract_tables(_doc(sections))}
    assert tables["国有资本经营预算财政拨款收入支出决算表"].status == "listed"
    assert tables["国有资本经营预算财政拨款支出决算表"].status == "empty"
    assert len(tables) == 4
    # A statement that names no table empties every table of that fund.
    unnamed = "本单位2024年度无国有资本经营预算财政拨款收入、支出。"
    sections[0] = sections[0].model_copy(update={"raw": unnamed, "text": unnamed})
    tables = {t.name: t for t in extract_tables(_doc(sections))}
    assert tables["国有资本经营预算财政拨款收入支出决算表"].status == "empty"
    assert tables["国有资本经营预算财政拨款支出决算表"].status == "empty"


def test_empty_statement_names_a_table_in_book_quotes() -> None:
    (table,) = find_empty_statements("本单位无国有资本经营预算财政拨款收入、支出，故《国有资本经营预算财政拨款支出决算表》为空表。")
    assert (table.name, table.key, table.status) == ("国有资本经营预算财政拨款支出决算表", "state_capital", "empty")


HUNAN_TABLES = """第二部分 2024年度部门决算表
一、收入支出决算总表
七、政府性基金预算财政拨款收入支出决算表
八、国有资本经营预算财政拨款支出决算表
九、财政拨款“三公”经费支出决算表
公开09表
部门：某某局    金额单位：万元
预算数\t\t\t\t\t\t决算数
合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费
\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费
15.19\t\t11.59\t2.24\t9.35\t3.60\t9.35\t\t9.35\t\t9.35\t
"""


def test_grid_takes_the_title_nearest_above_it() -> None:
    """A 附表 list whose grids were images, with one grid printed under the last title."""
    lines = HUNAN_TABLES.split("\n")
    (grid,) = find_grid_tables(lines)
    assert (grid.key, grid.number, grid.status) == ("sangong", "公开09表", "included")
    section = Section(id="2", level=0, number="第二部分", title="2024年度部门决算表", key="tables", raw=HUNAN_TABLES)
    tables = {t.name: t.status for t in extract_tables(_doc([section]))}
    assert tables["财政拨款“三公”经费支出决算表"] == "included"
    assert tables["国有资本经营预算财政拨款支出决算表"] == "listed"


def test_grid_printed_under_another_alias_meets_its_own_listing() -> None:
    """Yunnan lists two 三公 tables; the grid titled 一般公共预算财政拨款“三公”经费情况表 is the second."""
    raw = "\n".join([
        "第二部分 2024年度部门决算表",
        "十、财政拨款“三公”经费、行政参公单位机关运行经费情况表",
        "十一、一般公共预算财政拨款“三公”经费情况表",
        "编制单位：某某局    金额单位：元",
        *HUNAN_TABLES.split("\n")[6:],
    ])
    section = Section(id="2", level=0, number="第二部分", title="2024年度部门决算表", key="tables", raw=raw)
    tables = {t.name: t for t in extract_tables(_doc([section]))}
    assert tables["财政拨款“三公”经费、行政参公单位机关运行经费情况表"].status == "listed"
    grid = tables["一般公共预算财政拨款“三公”经费情况表"]
    assert (grid.status, grid.unit) == ("included", "元")
    assert grid.rows[0].values[0] == D("0.001519")  # 15.19 元 in 万元


TOTAL_WITH_ROW_NUMBERS = """一、收入支出决算表
编制单位：某某局    金额单位：元
收入\t\t\t支出\t\t
项目\t行次\t决算数\t项目\t行次\t决算数
栏次\t\t1\t栏次\t\t2
一、一般公共预算财政拨款收入\t1\t2,369,300.00\t一、一般公共服务支出\t5\t1,650,500.00
\t2\t\t二、社会保障和就业支出\t6\t529,600.00
本年收入合计\t3\t2,369,300.00\t本年支出合计\t7\t2,180,100.00
总计\t4\t2,369,300.00\t总计\t8\t2,369,300.00
"""


def test_row_numbers_and_column_numbers_leave_the_labels_alone() -> None:
    """MoF form (Hunan 公开01表, Yunnan): a 行次 column and a 栏次 row; amounts in 元."""
    (table,) = find_grid_tables(TOTAL_WITH_ROW_NUMBERS.split("\n"))
    assert (table.key, table.unit, table.columns) == ("income_expenditure_total", "元", ["决算数"])
    rows = [(r.label, r.values) for r in table.rows]
    assert ("一般公共预算财政拨款收入", [D("236.93")]) in rows
    assert ("社会保障和就业支出", [D("52.96")]) in rows
    assert ("本年支出合计", [D("218.01")]) in rows
    assert [v for label, v in rows if label == "总计"] == [[D("236.93")], [D("236.93")]]
    assert all(label not in ("栏次", "") for label, _ in rows)


def test_other_item_does_not_cut_the_kuan_name(tmp_path) -> None:
    """2080599 其他行政事业单位养老支出 gives away its 款 name with the 支出 (行政事业单位养老支出)."""
    text = "\n".join([
        "某某局2024年度决算公开说明", "一、部门决算收支情况说明", "（一）一般公共预算财政拨款支出决算情况说明",
        "（1）2080505 机关事业单位基本养老保险缴费支出：2024年度决算数为65.52万元，较上年增加16.72万元，增长34.26%。",
        "（2）2080599 其他行政事业单位养老支出：2024年度决算数为23.96万元，较上年减少6.75万元，降低21.98%。",
    ])
    doc = load_text(tmp_path, text)
    paths = {i.path_key for i in doc.line_items if i.level == "项"}
    assert paths == {"社会保障和就业支出/行政事业单位养老支出/机关事业单位基本养老保险缴费支出",
                     "社会保障和就业支出/行政事业单位养老支出/其他行政事业单位养老支出"}


def test_short_traditional_strings_are_simplified() -> None:
    """Scorecard cells and units have none of the most frequent traditional characters."""
    assert canonical_name("驗收合格率") == "验收合格率"
    assert fold("明顯提升") == "明显提升" and fold(">=14 場") == ">=14场"
    assert not is_traditional("预算绩效管理工作开展情况：服务场次、验收合格率均明显提升")


def test_traditional_hints_are_traditional_only() -> None:
    """The hint characters exist only in traditional script (zhconv), so simplified texts are never converted."""
    zhconv = pytest.importorskip("zhconv.zhconv")
    zhconv.loaddict()
    from importers.normalize import _TRADITIONAL_HINTS

    trad_only = set(zhconv.zhcdicts["TRADONLY"])
    assert len(_TRADITIONAL_HINTS) > 1000
    assert set(_TRADITIONAL_HINTS) <= trad_only | set("後夥於陳滿乾")
