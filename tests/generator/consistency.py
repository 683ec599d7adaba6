"""Consistency identities (domain.md §7) evaluated on a ``Truth``: what the printed numbers imply.

``violations(truth)`` returns ``(rule, message)`` pairs; a generated document without a break rule
has none, and a document generated with ``break_rule=R`` reports R (when the text prints both
sides of the identity). Rule ids match ``ledger.BREAK_RULES`` where they overlap.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .truth import Truth

Q = Decimal("0.01")

SHARE_BASE = {
    **{k: "income.current" for k in ("income.fiscal", "income.superior_subsidy", "income.business",
                                      "income.operating", "income.affiliated", "income.other")},
    **{k: "expenditure.current" for k in ("expenditure.basic", "expenditure.project", "expenditure.remit_superior",
                                          "expenditure.operating", "expenditure.affiliated_subsidy",
                                          "general.expenditure")},
    **{k: "sangong.total" for k in ("sangong.abroad", "sangong.vehicle", "sangong.reception",
                                    "sangong.vehicle_purchase", "sangong.vehicle_operation")},
    "procurement.sme": "procurement.total",
    "procurement.small_micro": "procurement.total",
}

SUMS: list[tuple[str, str, tuple[str, ...]]] = [
    # (rule, whole, parts) — parts missing from the text count as 0 (Shanghai lists non-zero parts only)
    ("totals.income", "income.total", ("income.current", "income.nonfiscal_balance_used", "income.carryover_begin")),
    ("totals.expenditure", "expenditure.total",
     ("expenditure.current", "expenditure.surplus_distribution", "expenditure.carryover_end")),
    ("income.components", "income.current", ("income.fiscal", "income.superior_subsidy", "income.business",
                                             "income.operating", "income.affiliated", "income.other")),
    ("expenditure.components", "expenditure.current",
     ("expenditure.basic", "expenditure.project", "expenditure.remit_superior", "expenditure.operating",
      "expenditure.affiliated_subsidy")),
    ("fiscal.income", "fiscal.income_total", ("fiscal.carryover_begin", "fiscal.income_current")),
    ("fiscal.expenditure", "fiscal.expenditure_total", ("fiscal.expenditure_current", "fiscal.carryover_end")),
    ("fund.income", "fund.income_total", ("fund.carryover_begin", "fund.income_current")),
    ("fund.expenditure", "fund.expenditure_total", ("fund.expenditure_current", "fund.carryover_end")),
    ("capital.income", "capital.income_total", ("capital.carryover_begin", "capital.income_current")),
    ("capital.expenditure", "capital.expenditure_total", ("capital.expenditure_current", "capital.carryover_end")),
    ("basic.total", "basic.total", ("basic.personnel", "basic.public")),
    ("sangong.total", "sangong.total", ("sangong.abroad", "sangong.vehicle", "sangong.reception")),
    ("sangong.vehicle", "sangong.vehicle", ("sangong.vehicle_purchase", "sangong.vehicle_operation")),
    ("procurement.total", "procurement.total", ("procurement.goods", "procurement.works", "procurement.services")),
    ("staff.total", "staff.total", ("staff.active", "staff.retired_cadre", "staff.retired")),
]
# A whole whose parts must all be printed for the identity to be checked.
NEED_ALL_PARTS = {"totals.income", "totals.expenditure", "fiscal.income", "fiscal.expenditure", "fund.income",
                  "fund.expenditure", "capital.income", "capital.expenditure", "basic.total", "sangong.vehicle",
                  "procurement.total", "staff.total"}


def _q(value: Decimal) -> Decimal:
    return value.quantize(Q, ROUND_HALF_UP)


def _wan(fact: dict[str, Any]) -> Decimal:
    return fact.get("value_wan", fact["value"])


def violations(truth: Truth) -> list[tuple[str, str]]:
    """Identities that the printed numbers of ``truth`` break."""
    out: list[tuple[str, str]] = []
    first: dict[str, Decimal] = {}
    for fact in truth.facts:
        key = fact["key"]
        if key == "assets.vehicles_by_category":
            continue
        if key in first and first[key] != _wan(fact):
            out.append((f"repeat.{key}", f"{key}: {first[key]} vs {_wan(fact)}"))
        first.setdefault(key, _wan(fact))

    for rule, whole, parts in SUMS:
        if whole not in first:
            continue
        if rule == "income.components" and "income.fiscal" not in first:
            continue  # 财政拨款收入 printed by fund (一般公共预算 / 政府性基金 / 国有资本经营), Sichuan
        present = [p for p in parts if p in first]
        if not present or (rule in NEED_ALL_PARTS and len(present) < len(parts)):
            continue
        total = sum((first[p] for p in present), Decimal(0))
        if total != first[whole]:
            out.append((rule, f"{whole} {first[whole]} ≠ Σ {total}"))
    if "income.total" in first and "expenditure.total" in first and first["income.total"] != first["expenditure.total"]:
        out.append(("totals.balance", f"收入总计 {first['income.total']} ≠ 支出总计 {first['expenditure.total']}"))
    if {"procurement.sme", "procurement.small_micro", "procurement.total"} <= first.keys():
        if not first["procurement.small_micro"] <= first["procurement.sme"] <= first["procurement.total"]:
            out.append(("procurement.sme", "小微 ≤ 中小 ≤ 总额 fails"))
    categories = [f["value"] for f in truth.facts if f["key"] == "assets.vehicles_by_category"]
    if categories and "assets.vehicles" in first and sum(categories) != first["assets.vehicles"]:
        out.append(("assets.vehicles", f"车辆 {first['assets.vehicles']} ≠ Σ categories {sum(categories)}"))

    for fact in truth.facts:
        out += _fact_rates(fact, first)
    out += _line_items(truth, first)
    out += _scorecards(truth)
    return out


def _fact_rates(fact: dict[str, Any], first: dict[str, Decimal]) -> list[tuple[str, str]]:
    out = []
    key, value = fact["key"], _wan(fact)
    base_key = SHARE_BASE.get(key)
    if "share_pct" in fact and base_key in first and first[base_key]:
        expected = _q(value * 100 / first[base_key])
        if expected != fact["share_pct"]:
            out.append(("share.pct", f"{key} share {fact['share_pct']} ≠ {expected}"))
    if "change" in fact and "change_pct" in fact:
        out += _change(key, value, fact["change"], fact["change_pct"])
    if "final" in fact and fact["final"] != value:
        out.append(("budget.final", f"{key} 决算数 {fact['final']} ≠ {value}"))
    if "diff_pct" in fact:
        budget, final = fact["budget"], fact["final"]
        expected = (Decimal(100) if final else Decimal(0)) if budget == 0 else _q((final - budget) * 100 / budget)
        if expected != fact["diff_pct"]:
            out.append(("budget.diff_pct", f"{key} 差异率 {fact['diff_pct']} ≠ {expected}"))
    if "completion_pct" in fact and "budget" in fact:  # Sichuan prints 完成预算X% without the budget
        expected = _q(fact["final"] * 100 / fact["budget"])
        if expected != fact["completion_pct"]:
            out.append(("budget.completion_pct", f"{key} 完成率 {fact['completion_pct']} ≠ {expected}"))
    return out


def _change(key: str, value: Decimal, change: Decimal, rate: Decimal) -> list[tuple[str, str]]:
    prior = value - change
    if prior == 0:
        expected = Decimal(100) if change > 0 else Decimal(0)  # the seed's convention for a zero base
    else:
        expected = _q(change * 100 / prior)
    return [] if expected == rate else [("change.pct", f"{key} rate {rate} ≠ {expected} (prior {prior})")]


def _line_items(truth: Truth, first: dict[str, Decimal]) -> list[tuple[str, str]]:
    out = []
    for cls in (i for i in truth.line_items if i["level"] == "类"):
        members = [i["amount"] for i in truth.line_items
                   if i["level"] == "项" and i["fund"] == cls["fund"] and i["path"][0] == cls["name"]]
        if members and sum(members) != cls["amount"]:
            out.append(("items.class", f"{cls['name']} {cls['amount']} ≠ Σ 项 {sum(members)}"))
        base = first.get("general.expenditure")
        if "share_pct" in cls and base and _q(cls["amount"] * 100 / base) != cls["share_pct"]:
            out.append(("items.share", f"{cls['name']} share {cls['share_pct']}"))
    for item in truth.line_items:
        if "change" in item and "change_pct" in item:
            out += [("items.change", m) for _, m in _change(item["name"], item["amount"], item["change"],
                                                           item["change_pct"])]
    return out


def _scorecards(truth: Truth) -> list[tuple[str, str]]:
    out = []
    for card in truth.scorecards:
        name = card["project"]
        funds = card["funds"]
        total, rest = funds[0], funds[1:]
        for column in ("initial_budget", "annual_budget", "executed"):
            if sum(r[column] for r in rest) != total[column]:
                out.append(("scorecard.funds", f"{name}: {column} total ≠ Σ rows"))
        if total["annual_budget"]:
            rate = _q(total["executed"] * 100 / total["annual_budget"])
            if rate != total["rate_pct"]:
                out.append(("scorecard.rate", f"{name}: 执行率 {total['rate_pct']} ≠ {rate}"))
            if _q(min(total["executed"] / total["annual_budget"], Decimal(1)) * 10) != total["score"]:
                out.append(("scorecard.rate_score", f"{name}: 执行率得分 {total['score']}"))
        indicators = [i for i in truth.indicators if i["project"] == name]
        if any(i["score"] > i["weight"] for i in indicators):
            out.append(("scorecard.score", f"{name}: 得分 > 分值"))
        weights = total["weight"] + sum(i["weight"] for i in indicators)
        scores = total["score"] + sum(i["score"] for i in indicators)
        if weights != card["total_weight"] or weights != 100:
            out.append(("scorecard.weights", f"{name}: Σ 分值 {weights}"))
        if scores != card["total_score"]:
            out.append(("scorecard.total", f"{name}: 总分 {card['total_score']} ≠ Σ {scores}"))
    return out
