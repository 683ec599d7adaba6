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
from juesuan_tui.views import DrillNode
from juesuan_tui.widgets.paragraph import Paragraph
from juesuan_tui.widgets.table_fill import fill_table, text_width

CHECK_STYLE = {"✓": "green", "✗": "bold red", "—": "dim"}
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

    def show(self, root: DrillNode) -> None:
        """Start at the list of funds of a new document."""
        self.root = root
        self.current = root
        self._refresh_level()

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
        if self.current is not None:
            self._refresh_level(select=self.highlighted)

    def _refresh_level(self, select: DrillNode | None = None) -> None:
        node = self.current
        table = self.table
        if node is None:
            table.clear(columns=True)
            return
        headers = [Text("名称"), Text("金额", justify="right"), Text("占上级"), Text("增减", justify="right"),
                   Text("增减率", justify="right"), Text("合计")]
        rows = []
        for child in node.children:
            share_value = child.share_of_parent
            rows.append([
                Text(one_line(child.name) + (" ▸" if child.children else "")),
                Text(amount(child.amount), justify="right", style="italic dim" if child.derived else ""),
                share_cell(share_value),
                Text(amount(child.change, signed=True), justify="right"),
                Text(percent(child.change_pct, signed=True), justify="right"),
                Text(child.check, style=CHECK_STYLE[child.check]),
            ])
        # The numeric columns always fit; names take what is left and wrap (never cut mid-character).
        pad = 2 * table.cell_padding
        numbers = sum(max([text_width(headers[i]), *(text_width(row[i]) for row in rows)]) + pad
                      for i in range(1, len(headers)))
        name_cap = max(12, (self.size.width or 80) - numbers - pad - 2)
        fill_table(table, headers, rows, caps={0: name_cap})
        trail = Text(" › ".join(one_line(n.name) for n in node.trail), style="bold")
        trail.append("　金额单位：万元", style="dim")
        self.query_one("#drill-trail", Static).update(trail)
        if select is not None and select in node.children:
            table.move_cursor(row=node.children.index(select))
        self._show_detail(self.highlighted)

    def _show_detail(self, node: DrillNode | None) -> None:
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
