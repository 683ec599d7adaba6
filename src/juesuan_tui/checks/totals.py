"""Totals of the 收入支出总表 and 财政拨款 / 政府性基金 / 国有资本经营 balances (domain §7.1–3, §7.10)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import Context, Rule, Term

INCOME = Rule("totals.income", "收入总计与其构成不符", "error",
              "收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余（财政拨款、政府性基金、国有资本经营同理）")
EXPENDITURE = Rule("totals.expenditure", "支出总计与其构成不符", "error",
                   "支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余（财政拨款、政府性基金、国有资本经营同理）")
BALANCE = Rule("totals.balance", "收支总计不平衡", "error",
               "收入总计 = 支出总计；年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余")
RULES = (INCOME, EXPENDITURE, BALANCE)


@dataclass(frozen=True)
class Scope:
    """The fact keys of one 收支 account."""

    name: str
    income_total: str
    income_current: str
    income_other: tuple[str, ...]  # 年初结转和结余 first (required), then optional components
    expenditure_total: str
    expenditure_current: str
    expenditure_other: tuple[str, ...]  # 年末结转和结余 first (required), then optional components


SCOPES = (
    Scope("收入支出", "income.total", "income.current",
          ("income.carryover_begin", "income.nonfiscal_balance_used"),
          "expenditure.total", "expenditure.current",
          ("expenditure.carryover_end", "expenditure.surplus_distribution")),
    Scope("财政拨款", "fiscal.income_total", "fiscal.income_current", ("fiscal.carryover_begin",),
          "fiscal.expenditure_total", "fiscal.expenditure_current", ("fiscal.carryover_end",)),
    Scope("政府性基金预算财政拨款", "fund.income_total", "fund.income_current", ("fund.carryover_begin",),
          "fund.expenditure_total", "fund.expenditure_current", ("fund.carryover_end",)),
    Scope("国有资本经营预算财政拨款", "capital.income_total", "capital.income_current", ("capital.carryover_begin",),
          "capital.expenditure_total", "capital.expenditure_current", ("capital.carryover_end",)),
)


def _side(ctx: Context, rule: Rule, total_key: str, current_key: str, other_keys: tuple[str, ...]) -> bool:
    """总计 = 本年 + 结转和结余 (+ 使用非财政拨款结余 / 结余分配 when stated).

    Without the carry-over the total cannot be checked (many layouts state only
    总计 and 本年); a missing optional component makes the check one-sided.
    Returns whether a total was found wrong.
    """
    wrong = False
    for whole in ctx.facts(total_key):
        current = ctx.pick(current_key, whole.section)
        carry = ctx.pick(other_keys[0], whole.section)
        if current is None or carry is None:
            continue
        others = [carry] + [ctx.pick(k, whole.section) for k in other_keys[1:]]
        known = [f for f in others if f is not None]
        finding = ctx.check_sum(rule, ctx.term(whole), [ctx.term(current)] + [ctx.term(f) for f in known],
                                complete=len(known) == len(others), section=whole.section, sentence=whole.sentence)
        wrong = wrong or (finding is not None and finding.severity == "error")
    return wrong


def check(ctx: Context) -> None:
    for scope in SCOPES:
        wrong = _side(ctx, INCOME, scope.income_total, scope.income_current, scope.income_other)
        wrong |= _side(ctx, EXPENDITURE, scope.expenditure_total, scope.expenditure_current, scope.expenditure_other)
        if wrong:
            continue  # a misprinted 总计 would be reported a second time as an imbalance
        income = ctx.pick(scope.income_total)
        if income is not None:
            spent = ctx.pick(scope.expenditure_total, income.section)
            if spent is not None:
                ctx.check_sum(BALANCE, ctx.term(income), [ctx.term(spent)],
                              section=spent.section, sentence=spent.sentence)
                continue
        # Without both totals, the components must still balance.
        anchor = ctx.pick(scope.income_current)
        if anchor is None:
            continue
        near = anchor.section
        inflow = [ctx.pick(k, near) for k in (scope.income_current, *scope.income_other)]
        outflow = [ctx.pick(k, near) for k in (scope.expenditure_current, *scope.expenditure_other)]
        if any(f is None for f in inflow + outflow):
            continue
        # 本年收入 + 年初结转… (as one side) = 本年支出 + 年末结转…
        left = [ctx.term(f) for f in inflow]
        right = [ctx.term(f) for f in outflow]
        lhs = left[0]
        for extra in left[1:]:
            lhs = Term(f"{lhs.label} + {extra.label}", lhs.approx + extra.approx, f"{lhs.text} + {extra.text}")
        ctx.check_sum(BALANCE, lhs, right, section=anchor.section, sentence=anchor.sentence)
