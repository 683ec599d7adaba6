"""报表: the standard tables rebuilt from facts, and the document's own included tables."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from juesuan_tui.format import DASH, amount, clean, one_line
from juesuan_tui.models import Document
from juesuan_tui.views import TABLE_STATUS_LABELS, TableView, included_tables, standard_tables
from juesuan_tui.widgets.table_fill import fill_table

STATUS_STYLE = {"included": "green", "empty": "yellow", "listed": "dim", None: "dim"}


def cell_text(cell: Decimal | str | None, indent: int = 0) -> Text:
    """A table cell: amounts right-aligned as ``1,234.56``, undisclosed as ``—``, labels as data."""
    if cell is None:
        return Text(DASH, justify="right", style="dim")
    if isinstance(cell, Decimal):
        return Text(amount(cell), justify="right")
    return Text("  " * indent + one_line(cell))


class ReportView(Vertical):
    """A list of tables (with their 附表 status) and the selected table."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.tables: list[TableView] = []

    def compose(self) -> ComposeResult:
        yield OptionList(id="report-list", markup=False)
        yield Static(id="report-title", markup=False)
        yield DataTable(id="report-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="report-note", markup=False)

    def show(self, document: Document) -> None:
        """List the tables of ``document`` and show the first."""
        self.tables = standard_tables(document) + included_tables(document)
        options = self.query_one("#report-list", OptionList)
        options.clear_options()
        for i, view in enumerate(self.tables):
            label = Text(one_line(view.title))
            label.append(f"  {'附表' if view.from_facts else '原表'}：")
            label.append(TABLE_STATUS_LABELS.get(view.status, view.status or ""), style=STATUS_STYLE.get(view.status))
            options.add_option(Option(label, id=str(i)))
        if self.tables:
            options.highlighted = 0
            self.show_table(0)

    def show_table(self, index: int) -> None:
        view = self.tables[index]
        title = Text(one_line(view.title), style="bold")
        if view.unit:
            title.append(f"　单位：{clean(view.unit)}")
        title.append("　" + ("由正文数字重建，— 表示未披露" if view.from_facts else "附表原样"), style="dim")
        self.query_one("#report-title", Static).update(title)
        numeric = [any(isinstance(row[c], Decimal) or row[c] is None for row in view.rows)
                   for c in range(len(view.columns))]
        headers = [Text(one_line(column), justify="right" if numeric[c] else "left")
                   for c, column in enumerate(view.columns)]
        rows = []
        for r, row in enumerate(view.rows):
            indent = view.row_levels[r] if r < len(view.row_levels) else 0
            cells = [cell_text(cell, indent if c == view.label_column else 0) for c, cell in enumerate(row)]
            if indent == 0 and view.row_levels:
                for cell in cells:
                    cell.stylize("bold")
            rows.append(cells)
        # Long labels (an included table's printed cells) wrap instead of pushing amounts off screen.
        caps = {c: 28 for c in range(len(view.columns)) if not numeric[c]}
        fill_table(self.query_one("#report-table", DataTable), headers, rows, caps=caps)
        note = self.query_one("#report-note", Static)
        note.update(Text(clean(view.note), style="dim"))
        note.display = bool(view.note)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None:
            self.show_table(int(event.option.id))
