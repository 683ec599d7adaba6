"""名词: every glossary term of the document, filtered by an input."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from juesuan_tui.widgets.safe_input import SafeInput

from juesuan_tui.format import clean, one_line
from juesuan_tui.messages import TermChosen
from juesuan_tui.models import Document, GlossaryTerm
from juesuan_tui.views import filter_terms


def term_prompt(term: GlossaryTerm) -> Text:
    """A term in bold with its definition under it (plain data, never markup)."""
    text = Text().append(one_line(term.term), style="bold green")
    text.append("\n" + clean(term.definition).strip())
    return text


class GlossaryView(Vertical):
    """A filter input over the list of terms; choosing one posts ``TermChosen``."""

    BINDINGS = [Binding("escape", "leave_filter", "离开筛选", show=False)]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.terms: list[GlossaryTerm] = []
        self.shown: list[GlossaryTerm] = []

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder="筛选名词或释义…", id="term-filter")
        yield OptionList(id="term-list", markup=False)

    def show(self, document: Document) -> None:
        self.terms = list(document.glossary)
        self.query_one("#term-filter", Input).value = ""
        self._fill("")

    def _fill(self, query: str) -> None:
        self.shown = filter_terms(self.terms, query)
        options = self.query_one("#term-list", OptionList)
        options.clear_options()
        if not self.terms:
            options.add_option(Option(Text("本文档没有名词解释。"), disabled=True))
            return
        if not self.shown:
            options.add_option(Option(Text("没有匹配的名词。"), disabled=True))
            return
        options.add_options(Option(term_prompt(t), id=str(i)) for i, t in enumerate(self.shown))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_leave_filter()

    def action_leave_filter(self) -> None:
        """From the filter to the list, on its first entry."""
        options = self.query_one("#term-list", OptionList)
        options.focus()
        if options.highlighted is None and options.option_count:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(TermChosen(self.shown[int(event.option.id)]))
