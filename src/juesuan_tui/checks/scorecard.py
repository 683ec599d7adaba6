"""项目支出绩效自评表: scores, weights, execution rate and the narrative's figures (domain §5, §7.29)."""

from __future__ import annotations

from decimal import Decimal

from juesuan_tui.models import Scorecard, ScoreFundRow

from .base import Context, Rule, Term, show
from .tolerance import Approx, at_most

SCORE_LE_WEIGHT = Rule("scorecard.score_le_weight", "得分超过分值", "error", "每项得分 ≤ 分值")
WEIGHTS_100 = Rule("scorecard.weights_100", "分值合计不等于100", "error",
                   "预算执行率分值 + 各绩效指标分值 = 100（或表中总分值）")
TOTAL = Rule("scorecard.total", "总分不等于各项得分之和", "error", "总分 = 预算执行率得分 + Σ 指标得分")
EXECUTION_RATE = Rule("scorecard.execution_rate", "执行率与预算数、执行数不符", "error",
                      "执行率 = 全年执行数 ÷ 全年预算数 × 100%")
EXECUTION_SCORE = Rule("scorecard.execution_score", "预算执行率得分与执行率不符", "error",
                       "执行率得分 = min(执行率, 100%) × 分值")
FUNDS_SUM = Rule("scorecard.funds_sum", "年度资金总额不等于各资金来源之和", "error",
                 "年度资金总额 = 当年财政拨款 + 上年结转 + 其他资金（逐列）")
NARRATIVE = Rule("scorecard.narrative", "绩效说明与自评表金额不符", "error",
                 "预算绩效情况说明中的全年预算数、全年执行数 = 自评表年度资金总额行")
RULES = (SCORE_LE_WEIGHT, WEIGHTS_100, TOTAL, EXECUTION_RATE, EXECUTION_SCORE, FUNDS_SUM, NARRATIVE)

_MONEY_COLUMNS = (("initial_budget", "年初预算数"), ("annual_budget", "全年预算数"), ("executed", "全年执行数"))


def points(value: Decimal) -> Approx:
    """A score or weight. Whole points are exact (10, 20, 100); decimals were rounded (10.00 ± 0.005)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return Approx.exact(value)
    return Approx.printed(value)


def _pt(value: Decimal) -> str:
    return show(value, "分")


def _total_row(card: Scorecard) -> ScoreFundRow | None:
    """The 年度资金总额 row: the first row, the one that carries the execution weight."""
    return next((r for r in card.funds if r.weight is not None), card.funds[0] if card.funds else None)


def _card(ctx: Context, index: int, card: Scorecard) -> None:
    where = {"section": card.section, "sentence": ""}
    loc = f"scorecard:{index}"
    name = card.project
    head = _total_row(card)

    # Each score within its weight.
    rows = [(f"{r.name}", r.weight, r.score, f"{loc}:funds:{i}") for i, r in enumerate(card.funds)]
    rows += [(f"{ind.name}", ind.weight, ind.score, f"{loc}:indicator:{i}") for i, ind in enumerate(card.indicators)]
    for label, weight, score, location in rows:
        if weight is None or score is None:
            continue
        severity = at_most(points(score), points(weight))
        if severity is not None:
            ctx.add(SCORE_LE_WEIGHT, severity, f"{name}：{label}得分 {_pt(score)} 超过分值 {_pt(weight)}",
                    {f"{label}分值": _pt(weight), f"{label}得分": _pt(score)}, score - weight,
                    location=location, **where)

    weights = [ind.weight for ind in card.indicators]
    scores = [ind.score for ind in card.indicators]
    head_weight = head.weight if head is not None else None
    head_score = head.score if head is not None else None

    # Σ weights = 100 (or the printed 总分值).
    if card.indicators and head_weight is not None and all(w is not None for w in weights):
        target = card.total_weight if card.total_weight is not None else Decimal(100)
        parts = [Term("预算执行率分值", points(head_weight), _pt(head_weight))]
        parts += [Term(f"{ind.name}分值", points(ind.weight), _pt(ind.weight))  # type: ignore[arg-type]
                  for ind in card.indicators]
        ctx.check_sum(WEIGHTS_100, Term("总分值", points(target), _pt(target)), parts, unit="分",
                      location=f"{loc}:total", **where)

    # 总分 = Σ scores.
    if card.total_score is not None and card.indicators and all(s is not None for s in scores):
        parts = []
        if head_score is not None:
            parts.append(Term("预算执行率得分", points(head_score), _pt(head_score)))
        elif head_weight is not None:
            parts = None  # the execution score exists but is not printed: not checkable
        if parts is not None:
            parts += [Term(f"{ind.name}得分", points(ind.score), _pt(ind.score))  # type: ignore[arg-type]
                      for ind in card.indicators]
            ctx.check_sum(TOTAL, Term("总分", points(card.total_score), _pt(card.total_score)), parts,
                          unit="分", location=f"{loc}:total", **where)

    if head is not None:
        _execution(ctx, card, head, loc, where)
    _funds_sum(ctx, card, loc, where)


def _money(ctx: Context, value: Decimal, label: str) -> Term:
    """A 项目资金 amount; the scorecard prints them in 万元."""
    return Term(label, Approx.printed(value), show(value, "万元"))


def _execution(ctx: Context, card: Scorecard, head: ScoreFundRow, loc: str, where: dict) -> None:
    name = card.project
    location = f"{loc}:funds:{card.funds.index(head)}"
    rate: Approx | None = None
    if head.rate_pct is not None:
        rate = Approx.printed(head.rate_pct)
    if head.executed is not None and head.annual_budget is not None:
        budget = _money(ctx, head.annual_budget, "全年预算数")
        executed = _money(ctx, head.executed, "全年执行数")
        computed = executed.approx.percent_of(budget.approx)
        if head.rate_pct is not None:
            stated = Term(f"{name}执行率", Approx.printed(head.rate_pct), show(head.rate_pct, "%"))
            ctx.check_ratio(EXECUTION_RATE, stated, computed, "全年执行数 ÷ 全年预算数", [budget, executed],
                            location=location, **where)
        elif computed is not None:
            rate = computed
    if rate is None or head.weight is None or head.score is None:
        return
    # The score uses the rate as stated (its own correctness is execution_rate's business).
    expected = (rate * Approx.exact(Decimal("0.01"))).min_const(Decimal(1)) * points(head.weight)
    stated = Term(f"{name}执行率得分", points(head.score), _pt(head.score))
    inputs = [Term("执行率", rate, show(head.rate_pct, "%") if head.rate_pct is not None else show(rate.value, "%")),
              Term("分值", points(head.weight), _pt(head.weight))]
    ctx.check_ratio(EXECUTION_SCORE, stated, expected, "min(执行率, 100%) × 分值", inputs,
                    location=location, unit="分", **where)


def _funds_sum(ctx: Context, card: Scorecard, loc: str, where: dict) -> None:
    """First row (年度资金总额) = the rows below it, column by column."""
    if len(card.funds) < 2:
        return
    head, rest = card.funds[0], card.funds[1:]
    for attr, column in _MONEY_COLUMNS:
        whole = getattr(head, attr)
        parts = [getattr(r, attr) for r in rest]
        if whole is None or any(p is None for p in parts):
            continue
        ctx.check_sum(FUNDS_SUM, _money(ctx, whole, f"{head.name}{column}"),
                      [_money(ctx, p, f"{r.name}{column}") for r, p in zip(rest, parts)],
                      location=f"{loc}:funds:{column}", **where)


def _narrative(ctx: Context) -> None:
    """The narrative's 全年预算数 / 全年执行数 against the scorecards (all of them must be included)."""
    cards = ctx.doc.scorecards
    heads = [_total_row(c) for c in cards]
    if not cards or any(h is None for h in heads):
        return
    count = ctx.pick("performance.projects")
    if count is not None and count.value != len(cards):
        return  # not every evaluated project's scorecard is included
    if count is None and len(cards) != 1:
        return
    for key, attr, column in (("performance.budget", "annual_budget", "全年预算数"),
                              ("performance.executed", "executed", "全年执行数")):
        fact = ctx.pick(key)
        values = [getattr(h, attr) for h in heads]
        if fact is None or any(v is None for v in values):
            continue
        parts = [_money(ctx, v, f"自评表“{c.project}”{column}") for c, v in zip(cards, values)]
        ctx.check_sum(NARRATIVE, ctx.term(fact), parts, section=fact.section, sentence=fact.sentence)


def check(ctx: Context) -> None:
    for index, card in enumerate(ctx.doc.scorecards):
        _card(ctx, index, card)
    _narrative(ctx)
