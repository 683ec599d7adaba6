"""The context panel: the document's review notes, definitions of the terms in view and the
section's scorecard summary."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from juesuan_tui.format import amount, clean, one_line, percent
from juesuan_tui.messages import NoteChosen
from juesuan_tui.models import GlossaryTerm, Note, Scorecard
from juesuan_tui.widgets.paragraph import Paragraph

STATUS_STYLE = {"待核实": "bold yellow", "已核实": "green"}


def note_prompt(note: Note) -> Text:
    """Status, where the note is, then its text and author (data, never markup)."""
    from juesuan_tui.notes import describe

    text = Text().append(note.status, style=STATUS_STYLE.get(note.status, ""))
    text.append(" " + one_line(describe(note)), style="dim")
    text.append("\n" + clean(note.text).strip())
    if note.author:
        text.append(f"（{one_line(note.author)}）", style="dim")
    return text


class NotesList(OptionList):
    """The open document's review notes: Enter goes to a note's place, ``v`` flips its status."""

    BINDINGS = [Binding("v", "toggle", "核实/待核实")]

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)
        self.notes: list[Note] = []

    def show(self, notes: list[Note]) -> None:
        keep = self.highlighted
        self.notes = list(notes)
        self.clear_options()
        self.add_options(Option(note_prompt(note), id=str(i)) for i, note in enumerate(self.notes))
        if self.notes:
            self.highlighted = min(keep or 0, len(self.notes) - 1)

    @property
    def current(self) -> Note | None:
        index = self.highlighted
        return self.notes[index] if index is not None and index < len(self.notes) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(NoteChosen(self.notes[int(event.option.id)]))

    def action_toggle(self) -> None:
        note = self.current
        if note is not None:
            self.post_message(NoteChosen(note, toggle=True))


def scorecard_summary(card: Scorecard) -> Text:
    """Project, money executed and total score in a few lines."""
    text = Text().append(one_line(card.project), style="bold")
    total = card.funds[0] if card.funds else None
    if total is not None:
        text.append(f"\n全年预算 {amount(total.annual_budget)} 万元")
        text.append(f"\n全年执行 {amount(total.executed)} 万元")
        text.append(f"\n执行率 {percent(total.rate_pct)}")
    text.append(f"\n指标 {len(card.indicators)} 项")
    if card.total_weight is not None or card.total_score is not None:
        weight = f"{card.total_weight:f}" if card.total_weight is not None else "—"
        score = f"{card.total_score:f}" if card.total_score is not None else "—"
        text.append(f"\n总分 {score} / {weight}", style="bold")
    return text


class ContextPanel(VerticalScroll):
    """What helps to read the centre: chosen term, terms in view, scorecards of the section."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.terms: list[GlossaryTerm] = []
        self.chosen: GlossaryTerm | None = None
        self.scorecards: list[Scorecard] = []
        self._shown_notes: list[Note] | None = None

    def compose(self):
        yield Label(Text("审核意见", style="bold reverse"), id="notes-title")
        yield NotesList(id="notes-list")
        yield Paragraph(Text(), id="context-body")

    def on_mount(self) -> None:
        self.show_notes([])

    @property
    def notes_list(self) -> NotesList:
        return self.query_one(NotesList)

    def show_notes(self, notes: list[Note]) -> None:
        """List the open document's review notes (hidden when there are none)."""
        if self._shown_notes == notes:  # e.g. a document without notes after another one
            return
        self._shown_notes = list(notes)
        waiting = sum(note.status == "待核实" for note in notes)
        title = Text().append("审核意见", style="bold reverse")
        title.append(f" {len(notes)} 条，待核实 {waiting}", style="dim")
        self.query_one("#notes-title", Label).update(title)
        self.notes_list.show(notes)
        self.query_one("#notes-title").display = bool(notes)
        self.notes_list.display = bool(notes)

    @property
    def plain_text(self) -> str:
        return self.query_one("#context-body", Paragraph).text.plain

    def show(self, terms: list[GlossaryTerm], scorecards: list[Scorecard] | None = None,
             chosen: GlossaryTerm | None = None) -> None:
        self.terms = list(terms)
        self.scorecards = list(scorecards or [])
        self.chosen = chosen
        self._redraw()

    def choose(self, term: GlossaryTerm) -> None:
        """Put ``term`` at the top."""
        self.chosen = term
        self._redraw()
        self.scroll_home(animate=False)

    def _redraw(self) -> None:
        text = Text()
        if self.chosen is not None:
            text.append("所选名词\n", style="bold reverse")
            self._term(text, self.chosen)
        if self.scorecards:
            text.append("绩效自评\n", style="bold reverse")
            for card in self.scorecards:
                text.append_text(scorecard_summary(card))
                text.append("\n\n")
        others = [t for t in self.terms if t is not self.chosen]
        text.append("名词解释\n", style="bold reverse")
        if others:
            for term in others:
                self._term(text, term)
        else:
            text.append("当前内容未出现名词解释中的名词。\n", style="dim")
        self.query_one("#context-body", Paragraph).set_text(text)

    @staticmethod
    def _term(text: Text, term: GlossaryTerm) -> None:
        text.append(one_line(term.term), style="bold green")
        text.append("\n" + clean(term.definition).strip() + "\n\n")
