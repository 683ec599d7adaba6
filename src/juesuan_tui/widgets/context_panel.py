"""The context panel: definitions of the terms in view and the section's scorecard summary."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll

from juesuan_tui.format import amount, clean, one_line, percent
from juesuan_tui.models import GlossaryTerm, Scorecard
from juesuan_tui.widgets.paragraph import Paragraph


def scorecard_summary(card: Scorecard) -> Text:
    """Project, money executed and total score in a few lines."""
    text = Text(one_line(card.project), style="bold")
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

    def compose(self):
        yield Paragraph(Text(), id="context-body")

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
