"""总览: every stored document with headline figures and finding counts, sorted and
filtered by database queries (no document is loaded), with counts by year and by 类."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from juesuan_tui.widgets.safe_input import SafeInput

from juesuan_tui.format import amount, clean, one_line, truncate
from juesuan_tui.messages import OverviewLoaded
from juesuan_tui.overview import HEADLINES, OverviewRow, Stats
from juesuan_tui.widgets.paragraph import Paragraph
from juesuan_tui.widgets.table_fill import fill_table

# (sort name, header); every name is one of overview.SORT_COLUMNS.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("unit", "单位"), ("year", "年度"), ("kind", "类型"),
    *((h.name, h.short) for h in HEADLINES),
    ("errors", "错误"), ("warnings", "警告"), ("infos", "提示"),
)
NUMERIC = {h.name for h in HEADLINES} | {"year", "errors", "warnings", "infos"}
COUNT_STYLE = {"errors": "bold red", "warnings": "yellow", "infos": "cyan"}
UNIT_WIDTH = 20


def stats_text(stats: Stats) -> Text:
    """Counts by year and by 类 (per fund), one paragraph each."""
    text = Text().append(f"共 {stats.documents} 个文档，{stats.units} 个单位。", style="bold")
    if stats.years:
        text.append("按年度：", style="bold")
        text.append("；".join(f"{y.year or '年度不详'}{'年' if y.year else ''} {y.documents} 个文档（{y.units} 个单位）"
                              for y in stats.years) + "。")
    for fund in dict.fromkeys(c.fund for c in stats.classes):
        text.append(f"\n按类（{one_line(fund)}）：", style="bold")
        text.append("；".join(f"{(c.code + ' ') if c.code else ''}{one_line(c.name)} {c.documents} 个文档 "
                              f"{amount(c.amount)} 万元" for c in stats.classes if c.fund == fund) + "。")
    return text


class OverviewScreen(Screen[str | None]):
    """A table of documents; Enter opens one, space marks two to compare."""

    CSS_PATH = "overview.tcss"
    BINDINGS = [
        Binding("escape", "close", "返回"),
        Binding("o", "close", "返回", show=False),
        Binding("s", "next_sort", "排序"),
        Binding("r", "reverse", "倒序"),
        Binding("f", "filter", "筛选"),
        Binding("space", "mark", "选中"),
        Binding("x", "compare", "比较"),
        Binding("e", "export", "导出"),
    ]

    def __init__(self, current_id: str | None = None) -> None:
        super().__init__()
        self.current_id = current_id
        self.rows: list[OverviewRow] = []
        self.stats: Stats | None = None
        self.sort: str | None = None
        self.desc = False
        self.text = ""
        self.year: int | None = None
        self.marked: list[str] = []  # ids chosen for comparison, A first
        self._years_filled = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="overview-filters"):
            yield SafeInput(placeholder="筛选单位或标题（f）", id="overview-filter", compact=True)
            yield Select([], prompt="全部年度", id="overview-year", compact=True)
        yield Static(id="overview-status", markup=False)
        yield DataTable(id="overview-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="overview-stats"):
            yield Paragraph(Text("正在统计…"), id="overview-stats-text")
        yield Footer()

    @property
    def table(self) -> DataTable:
        return self.query_one("#overview-table", DataTable)

    def on_mount(self) -> None:
        self.app.sub_title = "总览"
        self.table.focus()
        self._status("正在读取…")
        self.load()

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="overview")
    def load(self) -> None:
        """Query the rows (filtered and sorted by the store) and the counts."""
        text, year, sort, desc = self.text.strip() or None, self.year, self.sort, self.desc
        try:
            store = self.app.open_store()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - one line for the user
            self.post_message(OverviewLoaded([], None, [], _error(exc)))
            return
        try:
            rows = store.overview(text=text, year=year, sort=sort, desc=desc)
            stats = store.stats(text=text, year=year)
            years = [y.year for y in store.stats().years] if not self._years_filled else []
            self.post_message(OverviewLoaded(rows, stats, years))
        except Exception as exc:  # noqa: BLE001
            self.post_message(OverviewLoaded([], None, [], _error(exc)))
        finally:
            store.close()

    def on_overview_loaded(self, message: OverviewLoaded) -> None:
        if message.error:
            self._status(message.error, error=True)
            return
        if message.years and not self._years_filled:
            self._years_filled = True
            self.query_one("#overview-year", Select).set_options(
                (f"{y}年", y) for y in message.years if y is not None)
        keep = self._cursor_id()
        self.rows = message.rows
        self.stats = message.stats  # type: ignore[assignment]
        self._fill(keep)
        if self.stats is not None:
            self.query_one("#overview-stats-text", Paragraph).set_text(stats_text(self.stats))

    # ------------------------------------------------------------------ table

    def _cursor_id(self) -> str | None:
        table = self.table
        if self.rows and 0 <= table.cursor_row < len(self.rows):
            return self.rows[table.cursor_row].id
        return self.current_id

    def _header(self, name: str, label: str) -> Text:
        text = Text(label, justify="right" if name in NUMERIC else "left")
        if name == self.sort:
            text.append("▼" if self.desc else "▲", style="bold")
            text.stylize("bold")
        return text

    def _fill(self, keep: str | None = None) -> None:
        headers = [Text(""), *(self._header(name, label) for name, label in COLUMNS)]
        rows = []
        for row in self.rows:
            mark = "AB"[self.marked.index(row.id)] if row.id in self.marked else ""
            cells = [Text(mark, style="bold reverse" if mark else ""),
                     Text(truncate(one_line(row.unit), UNIT_WIDTH)),
                     Text(str(row.year) if row.year else "—", justify="right"),
                     Text(one_line(row.kind))]
            cells += [Text(amount(row.headline.get(h.key)), justify="right") for h in HEADLINES]
            for name, severity in (("errors", "error"), ("warnings", "warning"), ("infos", "info")):
                count = row.findings.get(severity, 0)
                cells.append(Text(str(count), justify="right", style=COUNT_STYLE[name] if count else "dim"))
            rows.append(cells)
        fill_table(self.table, headers, rows, keys=["mark", *(name for name, _ in COLUMNS)])
        ids = [row.id for row in self.rows]
        if keep in ids:
            self.table.move_cursor(row=ids.index(keep), animate=False)
        self._status()

    def _status(self, text: str | None = None, *, error: bool = False) -> None:
        if text is None:
            order = "默认顺序" if self.sort is None else \
                f"按{dict(COLUMNS)[self.sort]}{'倒序' if self.desc else '顺序'}"
            text = f"{len(self.rows)} 个文档 · {order} · 回车打开 · 空格选作比较（{len(self.marked)}/2）"
        status = self.query_one("#overview-status", Static)
        status.update(Text(clean(text), style="bold red" if error else "dim"))

    # ------------------------------------------------------------------ user actions

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        name = str(event.column_key.value)
        if name not in dict(COLUMNS):
            return
        if name == self.sort:
            self.desc = not self.desc
        else:
            self.sort, self.desc = name, name in NUMERIC - {"year"}  # amounts and counts: largest first
        self.load()

    def action_next_sort(self) -> None:
        names = [name for name, _ in COLUMNS]
        self.sort = names[(names.index(self.sort) + 1) % len(names)] if self.sort in names else names[0]
        self.desc = self.sort in NUMERIC - {"year"}
        self.load()

    def action_reverse(self) -> None:
        if self.sort is None:
            self.sort = "unit"
        self.desc = not self.desc
        self.load()

    def action_filter(self) -> None:
        self.query_one("#overview-filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.text = event.value
        self.load()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.year = event.value if isinstance(event.value, int) else None
        self.load()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.rows):
            self.dismiss(self.rows[event.cursor_row].id)

    def action_mark(self) -> None:
        doc_id = self._cursor_id()
        if doc_id is None or not self.rows:
            return
        if doc_id in self.marked:
            self.marked.remove(doc_id)
        else:
            self.marked = [*self.marked, doc_id][-2:]
        self._fill(doc_id)

    def action_compare(self) -> None:
        from juesuan_tui.screens.compare import CompareScreen

        pair = list(self.marked)
        cursor = self._cursor_id()
        if len(pair) < 2 and cursor is not None and cursor not in pair:
            pair.append(cursor)
        if len(pair) < 2:
            self.notify("请先用空格选择两个文档（A 为基准）", severity="warning", markup=False)
            return
        self.app.push_screen(CompareScreen(pair[0], pair[1]))

    def action_export(self) -> None:
        from juesuan_tui.screens.export import ExportScreen
        from juesuan_tui.views import overview_sheet, safe_file_name

        if not self.rows:
            self.notify("没有可导出的文档", severity="warning", markup=False)
            return
        self.app.push_screen(ExportScreen([overview_sheet(self.rows)], "总览（当前筛选和排序）",
                                          safe_file_name("决算总览") + ".csv"))

    def action_close(self) -> None:
        self.dismiss(None)


def _error(exc: BaseException) -> str:
    from juesuan_tui.screens.browser import worker_error

    return worker_error(exc)
