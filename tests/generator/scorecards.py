"""项目支出绩效自评表 printed as flattened tables: tab-separated (PDF text), ``|`` rows (HTML), grids."""

from __future__ import annotations

import random
import re
from decimal import Decimal

from .ledger import Indicator, Scorecard


def _n(value: Decimal | None, places: bool = True) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" if places else _short(value)


def _short(value: Decimal) -> str:
    """20 → "20", 19.50 → "19.5"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _wrap_cell(text: str, rng: random.Random, chance: float) -> str:
    """A long cell wrapped inside the PDF cell comes out with spaces every few characters."""
    if len(text) < 7 or rng.random() >= chance:
        return text
    width = rng.randint(3, 5)
    return " ".join(text[i:i + width] for i in range(0, len(text), width))


def _label_rows(indicators: list[Indicator], middle: bool) -> list[tuple[str, str]]:
    """The (level1, level2) cell of each row of a merged-cell column: on the first row of each
    group, or (as PDF text extraction shows vertically centred labels) on its middle row."""
    l1 = [""] * len(indicators)
    l2 = [""] * len(indicators)
    for attr, cells in (("level1", l1), ("level2", l2)):
        start = 0
        while start < len(indicators):
            end = start
            key = (indicators[start].level1, getattr(indicators[start], attr))
            while end < len(indicators) and (indicators[end].level1, getattr(indicators[end], attr)) == key:
                end += 1
            row = start + (end - start - 1) // 2 if middle else start
            cells[row] = getattr(indicators[start], attr)
            start = end
    return list(zip(l1, l2))


def tab_lines(card: Scorecard, year: int, rng: random.Random) -> list[str]:
    """The seed's flattened form: tab-separated cells, merged labels on the middle row, wrapped cells."""
    places = rng.random() < 0.3
    wrap = 0.4 if rng.random() < 0.5 else 0.0
    shift = rng.random() < 0.5  # leading empty cells dropped by the extractor
    lines = [
        "项目支出绩效自评表",
        f"({year} 年度)" if rng.random() < 0.5 else f"（{year}年度）",
        f"项目名称\t\t{card.project}\t\t\t\t\t",
        f"主管部门\t{card.department}\t\t实施单位\t{card.implementer}\t\t\t",
        "\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
    ]
    for n, row in enumerate(card.funds):
        head = "项目资金 (万元)\t" if n == 0 else "\t"
        name = row.name if n in (0, len(card.funds) - 1) or row.name != "当年财政拨款" else "其中：当年财政拨款"
        if row.weight is None:
            tail = "—\t—"
        else:
            tail = f"{_short(row.weight)}\t{row.rate_pct:.2f}% {row.score:.2f} 分"
        lines.append(f"{head}{name}\t\t{_n(row.initial_budget)}\t{_n(row.annual_budget)}\t{_n(row.executed)}\t{tail}")
    lines += [
        "预期目标\t\t\t\t实际完成情况\t\t",
        f"年度总体 目标\t{card.goal_expected}\t\t\t\t{card.goal_actual}\t\t",
        "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分 偏差原因分析及改 进措施",
    ]
    for n, (ind, (l1, l2)) in enumerate(zip(card.indicators, _label_rows(card.indicators, middle=True))):
        cells = [l1, l2, _wrap_cell(ind.name, rng, wrap), ind.target, ind.actual,
                 _n(ind.weight, places), _n(ind.score, places), ind.note]
        if shift:
            while cells and not cells[0]:
                cells.pop(0)
        prefix = "年度绩效 指标完成 情况\t" if n == 0 else ("\t" if not shift else "")
        lines.append(prefix + "\t".join(cells).rstrip("\t"))
    lines.append(f"\t总分\t\t\t{_short(card.total_weight)}\t{card.total_score:.2f}\t分")
    return lines


def pipe_lines(card: Scorecard, year: int, rng: random.Random) -> list[str]:
    """An HTML table turned into text: ``|`` rows; merged cells only on their first row, or repeated."""
    repeat = rng.random() < 0.4
    places = rng.random() < 0.5

    def row(*cells: str) -> str:
        return "| " + " | ".join(cells) + " |"

    lines = [
        f"{year}年度项目支出绩效自评表" if rng.random() < 0.5 else "项目支出绩效自评表",
        row("项目名称", card.project),
        row("主管部门", card.department, "实施单位", card.implementer),
        row("项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    ]
    for fund in card.funds:
        weight = "—" if fund.weight is None else _short(fund.weight)
        rate = "—" if fund.rate_pct is None else f"{fund.rate_pct:.2f}%"
        score = "—" if fund.score is None else f"{fund.score:.2f}"
        lines.append(row("", fund.name, _n(fund.initial_budget), _n(fund.annual_budget), _n(fund.executed),
                         weight, rate, score))
    lines += [
        row("年度总体目标", "预期目标", "实际完成情况"),
        row("", card.goal_expected, card.goal_actual),
        row("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
            "偏差原因分析及改进措施"),
    ]
    for ind, (l1, l2) in zip(card.indicators, _label_rows(card.indicators, middle=False)):
        labels = [ind.level1, ind.level2] if repeat else [c for c in (l1, l2) if c]
        lines.append(row(*labels, ind.name, ind.target, ind.actual, _n(ind.weight, places),
                         _n(ind.score, places), ind.note))
    lines.append(row("总分", _short(card.total_weight), f"{card.total_score:.2f}"))
    return lines


def grid_lines(card: Scorecard, year: int, rng: random.Random) -> list[str]:
    """A text grid with runs of spaces between cells and every label repeated."""
    gap = " " * rng.randint(2, 4)
    join = gap.join
    lines = [
        "项目支出绩效自评表",
        f"（{year}年度）",
        join(["项目名称", card.project]),
        join(["主管部门", card.department, "实施单位", card.implementer]),
        join(["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]),
    ]
    for fund in card.funds:
        tail = ["—", "—", "—"] if fund.weight is None else [
            _short(fund.weight), f"{fund.rate_pct:.2f}%", f"{fund.score:.2f}"]
        lines.append(join([fund.name, _n(fund.initial_budget), _n(fund.annual_budget), _n(fund.executed), *tail]))
    lines += [
        join(["年度总体目标", "预期目标", card.goal_expected]),
        join(["", "实际完成情况", card.goal_actual]).strip(),
        join(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]),
    ]
    for ind in card.indicators:
        cells = [ind.level1, ind.level2, ind.name, ind.target, ind.actual, _short(ind.weight), _short(ind.score)]
        if ind.note:
            cells.append(ind.note)
        lines.append(join(cells))
    lines.append(join(["总分", _short(card.total_weight), f"{card.total_score:.2f}"]))
    return lines


_SPLIT_VALUE = re.compile(r"^(?P<op>>=|<=|≥|≤|=)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>.*)$")


def _split_value(text: str) -> tuple[str, str, str] | None:
    """(operator, number, unit) of a target or actual such as ``≥85 万条``; None for qualitative text."""
    m = _SPLIT_VALUE.match(text)
    return None if m is None else (m.group("op") or "", m.group("num"), m.group("unit").strip())


def sichuan_lines(card: Scorecard, year: int, rng: random.Random, code: str) -> tuple[list[str], list[dict]]:
    """The Sichuan 部门预算项目支出绩效自评表 (domain.md §5.2): a project code before the name,
    预算执行情况 with 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分, and indicators
    with 指标性质 (=, ≥, ≤), 指标值, 度量单位 and 完成值 in columns of their own.

    Returns the lines and, per indicator, the truth as an extractor should rebuild it
    (operator + value + unit for a target, value + unit for an actual).
    """
    pipe = rng.random() < 0.6
    repeat = rng.random() < 0.4

    def row(*cells: str) -> str:
        return "| " + " | ".join(cells) + " |" if pipe else "\t".join(cells).rstrip("\t")

    project = f"{code}-{card.project}"
    total = card.funds[0]
    lines = [
        f"{year}年度部门预算项目支出绩效自评表" if rng.random() < 0.5 else "部门预算项目支出绩效自评表",
        f"（{year}年度）",
        row("项目名称", project),
        row("主管部门", card.department, "实施单位", card.implementer),
        row("项目年度目标", card.goal_expected),
        row("年度目标完成情况", card.goal_actual),
        row("预算执行情况（10分）", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"),
        row("总额", _n(total.initial_budget), _n(total.annual_budget), _n(total.executed),
            f"{total.rate_pct:.2f}%", _short(total.weight or Decimal(10)), f"{total.score:.2f}", ""),
    ]
    names = {"当年财政拨款": "其中：财政资金", "上年结转资金": "财政专户管理资金", "其他资金": "其他资金"}
    for fund in card.funds[1:]:
        lines.append(row(names.get(fund.name, fund.name), _n(fund.initial_budget), _n(fund.annual_budget),
                         _n(fund.executed), "—", "—", "—", ""))
    lines.append(row("绩效指标（90分）", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值",
                     "权重", "得分", "未完成原因分析"))
    truth: list[dict] = []
    for ind, (l1, l2) in zip(card.indicators, _label_rows(card.indicators, middle=False)):
        target, actual = _split_value(ind.target), _split_value(ind.actual)
        if target is None or actual is None:
            op, value, unit, done = "定性", ind.target, "", ind.actual
            want_target, want_actual = ind.target, ind.actual
        else:
            op, value, unit = target
            done = actual[1]
            want_target, want_actual = f"{op}{value}{unit}", f"{done}{unit}"
        labels = [ind.level1, ind.level2] if repeat else [l1, l2]
        lines.append(row("", *labels, ind.name, op, value, unit, done, _short(ind.weight), _short(ind.score),
                         ind.note))
        truth.append({"project": project, "level1": ind.level1, "level2": ind.level2, "name": ind.name,
                      "target": want_target, "actual": want_actual, "weight": ind.weight, "score": ind.score})
    lines += [
        row("总分", _short(card.total_weight), f"{card.total_score:.2f}"),
        row("评价结论", "项目实施情况良好，基本达到预期目标。"),
        row("存在问题", "绩效目标设置还不够细化。"),
        row("改进措施", "加强项目前期论证和绩效运行监控。"),
    ]
    return lines, truth
