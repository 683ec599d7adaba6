"""绩效: each 项目支出绩效自评表 — funds and execution, goals, indicator tree and total."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table as RichTable
from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import DataTable, Static

from juesuan_tui.format import DASH, amount, bar, clean, one_line, percent
from juesuan_tui.models import Document, Finding, Scorecard
from juesuan_tui.views import IndicatorRow, indicator_rows, scorecard_findings, worst
from juesuan_tui.widgets.drilldown import MARK_STYLE, finding_mark
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
        self.findings: dict[tuple[int, str, int | None], list[Finding]] = {}
        # Whether each shown card has goals (the widgets mounted), None before the first show.
        self._shape: tuple[bool, ...] | None = None

    async def show(self, document: Document) -> None:
        self.scorecards = list(document.scorecards)
        self.findings = scorecard_findings(document)
        shape = tuple(bool(card.goals) for card in self.scorecards)
        if shape and shape == self._shape:
            # Same cards with the same parts as shown: refill the widgets in place
            # (mounting new tables costs several times more than refilling them).
            for i, card in enumerate(self.scorecards):
                self._fill_card(i, card)
            self.scroll_home(animate=False)
            return
        await self.remove_children()
        self._shape = shape
        if not self.scorecards:
            await self.mount(Static(Text("本文档没有项目支出绩效自评表。"), classes="notice"))
            return
        widgets = []
        for i, card in enumerate(self.scorecards):
            widgets.extend(self._card_widgets(i, card))
        await self.mount_all(widgets)

    def reveal(self, card: int, part: str | None, index: int | None) -> bool:
        """Focus the row a scorecard finding points at (a 项目资金 row, an indicator or the total)."""
        if card >= len(self.scorecards):
            return False
        if part == "funds":
            table = self.query_one(f"#card-{card}-funds", DataTable)
            row = index or 0
        else:
            table = self.query_one(f"#card-{card}-indicators", DataTable)
            rows = indicator_rows(self.scorecards[card])
            wanted = [n for n, r in enumerate(rows)
                      if (part == "total" and r.kind == "total") or (part == "indicator" and r.index == index)]
            row = wanted[0] if wanted else 0
        table.focus()
        if row < table.row_count:
            table.move_cursor(row=row, animate=False)
        self.call_after_refresh(self._scroll_to_row, table, row)
        return True

    def _scroll_to_row(self, table: DataTable, row: int) -> None:
        """Scroll this view (the tables are as tall as their rows) so ``row`` is in sight."""
        rows = table.ordered_rows
        if not 0 <= row < len(rows):
            return
        y = sum(r.height for r in rows[:row]) + (table.header_height if table.show_header else 0)
        region = Region(0, table.virtual_region.y + y, 1, rows[row].height)
        self.scroll_to_region(region, animate=False, center=True, immediate=True)

    @staticmethod
    def _mark(findings: list[Finding], cells: list[Text], numbers: tuple[int, ...]) -> Text:
        """The row's marker; the row's ``numbers`` cells are underlined in the worst finding's colour."""
        severity = worst(findings)
        if severity is not None:
            for n in numbers:
                cells[n].stylize(MARK_STYLE[severity] + " underline")
        return finding_mark(findings)

    def _card_widgets(self, index: int, card: Scorecard) -> list:
        """New widgets for one card: title, funds, goals (when it has any), indicators."""
        widgets: list = [Static(classes="card-title", id=f"card-{index}-title")]
        widgets.append(DataTable(id=f"card-{index}-funds", classes="card-funds", cursor_type="row",
                                 zebra_stripes=True))
        if card.goals:
            widgets.append(Static(classes="card-goals", id=f"card-{index}-goals"))
        widgets.append(DataTable(id=f"card-{index}-indicators", classes="card-indicators",
                                 cursor_type="row", zebra_stripes=True))
        self._fill_card(index, card, widgets)
        return widgets

    def _fill_card(self, index: int, card: Scorecard, widgets: list | None = None) -> None:
        """Show ``card`` in its widgets (``widgets`` not yet mounted, else the mounted ones)."""
        def part(name: str):
            if widgets is not None:
                return next(w for w in widgets if w.id == f"card-{index}-{name}")
            return self.query_one(f"#card-{index}-{name}")

        header = Text().append(one_line(card.project), style="bold")
        if card.year:
            header.append(f"（{card.year}年度）")
        for label, value in (("主管部门", card.department), ("实施单位", card.implementer)):
            if value:
                header.append(f"\n{label}：{one_line(value)}")
        part("title").update(header)

        headers = [Text("项目资金（万元）")] + [Text(label, justify="right") for label in
                                               ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")]
        rows = [[Text(one_line(row.name)),
                 *(Text(amount(v), justify="right") for v in (row.initial_budget, row.annual_budget, row.executed)),
                 _num(row.weight), Text(percent(row.rate_pct), justify="right"), _num(row.score)]
                for row in card.funds]
        marked = any(key[0] == index for key in self.findings)
        if marked:
            headers.append(Text("检查"))
            for n, row in enumerate(rows):
                row.append(self._mark(self.findings.get((index, "funds", n), []), row, (1, 2, 3, 4, 5, 6)))
        fill_table(part("funds"), headers, rows, caps={0: 18})

        if card.goals:
            goals = RichTable(expand=True, show_lines=True, title="年度总体目标", title_justify="left")
            goals.add_column("预期目标", ratio=1)
            goals.add_column("实际完成情况", ratio=1)
            for goal in card.goals:
                # CJKText wraps long Chinese cells; Rich alone would cut them with an ellipsis.
                goals.add_row(CJKText(Text(clean(goal.expected))), CJKText(Text(clean(goal.actual))))
            part("goals").update(goals)

        headers = [Text("指标"), Text("年度指标值"), Text("实际完成值"), Text("分值", justify="right"),
                   Text("得分", justify="right"), Text("得分/分值"), Text("偏差原因分析及改进措施")]
        rows = []
        for row in indicator_rows(card):
            cells = [Text("  " * INDENT[row.kind] + one_line(row.name), style=ROW_STYLE[row.kind]),
                     Text(one_line(row.target)), Text(one_line(row.actual)), _num(row.weight), _num(row.score),
                     score_bar(row), Text(one_line(row.note))]
            if marked:
                key = (index, "total", None) if row.kind == "total" else (index, "indicator", row.index)
                cells.append(self._mark(self.findings.get(key, []) if row.kind in ("total", "indicator") else [],
                                        cells, (3, 4)))
            rows.append(cells)
        if marked:
            headers.append(Text("检查"))
        fill_table(part("indicators"), headers, rows, caps={0: 22, 1: 14, 2: 14, 6: 24})
