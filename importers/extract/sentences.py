"""Paragraphs in the folded (matching) form, mapped back to the printed text.

Extractors match on :func:`importers.normalize.fold` output but report
sentences and reasons as printed. :class:`Paragraph` keeps, for every folded
character, the index of the printed character it came from.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from importers import normalize as _normalize
from importers.normalize import fold, is_grid_line

_TERMINATORS = "。!?"
_SENTENCE_END = re.compile(r"[。!?]")
# A "sentence" longer than this (folded characters) is a run-on — a damaged or
# unpunctuated page — and is cut at clause marks, else commas, else hard. Each
# fact keeps its sentence, and checks search it per fact: unbounded sentences
# would make both quadratic. Real sentences are far shorter.
MAX_SENTENCE = 1000
_CLAUSE_MARKS = ("；;", "，,、")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    return fold(ch)


# fold() removes layout whitespace with this pattern; when it is available the
# map is built from whole runs (fast path), else character by character.
_LAYOUT_SPACE: re.Pattern[str] | None = getattr(_normalize, "_SPACE_NEAR_CJK", None)


# Characters already classified: one-to-one folds go into a translate table,
# characters folding to several (㎡ → m2) force the slow path.
_TABLE: dict[int, str] = {}
_SEEN: set[str] = set()
_EXPANDING: set[str] = set()


_CHANGED: re.Pattern[str] | None = None  # the characters of _TABLE, rebuilt after _learn adds one


def _learn(chars: set[str]) -> None:
    global _CHANGED
    for ch in chars:
        _SEEN.add(ch)
        folded = _fold_char(ch) if not (ch.isascii() and not ch.isspace()) else ch
        if len(folded) != 1:
            _EXPANDING.add(ch)
        elif folded != ch:
            _TABLE[ord(ch)] = folded
            _CHANGED = None


def _replace(m: re.Match[str]) -> str:
    return _TABLE[ord(m.group())]


def _translate(text: str) -> str:
    """``text.translate(_TABLE)``. A simplified text has few characters to replace
    (full-width punctuation): replacing only those is three times faster than
    ``str.translate``, which looks every character up; a traditional one has many."""
    global _CHANGED
    if not _TABLE or _normalize.is_traditional(text):
        return text.translate(_TABLE)
    if _CHANGED is None:
        _CHANGED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")
    return _CHANGED.sub(_replace, text)


def _align_fast(text: str, target: str) -> tuple[int, ...] | None:
    """The map when every character folds to exactly one character (the usual case)."""
    if not _SEEN.issuperset(text):  # cheaper than building set(text) for every paragraph
        _learn(set(text) - _SEEN)
    if _EXPANDING and not _EXPANDING.isdisjoint(text):
        return None
    chars = _translate(text)
    if chars == target:
        return _Identity(len(text))  # type: ignore[return-value]
    if _LAYOUT_SPACE is None:
        return None
    # Folded position → printed position: shifted by the layout space removed before it.
    starts: list[int] = []
    shifts: list[int] = []
    removed = 0
    kept = 0
    pieces: list[str] = []
    pos = 0
    for m in _LAYOUT_SPACE.finditer(chars):
        pieces.append(chars[pos:m.start()])
        kept += m.start() - pos
        removed += m.end() - m.start()
        starts.append(kept)
        shifts.append(removed)
        pos = m.end()
    pieces.append(chars[pos:])
    if "".join(pieces) != target:
        return None
    return _Shifted(len(target), starts, shifts)  # type: ignore[return-value]


class _Identity:
    """Folded index i is printed index i."""

    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> int:
        return i


class _Shifted:
    """Folded index i is printed index i + (layout space removed before it)."""

    __slots__ = ("n", "starts", "shifts")

    def __init__(self, n: int, starts: list[int], shifts: list[int]) -> None:
        self.n, self.starts, self.shifts = n, starts, shifts

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> int:
        k = bisect_right(self.starts, i)
        return i + (self.shifts[k - 1] if k else 0)


def _align(text: str, target: str | None = None) -> tuple[str, tuple[int, ...]]:
    """``fold(text)`` and, per folded character, the printed index it comes from."""
    if target is None:
        target = fold(text)
    fast = _align_fast(text, target)
    if fast is not None:
        return target, fast
    pieces: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = ch if ch.isascii() and not ch.isspace() else _fold_char(ch)
        pieces.append(folded)
        origin.extend([i] * len(folded))
    chars = "".join(pieces)
    if chars == target:
        return target, tuple(origin)
    # fold() only drops layout whitespace (and may substitute characters one
    # for one, e.g. traditional → simplified): walk both strings together.
    index: list[int] = []
    j = 0
    for k, ch in enumerate(chars):
        if j >= len(target):
            break
        if ch == target[j]:
            index.append(origin[k])
            j += 1
        elif ch.isspace():
            continue
        else:
            index.append(origin[k])
            j += 1
    if len(index) != len(target):  # unexpected shape: map proportionally, never fail
        scale = len(text) / max(len(target), 1)
        index = [min(int(i * scale), max(len(text) - 1, 0)) for i in range(len(target))]
    return target, tuple(index)


class Paragraph:
    """One display paragraph: printed text, folded text, folded → printed index (built on first use)."""

    __slots__ = ("text", "folded", "_index")

    def __init__(self, text: str, folded: str | None = None, index: tuple[int, ...] | None = None) -> None:
        self.text = text
        self.folded = fold(text) if folded is None else folded
        self._index = index

    @classmethod
    def of(cls, line: str) -> Paragraph:
        return cls(line)

    @property
    def index(self) -> tuple[int, ...]:
        if self._index is None:
            self._index = _align(self.text, self.folded)[1]
        return self._index

    def printed(self, start: int, end: int) -> str:
        """The printed text behind folded ``[start, end)``, stripped."""
        index = self.index
        if start >= end or start >= len(index):
            return ""
        first = index[start]
        last = index[min(end, len(index)) - 1] + 1
        return self.text[first:last].strip()

    def sentences(self) -> list[tuple[int, int]]:
        """Folded spans of the sentences, each including its terminator."""
        spans: list[tuple[int, int]] = []
        start = 0
        for m in _SENTENCE_END.finditer(self.folded):
            if m.end() > start:
                spans.append((start, m.end()))
            start = m.end()
        if start < len(self.folded):
            spans.append((start, len(self.folded)))
        if any(end - begin > MAX_SENTENCE for begin, end in spans):
            spans = [piece for begin, end in spans for piece in _bounded(self.folded, begin, end)]
        return spans


def _bounded(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` in pieces of at most MAX_SENTENCE characters, cut after a clause mark where possible."""
    pieces: list[tuple[int, int]] = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = -1
        for marks in _CLAUSE_MARKS:
            cut = max(folded.rfind(mark, start, limit) for mark in marks)
            if cut > start:
                break
        cut = cut + 1 if cut > start else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def paragraphs(text: str) -> list[Paragraph]:
    """The prose paragraphs of a section's display text (one per line; grid lines skipped)."""
    return [Paragraph.of(line) for line in text.split("\n") if line.strip() and not is_grid_line(line)]
