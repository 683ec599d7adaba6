"""Rounding policy: every printed number stands for an interval, and checks compare intervals.

A number printed as ``3,300.15`` was rounded to 0.01, so the true value lies in
``[3300.145, 3300.155]``. Sums, differences and ratios of printed numbers are
computed on those intervals (exact Decimal interval arithmetic, outward
rounding for quotients), which yields the error bound of any derived value
instead of a guessed tolerance: ``n`` amounts rounded to 0.01 add up to a
bound of ``n × 0.005``, and a percentage computed from rounded amounts gets
the exact range its inputs allow.

A statement is then judged against the value computed from the other printed
numbers:

* equal, or equal once the computed value is rounded to the printed precision
  of the statement → consistent, no finding;
* the two intervals overlap → the difference is explained by rounding (info);
* disjoint → the numbers contradict each other (error).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal

from juesuan_tui.models import Severity

_PREC = 60  # digits kept for quotients; far beyond any printed precision
HUNDRED = Decimal(100)
ZERO = Decimal(0)
# Contexts of the interval arithmetic, built once: ``ctx.add(a, b)`` computes exactly what
# ``with localcontext() as c: c.prec = _PREC; a + b`` does, without switching contexts per
# operation (the current context is never changed by this package, so it is the default).
_EXACT = Context(prec=_PREC)
_FLOOR = Context(prec=_PREC, rounding=ROUND_FLOOR)
_CEILING = Context(prec=_PREC, rounding=ROUND_CEILING)
# Approx.printed per (printed digits, shift): the same amounts are checked by several rules.
_PRINTED: dict[tuple[str, int], Approx] = {}
_PRINTED_MAX = 2048

# Money units as a power of ten of 万元 (the unit checks compare in). A shift
# keeps the printed digits, so 1.23 亿元 stays "rounded to 100 万元".
WAN_SHIFT: dict[str, int] = {"万元": 0, "元": -4, "千元": -1, "亿元": 4}


def half_unit(value: Decimal) -> Decimal:
    """Half of the last printed digit: ``3300.15`` → 0.005, ``35`` → 0.5.

    A bare ``0`` is exact: it says "none" (a small amount would be printed
    with its decimals, ``0.00`` included), so it carries no rounding.
    """
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):  # NaN / Infinity never reach here; be safe
        return ZERO
    if exponent >= 0 and value == 0:
        return ZERO
    return Decimal(5).scaleb(exponent - 1)


@dataclass(frozen=True)
class Approx:
    """A value computed exactly from printed numbers, with the interval the true value lies in."""

    value: Decimal
    lo: Decimal
    hi: Decimal

    # Constructors -----------------------------------------------------------------

    @classmethod
    def printed(cls, value: Decimal, shift: int = 0) -> Approx:
        """A rounded printed number, optionally moved by ``shift`` powers of ten (元 → 万元: -4)."""
        key = (str(value), shift)  # str keeps the exponent (1.0 ≠ 1.00 here) and the sign of zero
        hit = _PRINTED.get(key)
        if hit is not None and cls is Approx:
            return hit
        scaled = value.scaleb(shift)
        half = half_unit(scaled)
        result = cls(scaled, scaled - half, scaled + half)
        if cls is Approx:
            if len(_PRINTED) >= _PRINTED_MAX:
                _PRINTED.clear()  # bounded: memory stays flat over any number of documents
            _PRINTED[key] = result
        return result

    @classmethod
    def exact(cls, value: Decimal | int) -> Approx:
        """A number that is not rounded: counts of people or vehicles, the constant 100."""
        value = Decimal(value)
        return cls(value, value, value)

    def widened(self, factor: int) -> Approx:
        """The same value with ``factor`` times the uncertainty."""
        ctx = _EXACT
        below = ctx.multiply(ctx.subtract(self.value, self.lo), factor)
        above = ctx.multiply(ctx.subtract(self.hi, self.value), factor)
        return Approx(self.value, ctx.subtract(self.value, below), ctx.add(self.value, above))

    # Arithmetic -------------------------------------------------------------------

    # Sums and products of printed numbers are exact at this precision; quotients
    # are rounded outward, so an interval never shrinks.

    def __add__(self, other: Approx) -> Approx:
        add = _EXACT.add
        return Approx(add(self.value, other.value), add(self.lo, other.lo), add(self.hi, other.hi))

    def __sub__(self, other: Approx) -> Approx:
        sub = _EXACT.subtract
        return Approx(sub(self.value, other.value), sub(self.lo, other.hi), sub(self.hi, other.lo))

    def __neg__(self) -> Approx:
        return Approx(-self.value, -self.hi, -self.lo)

    def __mul__(self, other: Approx) -> Approx:
        value = _EXACT.multiply(self.value, other.value)
        down, up = _FLOOR.multiply, _CEILING.multiply
        lo = min(down(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi))
        hi = max(up(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi))
        return Approx(value, lo, hi)

    def div(self, other: Approx) -> Approx | None:
        """Quotient; None when the divisor's interval contains zero (unbounded)."""
        if other.lo <= 0 <= other.hi:
            return None
        value = _EXACT.divide(self.value, other.value)
        down, up = _FLOOR.divide, _CEILING.divide
        lo = min(down(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi))
        hi = max(up(a, b) for a in (self.lo, self.hi) for b in (other.lo, other.hi))
        return Approx(value, lo, hi)

    def percent_of(self, base: Approx) -> Approx | None:
        """``self / base × 100``; None when the base may be zero."""
        ratio = self.div(base)
        return None if ratio is None else ratio * _EXACT_HUNDRED

    def min_const(self, cap: Decimal) -> Approx:
        """``min(self, cap)`` (a capped rate)."""
        return Approx(min(self.value, cap), min(self.lo, cap), min(self.hi, cap))

    # Comparison -------------------------------------------------------------------

    def overlaps(self, other: Approx) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi


# Constants built once (an Approx is immutable).
_EXACT_ZERO = Approx.exact(0)
_EXACT_HUNDRED = Approx.exact(HUNDRED)


def total(items: list[Approx]) -> Approx:
    """Sum of intervals (0 for an empty list)."""
    result = _EXACT_ZERO
    for item in items:
        result = result + item
    return result


def shown_as(computed: Decimal, printed: Decimal) -> Decimal:
    """``computed`` rounded half-up to the precision ``printed`` was printed with."""
    exponent = printed.as_tuple().exponent
    if not isinstance(exponent, int):
        return computed
    return computed.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP, context=_EXACT)


@dataclass(frozen=True)
class Verdict:
    """The outcome of comparing a stated value with the value computed from other numbers."""

    severity: Severity | None  # None: consistent
    computed: Decimal  # computed value shown at the stated precision
    difference: Decimal  # stated − computed (as shown)


def judge(stated: Approx, computed: Approx, printed: Decimal | None = None) -> Verdict:
    """Compare a statement with a computed value (see the module docstring).

    ``printed`` is the statement as printed (its precision decides how the
    computed value is shown); defaults to ``stated.value``.
    """
    shown = shown_as(computed.value, stated.value if printed is None else printed)
    if stated.value == computed.value or stated.value == shown:
        return Verdict(None, shown, ZERO)
    difference = stated.value - shown
    if difference == 0:  # pragma: no cover - covered by the test above
        return Verdict(None, shown, ZERO)
    severity: Severity = "info" if stated.overlaps(computed) else "error"
    return Verdict(severity, shown, difference)


def at_most(small: Approx, large: Approx) -> Severity | None:
    """``small ≤ large``: error when certainly larger, info when only by rounding, else None."""
    if small.value <= large.value:
        return None
    return "info" if small.lo <= large.hi else "error"
