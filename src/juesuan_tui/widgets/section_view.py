"""正文: a section's text with amounts, glossary terms and search hits highlighted."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from juesuan_tui.format import clean
from juesuan_tui.messages import TermChosen
from juesuan_tui.models import Document, GlossaryTerm, Section
from juesuan_tui.widgets.paragraph import Paragraph
from juesuan_tui.views import amount_spans, find_spans, section_blocks, subtree_text, terms_in_text

AMOUNT_STYLE = "bold cyan"
TERM_STYLE = "underline green"
HIT_STYLE = "bold black on yellow"


def styled(text: str, terms: Sequence[GlossaryTerm] = (), highlight: str | None = None,
           term_actions: dict[str, int] | None = None) -> Text:
    """Document text as a rich ``Text`` (never markup): amounts, terms and hits styled.

    ``term_actions`` maps a term to its index in the glossary: clicking the term then
    runs the screen's ``choose_term`` action with it.
    """
    text = clean(text).replace("\t", "  ")
    out = Text(text)
    for start, end in amount_spans(text):
        out.stylize(AMOUNT_STYLE, start, end)
    for start, end, term in find_spans(text, [t.term for t in terms]):
        style = Style.parse(TERM_STYLE)
        if term_actions and term in term_actions:
            style += Style(meta={"@click": ("screen.choose_term", (term_actions[term],))})
        out.stylize(style, start, end)
    if highlight:
        for start, end, _ in find_spans(text, [highlight]):
            out.stylize(HIT_STYLE, start, end)
    return out


class SectionView(Vertical):
    """The text of one section and its subsections, plus the glossary terms it uses."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.section: Section | None = None
        self.terms: list[GlossaryTerm] = []
        self.highlight: str | None = None
        self._shown_terms: list[GlossaryTerm] | None = None

    def compose(self) -> ComposeResult:
        yield VerticalScroll(Paragraph(Text("正在载入…"), classes="paragraph notice"), id="section-body")
        yield Label(Text("本节名词（回车查看释义）"), id="section-terms-label")
        yield OptionList(id="section-terms", markup=False)

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#section-body", VerticalScroll)

    @property
    def plain_text(self) -> str:
        """What the view shows, as plain text (for tests and the context panel)."""
        return "\n".join(w.text.plain for w in self.body.query(Paragraph))

    async def show_message(self, message: str) -> None:
        """Replace the text with a notice (loading, empty database, error)."""
        self.section = None
        await self.body.remove_children()
        await self.body.mount(Paragraph(Text(message), classes="paragraph notice"))
        self.terms = []
        self._show_terms()

    def _show_terms(self) -> None:
        options = self.query_one("#section-terms", OptionList)
        if self._shown_terms == self.terms:  # refilling the list costs a relayout
            options.highlighted = None  # as a refill leaves it
            options.scroll_y = 0
            return
        self._shown_terms = list(self.terms)
        options.clear_options()
        options.add_options(Option(Text(clean(t.term)), id=str(i)) for i, t in enumerate(self.terms))
        self.query_one("#section-terms-label").display = bool(self.terms)
        options.display = bool(self.terms)

    async def show(self, document: Document, section: Section, highlight: str | None = None) -> None:
        """Show ``section`` (with its descendants) of ``document``; scroll to the first hit."""
        self.section = section
        self.highlight = highlight
        self.terms = terms_in_text(document.glossary, subtree_text(section))
        actions = {term.term: i for i, term in enumerate(document.glossary)}
        blocks: list[tuple[Text, str]] = []  # (text, classes) of each paragraph
        first_hit: int | None = None
        for block in section_blocks(section):
            if block.kind == "heading":
                text = styled(block.text, [], highlight)
                text.stylize("bold")
                classes = f"heading level-{min(block.level, 3)}"
            else:
                text = styled(block.text, self.terms, highlight, actions)
                classes = "paragraph"
            if highlight and first_hit is None and any(s.style == HIT_STYLE for s in text.spans):
                first_hit = len(blocks)
                classes += " hit"
            blocks.append((text, classes))
        if not blocks:
            blocks.append((Text("（本节没有正文）"), "paragraph notice"))
        body = self.body
        # Reuse the paragraphs already mounted (mounting a widget costs far more than
        # updating one); mount only the missing ones, remove the extra ones.
        widgets = list(body.query_children(Paragraph))
        for widget, (text, classes) in zip(widgets, blocks):
            widget.set_classes(classes)
            widget.set_text(text)
        if len(widgets) > len(blocks):
            await body.remove_children(widgets[len(blocks):])
            del widgets[len(blocks):]
        elif len(blocks) > len(widgets):
            new = [Paragraph(text, classes=classes) for text, classes in blocks[len(widgets):]]
            await body.mount_all(new)
            widgets.extend(new)
        body.scroll_home(animate=False)
        if first_hit is not None:
            self.call_after_refresh(body.scroll_to_widget, widgets[first_hit], animate=False, top=True)
        self._show_terms()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(TermChosen(self.terms[int(event.option.id)]))
