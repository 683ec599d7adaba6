"""The numbers of one generated disclosure, internally consistent by construction.

A ``Ledger`` is built first; layouts only print it. Every identity of domain.md §7
holds exactly in Decimal (amounts quantized to 0.01, shares and rates rounded half
up to 2 decimals) unless a break rule later overrides one printed value.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from . import data

Q = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

GP = "一般公共预算财政拨款"
GF = "政府性基金预算财政拨款"
SC = "国有资本经营预算财政拨款"


def q(value: Decimal | int | str) -> Decimal:
    """Quantize to 0.01, half up (as disclosures round)."""
    return Decimal(value).quantize(Q, ROUND_HALF_UP)


def pct(part: Decimal, base: Decimal) -> Decimal | None:
    """``part / base × 100`` rounded to 2 decimals; None when the base is 0."""
    if base == 0:
        return None
    return q(part * HUNDRED / base)


def money(rng: random.Random, low: float, high: float) -> Decimal:
    """A random amount in [low, high] with 2 decimals."""
    return q(Decimal(rng.randint(round(low * 100), round(high * 100))) / 100)


def scale(rng: random.Random, value: Decimal, low: float, high: float) -> Decimal:
    return q(value * Decimal(str(round(rng.uniform(low, high), 4))))


def split(rng: random.Random, total: Decimal, n: int) -> list[Decimal]:
    """``n`` non-negative amounts (0.01) summing exactly to ``total``."""
    if n <= 1:
        return [total]
    weights = [rng.uniform(0.2, 1.0) for _ in range(n)]
    whole = sum(weights)
    parts = [(total * Decimal(str(w / whole))).quantize(Q, ROUND_DOWN) for w in weights[:-1]]
    parts.append(total - sum(parts, ZERO))
    return parts


def split_int(rng: random.Random, total: int, n: int, step: int = 5) -> list[int]:
    """``n`` positive multiples of ``step`` summing to ``total``."""
    units = total // step
    cuts = sorted(rng.sample(range(1, units), n - 1)) if n > 1 else []
    bounds = [0, *cuts, units]
    return [(b - a) * step for a, b in zip(bounds, bounds[1:])]


@dataclass
class Item:
    """One 项 of the functional classification, paid from one fund."""

    fund: str
    code: str
    amount: Decimal
    prior: Decimal
    budget: Decimal  # 年初预算
    basic: Decimal
    project: Decimal
    purpose: str = ""

    @property
    def path(self) -> tuple[str, str, str]:
        c = self.code
        return (data.CODES[c[:3]], data.CODES[c[:5]], data.CODES[c])

    @property
    def change(self) -> Decimal:
        return self.amount - self.prior


@dataclass
class Change:
    """A year-on-year change as the text states it."""

    delta: Decimal  # signed
    pct: Decimal | None  # signed; None when the prior year was 0
    prior: Decimal


@dataclass
class Indicator:
    level1: str
    level2: str
    name: str
    target: str
    actual: str
    weight: Decimal
    score: Decimal
    note: str = ""


@dataclass
class FundRow:
    name: str
    initial_budget: Decimal
    annual_budget: Decimal
    executed: Decimal
    weight: Decimal | None = None
    rate_pct: Decimal | None = None
    score: Decimal | None = None


@dataclass
class Scorecard:
    project: str
    department: str
    implementer: str
    funds: list[FundRow]
    goal_expected: str
    goal_actual: str
    indicators: list[Indicator]

    @property
    def total_weight(self) -> Decimal:
        return (self.funds[0].weight or ZERO) + sum((i.weight for i in self.indicators), ZERO)

    @property
    def total_score(self) -> Decimal:
        return (self.funds[0].score or ZERO) + sum((i.score for i in self.indicators), ZERO)


@dataclass
class Ledger:
    """All numbers and names of one disclosure."""

    layout: str
    year: int
    unit: str
    unit_type: str  # 行政 / 事业
    kind: str  # 单位决算 / 部门决算
    level_word: str  # 市 / 区 / 县
    topic: str
    items: list[Item]
    v: dict[str, Decimal] = field(default_factory=dict)
    prior: dict[str, Decimal] = field(default_factory=dict)
    budget: dict[str, Decimal] = field(default_factory=dict)
    fund_state: str = "none"  # none / carry / active
    capital_state: str = "none"
    departments: list[str] = field(default_factory=list)
    subordinates: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    vehicles: list[tuple[str, int]] = field(default_factory=list)
    personnel_econ: list[tuple[str, str, Decimal]] = field(default_factory=list)
    public_econ: list[tuple[str, str, Decimal]] = field(default_factory=list)
    scorecards: list[Scorecard] = field(default_factory=list)
    glossary: list[tuple[str, str]] = field(default_factory=list)
    nf_item_code: str | None = None  # the 项 that carries non-fiscal spending in the tables
    nf: dict[str, Decimal] = field(default_factory=dict)
    # break rules: printed values that differ from the consistent ones
    value_override: dict[str, Decimal] = field(default_factory=dict)
    pct_override: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    broken: dict | None = None

    # -- access ---------------------------------------------------------------------
    def shown(self, key: str) -> Decimal:
        """The value as printed (a break rule may override it)."""
        return self.value_override.get(key, self.v[key])

    def fund_items(self, fund: str) -> list[Item]:
        return [i for i in self.items if i.fund == fund]

    def change(self, key: str) -> Change:
        current = self.shown(key)
        prior = self.prior[key]
        delta = current - prior
        if prior == 0:
            rate = None if delta else ZERO  # no base: each layout prints its own convention
        else:
            rate = q(delta * HUNDRED / prior)
        rate = self.pct_override.get((key, "change_pct"), rate)
        return Change(delta, rate, prior)

    def share(self, key: str, base_key: str) -> Decimal | None:
        value = self.pct_override.get((key, "share_pct"))
        return value if value is not None else pct(self.shown(key), self.shown(base_key))

    def diff_pct(self, key: str) -> Decimal:
        """预决算差异率; the seed's convention prints 100.00% when the budget is 0."""
        budget, final = self.budget[key], self.shown(key)
        if budget == 0:
            return HUNDRED.quantize(Q) if final else ZERO
        return q((final - budget) * HUNDRED / budget)

    def classes(self, fund: str) -> list[tuple[str, Decimal]]:
        """(类 code, amount) for one fund, in code order; 类 = Σ 项."""
        out: dict[str, Decimal] = {}
        for item in self.fund_items(fund):
            out[item.code[:3]] = out.get(item.code[:3], ZERO) + item.amount
        return sorted(out.items())

    def groups(self, fund: str) -> list[tuple[str, Decimal]]:
        """(款 code, amount) for one fund; 款 = Σ 项."""
        out: dict[str, Decimal] = {}
        for item in self.fund_items(fund):
            out[item.code[:5]] = out.get(item.code[:5], ZERO) + item.amount
        return sorted(out.items())


# ---------------------------------------------------------------------------------
# building


def _pick_unit(rng: random.Random, layout: str) -> tuple[str, str, str, tuple[str, ...]]:
    region = rng.choice(data.REGIONS[layout])
    level = region[-1] if region[-1] in "市区县" else "县"
    agency, unit_type, groups = rng.choice(data.AGENCIES)
    agency = agency.replace("{L}", level)
    return region + agency, unit_type, level, groups


def _items(rng: random.Random, unit_type: str, groups: tuple[str, ...], size: Decimal) -> list[Item]:
    chosen: list[str] = []
    for group in rng.sample(groups, k=rng.randint(1, len(groups))):
        candidates = [c for c in data.CODES if len(c) == 7 and c.startswith(group)]
        chosen += rng.sample(candidates, k=rng.randint(1, min(3, len(candidates))))
    personnel = list(data.PERSONNEL_ITEMS[unit_type])
    chosen += personnel[:3] + rng.sample(personnel[3:], k=rng.randint(0, 3))
    chosen = sorted(set(chosen))
    items: list[Item] = []
    business = [c for c in chosen if not c.startswith(("208", "210", "221"))]
    running = next((c for c in business if c.endswith(("01", "50"))), business[0] if business else None)
    for code in chosen:
        if code.startswith(("208", "210", "221")):
            amount = scale(rng, size, 0.01, 0.08)
        elif code == running:
            amount = scale(rng, size, 0.3, 0.6)
        else:
            amount = scale(rng, size, 0.02, 0.4)
        if code != running and rng.random() < 0.12:
            amount = ZERO  # an item that dropped to zero this year
        roll = rng.random()
        if amount == 0:
            prior = scale(rng, size, 0.01, 0.2) + Decimal("0.01")
        elif roll < 0.12:
            prior = ZERO  # new this year
        elif roll < 0.17:
            prior = amount
        else:
            prior = scale(rng, amount, 0.55, 1.5)
        roll = rng.random()
        if roll < 0.08:
            budget = ZERO  # added during the year
        elif roll < 0.35:
            budget = amount
        else:
            budget = scale(rng, amount, 0.9, 1.2)
        if code.startswith(("208", "210", "221")):
            basic, project = amount, ZERO
        elif code == running:
            basic = scale(rng, amount, 0.85, 1.0)
            project = amount - basic
        else:
            basic, project = ZERO, amount
        items.append(Item(GP, code, amount, prior, budget, basic, project))
    return items


def _fund_items(rng: random.Random, codes: tuple[str, ...], fund: str, state: str, size: Decimal) -> list[Item]:
    picks = sorted(rng.sample(codes, k=rng.randint(1, 2)))
    out = []
    for code in picks:
        if state == "carry":
            amount = ZERO
            prior = scale(rng, size, 0.02, 0.2)
        else:
            amount = scale(rng, size, 0.02, 0.3)
            prior = ZERO if rng.random() < 0.2 else scale(rng, amount, 0.5, 1.5)
        budget = ZERO if rng.random() < 0.3 else scale(rng, amount, 0.9, 1.2)
        out.append(Item(fund, code, amount, prior, budget, ZERO, amount))
    return out


def _indicators(rng: random.Random) -> list[Indicator]:
    op_ge, op_le = rng.choice(((">=", "<="), ("≥", "≤")))
    spaced = rng.random() < 0.5
    actual_eq = rng.random() < 0.6  # the seed writes completed values as "=99.79 万条"
    plan = [("产出指标", 50, rng.randint(2, 4)), ("效益指标", 30, rng.randint(1, 2)), ("满意度指标", 10, 1)]
    out: list[Indicator] = []
    for level1, total, count in plan:
        level2s = list(data.INDICATORS[level1])
        if level1 == "产出指标":
            level2s = ["数量指标", "质量指标", "时效指标", "成本指标"][: max(count, 2)]
        weights = split_int(rng, total, count, 5)
        for n, weight in enumerate(weights):
            level2 = level2s[n % len(level2s)] if level1 == "产出指标" else rng.choice(level2s)
            name, kind, unit = rng.choice(data.INDICATORS[level1][level2])
            if any(i.name == name for i in out):
                continue
            full = rng.random() < 0.8
            sp = " " if spaced and unit not in ("%", "") else ""
            if kind == "text":
                target = rng.choice(data.QUALITATIVE_TARGETS)
                actual = rng.choice(data.QUALITATIVE_ACTUALS[:3] if full else data.QUALITATIVE_ACTUALS[3:])
            elif unit == "%":
                goal = rng.choice((80, 85, 90, 95, 98, 100)) if kind != "eq" else 100
                if kind == "eq" and full:
                    got = goal
                elif full:
                    got = Decimal(rng.randint(goal * 100, 10000)) / 100
                else:  # missed: below the target
                    got = Decimal(rng.randint((goal - 8) * 100, goal * 100 - 1)) / 100
                op = "=" if kind == "eq" else op_ge
                target = f"{op}{goal}%"
                actual = f"{'=' if actual_eq else ''}{got}%"
            elif kind == "le":
                goal = rng.randint(20, 900)
                got = Decimal(rng.randint(goal * 60, goal * 100)) / 100
                target = f"{op_le}{goal}{sp}{unit}"
                actual = f"{'=' if actual_eq else ''}{got}{sp}{unit}"
            else:
                if unit == "万条":
                    goal = rng.randint(20, 120)
                    low, high = (goal * 100, goal * 130) if full else (goal * 80, goal * 100 - 1)
                    got = Decimal(rng.randint(low, high)) / 100
                else:
                    goal = rng.randint(2, 120)
                    if kind == "eq":
                        got = goal if full else goal - rng.randint(1, goal - 1)
                    else:
                        got = rng.randint(goal, goal * 2) if full else rng.randint(max(goal // 2, 1), goal - 1)
                op = "=" if kind == "eq" else op_ge
                target = f"{op}{goal}{sp}{unit}"
                actual = f"{'=' if actual_eq else ''}{got}{sp}{unit}"
            w = Decimal(weight)
            score = w if full else max(ZERO, w - Decimal(rng.randint(5, 30)) / 10)
            note = "" if full and rng.random() < 0.6 else rng.choice(
                ("工作效果有效提升", "工作机制优化", "受客观因素影响，下一步加强管理", "按计划完成"))
            out.append(Indicator(level1, level2, name, target, actual, w, score, note))
    # a duplicate name was skipped: give its weight to the first indicator of the same level 1
    for level1, total, _ in plan:
        got = sum((i.weight for i in out if i.level1 == level1), ZERO)
        if got != total:
            first = next(i for i in out if i.level1 == level1)
            full = first.score == first.weight
            first.weight += Decimal(total) - got
            if full:
                first.score = first.weight
    return out


def _scorecard(rng: random.Random, unit: str, project_size: Decimal) -> Scorecard:
    project = unit[-6:] if rng.random() < 0.3 else ""
    project = f"{project}{rng.choice(data.PROJECTS)}项目"
    annual = scale(rng, project_size, 0.2, 0.9) + Decimal("1.00")
    initial = annual if rng.random() < 0.4 else scale(rng, annual, 0.8, 2.5)
    executed = annual if rng.random() < 0.6 else scale(rng, annual, 0.85, 0.999)
    rate = pct(executed, annual)
    score = q(min(executed / annual, Decimal(1)) * 10)
    carried = ZERO if rng.random() < 0.7 else scale(rng, annual, 0.05, 0.3)
    fiscal_row = FundRow("当年财政拨款", initial, annual - carried, executed - min(carried, executed))
    funds = [FundRow("年度资金总额", initial, annual, executed, Decimal(10), rate, score), fiscal_row]
    if carried:
        funds.append(FundRow("上年结转资金", ZERO, carried, min(carried, executed)))
    funds.append(FundRow("其他资金", ZERO, ZERO, ZERO))
    return Scorecard(
        project=project,
        department=unit,
        implementer=unit,
        funds=funds,
        goal_expected=f"按计划完成{project}各项工作任务，保障业务正常运行，提升服务质量和群众满意度。",
        goal_actual="已按计划完成年度各项工作任务，业务运行平稳，服务质量和群众满意度稳步提升。",
        indicators=_indicators(rng),
    )


def build(rng: random.Random, layout: str, force: frozenset[str] = frozenset()) -> Ledger:
    """A consistent ledger for one disclosure. ``force`` names blocks that must be non-empty."""
    unit, unit_type, level, groups = _pick_unit(rng, layout)
    year = rng.randint(2019, 2025)
    kind = rng.choice(("单位决算", "部门决算")) if layout != "shanghai" else (
        "部门决算" if rng.random() < 0.85 else "单位决算")
    size = Decimal(rng.choice((80, 300, 1000, 3000, 8000))) * Decimal(str(round(rng.uniform(0.5, 1.5), 3)))
    topic = unit.split("市")[-1].split("区")[-1].split("县")[-1][:6] or "业务"
    items = _items(rng, unit_type, groups, size)
    fund_state = rng.choices(("none", "carry", "active"), (0.5, 0.2, 0.3))[0]
    capital_state = "active" if rng.random() < 0.1 else "none"
    if fund_state != "none":
        items += _fund_items(rng, data.FUND_ITEMS, GF, fund_state, size)
    if capital_state == "active":
        items += _fund_items(rng, data.CAPITAL_ITEMS, SC, "active", size)
    led = Ledger(layout, year, unit, unit_type, kind, level, topic, items, fund_state=fund_state,
                 capital_state=capital_state)
    v, prior, budget = led.v, led.prior, led.budget

    def vary(key: str, low: float = 0.55, high: float = 1.5) -> None:
        roll = rng.random()
        prior[key] = v[key] if roll < 0.05 else scale(rng, v[key], low, high) if v[key] else ZERO

    # -- fiscal funds (table 04) ---------------------------------------------------
    per_fund = {}
    for fund, state in ((GP, "active"), (GF, fund_state), (SC, capital_state)):
        spent = sum((i.amount for i in led.fund_items(fund)), ZERO)
        if state == "none":
            begin = end = ZERO
        elif state == "carry":
            begin = scale(rng, size, 0.02, 0.2) + Decimal("0.01")
            end = begin
        else:
            end = ZERO if rng.random() < 0.4 else scale(rng, spent + 1, 0.0, 0.08)
            begin = ZERO if rng.random() < 0.4 else min(scale(rng, spent + end, 0.0, 0.08), spent + end)
        per_fund[fund] = (begin, spent + end - begin, spent, end)
    gp_b, gp_i, gp_s, gp_e = per_fund[GP]
    gf_b, gf_i, gf_s, gf_e = per_fund[GF]
    sc_b, sc_i, sc_s, sc_e = per_fund[SC]
    v["general.expenditure"] = gp_s
    prior["general.expenditure"] = sum((i.prior for i in led.fund_items(GP)), ZERO)
    budget["general.expenditure"] = sum((i.budget for i in led.fund_items(GP)), ZERO)
    for prefix, (b, i, s, e) in (("fund", per_fund[GF]), ("capital", per_fund[SC])):
        v[f"{prefix}.carryover_begin"], v[f"{prefix}.income_current"] = b, i
        v[f"{prefix}.expenditure_current"], v[f"{prefix}.carryover_end"] = s, e
        v[f"{prefix}.income_total"] = b + i
        v[f"{prefix}.expenditure_total"] = s + e
        vary(f"{prefix}.income_total", 0.3, 3)
        prior[f"{prefix}.expenditure_total"] = prior[f"{prefix}.income_total"]
        fund = GF if prefix == "fund" else SC
        budget[f"{prefix}.income_total"] = sum((x.budget for x in led.fund_items(fund)), ZERO)
        budget[f"{prefix}.expenditure_total"] = budget[f"{prefix}.income_total"]
    v["fiscal.carryover_begin"] = gp_b + gf_b + sc_b
    v["fiscal.income_current"] = gp_i + gf_i + sc_i
    v["fiscal.expenditure_current"] = gp_s + gf_s + sc_s
    v["fiscal.carryover_end"] = gp_e + gf_e + sc_e
    v["fiscal.income_total"] = v["fiscal.carryover_begin"] + v["fiscal.income_current"]
    v["fiscal.expenditure_total"] = v["fiscal.expenditure_current"] + v["fiscal.carryover_end"]
    vary("fiscal.income_total")
    prior["fiscal.expenditure_total"] = prior["fiscal.income_total"]
    budget["fiscal.income_total"] = sum((i.budget for i in led.items), ZERO)
    budget["fiscal.expenditure_total"] = budget["fiscal.income_total"]
    led.nf["gp_begin"], led.nf["gp_end"] = gp_b, gp_e

    # -- income and expenditure (tables 01-03) ---------------------------------------
    v["income.fiscal"] = v["fiscal.income_current"]
    for key in ("income.superior_subsidy", "income.business", "income.operating", "income.affiliated", "income.other"):
        chance = 0.25 if unit_type == "事业" and key != "income.other" else 0.05
        chance = 0.3 if key == "income.other" else chance
        v[key] = scale(rng, size, 0.002, 0.1) if rng.random() < chance else ZERO
    comps = ("income.fiscal", "income.superior_subsidy", "income.business", "income.operating",
             "income.affiliated", "income.other")
    v["income.current"] = sum((v[k] for k in comps), ZERO)
    nf_income = v["income.current"] - v["income.fiscal"]
    nf_begin = scale(rng, size, 0.001, 0.05) if rng.random() < 0.25 else ZERO
    nf_used = scale(rng, size, 0.001, 0.02) if rng.random() < 0.08 else ZERO
    surplus = scale(rng, nf_income, 0.0, 0.2) if nf_income and rng.random() < 0.1 else ZERO
    available = nf_income + nf_begin + nf_used - surplus
    nf_end = scale(rng, available, 0.0, 0.5) if available and rng.random() < 0.5 else ZERO
    nf_spent = available - nf_end
    nf_operating = scale(rng, nf_spent, 0.0, 0.5) if v["income.operating"] and nf_spent else ZERO
    nf_basic = scale(rng, nf_spent - nf_operating, 0.0, 1.0)
    nf_project = nf_spent - nf_operating - nf_basic
    led.nf.update(income=nf_income, begin=nf_begin, used=nf_used, spent=nf_spent, end=nf_end,
                  basic=nf_basic, project=nf_project, operating=nf_operating)
    led.nf_item_code = next((i.code for i in led.fund_items(GP) if i.basic), led.fund_items(GP)[0].code)
    v["income.nonfiscal_balance_used"] = nf_used
    v["income.carryover_begin"] = v["fiscal.carryover_begin"] + nf_begin
    v["income.total"] = v["income.current"] + nf_used + v["income.carryover_begin"]
    v["expenditure.current"] = v["fiscal.expenditure_current"] + nf_spent
    v["expenditure.surplus_distribution"] = surplus
    v["expenditure.carryover_end"] = v["fiscal.carryover_end"] + nf_end
    v["expenditure.total"] = v["expenditure.current"] + surplus + v["expenditure.carryover_end"]
    vary("income.total")
    prior["expenditure.total"] = prior["income.total"]
    gp_basic = sum((i.basic for i in led.fund_items(GP)), ZERO)
    v["expenditure.basic"] = gp_basic + nf_basic
    v["expenditure.project"] = v["expenditure.current"] - v["expenditure.basic"] - nf_operating
    v["expenditure.remit_superior"] = ZERO
    v["expenditure.operating"] = nf_operating
    v["expenditure.affiliated_subsidy"] = ZERO

    # -- basic expenditure (table 06) -------------------------------------------------
    v["basic.total"] = gp_basic
    v["basic.public"] = scale(rng, gp_basic, 0.04, 0.25)
    v["basic.personnel"] = gp_basic - v["basic.public"]
    pers = rng.sample(data.PERSONNEL_ECON, k=rng.randint(4, 9))
    pubs = rng.sample(data.PUBLIC_ECON, k=rng.randint(4, 10))
    led.personnel_econ = [(c, n, a) for (c, n), a in zip(sorted(pers), split(rng, v["basic.personnel"], len(pers)))]
    led.public_econ = [(c, n, a) for (c, n), a in zip(sorted(pubs), split(rng, v["basic.public"], len(pubs)))]
    key = "operating.costs" if unit_type == "行政" else "operating.public"
    v[key] = v["basic.public"]
    vary(key, 0.8, 1.25)

    # -- 三公 --------------------------------------------------------------------------
    none = rng.random() < 0.15 and "sangong" not in force
    v["sangong.abroad"] = ZERO if none or rng.random() < 0.85 else money(rng, 1, 30)
    v["sangong.vehicle_purchase"] = ZERO if none or rng.random() < 0.85 else money(rng, 10, 30)
    v["sangong.vehicle_operation"] = ZERO if none or rng.random() < 0.2 else money(rng, 0.5, 40)
    v["sangong.reception"] = ZERO if none or rng.random() < 0.5 else money(rng, 0.1, 6)
    if "sangong" in force and not v["sangong.vehicle_operation"]:
        v["sangong.vehicle_operation"] = money(rng, 0.5, 40)
    v["sangong.vehicle"] = v["sangong.vehicle_purchase"] + v["sangong.vehicle_operation"]
    v["sangong.total"] = v["sangong.abroad"] + v["sangong.vehicle"] + v["sangong.reception"]
    for part in ("sangong.abroad", "sangong.vehicle_purchase", "sangong.vehicle_operation", "sangong.reception"):
        roll = rng.random()
        prior[part] = v[part] if roll < 0.3 else (ZERO if roll < 0.45 else money(rng, 0.1, 30))
        budget[part] = v[part] if rng.random() < 0.5 else v[part] + money(rng, 0, 5)
    for whole, parts in (("sangong.vehicle", ("sangong.vehicle_purchase", "sangong.vehicle_operation")),
                         ("sangong.total", ("sangong.abroad", "sangong.vehicle", "sangong.reception"))):
        prior[whole] = sum((prior[p] for p in parts), ZERO)
        budget[whole] = sum((budget[p] for p in parts), ZERO)
    if v["sangong.abroad"]:
        v["sangong.abroad_groups"] = Decimal(rng.randint(1, 3))
        v["sangong.abroad_people"] = v["sangong.abroad_groups"] * rng.randint(1, 5)
    else:
        v["sangong.abroad_groups"] = v["sangong.abroad_people"] = Decimal(0)
    v["sangong.vehicle_purchased"] = Decimal(rng.randint(1, 2) if v["sangong.vehicle_purchase"] else 0)
    stock = rng.randint(1, 12) if v["sangong.vehicle"] else 0
    v["sangong.vehicle_stock"] = Decimal(stock)
    if v["sangong.reception"]:
        v["sangong.reception_batches"] = Decimal(rng.randint(2, 60))
        v["sangong.reception_people"] = v["sangong.reception_batches"] * rng.randint(2, 8)
    else:
        v["sangong.reception_batches"] = v["sangong.reception_people"] = Decimal(0)

    # -- assets ------------------------------------------------------------------------
    categories = data.VEHICLE_CATEGORIES["shanghai" if layout == "shanghai" else "xinjiang"]
    counts = [0] * len(categories)
    for _ in range(stock):
        counts[rng.choice((1, 3, 4, 7, 7, 7))] += 1
    led.vehicles = list(zip(categories, counts))
    v["assets.vehicles"] = Decimal(stock)
    v["sangong.fixed_asset_vehicles"] = Decimal(stock)
    v["assets.vehicle_value"] = ZERO if not stock else sum((money(rng, 8, 35) for _ in range(stock)), ZERO)
    area = ZERO if rng.random() < 0.4 else money(rng, 200, 30000)
    v["assets.building_area"] = area
    v["assets.building_value"] = ZERO if not area else money(rng, 50, 8000)
    v["assets.equipment_over_1m"] = Decimal(0 if rng.random() < 0.85 else rng.randint(1, 3))

    # -- procurement -----------------------------------------------------------------
    if rng.random() < 0.12 and "procurement" not in force:
        goods = works = services = ZERO
    else:
        goods = money(rng, 0.5, float(size) * 0.05 + 1)
        works = ZERO if rng.random() < 0.8 else money(rng, 5, float(size) * 0.2 + 6)
        services = ZERO if rng.random() < 0.15 else money(rng, 1, float(size) * 0.4 + 2)
    v["procurement.goods"], v["procurement.works"], v["procurement.services"] = goods, works, services
    v["procurement.total"] = goods + works + services
    v["procurement.sme"] = scale(rng, v["procurement.total"], 0.0, 1.0)
    v["procurement.small_micro"] = scale(rng, v["procurement.sme"], 0.0, 1.0)
    v["procurement.sme_reserved"] = v["procurement.sme"]  # the Shanghai wording of the same amounts
    v["procurement.small_micro_reserved"] = v["procurement.small_micro"]

    # -- staffing ------------------------------------------------------------------------
    active = rng.randint(5, 200)
    cadre = 0 if rng.random() < 0.9 else rng.randint(1, 3)
    retired = rng.randint(0, max(1, active // 3))
    v["staff.active"], v["staff.retired_cadre"], v["staff.retired"] = Decimal(active), Decimal(cadre), Decimal(retired)
    v["staff.total"] = Decimal(active + cadre + retired)
    v["staff.establishment"] = Decimal(active + rng.randint(0, 10))
    prior["staff.active"] = Decimal(max(0, active - rng.randint(-5, 8)))
    prior["staff.retired_cadre"] = Decimal(cadre + (1 if rng.random() < 0.05 else 0))
    prior["staff.retired"] = Decimal(max(0, retired - rng.randint(-2, 4)))

    # -- performance -------------------------------------------------------------------
    project_size = max(sum((i.project for i in led.items), ZERO), size * Decimal("0.1"))
    for _ in range(1 if rng.random() < 0.8 else 2):
        card = _scorecard(rng, unit, project_size)
        if all(c.project != card.project for c in led.scorecards):
            led.scorecards.append(card)
    v["performance.projects"] = Decimal(len(led.scorecards))
    v["performance.budget"] = sum((s.funds[0].annual_budget for s in led.scorecards), ZERO)
    v["performance.executed"] = sum((s.funds[0].executed for s in led.scorecards), ZERO)

    # -- profile and glossary -----------------------------------------------------------
    led.departments = rng.sample(data.DEPARTMENTS, k=rng.randint(2, 7))
    led.subordinates = [] if rng.random() < 0.7 else [f"{unit}{s}" for s in rng.sample(("服务中心", "管理所", "监测站", "信息中心"), k=rng.randint(1, 2))]
    v["org.departments"] = Decimal(len(led.departments))
    v["org.subordinates"] = Decimal(len(led.subordinates))
    led.functions = [f.format(topic=topic) for f in rng.sample(data.FUNCTION_VERBS[:-1], k=rng.randint(3, 6))] + [data.FUNCTION_VERBS[-1]]
    must = {"财政拨款收入", "年初结转和结余", "年末结转和结余", "基本支出", "项目支出", "“三公”经费", "机关运行经费"}
    led.glossary = [g for g in data.GLOSSARY if g[0] in must or rng.random() < 0.6]
    return led


# ---------------------------------------------------------------------------------
# break rules: perturb one printed number so that one consistency rule fails

BREAK_RULES: dict[str, tuple[str, str]] = {
    # rule id: (what is perturbed, fact key)
    "totals.income": ("value", "income.total"),  # 收入总计 ≠ 本年收入合计 + 结余 + 结转
    "totals.expenditure": ("value", "expenditure.total"),
    "change.pct": ("change_pct", "general.expenditure"),  # stated % ≠ Δ / prior
    "share.pct": ("share_pct", "income.fiscal"),  # stated share ≠ amount / 本年收入合计
    "sangong.total": ("value", "sangong.total"),  # 三公 total ≠ parts
    "procurement.total": ("value", "procurement.total"),  # 采购总额 ≠ 货物 + 工程 + 服务
    "basic.total": ("value", "basic.total"),  # 基本支出 ≠ 人员 + 公用
    "staff.total": ("value", "staff.total"),  # 实有 ≠ 在职 + 离休 + 退休
}

# Blocks a rule needs to be printed with numbers.
BREAK_NEEDS: dict[str, frozenset[str]] = {
    "sangong.total": frozenset({"sangong"}),
    "procurement.total": frozenset({"procurement"}),
}


def apply_break(led: Ledger, rng: random.Random, rule: str) -> None:
    """Perturb one printed number of ``led`` and record it in ``led.broken``."""
    if rule not in BREAK_RULES:
        raise ValueError(f"unknown break rule {rule!r}; known: {', '.join(sorted(BREAK_RULES))}")
    what, key = BREAK_RULES[rule]
    if what == "value":
        expected = led.v[key]
        step = Decimal(1) if key.startswith("staff.") else money(rng, 0.05, max(0.1, float(expected) * 0.05))
        up = rng.random() < 0.5 or expected - step < 0 or key == "procurement.total"  # keep 中小 ≤ 总额
        printed = expected + step if up else expected - step
        led.value_override[key] = printed
    elif what == "change_pct":
        if led.v[key] == led.prior[key] or led.prior[key] == 0:
            # a flat or new item states no rate: give it a prior so that a rate is printed
            led.prior[key] = scale(rng, led.v[key], 0.6, 0.9)
        expected = led.change(key).pct
        printed = expected + money(rng, 0.5, 20) * rng.choice((1, -1))
        led.pct_override[(key, what)] = printed
    else:
        base = "income.current"
        expected = pct(led.v[key], led.v[base])
        printed = expected - money(rng, 0.5, 5) if expected > 10 else expected + money(rng, 0.5, 5)
        led.pct_override[(key, what)] = printed
    led.broken = {"rule": rule, "key": key, "field": what, "printed": printed, "expected": expected}
