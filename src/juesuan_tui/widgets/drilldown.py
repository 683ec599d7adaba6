"""类款项: drill from a fund into its 类, 款 and 项 with shares, changes and sum checks."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from juesuan_tui.format import DASH, amount, bar, clean, fit, one_line, percent
from juesuan_tui.models import Finding
from juesuan_tui.views import SEVERITY_LABELS, SEVERITY_MARKS, DrillNode, find_drill_node, worst
from juesuan_tui.widgets.paragraph import Paragraph
from juesuan_tui.widgets.table_fill import fill_table, text_width

CHECK_STYLE = {"✓": "green", "✗": "bold red", "—": "dim"}
MARK_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}


def finding_mark(findings: list[Finding]) -> Text:
    """One marker for the worst of ``findings`` (错 / 警 / 提), empty when there are none."""
    severity = worst(findings)
    if severity is None:
        return Text("")
    return Text(SEVERITY_MARKS[severity], style=MARK_STYLE[severity])
BAR_WIDTH = 6


def share_cell(value: Decimal | None) -> Text:
    """``47.80% ███▏`` — the share of the parent as a number and a bar."""
    text = Text(fit(percent(value), 7, "right") + " ")
    text.append(bar(value / 100 if value is not None else None, BAR_WIDTH), style="blue")
    return text


class DrillDown(Vertical):
    """A breadcrumb, the current level's children in a table, and the selected item's reason."""

    BINDINGS = [
        Binding("backspace", "up", "上一级"),
        Binding("escape", "up", "上一级", show=False),
    ]

    class Moved(Message):
        """The highlighted item changed (the context panel follows it)."""

        def __init__(self, node: DrillNode | None) -> None:
            super().__init__()
            self.node = node

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.root: DrillNode | None = None
        self.current: DrillNode | None = None
        self.findings: dict[DrillNode, list[Finding]] = {}
        self._detail_for: DrillNode | None = None  # the item the detail and the context show
        self._filled_width: int | None = None  # the width the table was last filled for
        self._shown_width = 0  # the last width it had while shown

    def compose(self) -> ComposeResult:
        yield Static(id="drill-trail", markup=False)
        table: DataTable[Text] = DataTable(id="drill-table", cursor_type="row", zebra_stripes=True)
        yield table
        with VerticalScroll(id="drill-detail"):
            yield Paragraph(Text(), id="drill-detail-text")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#drill-table", DataTable)

    @property
    def trail_names(self) -> list[str]:
        """Names from the fund down to the current level (empty at the list of funds)."""
        return [n.name for n in self.current.trail[1:]] if self.current else []

    @property
    def detail_text(self) -> str:
        """The selected item's details, as plain text."""
        return self.query_one("#drill-detail-text", Paragraph).text.plain

    @property
    def rows(self) -> list[DrillNode]:
        return list(self.current.children) if self.current else []

    @property
    def highlighted(self) -> DrillNode | None:
        rows = self.rows
        row = self.table.cursor_row
        return rows[row] if 0 <= row < len(rows) else None

    def show(self, root: DrillNode, findings: dict[DrillNode, list[Finding]] | None = None) -> None:
        """Start at the list of funds of a new document; ``findings`` are marked on their items."""
        self.root = root
        self.current = root
        self.findings = dict(findings or {})
        self._detail_for = None
        self._refresh_level()

    def reveal(self, names: tuple[str, ...] | list[str]) -> bool:
        """Open the level holding the item at ``names`` (fund, then 类/款/项) with the cursor on it."""
        if self.root is None:
            return False
        node = find_drill_node(self.root, names)
        if node is None or node.parent is None:
            return False
        self.current = node.parent
        self._refresh_level(select=node)
        return True

    def descend(self, node: DrillNode) -> bool:
        """Open ``node``'s children; False when it has none."""
        if not node.children:
            return False
        self.current = node
        self._refresh_level()
        return True

    def action_up(self) -> None:
        """Back to the parent level, with the cursor on where we came from."""
        if self.current is None or self.current.parent is None:
            return
        came_from = self.current
        self.current = self.current.parent
        self._refresh_level(select=came_from)

    def on_resize(self) -> None:
        # Only a new width changes the table (the name column's cap); a tab shown again
        # announces the width it was filled for, and refilling then cost a second repaint.
        if self.current is not None and self._width() != self._filled_width:
            self._refresh_level(select=self.highlighted)

    def _width(self) -> int:
        """The width to fill the table for: the current one, or while hidden (0) the last shown."""
        if self.size.width:
            self._shown_width = self.size.width
        return self._shown_width or 80

    def _refresh_level(self, select: DrillNode | None = None) -> None:
        node = self.current
        table = self.table
        if node is None:
            table.clear(columns=True)
            return
        headers = [Text("名称"), Text("金额", justify="right"), Text("占上级"), Text("增减", justify="right"),
                   Text("增减率", justify="right"), Text("合计")]
        # Findings are marked beside the sum check (错/警/提), adding no column: the table
        # already fills the centre at 120 columns.
        marked = bool(self.findings)
        if marked:
            headers[5] = Text("合计/检查")
        rows = []
        for child in node.children:
            share_value = child.share_of_parent
            row = [
                Text(one_line(child.name) + (" ▸" if child.children else "")),
                Text(amount(child.amount), justify="right", style="italic dim" if child.derived else ""),
                share_cell(share_value),
                Text(amount(child.change, signed=True), justify="right"),
                Text(percent(child.change_pct, signed=True), justify="right"),
                Text(child.check, style=CHECK_STYLE[child.check]),
            ]
            found = self.findings.get(child)
            if found:
                row[5].append(" ").append_text(finding_mark(found))
            rows.append(row)
        # The numeric columns always fit; names take what is left and wrap (never cut mid-character).
        pad = 2 * table.cell_padding
        numbers = sum(max([text_width(headers[i]), *(text_width(row[i]) for row in rows)]) + pad
                      for i in range(1, len(headers)))
        self._filled_width = width = self._width()
        name_cap = max(12, width - numbers - pad - 2)
        fill_table(table, headers, rows, caps={0: name_cap})
        trail = Text().append(" › ".join(one_line(n.name) for n in node.trail), style="bold")
        trail.append("　金额单位：万元", style="dim")
        self.query_one("#drill-trail", Static).update(trail)
        if select is not None and select in node.children:
            table.move_cursor(row=node.children.index(select))
        self._show_detail(self.highlighted)

    def _show_detail(self, node: DrillNode | None) -> None:
        if node is not None and node is self._detail_for:
            return  # refilling the table re-announces the same row
        self._detail_for = node
        detail = Text()
        if node is not None:
            detail.append(f"{node.level}：", style="bold")
            detail.append(one_line(node.name))
            if node.code:
                detail.append(f"（{clean(node.code)}）")
            detail.append("\n金额：")
            detail.append(amount(node.amount) + " 万元", style="bold cyan")
            if node.derived:
                detail.append("（未单独列示，按下级合计）", style="dim")
            total = node.children_sum
            if total is not None:
                detail.append(f"\n下级合计：{amount(total)} 万元 {node.check}",
                              style=CHECK_STYLE[node.check] if node.check != "—" else "")
                diff = node.difference
                if diff:
                    detail.append(f"（相差 {amount(diff, signed=True)}）")
            for finding in self.findings.get(node, []):  # before the reason, which may be long
                detail.append("\n检查：", style="bold")
                detail.append(SEVERITY_LABELS.get(finding.severity, finding.severity) + " ",
                              style=MARK_STYLE.get(finding.severity, ""))
                detail.append(one_line(finding.message))
            detail.append("\n说明：")
            detail.append(clean(node.reason) if node.reason else DASH)
        self.query_one("#drill-detail-text", Paragraph).set_text(detail)
        self.post_message(self.Moved(node))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail(self.highlighted)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        node = self.highlighted
        if node is not None:
            self.descend(node)
