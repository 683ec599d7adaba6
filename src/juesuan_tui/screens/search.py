"""Full-text search over all documents (FTS trigram in a worker); Enter opens a hit."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from juesuan_tui.widgets.safe_input import SafeInput

from juesuan_tui.format import clean, one_line
from juesuan_tui.messages import SearchFinished
from juesuan_tui.models import SearchHit
from juesuan_tui.views import find_spans

LIMIT = 100


def hit_prompt(hit: SearchHit, query: str) -> Text:
    """Where the hit is (unit, year, section) and the snippet with the query marked."""
    text = Text().append(one_line(hit.unit), style="bold")
    if hit.year:
        text.append(f" {hit.year}年")
    text.append(" · " + one_line(hit.section_title), style="bold")
    snippet = one_line(hit.snippet)
    line = Text("\n" + snippet)
    for start, end, _ in find_spans(snippet, [query]):
        line.stylize("bold black on yellow", start + 1, end + 1)
    return text.append_text(line)


class SearchScreen(ModalScreen[tuple[SearchHit, str] | None]):
    """A search box over every stored document; dismisses with the chosen hit and the query."""

    CSS_PATH = "search.tcss"
    BINDINGS = [Binding("escape", "close", "关闭")]

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []
        self.query_text = ""
        self._focus_results = False

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Label(Text("全文搜索（所有文档）"), id="search-title")
            yield SafeInput(placeholder="输入要查找的文字，回车搜索", id="search-input")
            yield Static(id="search-status", markup=False)
            yield OptionList(id="search-results", markup=False)

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._focus_results = False
        self.start(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.hits and event.value.strip() == self.query_text:
            self._focus_list()
        else:
            self._focus_results = True
            self.start(event.value)

    def start(self, query: str) -> None:
        query = query.strip()
        self.query_text = query
        if not query:
            self.hits = []
            self.query_one("#search-results", OptionList).clear_options()
            self._status("")
            return
        self._status("正在搜索…")
        self.run_search(query)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        try:
            store = self.app.open_store()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - one line for the user
            self.post_message(SearchFinished(query, [], one_line(str(exc))))
            return
        try:
            self.post_message(SearchFinished(query, store.search(query, limit=LIMIT)))
        except Exception as exc:  # noqa: BLE001
            self.post_message(SearchFinished(query, [], one_line(str(exc))))
        finally:
            store.close()

    def on_search_finished(self, message: SearchFinished) -> None:
        if message.query != self.query_text:
            return  # an older search finished after a newer one started
        if message.error:
            self._status(message.error)
            return
        self.hits = message.hits
        options = self.query_one("#search-results", OptionList)
        options.clear_options()
        options.add_options(Option(hit_prompt(hit, message.query), id=str(i)) for i, hit in enumerate(self.hits))
        more = "（仅显示前 100 处）" if len(self.hits) >= LIMIT else ""
        self._status(f"找到 {len(self.hits)} 处{more}。↓ 选择，回车打开。" if self.hits else "没有找到。")
        if self._focus_results and self.hits:
            self._focus_list()

    def _focus_list(self) -> None:
        options = self.query_one("#search-results", OptionList)
        options.focus()
        if options.highlighted is None:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss((self.hits[int(event.option.id)], self.query_text))

    def action_close(self) -> None:
        self.dismiss(None)

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Text(clean(text), style="dim"))
