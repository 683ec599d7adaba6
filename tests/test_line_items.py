"""类 / 款 / 项 line items: the seed's exact set, wording variants, codes and tables."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from importers.extract.line_items import build_line_items, line_items_from_text, spend_value, table_fund
from juesuan_tui.models import FUNDS, Table, TableRow

SEED = Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt"
GENERAL, FUND, CAPITAL = FUNDS


@pytest.fixture(scope="module")
def seed():
    from importers import load

    return load(SEED)


def items_by_path(items):
    return {(i.fund, i.path_key): i for i in items}


# --- the seed ----------------------------------------------------------------------------

SEED_AMOUNTS = {
    # fund, path → (level, amount, share, change, change_pct)
    (GENERAL, "一般公共服务支出"): ("类", D("1577.40"), D("47.80"), None, None),
    (GENERAL, "科学技术支出"): ("类", D("1664.11"), D("50.43"), None, None),
    (GENERAL, "社会保障和就业支出"): ("类", D("58.65"), D("1.78"), None, None),
    (GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务/事业运行"):
        ("项", D("512.51"), None, D("512.51"), D("100.00")),
    (GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务/其他政府办公厅（室）及相关机构事务支出"):
        ("项", D("1064.89"), None, D("1064.89"), D("100.00")),
    (GENERAL, "科学技术支出/技术研究与开发/科技成果转化与扩散"): ("项", D("1664.11"), None, D("1664.11"), D("100.00")),
    (GENERAL, "社会保障和就业支出/行政事业单位养老支出/事业单位离退休"): ("项", D("2.80"), None, D("0.78"), D("38.61")),
    (GENERAL, "社会保障和就业支出/行政事业单位养老支出/机关事业单位基本养老保险缴费支出"):
        ("项", D("55.85"), None, D("5.01"), D("9.85")),
    (GENERAL, "城乡社区支出/城乡社区管理事务/城管执法"): ("项", D("0.00"), None, D("-502.40"), D("-100.00")),
    (FUND, "城乡社区支出/国有土地使用权出让收入安排的支出/城市建设支出"): ("项", D("0.00"), None, D("-11.68"), D("-100.00")),
    (FUND, "城乡社区支出/城市基础设施配套费安排的支出/城市公共设施"): ("项", D("0.00"), None, D("-255.00"), D("-100.00")),
}
# Parents named by the paths, with no amount printed for them.
SEED_PARENTS = {
    (GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务"): "款",
    (GENERAL, "科学技术支出/技术研究与开发"): "款",
    (GENERAL, "社会保障和就业支出/行政事业单位养老支出"): "款",
    (GENERAL, "城乡社区支出"): "类",
    (GENERAL, "城乡社区支出/城乡社区管理事务"): "款",
    (FUND, "城乡社区支出"): "类",
    (FUND, "城乡社区支出/国有土地使用权出让收入安排的支出"): "款",
    (FUND, "城乡社区支出/城市基础设施配套费安排的支出"): "款",
}


def test_seed_items_with_amounts_are_exactly_the_printed_ones(seed):
    items = items_by_path(seed.line_items)
    with_amount = {k: (i.level, i.amount, i.share_pct, i.change, i.change_pct) for k, i in items.items() if i.amount is not None}
    assert with_amount == SEED_AMOUNTS  # 11 = 3 类 of the structure list + 8 项 statements


def test_seed_parents_are_created_without_amounts(seed):
    items = items_by_path(seed.line_items)
    parents = {k: i.level for k, i in items.items() if i.amount is None}
    assert parents == SEED_PARENTS
    assert len(seed.line_items) == 19
    assert all(items[k].table_amount is None and items[k].budget is None for k in SEED_PARENTS)


def test_seed_tree_links(seed):
    items = items_by_path(seed.line_items)
    office = items[(GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务")]
    assert office.parent == "一般公共服务支出"
    assert office.children == [
        "一般公共服务支出/政府办公厅（室）及相关机构事务/事业运行",
        "一般公共服务支出/政府办公厅（室）及相关机构事务/其他政府办公厅（室）及相关机构事务支出",
    ]
    for (fund, key), item in items.items():
        assert item.path_key == key and item.name == item.path[-1]
        assert item.parent == ("/".join(item.path[:-1]) or None)
        for child in item.children:
            assert items[(fund, child)].parent == key
    # The same 类 name under two funds stays two items.
    assert items[(GENERAL, "城乡社区支出")] is not items[(FUND, "城乡社区支出")]


def test_seed_item_details(seed):
    items = items_by_path(seed.line_items)
    first = items[(GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务/事业运行")]
    assert first.source == "narrative" and first.section == "2.5.3"
    assert first.reason.startswith("本年单位隶属关系划转后，支出功能科目调整")
    assert first.sentence.startswith("1. 一般公共服务支出（类）政府办公厅（室）")
    assert items[(GENERAL, "科学技术支出")].source == "structure"
    assert items[(FUND, "城乡社区支出/城市基础设施配套费安排的支出/城市公共设施")].section == "2.7"


# --- wording -------------------------------------------------------------------------------


def test_names_with_parentheses_split_only_on_markers_in_either_width():
    text = ("1. 一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：支出决算数为 10.00 万元。\n"
            "2. 一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)其他政府办公厅(室)及相关机构事务支出(项):支出决算数为 5.00 万元。")
    items = items_by_path(line_items_from_text(text, GENERAL))
    assert set(items) == {
        (GENERAL, "一般公共服务支出"),
        (GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务"),
        (GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务/行政运行"),
        (GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务/其他政府办公厅（室）及相关机构事务支出"),
    }
    assert items[(GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务/行政运行")].amount == D("10.00")


def test_reclassification_inside_reason_creates_nothing():
    text = ("1. 城乡社区支出（类）城乡社区管理事务（款）城管执法（项）：支出决算数为 0.00 万元，比上年决算减少 10.00 万元，"
            "下降 100.00%，主要原因是：由城乡社区支出（类）城乡社区管理事务（款）城管执法（项）功能科目调整为"
            "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）。")
    items = line_items_from_text(text, GENERAL)
    assert [i.path_key for i in items] == ["城乡社区支出", "城乡社区支出/城乡社区管理事务", "城乡社区支出/城乡社区管理事务/城管执法"]
    # Outside a reason too: a path after 调整为 is an object, not a subject.
    text = "功能科目由教育支出（类）普通教育（款）小学教育（项）调整为教育支出（类）普通教育（款）初中教育（项）。"
    assert line_items_from_text(text, GENERAL) == []


def test_shanghai_items_with_budget_and_structure_list():
    text = ("一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占71.73%；"
            "住房保障支出（类）445.69万元，占15.16%。\n"
            "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费。年初预算为1560.05万元，"
            "支出决算为1511.89万元。决算数小于预算数的主要原因：人员进出及退休变化。\n"
            "2、住房保障支出（类）住房改革支出（款）购房补贴（项）。主要用于：购房补贴。年初预算为258.50万元，支出决算为258.50万元。决算数与预算数基本持平。")
    items = items_by_path(line_items_from_text(text, GENERAL))
    run = items[(GENERAL, "一般公共服务支出/财政事务/行政运行")]
    assert (run.amount, run.budget, run.reason) == (D("1511.89"), D("1560.05"), "人员进出及退休变化")
    assert (items[(GENERAL, "住房保障支出/住房改革支出/购房补贴")].amount, items[(GENERAL, "住房保障支出/住房改革支出/购房补贴")].budget) == (D("258.50"), D("258.50"))
    cls = items[(GENERAL, "一般公共服务支出")]
    assert (cls.amount, cls.share_pct, cls.source) == (D("2106.66"), D("71.73"), "structure")
    assert items[(GENERAL, "住房保障支出")].amount == D("445.69")


def test_structure_variant_with_zhichu_after_marker():
    items = items_by_path(line_items_from_text("一般公共服务（类）支出 1,577.40 万元，占 47.80%。", GENERAL))
    assert (items[(GENERAL, "一般公共服务支出")].amount, items[(GENERAL, "一般公共服务支出")].share_pct) == (D("1577.40"), D("47.80"))


def test_codes_from_prefix_or_brackets_fill_parents():
    text = ("1. 社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）（2080502）：支出决算数为 2.80 万元。\n"
            "2. 科学技术支出（类）技术研究与开发（款）2060404 科技成果转化与扩散（项）：支出决算数为 1.00 万元。\n"
            "3. 201 一般公共服务支出（类）03 政府办公厅（室）及相关机构事务（款）201 03 50 事业运行（项）：支出决算数为 3.00 万元。")
    items = items_by_path(line_items_from_text(text, GENERAL))
    assert {k[1]: i.code for k, i in items.items()} == {
        "社会保障和就业支出": "208", "社会保障和就业支出/行政事业单位养老支出": "20805",
        "社会保障和就业支出/行政事业单位养老支出/事业单位离退休": "2080502",
        "科学技术支出": "206", "科学技术支出/技术研究与开发": "20604",
        "科学技术支出/技术研究与开发/科技成果转化与扩散": "2060404",
        "一般公共服务支出": "201", "一般公共服务支出/政府办公厅（室）及相关机构事务": "20103",
        "一般公共服务支出/政府办公厅（室）及相关机构事务/事业运行": "2010350",
    }


def test_fund_from_section_block_or_wording():
    text = "1. 城乡社区支出（类）城市基础设施配套费安排的支出（款）城市公共设施（项）：支出决算数为 0.00 万元。"
    assert {i.fund for i in line_items_from_text(text, block="gov_fund")} == {FUND}
    assert {i.fund for i in line_items_from_text(text, block="state_capital")} == {CAPITAL}
    assert {i.fund for i in line_items_from_text(text)} == {GENERAL}  # unknown: the general budget
    worded = "政府性基金预算财政拨款支出：城乡社区支出（类）城市基础设施配套费安排的支出（款）城市公共设施（项）0.00万元。"
    assert {i.fund for i in line_items_from_text(worded)} == {FUND}


def test_same_item_twice_is_one_item():
    text = ("一般公共服务支出（类）100.00万元，占50.00%。\n"
            "1. 一般公共服务支出（类）财政事务（款）行政运行（项）：支出决算数为 100.00 万元。\n"
            "2. 一般公共服务支出（类）财政事务（款）行政运行（项）比上年增加 5.00 万元，主要原因是：人员增加。")
    items = line_items_from_text(text, GENERAL)
    assert [i.path_key for i in items] == ["一般公共服务支出", "一般公共服务支出/财政事务", "一般公共服务支出/财政事务/行政运行"]
    run = items[-1]
    assert (run.amount, run.change, run.reason) == (D("100.00"), D("5.00"), "人员增加")


# --- tables ----------------------------------------------------------------------------------


def _table(key, name, columns, rows):
    return Table(name=name, key=key, status="included", columns=columns,
                 rows=[TableRow(cells=[], code=c, label=l, values=[D(v) if v is not None else None for v in vals])
                       for c, l, vals in rows])


def test_tables_give_codes_and_table_amounts_and_extra_items():
    text = ("1. 一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）：支出决算数为 512.51 万元。\n"
            "2. 社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）：支出决算数为 2.80 万元。")
    from importers.extract.facts import analyse_text

    stmts = analyse_text(text, "3", "general_budget")
    table = _table("general_budget", "一般公共预算财政拨款支出决算表", ["科目编码", "科目名称", "合计", "基本支出", "项目支出"], [
        ("201", "一般公共服务支出", ["1577.40", "500.00", "1077.40"]),
        ("20103", "政府办公厅（室）及相关机构事务", ["1577.40", "500.00", "1077.40"]),
        ("2010350", "事业运行", ["512.50", "500.00", "12.50"]),
        ("2010399", "其他政府办公厅（室）及相关机构事务支出", ["1064.90", None, "1064.90"]),
        ("208", "社会保障和就业支出", ["2.80", "2.80", None]),
        ("20805", "行政事业单位养老支出", ["2.80", "2.80", None]),
        ("2080502", "事业单位离退休", ["2.80", "2.80", None]),
    ])
    basic = _table("basic", "一般公共预算财政拨款基本支出决算表", ["科目编码", "科目名称", "决算数"], [
        ("30101", "基本工资", ["100.00"])])
    items = items_by_path(build_line_items(stmts, [table, basic]))
    run = items[(GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务/事业运行")]
    assert (run.code, run.amount, run.table_amount, run.source) == ("2010350", D("512.51"), D("512.50"), "narrative")
    assert items[(GENERAL, "一般公共服务支出")].code == "201"
    assert items[(GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务")].code == "20103"
    extra = items[(GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务/其他政府办公厅（室）及相关机构事务支出")]
    assert (extra.source, extra.amount, extra.table_amount, extra.code) == ("table", None, D("1064.90"), "2010399")
    assert extra.path_key in items[(GENERAL, "一般公共服务支出/政府办公厅（室）及相关机构事务")].children
    assert items[(GENERAL, "社会保障和就业支出/行政事业单位养老支出/事业单位离退休")].table_amount == D("2.80")
    assert not any("基本工资" in k for _, k in items)  # economic codes are not line items


def test_table_helpers():
    fund = _table(None, "政府性基金预算财政拨款收入支出决算表", ["科目编码", "科目名称", "年初结转和结余", "本年收入", "本年支出/合计", "本年支出/基本支出", "年末结转和结余"], [
        ("2120803", "城市建设支出", ["11.00", "0.00", "5.00", "0.00", "6.00"])])
    assert table_fund(fund) == FUND
    assert spend_value(fund, fund.rows[0]) == D("5.00")
    assert table_fund(Table(name="一般公共预算财政拨款基本支出决算表", key="basic")) is None
    assert table_fund(Table(name="支出决算表", key="expenditure")) is None


def test_items_printed_with_a_code_instead_of_markers():
    from importers.extract.facts import analyse_text

    text = ("（1）2010350 事业运行：支出决算数为 512.51 万元，比上年增加 10.00 万元。\n"
            "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）机关服务（项）（2010303）：支出决算数为 1.00 万元。\n"
            "（2）2080505机关事业单位基本养老保险缴费支出 100.00万元。\n"
            "（3）2120104 城管执法：支出决算数为 0.00 万元。")
    stmts = analyse_text(text, "5", "general_budget")
    table = _table("general_budget", "一般公共预算财政拨款支出决算表", ["科目编码", "科目名称", "合计"], [
        ("212", "城乡社区支出", ["0.00"]), ("21201", "城乡社区管理事务", ["0.00"]), ("2120104", "城管执法", ["0.00"])])
    items = {i.code: i for i in build_line_items(stmts, [table])}
    run = items["2010350"]
    # Parents named by the path printed elsewhere in the document …
    assert run.path == ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "事业运行"]
    assert (run.amount, run.change, run.level) == (D("512.51"), D("10.00"), "项")
    # … or by a table row, the classification's 类 list, a 其他…支出 sibling; else the code itself.
    assert items["2120104"].path == ["城乡社区支出", "城乡社区管理事务", "城管执法"]
    assert items["2120104"].table_amount == D("0.00")
    assert items["2080505"].path == ["社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出"]
    assert (items["208"].level, items["208"].amount, items["208"].code) == ("类", None, "208")
    unknown = line_items_from_text("（1）2189901 某项新设事务：支出决算数为 1.00 万元。")
    assert [i.path_key for i in unknown] == ["218", "218/21899", "218/21899/某项新设事务"]
    others = line_items_from_text("(1)2010401 行政运行：决算数为 1.00 万元。(2)2010499 其他发展与改革事务支出：决算数为 2.00 万元。")
    assert [i.path_key for i in others] == ["一般公共服务支出", "一般公共服务支出/发展与改革事务",
                                            "一般公共服务支出/发展与改革事务/行政运行",
                                            "一般公共服务支出/发展与改革事务/其他发展与改革事务支出"]
    # A year is not a code.
    assert line_items_from_text("2024年度支出总计3,361.40万元。") == []


def test_code_led_structure_list_and_heads_split_from_their_amounts():
    text = ("2019年度一般公共预算财政拨款支出6619.61万元，主要用于：201 一般公共服务支出4968.65万元，占75.06%；"
            "208 社会保障和就业支出1138.24万元，占17.19%。\n"
            "8.住房保障支出(类)住房改革支出(款)住房公积金(项)。主要用于:\n"
            "在职人员社会保险缴费。年初预算为217.00万元, 支出决算为218.79万元, 完成年初预算的100.82%。\n"
            "9.住房保障支出(类)住房改革支出(款)购房补贴(项)。主要用于:购房补贴。年初预算为1.00万元, 支出决算为1.00万元。")
    items = items_by_path(line_items_from_text(text, GENERAL))
    assert (items[(GENERAL, "一般公共服务支出")].amount, items[(GENERAL, "一般公共服务支出")].code) == (D("4968.65"), "201")
    assert items[(GENERAL, "社会保障和就业支出")].share_pct == D("17.19")
    fund = items[(GENERAL, "住房保障支出/住房改革支出/住房公积金")]
    assert (fund.amount, fund.budget) == (D("218.79"), D("217.00"))
    assert items[(GENERAL, "住房保障支出/住房改革支出/购房补贴")].amount == D("1.00")
