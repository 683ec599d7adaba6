"""Paragraphs of document text wrapped the way CJK text wraps (between any two characters)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.widgets import Static

from juesuan_tui.format import wrap_offsets


class CJKText:
    """A rich renderable: ``text`` wrapped to the available width with CJK break rules.

    Rich and Textual only break at spaces, so a Chinese sentence after a number
    would jump whole to the next line, leaving a ragged gap.
    """

    def __init__(self, text: Text) -> None:
        self.text = text

    def lines(self, width: int) -> list[Text]:
        out: list[Text] = []
        for line in self.text.split("\n", allow_blank=True):
            line.expand_tabs(4)
            for part in line.divide(wrap_offsets(line.plain, width)):
                part.rstrip()
                part.no_wrap = True
                part.end = ""
                out.append(part)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            line.end = "\n"  # Textual counts newlines to size the widget
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((line.cell_len for line in self.text.split("\n")), default=0)
        return Measurement(min(2, longest), longest)


class Paragraph(Static):
    """A Static showing a rich ``Text`` (data, never markup) with CJK wrapping."""

    def __init__(self, text: Text, **kwargs) -> None:
        self.text = text
        super().__init__(CJKText(text), **kwargs)

    def set_text(self, text: Text) -> None:
        if text == self.text:  # same characters and styles: skip the relayout an update costs
            return
        self.text = text
        self.update(CJKText(text))
