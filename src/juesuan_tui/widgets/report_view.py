"""报表: the standard tables rebuilt from facts, and the document's own included tables."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from juesuan_tui.format import DASH, amount, clean, one_line
from juesuan_tui.models import Document, Finding
from juesuan_tui.views import (
    SEVERITY_LABELS,
    TABLE_STATUS_LABELS,
    DrillNode,
    TableView,
    findings_by_severity,
    included_tables,
    mark_tables,
    standard_tables,
)
from juesuan_tui.widgets.drilldown import MARK_STYLE, finding_mark
from juesuan_tui.widgets.table_fill import fill_table

STATUS_STYLE = {"included": "green", "empty": "yellow", "listed": "dim", None: "dim"}


def findings_line(findings: list[Finding]) -> Text:
    """``检查：错误 1 · 警告 2`` for the severities present."""
    text = Text()
    for severity, found in findings_by_severity(findings):
        if found:
            text.append(" · " if text.plain else "检查：")
            text.append(f"{SEVERITY_LABELS[severity]} {len(found)}", style=MARK_STYLE[severity])
    return text


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
        self.index: int | None = None  # the table shown

    def compose(self) -> ComposeResult:
        yield OptionList(id="report-list", markup=False)
        yield Static(id="report-title", markup=False)
        yield DataTable(id="report-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="report-note", markup=False)

    def show(self, document: Document, root: DrillNode | None = None) -> None:
        """List the tables of ``document`` (findings marked) and show the first."""
        self.tables = standard_tables(document) + included_tables(document)
        mark_tables(document, self.tables, root)
        self.index = None
        options = self.query_one("#report-list", OptionList)
        options.clear_options()
        prompts = []
        for i, view in enumerate(self.tables):
            label = Text(one_line(view.title))
            label.append(f"  {'附表' if view.from_facts else '原表'}：")
            label.append(TABLE_STATUS_LABELS.get(view.status, view.status or ""), style=STATUS_STYLE.get(view.status))
            found = view_findings(view)
            if found:
                label.append("  ")
                label.append_text(findings_line(found))
            prompts.append(Option(label, id=str(i)))
        options.add_options(prompts)  # at once: each add re-measures the list
        if self.tables:
            options.highlighted = 0
            self.show_table(0)

    @property
    def table(self) -> DataTable:
        return self.query_one("#report-table", DataTable)

    @property
    def current(self) -> TableView | None:
        return self.tables[self.index] if self.index is not None and self.index < len(self.tables) else None

    def find(self, key: str, included: bool = False) -> int | None:
        """The index of the table with ``key`` (the document's own one when ``included``)."""
        hits = [i for i, v in enumerate(self.tables) if v.key == key]
        preferred = [i for i in hits if self.tables[i].from_facts != included]
        return (preferred or hits or [None])[0]

    def reveal(self, key: str, included: bool = False, row: int | None = None) -> bool:
        """Show the table with ``key`` and put the cursor on ``row``."""
        index = self.find(key, included)
        if index is None:
            return False
        self.query_one("#report-list", OptionList).highlighted = index
        self.show_table(index)
        if row is not None and row < self.table.row_count:
            self.table.move_cursor(row=row, animate=False, scroll=True)
            self._show_note(row)
        return True

    def show_table(self, index: int) -> None:
        view = self.tables[index]
        self.index = index
        title = Text().append(one_line(view.title), style="bold")
        if view.unit:
            title.append(f"　单位：{clean(view.unit)}")
        title.append("　" + ("由正文数字重建，— 表示未披露" if view.from_facts else "附表原样"), style="dim")
        found = view_findings(view)
        if found:
            title.append("　")
            title.append_text(findings_line(found))
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
            for c, cell in enumerate(cells):
                severity = view.cell_marks.get((r, c))
                if severity is not None:
                    cell.stylize(MARK_STYLE[severity] + " underline")
            if view.row_findings:
                cells.append(finding_mark(view.row_findings.get(r, [])))
            rows.append(cells)
        if view.row_findings:
            headers.append(Text("检查"))
        # Long labels (an included table's printed cells) wrap instead of pushing amounts off screen.
        caps = {c: 28 for c in range(len(view.columns)) if not numeric[c]}
        fill_table(self.table, headers, rows, caps=caps)
        self._show_note(self.table.cursor_row if self.table.row_count else None)

    def _show_note(self, row: int | None) -> None:
        """The table's note, then the findings about the row under the cursor."""
        view = self.current
        if view is None:
            return
        text = Text(clean(view.note), style="dim")
        for finding in [*view.table_findings, *(view.row_findings.get(row, []) if row is not None else [])]:
            if text.plain:
                text.append("\n")
            text.append(SEVERITY_LABELS.get(finding.severity, finding.severity) + " ",
                        style=MARK_STYLE.get(finding.severity, ""))
            text.append(one_line(finding.message))
        note = self.query_one("#report-note", Static)
        note.update(text)
        note.display = bool(text.plain)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None and int(event.option.id) != self.index:
            self.show_table(int(event.option.id))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_note(event.cursor_row)


def view_findings(view: TableView) -> list[Finding]:
    """Every finding marked on a table, each once."""
    out: list[Finding] = []
    for finding in [*view.table_findings, *(f for found in view.row_findings.values() for f in found)]:
        if not any(finding is f for f in out):
            out.append(finding)
    return out
