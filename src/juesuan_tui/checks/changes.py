"""Year-on-year changes: prior = current ∓ change, rate = change / prior, verbs match signs (domain §7.20)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .base import MONEY_UNITS, Context, Rule, Term, companion_unit, show, signed
from .tolerance import Approx

CONSISTENCY = Rule("change.consistency", "增减率与增减额不符", "error",
                   "上年数 = 本年数 − 增减额；增减率 = 增减额 ÷ 上年数 × 100%")
VERB = Rule("change.verb", "增减用语与数值方向不符", "error",
            "“增加/增长”对应正数，“减少/下降”对应负数，增减额与增减率方向一致")
FROM_ZERO = Rule("change.from_zero", "上年数为0时写出增长率", "warning",
                 "上年数为0时增长率无法计算，应写“--（基数为0，不可比）”等，而不是具体百分比（如100.00%）")
RULES = (CONSISTENCY, VERB, FROM_ZERO)

_VERB = {"increase": "增加", "decrease": "减少", "flat": "持平"}


@dataclass(frozen=True)
class Change:
    """A stated year-on-year change, from a fact or a line item."""

    label: str
    unit: str  # of the amount as printed
    change_unit: str  # of the change as printed (may differ: 365300.00元, 增加5.56万元)
    calc_unit: str  # of derived numbers (the prior): 万元 for money
    current: Approx
    current_value: Decimal
    change: Approx
    change_value: Decimal
    pct: Decimal | None
    direction: str | None
    section: str | None
    sentence: str
    location: str | None = None


def _sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


def _verb(ctx: Context, c: Change) -> None:
    values = {f"{c.label}增减额": signed(c.change_value) + c.change_unit}
    if c.pct is not None:
        values[f"{c.label}增减率"] = signed(c.pct) + "%"
    if c.direction:
        values["用语"] = _VERB.get(c.direction, c.direction)
    problem = None
    if c.direction == "increase" and c.change_value < 0 or c.direction == "decrease" and c.change_value > 0:
        problem = f"用语为“{_VERB[c.direction]}”，增减额却为 {signed(c.change_value)}{c.change_unit}"
    elif c.pct is not None and _sign(c.pct) * _sign(c.change_value) < 0:
        problem = f"增减额 {signed(c.change_value)}{c.change_unit} 与增减率 {signed(c.pct)}% 方向相反"
    elif c.direction == "flat" and (c.change.lo > 0 or c.change.hi < 0):
        ctx.add(VERB, "warning", f"{c.label}称与上年持平，增减额却为 {signed(c.change_value)}{c.change_unit}", values,
                c.change_value, section=c.section, sentence=c.sentence, location=c.location)
        return
    if problem:
        ctx.add(VERB, "error", f"{c.label}：{problem}", values, None,
                section=c.section, sentence=c.sentence, location=c.location)


def _consistency(ctx: Context, c: Change) -> None:
    prior = c.current - c.change
    where = {"section": c.section, "sentence": c.sentence, "location": c.location}
    current = Term(f"{c.label}本年数", c.current, show(c.current_value, c.unit))
    delta = Term(f"{c.label}增减额", c.change, signed(c.change_value) + c.change_unit)
    prior_term = Term(f"{c.label}上年数（推算）", prior, show(prior.value, c.calc_unit))
    if prior.lo <= 0 <= prior.hi:
        _from_zero(ctx, c, prior, current, delta, prior_term, where)
        return
    if prior.hi < 0 and c.current_value >= 0:
        ctx.add(CONSISTENCY, "error",
                f"{c.label}本年 {current.text}，增加 {delta.text}，推算上年数为 {prior_term.text}（负数）",
                {current.label: current.text, delta.label: delta.text, prior_term.label: prior_term.text},
                prior.value, **where)
        return
    if c.pct is None:
        return
    stated = Term(f"{c.label}增减率", Approx.printed(c.pct), signed(c.pct) + "%")
    ctx.check_ratio(CONSISTENCY, stated, c.change.percent_of(prior), "增减额 ÷ 上年数",
                    [current, delta, prior_term], **where)


def _from_zero(ctx: Context, c: Change, prior: Approx, current: Term, delta: Term, prior_term: Term,
               where: dict) -> None:
    """The prior year is 0 within rounding.

    A rate is then only meaningful if the prior it implies (增减额 ÷ 增减率) is
    itself within rounding of 0 (a tiny prior, a huge rate). A rate such as
    the 100.00% some templates print for a new item implies a prior equal to
    the change, which the amounts rule out: the rate is a convention, not a
    computation, so it is a warning (domain §7.20), never an error. "--" /
    "不可比" (no rate) is the right way to say it and gives no finding.
    """
    if c.pct is None or (c.change_value == 0 and c.pct == 0):
        return
    rate = Approx.printed(c.pct)
    implied = None if c.pct == 0 else c.change.div(rate * Approx.exact(Decimal("0.01")))
    if implied is None and c.change_value == 0:
        return  # 0 → 0 with a rate: nothing changed, nothing to contradict
    if implied is not None and implied.overlaps(prior):
        return
    ctx.add(FROM_ZERO, "warning",
            f"{c.label}上年数为0（本年 {current.text}，增减额 {delta.text}），增长率无法计算，"
            f"文中写为 {signed(c.pct)}%",
            {current.label: current.text, delta.label: delta.text, prior_term.label: prior_term.text,
             f"{c.label}增减率": signed(c.pct) + "%"}, None, **where)


# A printed change is either the rounded true change (±½ unit) or the difference
# of the two rounded years (±1 unit); both are legitimate, so allow the wider.
_CHANGE_ULPS = 2


def _calc_unit(unit: str) -> str:
    return "万元" if unit in MONEY_UNITS else unit


def changes(ctx: Context) -> list[Change]:
    """Every stated change of the narrative, each statement once.

    The same statement may reach the document twice: as a line item and as a
    fact, or as one fact per key of a combined subject (收入支出总体 → income
    and expenditure totals). The verdict depends only on the numbers, so one
    change per (section, amount, change, rate) is checked; line items come
    first because they carry a location.
    """
    found: list[Change] = []
    seen: set[tuple] = set()

    def keep(change: Change) -> None:
        signature = (change.section, change.current_value, change.change_value, change.pct)
        if signature not in seen:
            seen.add(signature)
            found.append(change)

    unit = ctx.doc.money_unit
    for item in ctx.doc.line_items:
        if item.change is None or item.amount is None:
            continue
        direction = None if item.change == 0 else ("increase" if item.change > 0 else "decrease")
        change = ctx.item_approx(item.change).widened(_CHANGE_ULPS)
        keep(Change(item.name, unit, unit, _calc_unit(unit), ctx.item_approx(item.amount), item.amount,
                    change, item.change, item.change_pct, direction, item.section, item.sentence,
                    f"item:{item.fund}:{item.path_key}"))
    for fact in ctx.doc.facts:
        if fact.change is None:
            continue
        change = ctx.money(fact, fact.change).widened(_CHANGE_ULPS)
        keep(Change(fact.label, fact.unit, companion_unit(fact, fact.change), _calc_unit(fact.unit),
                    ctx.money(fact), fact.value, change, fact.change, fact.change_pct, fact.direction,
                    fact.section, fact.sentence))
    return found


def check(ctx: Context) -> None:
    for c in changes(ctx):
        _verb(ctx, c)
        _consistency(ctx, c)
