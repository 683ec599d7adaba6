"""比较: two documents side by side — headline facts, and the 类/款/项 aligned by code or
path with both values, the difference and the % difference; added, removed and renamed
items marked. Documents are read and compared in a worker."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Select, Static, TabbedContent, TabPane

from juesuan_tui.compare import Comparison, DocRef
from juesuan_tui.format import amount, clean, one_line, percent
from juesuan_tui.messages import ComparisonReady, DocumentsLoaded, LoadFailed
from juesuan_tui.models import DocumentSummary
from juesuan_tui.views import item_status
from juesuan_tui.widgets.table_fill import fill_table, text_width

STATUS_STYLE = {"added": "bold green", "removed": "bold red", "renamed": "bold yellow"}
INDENT = {"类": 0, "款": 1, "项": 2}
NAME_CAP = 34


def doc_label(ref: DocRef | DocumentSummary) -> str:
    return one_line(f"{ref.unit} {ref.year}年" if ref.year else ref.unit)


def _money(value) -> Text:
    return Text(amount(value), justify="right", style="" if value is not None else "dim")


def _diff(value) -> Text:
    style = "" if value is None or value == 0 else ("green" if value > 0 else "red")
    return Text(amount(value, signed=True), justify="right", style=style)


def _pct(value) -> Text:
    return Text(percent(value, signed=True), justify="right")


class CompareScreen(Screen[None]):
    """Pick A (the base) and B; differences are B − A."""

    CSS_PATH = "compare.tcss"
    BINDINGS = [
        Binding("escape", "close", "返回"),
        Binding("w", "swap", "互换A/B"),
        Binding("e", "export", "导出"),
        Binding("1", "show_tab('facts')", "主要数据", show=False),
        Binding("2", "show_tab('items')", "支出科目", show=False),
    ]

    def __init__(self, a_id: str | None = None, b_id: str | None = None) -> None:
        super().__init__()
        self.a_id = a_id
        self.b_id = b_id
        self.summaries: list[DocumentSummary] = []
        self.result: Comparison | None = None
        self._filling = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="compare-pick"):
            yield Label("A（基准）", classes="pick-label")
            yield Select([], prompt="选择文档", id="compare-a", compact=True, allow_blank=True)
            yield Label("B", classes="pick-label")
            yield Select([], prompt="选择文档", id="compare-b", compact=True, allow_blank=True)
        yield Static(Text("正在读取…"), id="compare-title", markup=False)
        with TabbedContent(id="compare-tabs", initial="facts"):
            with TabPane("1 主要数据", id="facts"):
                yield DataTable(id="compare-facts", cursor_type="row", zebra_stripes=True)
            with TabPane("2 支出科目", id="items"):
                yield DataTable(id="compare-items", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.app.sub_title = "比较"
        self.load_documents()

    # ------------------------------------------------------------------ workers

    def _open(self):
        return self.app.open_store()  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="compare-list")
    def load_documents(self) -> None:
        try:
            store = self._open()
        except Exception as exc:  # noqa: BLE001
            self.post_message(LoadFailed(_error(exc)))
            return
        try:
            self.post_message(DocumentsLoaded(store.list_documents()))
        except Exception as exc:  # noqa: BLE001
            self.post_message(LoadFailed(_error(exc)))
        finally:
            store.close()

    @work(thread=True, exclusive=True, group="compare")
    def run_compare(self, a_id: str, b_id: str) -> None:
        from juesuan_tui.compare import compare

        try:
            store = self._open()
        except Exception as exc:  # noqa: BLE001
            self.post_message(ComparisonReady(None, _error(exc)))
            return
        try:
            result = compare(store.get(a_id), store.get(b_id))
        except KeyError as exc:
            self.post_message(ComparisonReady(None, f"文档不存在：{exc.args[0] if exc.args else ''}"))
        except Exception as exc:  # noqa: BLE001
            self.post_message(ComparisonReady(None, _error(exc)))
        else:
            self.post_message(ComparisonReady(result))
        finally:
            store.close()

    # ------------------------------------------------------------------ results

    def on_documents_loaded(self, message: DocumentsLoaded) -> None:
        message.stop()
        self.summaries = message.summaries
        ids = [s.id for s in self.summaries]
        if self.b_id not in ids:
            self.b_id = ids[0] if ids else None
        if self.a_id not in ids:
            self.a_id = default_base(self.summaries, self.b_id)
        # Text, not str: Select renders a str prompt as markup, and unit names are data.
        options = [(Text(doc_label(s) + "  " + one_line(s.title)), s.id) for s in self.summaries]
        self._filling = True
        for select_id, value in (("#compare-a", self.a_id), ("#compare-b", self.b_id)):
            select = self.query_one(select_id, Select)
            select.set_options(options)
            if value is not None:
                select.value = value
        self.call_after_refresh(self._filled)
        self._start()

    def _filled(self) -> None:
        self._filling = False

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self._title(Text(clean(message.text), style="bold red"))

    def on_comparison_ready(self, message: ComparisonReady) -> None:
        if message.error:
            self._title(Text(clean(message.error), style="bold red"))
            return
        result = message.result
        assert isinstance(result, Comparison)
        if (result.a.id, result.b.id) != (self.a_id, self.b_id):
            return  # a newer choice is being compared
        self.result = result
        self._show(result)

    def _start(self) -> None:
        if self.a_id is None or self.b_id is None:
            self._title(Text("数据库中没有文档。", style="dim"))
            return
        self._title(Text("正在比较…", style="dim"))
        self.run_compare(self.a_id, self.b_id)

    def _title(self, text: Text) -> None:
        self.query_one("#compare-title", Static).update(text)

    def _show(self, result: Comparison) -> None:
        title = Text().append("A：", style="bold")
        title.append(doc_label(result.a))
        title.append("　B：", style="bold")
        title.append(doc_label(result.b))
        title.append("　差额=B−A，差异率=差额÷A，万元", style="dim")
        added, removed, renamed = (len(result.items_with("added")), len(result.items_with("removed")),
                                   len(result.renamed))
        title.append(f"\n科目：新增 {added} · 删除 {removed} · 更名 {renamed}")
        if result.a.id == result.b.id:
            title.append("　（A 与 B 是同一文档）", style="yellow")
        self._title(title)

        headers = [Text("项目"), *(Text(h, justify="right") for h in ("A", "B", "差额", "差异率"))]
        rows = []
        for fact in result.facts:
            label = one_line(fact.label) + ("" if fact.unit == "万元" else f"（{one_line(fact.unit)}）")
            rows.append([Text(label), _money(fact.a), _money(fact.b), _diff(fact.difference),
                         _pct(fact.difference_pct)])
        if not rows:
            rows.append([Text("两个文档都没有可比较的主要数据。", style="dim"), *(Text("") for _ in range(4))])
        fill_table(self.query_one("#compare-facts", DataTable), headers, rows, caps={0: NAME_CAP})

        headers = [Text("编码"), Text("科目"), *(Text(h, justify="right") for h in ("A", "B", "差额", "差异率")),
                   Text("状态")]
        rows = []
        fund = None
        for item in result.items:
            if item.fund != fund:
                fund = item.fund
                rows.append([Text(""), Text(one_line(fund), style="bold reverse"), *(Text("") for _ in range(5))])
            name = one_line(item.name)
            if item.renamed:
                name += f"（原：{one_line(item.name_a)}）"
            # Full-width spaces indent: Rich never breaks a line at them.
            label = Text("　" * INDENT.get(item.level, 0) + name)
            status = item_status(item)
            kind = "renamed" if item.renamed else item.status
            if kind in STATUS_STYLE:
                label.stylize(STATUS_STYLE[kind].replace("bold ", ""))
            rows.append([Text(one_line(item.code or ""), style="dim"), label, _money(item.a), _money(item.b),
                         _diff(item.difference), _pct(item.difference_pct),
                         Text("更名" if item.renamed else status, style=STATUS_STYLE.get(kind, ""))])
        if not rows:
            rows.append([Text(""), Text("两个文档都没有支出功能分类科目。", style="dim"), *(Text("") for _ in range(5))])
        table = self.query_one("#compare-items", DataTable)
        # The numbers always fit; names take what is left of the width and wrap.
        pad = 2 * table.cell_padding
        others = sum(max([text_width(headers[i]), *(text_width(row[i]) for row in rows)]) + pad
                     for i in range(len(headers)) if i != 1)
        fill_table(table, headers, rows, caps={1: max(NAME_CAP // 2, (self.size.width or 80) - others - pad - 2)})

    # ------------------------------------------------------------------ user actions

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._filling:
            return
        value = event.value if isinstance(event.value, str) else None
        if event.select.id == "compare-a":
            self.a_id = value
        else:
            self.b_id = value
        self._start()

    def action_swap(self) -> None:
        self.a_id, self.b_id = self.b_id, self.a_id
        self._filling = True
        for select_id, value in (("#compare-a", self.a_id), ("#compare-b", self.b_id)):
            if value is not None:
                self.query_one(select_id, Select).value = value
        self.call_after_refresh(self._filled)
        self._start()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.call_after_refresh(self.query_one(f"#compare-{tab}", DataTable).focus)

    def action_export(self) -> None:
        from juesuan_tui.screens.export import ExportScreen
        from juesuan_tui.views import comparison_sheets, safe_file_name

        result = self.result
        if result is None:
            self.notify("比较尚未完成", severity="warning", markup=False)
            return
        sheets = comparison_sheets(result)
        if self.query_one(TabbedContent).active == "items":
            sheets.reverse()  # the table in view first (CSV holds one)
        name = safe_file_name("比较", doc_label(result.a), doc_label(result.b)) + ".csv"
        self.app.push_screen(ExportScreen(sheets, f"比较：{doc_label(result.a)} 与 {doc_label(result.b)}", name))

    def action_close(self) -> None:
        self.dismiss(None)


def default_base(summaries: list[DocumentSummary], b_id: str | None) -> str | None:
    """The natural A for B: the same unit's latest earlier year, else another document, else B."""
    from importers.normalize import fold

    b = next((s for s in summaries if s.id == b_id), None)
    if b is None:
        return summaries[0].id if summaries else None
    same = [s for s in summaries if s.id != b.id and fold(s.unit) == fold(b.unit)]
    earlier = [s for s in same if s.year is not None and b.year is not None and s.year < b.year]
    if earlier:
        return max(earlier, key=lambda s: s.year or 0).id
    if same:
        return same[0].id
    others = [s for s in summaries if s.id != b.id]
    return others[0].id if others else b.id


def _error(exc: BaseException) -> str:
    from juesuan_tui.screens.browser import worker_error

    return worker_error(exc)


