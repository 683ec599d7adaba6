"""项目支出绩效自评表 printed as flattened tables: tab-separated (PDF text), ``|`` rows (HTML), grids."""

from __future__ import annotations

import random
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
