"""Display formatting: amounts, percentages, bars and CJK-width-aware text fitting.

Everything here is locale-independent (Python's ``,`` format spec, never
``locale``) and returns plain strings; callers wrap them in ``rich.text.Text``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from rich.cells import cell_len, get_character_cell_size

DASH = "—"  # shown for a value the document does not disclose

# C0 controls except tab and newline, DEL, and C1 controls: never sent to the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str | None) -> str:
    """Document text made safe to display: control characters (ESC included) removed.

    Tabs and newlines are kept; ``\\r\\n`` becomes ``\\n``.
    """
    if not text:
        return ""
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


def one_line(text: str | None) -> str:
    """``clean`` text folded onto one line (labels, list entries)."""
    return " ".join(clean(text).split())


def amount(value: Decimal | None, *, signed: bool = False) -> str:
    """``Decimal("1234.56")`` → ``"1,234.56"`` with the printed decimals kept; None → ``—``."""
    if value is None:
        return DASH
    text = f"{value:,f}"
    if signed and value > 0:
        text = "+" + text
    return text


def percent(value: Decimal | None, *, signed: bool = False, places: int | None = None) -> str:
    """``Decimal("47.80")`` → ``"47.80%"``; ``places`` rounds (for computed shares)."""
    if value is None:
        return DASH
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    text = f"{value:f}%"
    if signed and value > 0:
        text = "+" + text
    return text


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part / whole × 100`` rounded to 2 places; None when it cannot be computed."""
    if part is None or whole is None or whole == 0:
        return None
    return (part / whole * 100).quantize(Decimal("0.01"))


_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(fraction: Decimal | float | None, width: int) -> str:
    """A horizontal bar ``width`` cells wide, filled to ``fraction`` (clamped to 0…1)."""
    if width <= 0:
        return ""
    if fraction is None:
        return " " * width
    frac = min(max(float(fraction), 0.0), 1.0)
    eighths = round(frac * width * 8)
    full, rest = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[rest] if rest and full < width else "")
    return text.ljust(width)


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """Fit ``text`` into ``width`` terminal cells, never splitting a double-width character.

    The result is at most ``width`` cells; when cut, it ends with ``ellipsis``.
    """
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    room = width - cell_len(ellipsis)
    if room < 0:
        return ""
    out: list[str] = []
    used = 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > room:
            break
        out.append(char)
        used += size
    return "".join(out) + ellipsis


def fit(text: str, width: int, align: str = "left") -> str:
    """``text`` truncated and padded to exactly ``width`` cells (``left``/``right``/``center``)."""
    text = truncate(text, width)
    pad = width - cell_len(text)
    if align == "right":
        return " " * pad + text
    if align == "center":
        left = pad // 2
        return " " * left + text + " " * (pad - left)
    return text + " " * pad


# Break rules for CJK text: any CJK character may start a line except closing punctuation,
# and an opening bracket never ends one. Latin words and numbers stay whole.
_NO_LINE_START = set("，。、；：？！）》」』〕】”’%％,.;:?!)]}…·")
_NO_LINE_END = set("（《「『〔【“‘([{")
_UNIT = re.compile(r"[A-Za-z0-9_+\-./,%$#@&=<>≥≤]+\s*|\s+|.", re.DOTALL)


def _units(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of unbreakable pieces: a Latin word or number, or one character,
    with closing punctuation glued to what precedes it and opening brackets to what follows."""
    pieces: list[list[int]] = []
    glue_next = False
    for match in _UNIT.finditer(line):
        start, end = match.span()
        first = line[start]
        if pieces and (glue_next or first in _NO_LINE_START):
            pieces[-1][1] = end
        else:
            pieces.append([start, end])
        glue_next = line[end - 1] in _NO_LINE_END
    return [(s, e) for s, e in pieces]


def wrap_offsets(line: str, width: int) -> list[int]:
    """Where to break one line of text so no piece exceeds ``width`` cells (CJK-aware).

    Trailing spaces may overhang (they are trimmed when shown); a piece wider than the
    line is cut between characters, never inside a double-width one.
    """
    width = max(width, 2)
    breaks: list[int] = []
    used = 0
    for start, end in _units(line):
        piece = line[start:end]
        size = cell_len(piece.rstrip())
        if used + size <= width:
            used += cell_len(piece)
            continue
        if used > 0:
            breaks.append(start)
            used = 0
        if size <= width:
            used = cell_len(piece)
            continue
        for offset, char in enumerate(piece, start):  # a piece longer than a line: cut it
            char_size = get_character_cell_size(char)
            if used + char_size > width and used > 0:
                breaks.append(offset)
                used = 0
            used += char_size
    return breaks
