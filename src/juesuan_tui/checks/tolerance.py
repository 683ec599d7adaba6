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
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

from juesuan_tui.models import Severity

_PREC = 60  # digits kept for quotients; far beyond any printed precision
HUNDRED = Decimal(100)
ZERO = Decimal(0)

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
        scaled = value.scaleb(shift)
        half = half_unit(scaled)
        return cls(scaled, scaled - half, scaled + half)

    @classmethod
    def exact(cls, value: Decimal | int) -> Approx:
        """A number that is not rounded: counts of people or vehicles, the constant 100."""
        value = Decimal(value)
        return cls(value, value, value)

    def widened(self, factor: int) -> Approx:
        """The same value with ``factor`` times the uncertainty."""
        with localcontext() as ctx:
            ctx.prec = _PREC
            below, above = (self.value - self.lo) * factor, (self.hi - self.value) * factor
            return Approx(self.value, self.value - below, self.value + above)

    # Arithmetic -------------------------------------------------------------------

    # Sums and products of printed numbers are exact at this precision; quotients
    # are rounded outward, so an interval never shrinks.

    def __add__(self, other: Approx) -> Approx:
        with localcontext() as ctx:
            ctx.prec = _PREC
            return Approx(self.value + other.value, self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Approx) -> Approx:
        with localcontext() as ctx:
            ctx.prec = _PREC
            return Approx(self.value - other.value, self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Approx:
        return Approx(-self.value, -self.hi, -self.lo)

    def __mul__(self, other: Approx) -> Approx:
        with localcontext() as ctx:
            ctx.prec = _PREC
            value = self.value * other.value
            ctx.rounding = ROUND_FLOOR
            lo = min(a * b for a in (self.lo, self.hi) for b in (other.lo, other.hi))
            ctx.rounding = ROUND_CEILING
            hi = max(a * b for a in (self.lo, self.hi) for b in (other.lo, other.hi))
        return Approx(value, lo, hi)

    def div(self, other: Approx) -> Approx | None:
        """Quotient; None when the divisor's interval contains zero (unbounded)."""
        if other.lo <= 0 <= other.hi:
            return None
        with localcontext() as ctx:
            ctx.prec = _PREC
            value = self.value / other.value
            ctx.rounding = ROUND_FLOOR
            lo = min(a / b for a in (self.lo, self.hi) for b in (other.lo, other.hi))
            ctx.rounding = ROUND_CEILING
            hi = max(a / b for a in (self.lo, self.hi) for b in (other.lo, other.hi))
        return Approx(value, lo, hi)

    def percent_of(self, base: Approx) -> Approx | None:
        """``self / base × 100``; None when the base may be zero."""
        ratio = self.div(base)
        return None if ratio is None else ratio * Approx.exact(HUNDRED)

    def min_const(self, cap: Decimal) -> Approx:
        """``min(self, cap)`` (a capped rate)."""
        return Approx(min(self.value, cap), min(self.lo, cap), min(self.hi, cap))

    # Comparison -------------------------------------------------------------------

    def overlaps(self, other: Approx) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi


def total(items: list[Approx]) -> Approx:
    """Sum of intervals (0 for an empty list)."""
    result = Approx.exact(0)
    for item in items:
        result = result + item
    return result


def shown_as(computed: Decimal, printed: Decimal) -> Decimal:
    """``computed`` rounded half-up to the precision ``printed`` was printed with."""
    exponent = printed.as_tuple().exponent
    if not isinstance(exponent, int):
        return computed
    with localcontext() as ctx:
        ctx.prec = _PREC
        return computed.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


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
