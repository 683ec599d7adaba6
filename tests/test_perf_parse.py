"""Fast paths of the parser give exactly what the plain computation gives (issue 8).

Each speed-up of normalisation, alignment, grids and interval arithmetic has a
reference here: the straightforward form it replaced, compared on random input.
"""

from __future__ import annotations

import random
import re
import unicodedata
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from importers import normalize
from importers.extract import sentences
from importers.extract.numbers import parse_decimal
from importers.sections import _HEADING_FIRST, _QUICK, parse_heading
from importers.tablegrid import Grid
from juesuan_tui.checks import tolerance
from juesuan_tui.checks.tolerance import Approx

# Characters that compose, decompose, widen, narrow or join: the hard cases of NFKC.
_POOL = ["\n", "A", "e", "\u0301", "\u0308", "\u0338", "，", "：", "（", "）", "中", "國", " ", "\u3000", "\t",
         "ｶ", "\uff9e", "ﬁ", "①", "㎡", "\u1100", "\u1161", "\u11a8", "가", "、", "。", "=", "<", "1", "５", "％",
         "\u2ed4", "“", "”"]


def _strings(n: int, seed: int, pool: list[str] = _POOL, size: int = 14) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pool) for _ in range(rng.randint(0, size))) for _ in range(n)]


def test_nfkc_is_unicode_nfkc() -> None:
    for text in _strings(20000, 1):
        assert normalize.nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)


_SPACE_REFERENCE = re.compile(
    rf"(?<=[{normalize._CJK}（）()：:，,。；;、“”%])\s+|\s+(?=[{normalize._CJK}（）()：:，,。；;、“”%])")


def test_layout_space_pattern_removes_what_the_plain_pattern_removes() -> None:
    for text in _strings(20000, 2):
        assert normalize._SPACE_NEAR_CJK.sub("", text) == _SPACE_REFERENCE.sub("", text), repr(text)


def test_translate_fast_path_is_str_translate() -> None:
    texts = _strings(3000, 3, _POOL + ["-", "]", "\\", "^"])
    for text in texts:
        sentences._align_fast(text, normalize.fold(text))  # learns the characters
    for text in texts:
        assert sentences._translate(text) == text.translate(sentences._TABLE), repr(text)


def test_alignment_maps_every_folded_character_back() -> None:
    for text in _strings(3000, 4):
        folded, index = sentences._align(text)
        assert folded == normalize.fold(text)
        assert len(index) == len(folded)
        assert all(0 <= index[k] < len(text) for k in range(len(index)))


def test_heading_first_characters_cover_every_numbering() -> None:
    starts = [chr(c) for c in range(0x10000) if _QUICK.match(chr(c) + "部分")]
    assert starts and all(c in _HEADING_FIRST for c in starts)
    for line in ["  一、概况", "**（二）收入**", "- 1. 支出", "# 第一部分 单位概况", "单位概况", "\u3000㈠ 机构"]:
        assert (parse_heading(line) is None) == (parse_heading.__wrapped__(line) is None)


def _subgrid_reference(grid: Grid, rows: list[int]) -> tuple[list, list]:
    index = {r: i for i, r in enumerate(rows)}
    cells = [[""] * grid.width for _ in rows]
    origin = [[(0, 0)] * grid.width for _ in rows]
    first: dict = {}
    for i, r in enumerate(rows):
        for c in range(grid.width):
            o = grid.origin[r][c]
            if o not in first:
                first[o] = (i, c) if o[0] not in index else (index[o[0]], o[1])
                cells[first[o][0]][first[o][1]] = grid.cells[o[0]][o[1]]
            origin[i][c] = first[o]
    return cells, origin


def test_subgrid_with_and_without_merged_cells() -> None:
    rng = random.Random(5)
    for _ in range(300):
        height, width = rng.randint(1, 6), rng.randint(1, 5)
        rows = [[str(rng.randint(0, 9)) if rng.random() < 0.7 else "" for _ in range(width)] for _ in range(height)]
        merges = []
        if rng.random() < 0.5:
            r0, c0 = rng.randrange(height), rng.randrange(width)
            merges.append((r0, c0, rng.randint(r0, height - 1), rng.randint(c0, width - 1)))
        grid = Grid.from_rows(rows, merges)
        keep = sorted(rng.sample(range(height), rng.randint(0, height)))
        sub = grid.subgrid(keep)
        assert (sub.cells, sub.origin) == _subgrid_reference(grid, keep)
        if sub.cells:
            sub.cells[0][0] = "changed"  # the copy is the subgrid's own
            assert grid.cells[keep[0]][0] != "changed" or rows[keep[0]][0] == "changed"


def _approx_reference(op: str, a: Approx, b: Approx) -> Approx | None:
    with localcontext() as ctx:
        ctx.prec = 60
        if op == "+":
            return Approx(a.value + b.value, a.lo + b.lo, a.hi + b.hi)
        if op == "-":
            return Approx(a.value - b.value, a.lo - b.hi, a.hi - b.lo)
        value = a.value * b.value if op == "*" else None
        if op == "/":
            if b.lo <= 0 <= b.hi:
                return None
            value = a.value / b.value
        f = (lambda x, y: x * y) if op == "*" else (lambda x, y: x / y)
        ctx.rounding = ROUND_FLOOR
        lo = min(f(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi))
        ctx.rounding = ROUND_CEILING
        hi = max(f(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi))
        return Approx(value, lo, hi)


def test_interval_arithmetic_matches_a_local_context() -> None:
    rng = random.Random(6)

    def number() -> Decimal:
        digits = rng.randint(0, 12)
        return Decimal(rng.randint(-10 ** digits, 10 ** digits)).scaleb(-rng.randint(0, 4))

    for _ in range(3000):
        a, b = Approx.printed(number(), rng.choice([0, -4, 4])), Approx.printed(number())
        assert a + b == _approx_reference("+", a, b)
        assert a - b == _approx_reference("-", a, b)
        assert a * b == _approx_reference("*", a, b)
        assert a.div(b) == _approx_reference("/", a, b)


def test_printed_intervals_keep_the_printed_precision() -> None:
    tolerance._PRINTED.clear()
    # Equal values printed with other precisions are other intervals (the cache must not mix them).
    assert Approx.printed(Decimal("1.0")).hi == Decimal("1.05")
    assert Approx.printed(Decimal("1.00")).hi == Decimal("1.005")
    assert Approx.printed(Decimal("1")).hi == Decimal("1.5")
    assert Approx.printed(Decimal("0")).hi == 0  # a bare 0 is exact
    assert Approx.printed(Decimal("0.00")).hi == Decimal("0.005")
    assert Approx.printed(Decimal("123.45"), -4) == Approx.printed(Decimal("123.45"), -4)
    assert Approx.printed(Decimal("123.45"), -4).value == Decimal("0.012345")


def test_parse_decimal_keeps_the_printed_form() -> None:
    assert str(parse_decimal("1,234.50")) == "1234.50"
    assert str(parse_decimal("1234.5")) == "1234.5"
    assert parse_decimal("--") is None and parse_decimal("abc") is None
