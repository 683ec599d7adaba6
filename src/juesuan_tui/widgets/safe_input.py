"""An Input that never holds control characters.

Textual's Input keeps a pasted ESC and draws it raw, so a pasted escape sequence
would reach the terminal; every text entry of the app goes through this one.
"""

from __future__ import annotations

from textual.widgets import Input

from juesuan_tui.format import clean


class SafeInput(Input):
    """Input whose inserted and pasted text has its control characters removed."""

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(clean(text).replace("\n", " ").replace("\t", " "), start, end)
