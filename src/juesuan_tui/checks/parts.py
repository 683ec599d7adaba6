"""Parts sum to their totals, and stated shares equal amount / base (domain §7.4–6, 17, 23–28)."""

from __future__ import annotations

from decimal import Decimal

from importers.extract.vocab import FACT_KEYS
from importers.normalize import fold
from juesuan_tui.models import Fact

from .base import Context, Rule, Term, show
from .tolerance import Approx

INCOME = Rule("parts.income", "收入构成合计不等于本年收入", "error",
              "本年收入合计 = 财政拨款 + 上级补助 + 事业 + 经营 + 附属单位上缴 + 其他收入")
EXPENDITURE = Rule("parts.expenditure", "支出构成合计不等于本年支出", "error",
                   "本年支出合计 = 基本支出 + 项目支出 + 上缴上级 + 经营 + 对附属单位补助支出")
FISCAL = Rule("parts.fiscal", "财政拨款收支与分项不符", "error",
              "本年财政拨款收入 = 财政拨款收入；本年财政拨款支出 = 一般公共预算 + 政府性基金 + 国有资本经营")
BASIC = Rule("parts.basic", "基本支出不等于人员经费与公用经费之和", "error",
             "基本支出 = 人员经费 + 公用经费")
OPERATING = Rule("parts.operating", "机关运行经费（公用经费）与基本支出中的公用经费不一致", "warning",
                 "机关运行经费（事业单位：公用经费）= 一般公共预算财政拨款基本支出中的公用经费；口径可能不同，故为警告")
SANGONG = Rule("parts.sangong", "“三公”经费合计不等于分项之和", "error",
               "“三公”经费 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费（决算数与预算数）")
VEHICLE = Rule("parts.vehicle", "公务用车费用不等于购置费与运行维护费之和", "error",
               "公务用车购置及运行维护费 = 公务用车购置费 + 公务用车运行维护费（决算数与预算数）")
PROCUREMENT = Rule("parts.procurement", "政府采购总额不等于货物、工程、服务之和", "error",
                   "政府采购支出总额 = 货物 + 工程 + 服务")
SME = Rule("parts.sme", "中小企业合同金额超出范围", "error", "授予小微企业 ≤ 授予中小企业 ≤ 政府采购支出总额")
VEHICLES = Rule("parts.vehicles", "车辆总数与分类数不符", "error", "车辆总数 = 各类用车数之和")
STAFF = Rule("parts.staff", "实有人数不等于在职、离休、退休人数之和", "error", "实有人数 = 在职 + 离休 + 退休")
SHARE = Rule("share.amount", "占比与金额不符", "error", "占比 = 金额 ÷ 基数 × 100%")
RULES = (INCOME, EXPENDITURE, FISCAL, BASIC, OPERATING, SANGONG, VEHICLE, PROCUREMENT, SME, VEHICLES, STAFF, SHARE)

INCOME_PARTS = ("income.fiscal", "income.superior_subsidy", "income.business", "income.operating",
                "income.affiliated", "income.other")
EXPENDITURE_PARTS = ("expenditure.basic", "expenditure.project", "expenditure.remit_superior",
                     "expenditure.operating", "expenditure.affiliated_subsidy")

# The base a share is "of" when the sentence does not name it (占X%): the topic's total.
DEFAULT_BASE: dict[str, str] = {
    **{k: "income.current" for k in INCOME_PARTS},
    **{k: "expenditure.current" for k in EXPENDITURE_PARTS},
    "general.expenditure": "expenditure.current",
    "basic.personnel": "basic.total",
    "basic.public": "basic.total",
    "sangong.abroad": "sangong.total",
    "sangong.vehicle": "sangong.total",
    "sangong.reception": "sangong.total",
    "procurement.goods": "procurement.total",
    "procurement.works": "procurement.total",
    "procurement.services": "procurement.total",
    "procurement.sme": "procurement.total",
    "procurement.small_micro": "procurement.total",
}

_LABEL_TO_KEY = {fold(label): key for key, label in FACT_KEYS.items()}


def resolve_base(base: str | None) -> str | None:
    """A ``share_base`` (fact key or printed wording such as ``本年支出合计``) → fact key."""
    if not base:
        return None
    if base in FACT_KEYS:
        return base
    folded = fold(base).strip("的")
    if folded in _LABEL_TO_KEY:
        return _LABEL_TO_KEY[folded]
    # "占收入总计的" / "占本年收入合计的比例": the longest vocabulary label inside the wording.
    inside = [label for label in _LABEL_TO_KEY if label and label in folded]
    if inside:
        return _LABEL_TO_KEY[max(inside, key=len)]
    return None


def _sum(ctx: Context, rule: Rule, whole_key: str, part_keys: tuple[str, ...], *, need_all: bool) -> None:
    for whole in ctx.facts(whole_key):
        found = [ctx.pick(k, whole.section) for k in part_keys]
        parts = [f for f in found if f is not None]
        if not parts or (need_all and len(parts) < len(part_keys)):
            continue
        ctx.check_sum(rule, ctx.term(whole), [ctx.term(f) for f in parts],
                      complete=len(parts) == len(part_keys), section=whole.section, sentence=whole.sentence)


def _with_budget(f: Fact) -> bool:
    return f.budget is not None


def _sangong(ctx: Context) -> None:
    """三公 = 出国 + 用车 + 接待 and 用车 = 购置 + 运行, for 决算数 and for 预算数."""
    for budget in (False, True):
        where = _with_budget if budget else None
        suffix = "预算数" if budget else ""

        def term(f: Fact) -> Term:
            return ctx.term(f, f.label + suffix, f.budget if budget else None)

        for vehicle in ctx.facts("sangong.vehicle"):
            if budget and vehicle.budget is None:
                continue
            buy = ctx.pick("sangong.vehicle_purchase", vehicle.section, where=where)
            run = ctx.pick("sangong.vehicle_operation", vehicle.section, where=where)
            if buy is not None and run is not None:
                ctx.check_sum(VEHICLE, term(vehicle), [term(buy), term(run)],
                              section=vehicle.section, sentence=vehicle.sentence)
        for whole in ctx.facts("sangong.total"):
            if budget and whole.budget is None:
                continue
            near = whole.section
            abroad = ctx.pick("sangong.abroad", near, where=where)
            reception = ctx.pick("sangong.reception", near, where=where)
            vehicle = ctx.pick("sangong.vehicle", near, where=where)
            if abroad is None or reception is None:
                continue
            if vehicle is not None:
                vehicle_term = term(vehicle)
            else:
                buy = ctx.pick("sangong.vehicle_purchase", near, where=where)
                run = ctx.pick("sangong.vehicle_operation", near, where=where)
                if buy is None or run is None:
                    continue
                a, b = term(buy), term(run)
                vehicle_term = Term(f"{a.label} + {b.label}", a.approx + b.approx, f"{a.text} + {b.text}")
            ctx.check_sum(SANGONG, term(whole), [term(abroad), vehicle_term, term(reception)],
                          section=whole.section, sentence=whole.sentence)


def _sme(ctx: Context) -> None:
    chain = [ctx.pick(k) for k in ("procurement.small_micro", "procurement.sme", "procurement.total")]
    for small, large in zip(chain, chain[1:]):
        if small is None or large is None:
            continue
        a, b = ctx.term(small), ctx.term(large)
        excess = a.approx - b.approx
        if excess.value <= 0:
            continue
        severity = "info" if excess.lo <= 0 else "error"
        difference = excess.value
        note = "，在四舍五入误差范围内" if severity == "info" else ""
        ctx.add(SME, severity, f"{a.label} {a.text} 大于 {b.label} {b.text}，超出 {show(difference, '万元')}{note}",
                {a.label: a.text, b.label: b.text}, difference, section=small.section, sentence=small.sentence)


def _vehicles(ctx: Context) -> None:
    categories = ctx.facts("assets.vehicles_by_category")
    for whole in ctx.facts("assets.vehicles"):
        if not categories:
            return
        # Categories are one list in one sentence; keep those closest to the total.
        best = max(categories, key=lambda f: (f.section == whole.section)).section
        parts = [f for f in categories if f.section == best]
        ctx.check_sum(VEHICLES, ctx.term(whole), [ctx.term(f) for f in parts], complete=False, unit="辆",
                      section=whole.section, sentence=whole.sentence)


def _staff(ctx: Context) -> None:
    staffing = ctx.doc.profile.staffing
    numbers: dict[str, int | None] = {
        "staff.total": staffing.total, "staff.active": staffing.active,
        "staff.retired_cadre": staffing.retired_cadre, "staff.retired": staffing.retired,
    }
    sentence = staffing.sentence
    section = None
    for key in numbers:
        fact = ctx.pick(key)
        if fact is not None:
            section = section or fact.section
            sentence = sentence or fact.sentence
            if numbers[key] is None:
                numbers[key] = int(fact.value)
    if any(v is None for v in numbers.values()):
        return
    section = section or ctx.section_with_key("staffing", "overview")

    def term(key: str) -> Term:
        value = Decimal(numbers[key])  # type: ignore[arg-type]
        return Term(FACT_KEYS[key], Approx.exact(value), f"{value}人")

    ctx.check_sum(STAFF, term("staff.total"), [term("staff.active"), term("staff.retired_cadre"),
                                               term("staff.retired")], unit="人", section=section, sentence=sentence)


def _shares(ctx: Context) -> None:
    # A 类/款/项 statement is also a line item, whose share tree.share checks.
    items = {(i.section, i.amount) for i in ctx.doc.line_items if i.share_pct is not None}
    for fact in ctx.doc.facts:
        if fact.share_pct is None or (fact.key is None and (fact.section, fact.value) in items):
            continue
        base_key = resolve_base(fact.share_base) if fact.share_base else DEFAULT_BASE.get(fact.key or "")
        if base_key is None or base_key == fact.key:
            continue
        base = ctx.pick(base_key, fact.section)
        if base is None:
            continue
        amount, whole = ctx.term(fact), ctx.term(base)
        stated = Term(f"{fact.label}占比", Approx.printed(fact.share_pct), show(fact.share_pct, "%"))
        ctx.check_ratio(SHARE, stated, amount.approx.percent_of(whole.approx),
                        f"{fact.label} ÷ {base.label}", [amount, whole],
                        section=fact.section, sentence=fact.sentence)


def _operating(ctx: Context) -> None:
    public = ctx.pick("basic.public")
    if public is None:
        return
    for key in ("operating.costs", "operating.public"):
        for fact in ctx.facts(key):
            ctx.check_sum(OPERATING, ctx.term(fact), [ctx.term(public, "基本支出中的" + public.label)],
                          section=fact.section, sentence=fact.sentence)


def check(ctx: Context) -> None:
    _sum(ctx, INCOME, "income.current", INCOME_PARTS, need_all=False)
    _sum(ctx, EXPENDITURE, "expenditure.current", EXPENDITURE_PARTS, need_all=False)
    _sum(ctx, FISCAL, "fiscal.income_current", ("income.fiscal",), need_all=True)
    _sum(ctx, FISCAL, "fiscal.expenditure_current",
         ("general.expenditure", "fund.expenditure_current", "capital.expenditure_current"), need_all=False)
    _sum(ctx, BASIC, "basic.total", ("basic.personnel", "basic.public"), need_all=True)
    _operating(ctx)
    _sangong(ctx)
    _sum(ctx, PROCUREMENT, "procurement.total",
         ("procurement.goods", "procurement.works", "procurement.services"), need_all=False)
    _sme(ctx)
    _vehicles(ctx)
    _staff(ctx)
    _shares(ctx)
