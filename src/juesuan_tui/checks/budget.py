"""Budget against final: 预决算差异率, 完成率 and the words 大于 / 小于 / 持平 (domain §7.21)."""

from __future__ import annotations

import re
from decimal import Decimal

from importers.normalize import fold
from juesuan_tui.models import Fact

from .base import Context, Rule, Term, show, signed
from .tolerance import Approx

DIFF_RATE = Rule("budget.diff_rate", "预决算差异率不符或无法计算", "error",
                 "预决算差异率 = (决算数 − 预算数) ÷ 预算数 × 100%；预算数为0时无法计算")
COMPLETION = Rule("budget.completion", "预算完成率不符或无法计算", "error",
                  "完成率 = 决算数 ÷ 预算数 × 100%；预算数为0时无法计算")
WORDING = Rule("budget.wording", "预决算比较用语与数值不符", "error",
               "“决算数大于/小于预算数”“持平”须与数值一致")
REASON = Rule("budget.reason", "决算数与预算数有差异但未说明原因", "warning",
               "决算数与预算数不一致时须说明原因")
RULES = (DIFF_RATE, COMPLETION, WORDING, REASON)

# The comparison as worded, in the folded form. "基本持平" tolerates a difference.
_MORE = re.compile(r"决算数?(?:大于|高于|多于|超过|超出)(?:年初|全年|调整后)?预算")
_LESS = re.compile(r"决算数?(?:小于|低于|少于|未达到)(?:年初|全年|调整后)?预算")
_EQUAL = re.compile(r"决算数?(?:等于|与(?:年初|全年|调整后)?预算数?持平)|预决算(?:持平|一致|无差异)")
_ROUGHLY = re.compile(r"基本持平|基本一致|略有差异")
# Wording that gives a reason, in the statement or in the rest of its paragraph/section.
_REASON_WORDS = re.compile(r"原因|主要是|主要用于|主要系|由于|因为|系因|用于")


def _wording(sentence: str) -> str | None:
    """">", "<", "=" or None (no comparison word, or words that disagree with each other)."""
    text = fold(sentence)
    found = {sign for sign, pattern in ((">", _MORE), ("<", _LESS), ("=", _EQUAL)) if pattern.search(text)}
    if len(found) != 1 or _ROUGHLY.search(text):
        return None
    return found.pop()


def _zero_budget(ctx: Context, rule: Rule, fact: Fact, what: str, pct: Decimal, final: Term, budget: Term) -> None:
    if final.approx.value == 0 and pct == 0:
        return  # 0 against 0 stated as 0.00%: nothing is claimed
    ctx.add(rule, "warning",
            f"{fact.label}预算数为0，{what}无法计算（决算数 {final.text}），文中写为 {show(pct, '%')}",
            {budget.label: budget.text, final.label: final.text, f"{fact.label}{what}": show(pct, "%")},
            None, section=fact.section, sentence=fact.sentence)


def _check_fact(ctx: Context, fact: Fact, *, rates: bool = True) -> tuple[Term, Term]:
    """Rates (unless already checked for the same numbers) and the comparison wording of one fact;
    returns its budget and final terms."""
    assert fact.budget is not None
    basis = fact.budget_basis or ""
    final_value = fact.final if fact.final is not None else fact.value
    budget = ctx.term(fact, f"{fact.label}{basis}预算数", fact.budget)
    final = ctx.term(fact, f"{fact.label}决算数", final_value)
    where = {"section": fact.section, "sentence": fact.sentence}
    zero = fact.budget == 0
    if rates and fact.diff_pct is not None:
        if zero:
            _zero_budget(ctx, DIFF_RATE, fact, "预决算差异率", fact.diff_pct, final, budget)
        else:
            stated = Term(f"{fact.label}预决算差异率", Approx.printed(fact.diff_pct), signed(fact.diff_pct) + "%")
            computed = (final.approx - budget.approx).percent_of(budget.approx)
            ctx.check_ratio(DIFF_RATE, stated, computed, "(决算数 − 预算数) ÷ 预算数", [budget, final], **where)
    if rates and fact.completion_pct is not None:
        if zero:
            _zero_budget(ctx, COMPLETION, fact, "完成率", fact.completion_pct, final, budget)
        else:
            stated = Term(f"{fact.label}完成率", Approx.printed(fact.completion_pct), show(fact.completion_pct, "%"))
            computed = final.approx.percent_of(budget.approx)
            ctx.check_ratio(COMPLETION, stated, computed, "决算数 ÷ 预算数", [budget, final], **where)
    word = _wording(fact.sentence)
    if word is None:
        return budget, final
    gap = final.approx - budget.approx
    actual = ">" if gap.lo > 0 else "<" if gap.hi < 0 else "=" if gap.value == 0 else "≈"
    if word == actual or actual == "≈":
        return budget, final
    words = {">": "决算数大于预算数", "<": "决算数小于预算数", "=": "决算数与预算数持平"}
    severity = "warning" if word == "=" else "error"
    ctx.add(WORDING, severity, f"{fact.label}文中称“{words[word]}”，但预算数 {budget.text}、决算数 {final.text}",
            {budget.label: budget.text, final.label: final.text, "用语": words[word]}, gap.value, **where)
    return budget, final


def _reason_given(fact: Fact, section_text: str) -> bool:
    """A reason is stated for the statement: extracted, or worded after it in its section."""
    if fact.budget_reason or fact.reason:
        return True
    at = section_text.find(fact.sentence) if fact.sentence else -1
    return bool(_REASON_WORDS.search(fact.sentence or "") or _REASON_WORDS.search(section_text[max(at, 0):]))


def _check_reason(ctx: Context, fact: Fact, budget: Term, final: Term, texts: dict[str, str]) -> None:
    """A final that differs from its budget beyond rounding needs a reason (domain §7.21)."""
    gap = final.approx - budget.approx
    if not (gap.lo > 0 or gap.hi < 0):
        return
    if _reason_given(fact, texts.get(fact.section or "", "")):
        return
    ctx.add(REASON, "warning", f"{fact.label}决算数 {final.text} 与预算数 {budget.text} 不同，未见原因说明",
            {budget.label: budget.text, final.label: final.text}, gap.value,
            section=fact.section, sentence=fact.sentence)


def check(ctx: Context) -> None:
    # One budget statement may be attached to several facts (收入支出总体 → both
    # totals); the rates depend only on the numbers, so check each set once.
    seen: set[tuple] = set()
    stated: set[tuple] = set()  # statements (section and numbers) already checked for a reason
    texts: dict[str, str] | None = None
    for fact in ctx.doc.facts:
        if fact.budget is None:
            continue
        final = fact.final if fact.final is not None else fact.value
        signature = (fact.section, fact.budget, final, fact.diff_pct, fact.completion_pct, fact.sentence)
        rates = signature[:-1]
        budget, final_term = _check_fact(ctx, fact, rates=rates not in seen)
        seen.add(rates)
        if signature[:3] not in stated:
            stated.add(signature[:3])
            if texts is None:
                texts = {s.id: s.text for s in ctx.doc.walk_sections()}
            _check_reason(ctx, fact, budget, final_term, texts)
