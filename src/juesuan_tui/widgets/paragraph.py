"""Paragraphs of document text wrapped the way CJK text wraps (between any two characters)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.geometry import Size
from textual.widgets import Static

from juesuan_tui.format import wrap_offsets


class CJKText:
    """A rich renderable: ``text`` wrapped to the available width with CJK break rules.

    Rich and Textual only break at spaces, so a Chinese sentence after a number
    would jump whole to the next line, leaving a ragged gap.
    """

    def __init__(self, text: Text) -> None:
        self.text = text
        # Wrapped lines of the last widths asked for: Textual measures the height and then
        # renders at the same width, and every relayout asks again.
        self._wrapped: dict[int, list[Text]] = {}
        self._longest: int | None = None

    def _wrap(self, width: int) -> list[Text]:
        """The wrapped lines at ``width`` (shared: callers must not change them)."""
        wrapped = self._wrapped.get(width)
        if wrapped is None:
            wrapped = []
            for line in self.text.split("\n", allow_blank=True):
                line.expand_tabs(4)
                for part in line.divide(wrap_offsets(line.plain, width)):
                    part.rstrip()
                    part.no_wrap = True
                    part.end = "\n"  # Textual counts newlines to size the widget
                    wrapped.append(part)
            if len(self._wrapped) >= 4:  # a few widths (resizes), never unbounded
                self._wrapped.clear()
            self._wrapped[width] = wrapped
        return wrapped

    def lines(self, width: int) -> list[Text]:
        out = []
        for line in self._wrap(width):
            part = line.copy()
            part.end = ""
            out.append(part)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self._wrap(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if self._longest is None:
            self._longest = max((line.cell_len for line in self.text.split("\n")), default=0)
        return Measurement(min(2, self._longest), self._longest)


class Paragraph(Static):
    """A Static showing a rich ``Text`` (data, never markup) with CJK wrapping."""

    def __init__(self, text: Text, **kwargs) -> None:
        self.text = text
        self._wrapped = CJKText(text)
        super().__init__(self._wrapped, **kwargs)

    def set_text(self, text: Text) -> None:
        if text == self.text:  # same characters and styles: skip the relayout an update costs
            return
        self.text = text
        self._wrapped = CJKText(text)
        self.update(self._wrapped)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Textual renders every line to segments only to count them; the wrapped lines
        # at this width are known (and kept for the render that follows).
        return len(self._wrapped._wrap(width)) if width else 0
