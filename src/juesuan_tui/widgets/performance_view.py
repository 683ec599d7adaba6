"""绩效: each 项目支出绩效自评表 — funds and execution, goals, indicator tree and total."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table as RichTable
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from juesuan_tui.format import DASH, amount, bar, clean, one_line, percent
from juesuan_tui.models import Document, Scorecard
from juesuan_tui.views import IndicatorRow, indicator_rows
from juesuan_tui.widgets.paragraph import CJKText
from juesuan_tui.widgets.table_fill import fill_table

BAR_WIDTH = 8
ROW_STYLE = {"level1": "bold", "level2": "bold dim", "indicator": "", "total": "bold reverse"}
INDENT = {"level1": 0, "level2": 1, "indicator": 2, "total": 0}


def _num(value: Decimal | None) -> Text:
    return Text(DASH if value is None else f"{value:f}", justify="right")


def score_bar(row: IndicatorRow) -> Text:
    """得分/分值 as a bar; empty when either is unknown."""
    if row.weight is None or row.score is None or row.weight == 0:
        return Text(" " * BAR_WIDTH)
    fraction = row.score / row.weight
    return Text(bar(fraction, BAR_WIDTH), style="green" if fraction >= 1 else "yellow")


class PerformanceView(VerticalScroll):
    """All scorecards of a document, one after another."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scorecards: list[Scorecard] = []

    async def show(self, document: Document) -> None:
        self.scorecards = list(document.scorecards)
        await self.remove_children()
        if not self.scorecards:
            await self.mount(Static(Text("本文档没有项目支出绩效自评表。"), classes="notice"))
            return
        widgets = []
        for i, card in enumerate(self.scorecards):
            widgets.extend(self._card_widgets(i, card))
        await self.mount_all(widgets)

    def _card_widgets(self, index: int, card: Scorecard) -> list:
        header = Text(one_line(card.project), style="bold")
        if card.year:
            header.append(f"（{card.year}年度）")
        for label, value in (("主管部门", card.department), ("实施单位", card.implementer)):
            if value:
                header.append(f"\n{label}：{one_line(value)}")
        widgets: list = [Static(header, classes="card-title")]

        funds: DataTable[Text] = DataTable(id=f"card-{index}-funds", classes="card-funds", cursor_type="row",
                                           zebra_stripes=True)
        headers = [Text("项目资金（万元）")] + [Text(label, justify="right") for label in
                                               ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")]
        rows = [[Text(one_line(row.name)),
                 *(Text(amount(v), justify="right") for v in (row.initial_budget, row.annual_budget, row.executed)),
                 _num(row.weight), Text(percent(row.rate_pct), justify="right"), _num(row.score)]
                for row in card.funds]
        fill_table(funds, headers, rows, caps={0: 18})
        widgets.append(funds)

        if card.goals:
            goals = RichTable(expand=True, show_lines=True, title="年度总体目标", title_justify="left")
            goals.add_column("预期目标", ratio=1)
            goals.add_column("实际完成情况", ratio=1)
            for goal in card.goals:
                # CJKText wraps long Chinese cells; Rich alone would cut them with an ellipsis.
                goals.add_row(CJKText(Text(clean(goal.expected))), CJKText(Text(clean(goal.actual))))
            widgets.append(Static(goals, classes="card-goals"))

        indicators: DataTable[Text] = DataTable(id=f"card-{index}-indicators", classes="card-indicators",
                                                cursor_type="row", zebra_stripes=True)
        headers = [Text("指标"), Text("年度指标值"), Text("实际完成值"), Text("分值", justify="right"),
                   Text("得分", justify="right"), Text("得分/分值"), Text("偏差原因分析及改进措施")]
        rows = []
        for row in indicator_rows(card):
            rows.append([Text("  " * INDENT[row.kind] + one_line(row.name), style=ROW_STYLE[row.kind]),
                         Text(one_line(row.target)), Text(one_line(row.actual)), _num(row.weight), _num(row.score),
                         score_bar(row), Text(one_line(row.note))])
        fill_table(indicators, headers, rows, caps={0: 22, 1: 14, 2: 14, 6: 24})
        widgets.append(indicators)
        return widgets
