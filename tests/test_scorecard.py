"""项目支出绩效自评表: the flattened seed scorecard and clean grid variants."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from importers.extract.scorecard import (
    extract_scorecards,
    find_scorecards,
    is_title,
    parse_scorecard,
    scorecard_blocks,
)
from juesuan_tui.models import Document, Section, Source

SEED = Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt"
D = Decimal


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


def seed_block() -> list[str]:
    """The seed's scorecard, cut by content (title line to the 总分 row)."""
    lines = seed_lines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "项目支出绩效自评表")
    end = next(i for i, line in enumerate(lines) if line.lstrip("\t").startswith("总分"))
    return lines[start : end + 1]


def doc_of(sections: list[Section], text: str = "") -> Document:
    source = Source(path="t.txt", sha256="0", format="text", imported_at=datetime(2025, 1, 1),
                    importer_version="test")
    return Document(id="t", title="t", unit="u", source=source, text=text, sections=sections)


def indicator_tuple(i):
    return (i.level1, i.level2, i.name, i.target_op, i.target_value, i.target_unit,
            i.actual_op, i.actual_value, i.actual_unit, i.weight, i.score)


# --- the seed -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_card():
    card = parse_scorecard(seed_block(), "2.11")
    assert card is not None
    return card


def test_seed_header(seed_card):
    assert seed_card.project == "乌鲁木齐市12345政务服务便民热线服务项目采购"
    assert seed_card.year == 2024
    assert seed_card.department == "乌鲁木齐市数字化发展局"
    assert seed_card.implementer == "乌鲁木齐市12345政务服务热线中心"
    assert seed_card.section == "2.11"


def test_seed_funds(seed_card):
    rows = {(f.name): f for f in seed_card.funds}
    assert list(rows) == ["年度资金总额", "当年财政拨款", "其他资金"]
    total = rows["年度资金总额"]
    assert (total.initial_budget, total.annual_budget, total.executed) == (D("985.00"), D("432.20"), D("432.20"))
    assert (total.weight, total.rate_pct, total.score) == (D("10"), D("100.00"), D("10.00"))
    fiscal = rows["当年财政拨款"]
    assert (fiscal.initial_budget, fiscal.annual_budget, fiscal.executed) == (D("985.00"), D("432.20"), D("432.20"))
    assert (fiscal.weight, fiscal.rate_pct, fiscal.score) == (None, None, None)
    other = rows["其他资金"]
    assert (other.initial_budget, other.annual_budget, other.executed) == (D("0.00"), D("0.00"), D("0.00"))


def test_seed_indicators_rebuilt_from_flattened_rows(seed_card):
    got = [indicator_tuple(i) for i in seed_card.indicators]
    assert got == [
        ("产出指标", "数量指标", "热线受理量", ">=", D("85"), "万条", "=", D("99.79"), "万条", D("20"), D("20")),
        ("产出指标", "质量指标", "一次性解答率", ">=", D("50"), "%", "=", D("56.85"), "%", D("5"), D("5")),
        ("产出指标", "质量指标", "质检率", ">=", D("1"), "%", "=", D("1"), "%", D("10"), D("10")),
        ("产出指标", "时效指标", "及时接通率", ">=", D("95"), "%", "=", D("99.99"), "%", D("15"), D("15")),
        ("效益指标", "社会效益指标", "实现全媒体渠道受理群众诉求", None, None, None, None, None, None, D("15"), D("15")),
        ("效益指标", "社会效益指标", "实现政务服务热线一号响应", None, None, None, None, None, None, D("15"), D("15")),
        ("满意度指标", "满意度指标", "市民满意度", ">=", D("90"), "%", "=", D("96.11"), "%", D("10"), D("10")),
    ]
    first, social = seed_card.indicators[0], seed_card.indicators[4]
    assert (first.target, first.actual) == (">=85 万条", "=99.79 万条")
    assert (social.target, social.actual) == ("有效实现", "完全达到预期")


def test_seed_notes_attach_to_their_rows(seed_card):
    notes = [i.note for i in seed_card.indicators]
    assert notes == [
        "工作效果有效提升，话务量略增。",
        "工作优化，现场解答量增加。",
        "",
        "工作机制优化，及时接通率提升。",
        "",
        "",
        "工作效果有效提升",
    ]


def test_seed_goal_and_totals(seed_card):
    assert len(seed_card.goals) == 1
    goal = seed_card.goals[0]
    assert goal.expected.startswith("通过“以12345热线中心管理为主")
    assert goal.expected.endswith("打造人民满意的政务服务热线。")
    assert goal.actual.startswith("通过将热线平台和话务服务进行外包的方式")
    assert goal.actual.endswith("保证信息系统及数据的完整性、安全性、准确性及时性。")
    assert (seed_card.total_weight, seed_card.total_score) == (D("100"), D("100.00"))
    # The weights add up: 10 for execution plus the indicators.
    assert seed_card.funds[0].weight + sum(i.weight for i in seed_card.indicators) == seed_card.total_weight


def test_seed_block_found_in_whole_text_and_sentence_mention_ignored():
    lines = seed_lines()
    blocks = scorecard_blocks(lines)
    assert len(blocks) == 1
    start, end = blocks[0]
    assert lines[start].strip() == "项目支出绩效自评表"
    assert lines[end - 1].lstrip("\t").startswith("总分")
    # The narrative ends with "具体附项目支出绩效自评表。": a mention, not a title.
    assert not is_title("下一步改进措施：加强沟通。具体附项目支出绩效自评表。")
    assert is_title("附件2：项目支出绩效自评表")
    assert is_title("2023年度项目支出绩效自评表")
    assert not is_title("部门整体支出绩效自评表")


def test_extract_from_document_sections_even_when_split():
    """A block that a sectioner split over two sections is still read whole."""
    block = seed_block()
    cut = len(block) // 2
    sections = [
        Section(id="1", level=1, number="十一、", title="预算绩效的情况说明",
                raw="十一、预算绩效的情况说明\n" + "\n".join(block[:cut]) + "\n"),
        Section(id="1.1", level=2, raw="\n".join(block[cut:]) + "\n"),
    ]
    cards = extract_scorecards(doc_of(sections))
    assert len(cards) == 1
    assert cards[0].section == "1"
    assert len(cards[0].indicators) == 7
    assert cards[0].total_score == D("100.00")


def test_document_without_sections_uses_text():
    cards = extract_scorecards(doc_of([], text="\n".join(seed_lines())))
    assert [c.project for c in cards] == ["乌鲁木齐市12345政务服务便民热线服务项目采购"]


# --- clean grid variants ----------------------------------------------------------

CLEAN_TAB = """项目支出绩效自评表
（2023年度）
项目名称\t社区养老服务补贴项目
主管部门\t某区民政局\t实施单位\t某区养老服务中心
项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分
\t年度资金总额\t200.00\t180.00\t171.00\t10\t95.00%\t9.50
\t其中：本年财政拨款\t200.00\t180.00\t171.00\t—\t95.00%\t—
\t上年结转资金\t0.00\t0.00\t0.00\t—\t—\t—
\t其他资金\t—\t—\t—\t—\t—\t—
年度总体目标\t预期目标\t实际完成情况
\t为辖区老年人提供助餐服务\t全年提供助餐服务3.2万人次
绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
\t产出指标\t数量指标\t助餐服务人次\t≥3万人次\t3.2万人次\t20\t20\t
\t\t质量指标\t服务合格率\t≥95%\t97%\t15\t15\t
\t\t时效指标\t补贴发放及时率\t=100%\t98%\t10\t9.8\t个别街道材料报送滞后
\t\t成本指标\t人均补贴标准\t≤50元\t48元\t5\t5\t
\t效益指标\t社会效益指标\t老年人生活质量\t明显改善\t有所改善\t30\t27\t服务覆盖面仍需扩大
\t满意度指标\t服务对象满意度指标\t老年人满意度\t≥90%\t92.5%\t10\t10\t
总分\t\t\t\t\t\t100\t95.30\t
"""


def test_clean_tab_grid():
    (card,) = find_scorecards(CLEAN_TAB.split("\n"))
    assert (card.project, card.year, card.department, card.implementer) == (
        "社区养老服务补贴项目", 2023, "某区民政局", "某区养老服务中心")
    assert [f.name for f in card.funds] == ["年度资金总额", "本年财政拨款", "上年结转资金", "其他资金"]
    assert card.funds[0].rate_pct == D("95.00") and card.funds[0].score == D("9.50")
    assert card.funds[1].rate_pct == D("95.00") and card.funds[1].weight is None
    assert card.funds[3].executed is None
    assert [(g.expected, g.actual) for g in card.goals] == [("为辖区老年人提供助餐服务", "全年提供助餐服务3.2万人次")]
    got = [indicator_tuple(i) for i in card.indicators]
    assert got == [
        ("产出指标", "数量指标", "助餐服务人次", ">=", D("3"), "万人次", None, D("3.2"), "万人次", D("20"), D("20")),
        ("产出指标", "质量指标", "服务合格率", ">=", D("95"), "%", None, D("97"), "%", D("15"), D("15")),
        ("产出指标", "时效指标", "补贴发放及时率", "=", D("100"), "%", None, D("98"), "%", D("10"), D("9.8")),
        ("产出指标", "成本指标", "人均补贴标准", "<=", D("50"), "元", None, D("48"), "元", D("5"), D("5")),
        ("效益指标", "社会效益指标", "老年人生活质量", None, None, None, None, None, None, D("30"), D("27")),
        ("满意度指标", "服务对象满意度指标", "老年人满意度", ">=", D("90"), "%", None, D("92.5"), "%", D("10"), D("10")),
    ]
    assert card.indicators[2].note == "个别街道材料报送滞后"
    assert card.indicators[4].target == "明显改善"
    assert (card.total_weight, card.total_score) == (D("100"), D("95.30"))


PIPE_101 = """| 项目支出绩效自评表 |
| (2022年度) |
| 项目名称 | 农村道路养护 |
| 主管部门 | 某县交通运输局 | 实施单位 | 某县公路管理所 |
| 项目资金(万元) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
| | 年度资金总额 | 50.00 | 60.00 | 60.00 | 10 | 100.00% | 10.00 |
| | 其中:当年财政拨款 | 50.00 | 60.00 | 60.00 | — | — | — |
| | 上年结转资金 | | | | — | — | — |
| 年度总体目标 | 预期目标 | | 实际完成情况 | |
| | 完成县乡道路养护120公里 | | 完成养护125公里 | |
| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
|---|---|---|---|---|---|---|---|---|
| | 成本指标 | 经济成本指标 | 每公里养护成本 | ≤0.5万元 | 0.48万元 | 20 | 20 | |
| | 产出指标 | 数量指标 | 养护里程 | ≥120公里 | 125公里 | 30 | 30 | |
| | 效益指标 | 可持续影响指标 | 道路使用年限 | 有效延长 | 达到预期 | 30 | 30 | |
| | 满意度指标 | 满意度指标 | 群众满意度 | ＞85% | 90% | 10 | 9 | 个别路段施工扰民 |
| 总分 | | | | | | 100 | 99.00 | |
"""


def test_pipe_grid_with_101_cost_level():
    (card,) = find_scorecards(PIPE_101.split("\n"))
    assert card.project == "农村道路养护" and card.year == 2022
    assert [f.name for f in card.funds] == ["年度资金总额", "当年财政拨款", "上年结转资金"]
    assert card.funds[2].initial_budget is None
    levels = [(i.level1, i.level2) for i in card.indicators]
    assert levels == [("成本指标", "经济成本指标"), ("产出指标", "数量指标"),
                      ("效益指标", "可持续影响指标"), ("满意度指标", "满意度指标")]
    cost = card.indicators[0]
    assert (cost.target_op, cost.target_value, cost.target_unit) == ("<=", D("0.5"), "万元")
    satisfaction = card.indicators[3]
    assert (satisfaction.target_op, satisfaction.target_value) == (">", D("85"))
    assert satisfaction.score == D("9") and satisfaction.note == "个别路段施工扰民"
    assert card.goals[0].actual == "完成养护125公里"
    assert card.total_score == D("99.00")


SICHUAN = """部门预算项目支出绩效自评表
（2023年度）
项目名称\t51000021R000000019951-工资性支出
主管部门\t某县教育局\t实施单位\t某县第一中学
预算执行情况（万元）(10分)\t年初预算\t调整后预算数\t预算执行数\t预算执行率\t权重\t得分
\t总额\t100.00\t110.00\t99.00\t90.00%\t10\t9.00
\t其中：财政资金\t100.00\t110.00\t99.00\t90.00%\t—\t—
绩效指标(90分)\t一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t完成值\t权重\t得分\t未完成原因分析
\t产出指标\t数量指标\t保障在职教师人数\t≥\t120\t人\t126\t30\t30\t
\t效益指标\t社会效益指标\t教育教学秩序\t定性\t稳定\t\t稳定\t30\t30\t
\t满意度指标\t服务对象满意度\t教师满意度\t≥\t90\t%\t93\t30\t29\t部分教师对绩效分配有意见
总分\t\t\t\t\t\t\t\t90\t89.00\t
"""


def test_sichuan_form_with_operator_and_unit_columns():
    (card,) = find_scorecards(SICHUAN.split("\n"))
    assert card.project == "51000021R000000019951-工资性支出"
    total = card.funds[0]
    # Columns in the header's own order: 执行率 before 权重.
    assert (total.name, total.annual_budget, total.executed, total.rate_pct, total.weight, total.score) == (
        "总额", D("110.00"), D("99.00"), D("90.00"), D("10"), D("9.00"))
    staff, order, satisfaction = card.indicators
    assert (staff.target_op, staff.target_value, staff.target_unit, staff.actual_value, staff.actual_unit) == (
        ">=", D("120"), "人", D("126"), "人")
    assert staff.target == "≥120人"
    assert (order.target, order.actual, order.target_op) == ("稳定", "稳定", None)
    assert satisfaction.level2 == "服务对象满意度指标"
    assert (satisfaction.score, satisfaction.note) == (D("29"), "部分教师对绩效分配有意见")
    assert (card.total_weight, card.total_score) == (D("90"), D("89.00"))


def test_single_space_row_and_text_operators():
    lines = [
        "项目支出绩效自评表",
        "项目名称\t示例项目",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "数量指标 培训人次 不低于500人次 =520人次 20 20",
        "时效指标\t完成时间\t2024年12月31日前\t按时完成\t10\t10",
        "总分\t100\t100",
    ]
    (card,) = find_scorecards(lines)
    first, second = card.indicators
    assert (first.level1, first.level2, first.name) == ("产出指标", "数量指标", "培训人次")
    assert (first.target_op, first.target_value, first.target_unit) == (">=", D("500"), "人次")
    assert (first.actual_op, first.actual_value, first.weight, first.score) == ("=", D("520"), D("20"), D("20"))
    # A date is not a number with a unit.
    assert (second.target, second.target_value, second.actual) == ("2024年12月31日前", None, "按时完成")


def test_two_scorecards_in_a_row_and_no_false_block():
    lines = CLEAN_TAB.split("\n") + ["", "说明：以上为本单位项目支出绩效自评表。"] + PIPE_101.split("\n")
    cards = find_scorecards(lines)
    assert [c.project for c in cards] == ["社区养老服务补贴项目", "农村道路养护"]
    assert find_scorecards(["项目支出绩效自评表", "无", "", "", "", "", "", "", "其他"]) == []


def test_bare_level2_names_and_labels_outside_the_taxonomy():
    lines = [
        "项目支出绩效自评表",
        "项目名称\t示例项目",
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "效益指标\t社会效益\t群众知晓率\t≥80%\t85%\t10\t10",
        "满意度指标\t满意度\t≥90%\t95%\t10\t10",
        "产出指标\t项目完成指标\t完成项目数\t=3个\t=3个\t10\t10",
        "总分\t30\t30",
    ]
    (card,) = find_scorecards(lines)
    got = [(i.level1, i.level2, i.name, i.target_value) for i in card.indicators]
    assert got == [
        ("效益指标", "社会效益指标", "群众知晓率", D("80")),
        # "满意度" followed by a value is the indicator's own name.
        ("满意度指标", "满意度指标", "满意度", D("90")),
        ("产出指标", "项目完成指标", "完成项目数", D("3")),
    ]


@pytest.fixture(scope="module")
def loaded_seed():
    import importers

    return importers.load(SEED)


def test_seed_end_to_end(loaded_seed, seed_card):
    (card,) = loaded_seed.scorecards
    assert card.model_dump(exclude={"section"}) == seed_card.model_dump(exclude={"section"})
    section = loaded_seed.section(card.section)
    assert section is not None and "项目支出绩效自评表" in section.raw


def test_traditional_characters_mirror():
    import zhconv
    block = [zhconv.convert(line, "zh-hant") for line in seed_block()]
    assert block[0] != seed_block()[0]  # the conversion did change the text
    card = parse_scorecard(block)
    assert card is not None
    assert card.project == "乌鲁木齐市12345政务服务便民热线服务项目采购"
    assert [(i.level1, i.level2) for i in card.indicators] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
        ("效益指标", "社会效益指标"), ("效益指标", "社会效益指标"), ("满意度指标", "满意度指标")]
    assert card.indicators[0].target_unit == "万条"
    assert [f.name for f in card.funds] == ["年度资金总额", "当年财政拨款", "其他资金"]
