"""Helpers shared by the scorecard, glossary and table extractors.

Flattened tables arrive as tab-separated lines, ``|``-separated lines (HTML and
markdown conversions) or columns separated by runs of spaces. These helpers
split such lines into cells, tidy wrapped cell text and list the body lines of
a document together with the section each line belongs to.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from importers.memo import short_text_cache

if TYPE_CHECKING:
    from juesuan_tui.models import Document

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK characters and the punctuation that sits between them in Chinese text.
_WIDE = rf"{_CJK}\u3000-\u303f\uff00-\uffef“”‘’、"
_SPACE_BOTH = re.compile(rf"(?<=[{_WIDE}])\s+(?=[{_WIDE}])")
# The leading lookahead lets the engine skip non-space positions at once.
_SPACE_ONE = re.compile(rf"(?=\s)(?:(?<=[{_WIDE}])\s+|\s+(?=[{_WIDE}]))")
_SPACES = re.compile(r"\s+")
_MULTI_SPACE = re.compile(r"[ \u3000]{2,}")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# Only spaces after a bullet: "-\t" opens a grid row whose first cell is a dash.
_BULLET = re.compile(r"^[ \u3000]*(?:[-*+•·▪●◆■][ \u3000]+)+")
_MD_HEADING = re.compile(r"^[ \t\u3000]*#{1,6}[ \t\u3000]*")


def tidy(text: str, *, loose: bool = False) -> str:
    """Cell text as printed, minus layout whitespace.

    Spaces between two CJK characters come from wrapped cells and are removed
    (``完全达到 预期`` → ``完全达到预期``); other runs of whitespace become one
    space, so ``>=85 万条`` keeps its space. ``loose`` also removes whitespace
    with a CJK character on one side only (for prose such as goals and notes).
    """
    text = _SPACES.sub(" ", text).strip()
    if " " not in text:  # no whitespace left (all of it is single spaces now): nothing to remove
        return text
    return (_SPACE_ONE if loose else _SPACE_BOTH).sub("", text)


def squeeze(text: str) -> str:
    """All whitespace removed (for comparing labels that wrapped mid-word)."""
    return _SPACES.sub("", text)


@short_text_cache()  # pure; every extractor strips the same body lines
def strip_markup(line: str) -> str:
    """Markdown debris a converter left: leading ``- `` bullets, ``#`` and ``**``."""
    line = _MD_HEADING.sub("", _BULLET.sub("", line))
    return line.replace("**", "")


def split_cells(line: str) -> list[str]:
    """The cells of a flattened table row, positions kept (empty cells included).

    Tabs win over ``|`` which wins over runs of two or more spaces; a line with
    none of them is one cell. Cells are stripped; trailing empty cells dropped.
    A markdown rule line (``|---|---|``) has no cells.
    """
    return list(_split_cells(line))


@short_text_cache()  # pure (a tuple); the same rows are split by several extractors
def _split_cells(line: str) -> tuple[str, ...]:
    line = line.rstrip("\r\n")
    if "\t" in line:
        cells = line.split("\t")
    elif "|" in line:
        if _MD_RULE.match(line):
            return ()
        stripped = line.strip()
        if stripped.startswith("|"):
            stripped = stripped[1:]
        if stripped.endswith("|"):
            stripped = stripped[:-1]
        cells = stripped.split("|")
    else:
        cells = _MULTI_SPACE.split(line.strip())
    cells = [c.strip(" \u3000") for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def body_lines(doc: Document) -> list[tuple[str | None, str]]:
    """Every body line with the id of the section that holds it, in order.

    Built from ``Section.raw`` over the tree, so a block that the sectioner
    split across sections is still contiguous. A document without sections
    yields its whole text with section ``None``.
    """
    out: list[tuple[str | None, str]] = []
    for section in doc.walk_sections():
        if not section.raw:
            continue
        for line in _lines(section.raw):
            out.append((section.id, line))
    if not out and doc.text:
        out = [(None, line) for line in _lines(doc.text)]
    return out


def _lines(text: str) -> Iterator[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    yield from text.split("\n")
