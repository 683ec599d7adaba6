"""Canonical fact keys and their Chinese labels.

Extractors set ``Fact.key`` from this vocabulary so that checks, comparisons and
the generator's ground truth can refer to a fact without knowing its wording.
A fact whose meaning is not in the vocabulary keeps ``key=None`` and its label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from importers.normalize import fold

FACT_KEYS: dict[str, str] = {
    # 收入支出决算总体 (table 01)
    "income.total": "收入总计",
    "income.current": "本年收入合计",
    "income.nonfiscal_balance_used": "使用非财政拨款结余（含专用结余）",
    "income.carryover_begin": "年初结转和结余",
    "expenditure.total": "支出总计",
    "expenditure.current": "本年支出合计",
    "expenditure.surplus_distribution": "结余分配",
    "expenditure.carryover_end": "年末结转和结余",
    # 收入决算 components
    "income.fiscal": "财政拨款收入",
    "income.superior_subsidy": "上级补助收入",
    "income.business": "事业收入",
    "income.operating": "经营收入",
    "income.affiliated": "附属单位上缴收入",
    "income.other": "其他收入",
    # 支出决算 components
    "expenditure.basic": "基本支出",
    "expenditure.project": "项目支出",
    "expenditure.remit_superior": "上缴上级支出",
    "expenditure.operating": "经营支出",
    "expenditure.affiliated_subsidy": "对附属单位补助支出",
    # 财政拨款收入支出决算总体 (table 04)
    "fiscal.income_total": "财政拨款收入总计",
    "fiscal.carryover_begin": "年初财政拨款结转和结余",
    "fiscal.income_current": "本年财政拨款收入",
    "fiscal.expenditure_total": "财政拨款支出总计",
    "fiscal.carryover_end": "年末财政拨款结转和结余",
    "fiscal.expenditure_current": "本年财政拨款支出",
    # 一般公共预算财政拨款支出 (table 05)
    "general.expenditure": "一般公共预算财政拨款支出",
    # 基本支出 (table 06)
    "basic.total": "一般公共预算财政拨款基本支出",
    "basic.personnel": "人员经费",
    "basic.public": "公用经费",
    # 政府性基金 (table 07)
    "fund.income_total": "政府性基金预算财政拨款收入总计",
    "fund.carryover_begin": "政府性基金年初结转和结余",
    "fund.income_current": "政府性基金本年收入",
    "fund.expenditure_total": "政府性基金预算财政拨款支出总计",
    "fund.carryover_end": "政府性基金年末结转和结余",
    "fund.expenditure_current": "政府性基金本年支出",
    # 国有资本经营 (table 08)
    "capital.income_total": "国有资本经营预算财政拨款收入总计",
    "capital.carryover_begin": "国有资本经营年初结转和结余",
    "capital.income_current": "国有资本经营本年收入",
    "capital.expenditure_total": "国有资本经营预算财政拨款支出总计",
    "capital.carryover_end": "国有资本经营年末结转和结余",
    "capital.expenditure_current": "国有资本经营本年支出",
    # 三公 (table 09)
    "sangong.total": "“三公”经费",
    "sangong.abroad": "因公出国（境）费",
    "sangong.vehicle": "公务用车购置及运行维护费",
    "sangong.vehicle_purchase": "公务用车购置费",
    "sangong.vehicle_operation": "公务用车运行维护费",
    "sangong.reception": "公务接待费",
    "sangong.abroad_groups": "因公出国（境）团组",
    "sangong.abroad_people": "因公出国（境）人次",
    "sangong.vehicle_purchased": "公务用车购置数",
    "sangong.vehicle_stock": "公务用车保有量",
    "sangong.reception_batches": "国内公务接待批次",
    "sangong.reception_people": "国内公务接待人次",
    "sangong.fixed_asset_vehicles": "国有资产占用情况中固定资产车辆",
    # 机关运行经费 / 公用经费 (其他重要事项)
    "operating.costs": "机关运行经费",
    "operating.public": "公用经费",
    # 政府采购
    "procurement.total": "政府采购支出总额",
    "procurement.goods": "政府采购货物支出",
    "procurement.works": "政府采购工程支出",
    "procurement.services": "政府采购服务支出",
    "procurement.sme": "授予中小企业合同金额",
    "procurement.small_micro": "授予小微企业合同金额",
    "procurement.sme_reserved": "面向中小企业预留政府采购项目预算金额",
    "procurement.small_micro_reserved": "面向小微企业预留政府采购项目预算金额",
    # 国有资产
    "assets.building_area": "房屋面积",
    "assets.building_value": "房屋价值",
    "assets.vehicles": "车辆",
    "assets.vehicle_value": "车辆价值",
    "assets.vehicles_by_category": "车辆（按类别）",  # label carries the category name
    "assets.equipment_over_1m": "单价100万元（含）以上设备",
    # 机构
    "org.departments": "内设机构（科室）数",
    "org.subordinates": "下属单位数",
    # 人员
    "staff.establishment": "编制",
    "staff.total": "实有人数",
    "staff.active": "在职人员",
    "staff.retired_cadre": "离休人员",
    "staff.retired": "退休人员",
    # 预算绩效
    "performance.projects": "预算绩效评价项目",
    "performance.budget": "绩效评价项目全年预算数",
    "performance.executed": "绩效评价项目全年执行数",
}


# --- label → key rules -------------------------------------------------------
#
# A fact's key comes from the wording of its label (folded, quotes removed),
# its unit, and the block it is printed in (the canonical key of its section,
# or of the sentence's subject when that is more specific: 年初结转和结余 means
# income.carryover_begin in the totals block, fund.carryover_begin in the
# 政府性基金 block). Rules are tried in order; the first match wins.

MONEY = "money"
_PEOPLE = frozenset({"人", "名"})
_PERSON_TIMES = frozenset({"人次", "人"})
_VEHICLES = frozenset({"辆"})
_PIECES = frozenset({"个", "项"})
_BATCHES = frozenset({"批次"})
_AREA = frozenset({"平方米"})
_EQUIPMENT = frozenset({"台（套）", "台", "套"})

# Blocks whose generic wording (本年收入, 年初结转和结余, 基本支出…) means the
# unit's overall totals; None is "block unknown".
_GENERAL = frozenset({None, "totals", "income", "expenditure", "explanation", "overview", "other", "other_matters"})


@dataclass(frozen=True)
class KeyRule:
    """``pattern`` searched in the normalised label; ``units``: MONEY or a set of units."""

    pattern: re.Pattern[str]
    keys: tuple[str, ...]
    units: str | frozenset[str]
    blocks: frozenset[str | None] | None = None  # None: any block

    def applies(self, label: str, unit: str | None, block: str | None) -> bool:
        if self.blocks is not None and block not in self.blocks:
            return False
        if unit is not None:
            if self.units == MONEY:
                if unit not in _MONEY_UNITS:
                    return False
            elif unit not in self.units:
                return False
        return self.pattern.search(label) is not None


_MONEY_UNITS = frozenset({"亿元", "万元", "千元", "元"})


def _r(pattern: str, keys: str | tuple[str, ...], units: str | frozenset[str] = MONEY,
       blocks: Iterable[str | None] | None = None) -> KeyRule:
    keys = (keys,) if isinstance(keys, str) else keys
    return KeyRule(re.compile(pattern), keys, units, None if blocks is None else frozenset(blocks))


def _fund_rules(word: str, prefix: str, block: str) -> list[KeyRule]:
    """Rules of a fund block (政府性基金 / 国有资本经营): explicit wording anywhere,
    generic wording (本年收入, 年初结转和结余…) inside the block."""
    both = (f"{prefix}.income_total", f"{prefix}.expenditure_total")
    explicit = [
        _r(rf"{word}.*收入支出总[计体额]|{word}.*收支总[计体额]", both),
        _r(rf"{word}.*收入总计", f"{prefix}.income_total"),
        _r(rf"{word}.*支出总计", f"{prefix}.expenditure_total"),
        _r(rf"{word}.*年初.*结[转余]", f"{prefix}.carryover_begin"),
        _r(rf"{word}.*年末.*结[转余]", f"{prefix}.carryover_end"),
        _r(rf"{word}.*收入", f"{prefix}.income_current"),
        _r(rf"{word}.*支出", f"{prefix}.expenditure_current"),
    ]
    generic = [
        _r(r"收入支出总[计体额]|收支总[计体额]|收[、]?支(出)?总计", both, blocks={block}),
        _r(r"收入总计", f"{prefix}.income_total", blocks={block}),
        _r(r"支出总计", f"{prefix}.expenditure_total", blocks={block}),
        _r(r"年初.*结[转余]", f"{prefix}.carryover_begin", blocks={block}),
        _r(r"年末.*结[转余]", f"{prefix}.carryover_end", blocks={block}),
        _r(r"本年(度)?收入|^收入(合计)?$", f"{prefix}.income_current", blocks={block}),
        _r(r"本年(度)?支出|^支出(合计)?$", f"{prefix}.expenditure_current", blocks={block}),
    ]
    return explicit + generic


KEY_RULES: tuple[KeyRule, ...] = (
    # Things that look like a known label but are not that fact.
    _r(r"离退休", (), _PEOPLE),
    _r(r"外宾|中标|成交", (), MONEY),
    # 人员
    _r(r"编制", "staff.establishment", _PEOPLE),
    _r(r"实有(人数|人员)|人员总数|总人数", "staff.total", _PEOPLE),
    _r(r"在职", "staff.active", _PEOPLE),
    _r(r"离休", "staff.retired_cadre", _PEOPLE),
    _r(r"退休", "staff.retired", _PEOPLE),
    # 机构
    # 内设 7 个处（科）室: the counted noun may carry a bracket.
    _r(r"科室|处室|股室|内设机构|内设部门|职能部门|内设|处\(科\)室", "org.departments", _PIECES),
    _r(r"下属.*单位|所属.*单位|二级单位|预算单位", "org.subordinates", _PIECES | frozenset({"家"})),
    # 三公: counts
    _r(r"出国\(境\)团组|出国团组|团组", "sangong.abroad_groups", frozenset({"个", "次"})),
    _r(r"出国", "sangong.abroad_people", _PERSON_TIMES),
    _r(r"保有量", "sangong.vehicle_stock", _VEHICLES),
    _r(r"固定资产.*车辆", "sangong.fixed_asset_vehicles", _VEHICLES),
    _r(r"公务用车购置|购置公务用车|购置车辆", "sangong.vehicle_purchased", _VEHICLES),
    _r(r"公务接待|接待", "sangong.reception_batches", _BATCHES | frozenset({"次"})),
    _r(r"公务接待|接待", "sangong.reception_people", _PERSON_TIMES),
    # 三公: money (the parts only where 三公 is the topic, the total anywhere)
    _r(r"三公", "sangong.total"),
    _r(r"出国\(境\)|出国费", "sangong.abroad", blocks={"sangong", None}),
    _r(r"公务用车购置及运行|公务用车购置和运行|公务用车费", "sangong.vehicle", blocks={"sangong", None}),
    _r(r"公务用车购置|车辆购置", "sangong.vehicle_purchase", blocks={"sangong", None}),
    _r(r"公务用车运行|车辆运行", "sangong.vehicle_operation", blocks={"sangong", None}),
    _r(r"公务接待", "sangong.reception", blocks={"sangong", None}),
    # 机关运行经费 / 公用经费
    _r(r"机关运行经费", "operating.costs"),
    _r(r"公用经费", "operating.public", blocks={"operating_costs"}),
    # 政府采购
    _r(r"面向中小企业预留", "procurement.sme_reserved"),
    _r(r"面向小微企业预留", "procurement.small_micro_reserved"),
    _r(r"小微企业", "procurement.small_micro", blocks={"procurement", None}),
    _r(r"中小企业", "procurement.sme", blocks={"procurement", None}),
    _r(r"政府采购货物|货物采购|采购货物", "procurement.goods"),
    _r(r"政府采购工程|工程采购|采购工程", "procurement.works"),
    _r(r"政府采购服务|服务采购|采购服务", "procurement.services"),
    _r(r"货物", "procurement.goods", blocks={"procurement"}),
    _r(r"工程", "procurement.works", blocks={"procurement"}),
    _r(r"服务", "procurement.services", blocks={"procurement"}),
    _r(r"政府采购|采购(支出)?(总额|金额)", "procurement.total"),
    # 国有资产
    _r(r"房屋|办公用房|用房", "assets.building_area", _AREA),
    _r(r"房屋.*价值|用房.*价值", "assets.building_value"),
    _r(r"车辆.*价值", "assets.vehicle_value", blocks={"assets", None}),
    _r(r"以上设备|大型设备|单价.*设备", "assets.equipment_over_1m", _EQUIPMENT),
    _r(r"用车$|用车\(", "assets.vehicles_by_category", _VEHICLES, blocks={"assets", None}),
    _r(r"车辆", "assets.vehicles", _VEHICLES, blocks={"assets", None}),
    # 预算绩效
    _r(r"评级|评为|得分", (), _PIECES),
    _r(r"绩效.*项目|项目.*绩效", "performance.projects", _PIECES),
    _r(r"预算数", "performance.budget", blocks={"performance"}),
    _r(r"执行数", "performance.executed", blocks={"performance"}),
    # 基本支出 (before 一般公共预算: the section title names both)
    _r(r"一般公共预算财政拨款基本支出", "basic.total"),
    _r(r"基本支出", "basic.total", blocks={"basic_expenditure"}),
    _r(r"人员经费", "basic.personnel", blocks={"basic_expenditure", None}),
    _r(r"公用经费", "basic.public", blocks={"basic_expenditure", None}),
    # 政府性基金 / 国有资本经营
    *_fund_rules("政府性基金", "fund", "gov_fund"),
    *_fund_rules("国有资本经营", "capital", "state_capital"),
    # 一般公共预算
    _r(r"一般公共预算财政拨款支出|一般公共预算支出", "general.expenditure"),
    # 财政拨款收入支出总体
    _r(r"财政拨款收入支出总[计体额]|财政拨款收支总[计体额]", ("fiscal.income_total", "fiscal.expenditure_total")),
    _r(r"财政拨款收入总计", "fiscal.income_total"),
    _r(r"财政拨款支出总计", "fiscal.expenditure_total"),
    _r(r"年初财政拨款结[转余]", "fiscal.carryover_begin"),
    _r(r"年末财政拨款结[转余]", "fiscal.carryover_end"),
    _r(r"本年(度)?财政拨款收入", "fiscal.income_current"),
    _r(r"本年(度)?财政拨款支出", "fiscal.expenditure_current"),
    _r(r"收入支出总[计体额]|收支总[计体额]|收[、]?支(出)?总计",
       ("fiscal.income_total", "fiscal.expenditure_total"), blocks={"fiscal_totals"}),
    _r(r"收入总计", "fiscal.income_total", blocks={"fiscal_totals"}),
    _r(r"支出总计", "fiscal.expenditure_total", blocks={"fiscal_totals"}),
    _r(r"年初.*结[转余]", "fiscal.carryover_begin", blocks={"fiscal_totals"}),
    _r(r"年末.*结[转余]", "fiscal.carryover_end", blocks={"fiscal_totals"}),
    _r(r"本年(度)?收入", "fiscal.income_current", blocks={"fiscal_totals"}),
    _r(r"本年(度)?支出", "fiscal.expenditure_current", blocks={"fiscal_totals"}),
    # 收入支出决算总体 / 收入 / 支出
    _r(r"收入支出总[计体额]|收支总[计体额]|收[、]?支(出)?总计",
       ("income.total", "expenditure.total"), blocks=_GENERAL),
    _r(r"收入总计", "income.total", blocks=_GENERAL),
    _r(r"支出总计", "expenditure.total", blocks=_GENERAL),
    _r(r"本年(度)?收入(合计)?$|^收入合计$|本年(度)?收入合计", "income.current", blocks=_GENERAL),
    _r(r"本年(度)?支出(合计)?$|^支出合计$|本年(度)?支出合计", "expenditure.current", blocks=_GENERAL),
    _r(r"使用非财政拨款结余|非财政拨款结余", "income.nonfiscal_balance_used", blocks=_GENERAL),
    _r(r"年初结转和?结余|年初结[转余]", "income.carryover_begin", blocks=_GENERAL),
    _r(r"年末结转和?结余|年末结[转余]", "expenditure.carryover_end", blocks=_GENERAL),
    _r(r"结余分配", "expenditure.surplus_distribution", blocks=_GENERAL),
    _r(r"^财政拨款收入|^财政拨款$", "income.fiscal", blocks=_GENERAL),
    _r(r"上级补助收入", "income.superior_subsidy", blocks=_GENERAL),
    _r(r"事业收入", "income.business", blocks=_GENERAL),
    _r(r"附属单位上缴收入", "income.affiliated", blocks=_GENERAL),
    _r(r"经营收入", "income.operating", blocks=_GENERAL),
    _r(r"^其他收入", "income.other", blocks=_GENERAL),
    _r(r"^基本支出", "expenditure.basic", blocks=_GENERAL),
    _r(r"^项目支出", "expenditure.project", blocks=_GENERAL),
    _r(r"上缴上级支出", "expenditure.remit_superior", blocks=_GENERAL),
    _r(r"对附属单位补助支出", "expenditure.affiliated_subsidy", blocks=_GENERAL),
    _r(r"^经营支出", "expenditure.operating", blocks=_GENERAL),
)

_QUOTES = re.compile(r"[“”‘’\"'「」『』《》\s]")
_ITEM_MARK = re.compile(r"\((类|款|项)\)|（(类|款|项)）")


def normalize_label(label: str) -> str:
    """The form key rules match: folded (ASCII brackets), quotes and spaces removed."""
    return _QUOTES.sub("", fold(label))


@lru_cache(maxsize=4096)
def keys_for(label: str, unit: str | None, block: str | None) -> tuple[str, ...]:
    """The canonical key(s) of a label printed with ``unit`` in ``block`` (empty when unknown).

    Two keys for a combined label (收入支出总计 = income.total and expenditure.total).
    Labels of the 类/款/项 classification never get a key.
    """
    norm = normalize_label(label)
    if not norm or _ITEM_MARK.search(norm):
        return ()
    for rule in KEY_RULES:
        if rule.applies(norm, unit, block):
            return rule.keys
    return ()


# --- blocks ---------------------------------------------------------------------

# Section.key values that name a finer block than this vocabulary uses.
BLOCK_ALIASES: dict[str, str] = {
    "general_budget_total": "general_budget",
    "general_budget_structure": "general_budget",
    "general_budget_detail": "general_budget",
    "general_budget": "general_budget",
}

# Title keywords → block, for sections whose key is unknown. Most specific first.
BLOCK_TITLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (block, re.compile(pattern))
    for block, pattern in (
        ("glossary", r"名词解释|名词说明|术语解释"),
        ("contact", r"联系人|联系方式|联系电话"),
        ("tables", r"决算表|报表|附表|公开表"),
        ("sangong", r"三公"),
        ("procurement", r"政府采购"),
        ("assets", r"国有资产|资产占[用有]"),
        ("operating_costs", r"机关运行经费|公用经费|一般性支出"),
        ("performance", r"绩效"),
        ("gov_fund", r"政府性基金"),
        ("state_capital", r"国有资本经营"),
        ("basic_expenditure", r"基本支出"),
        ("general_budget", r"一般公共预算"),
        ("fiscal_totals", r"财政拨款收入支出|财政拨款收支"),
        ("totals", r"收入支出决算总体|收支决算总体|收入支出总体|收支总体"),
        ("income", r"收入决算|收入情况"),
        ("expenditure", r"支出决算|支出情况"),
        ("functions", r"职能|职责"),
        ("staffing", r"机构设置|人员情况|人员构成|编制"),
        ("overview", r"概况|基本情况"),
        ("other_matters", r"其他重要事项|其他需说明|其他需要说明"),
    )
)

# Key prefixes that name a block more specific than the section's.
PREFIX_BLOCKS: dict[str, str] = {"fund": "gov_fund", "capital": "state_capital", "fiscal": "fiscal_totals"}


def block_of_title(title: str) -> str | None:
    """The block a heading's wording names, or None."""
    text = normalize_label(title)
    return next((block for block, pattern in BLOCK_TITLES if pattern.search(text)), None)


# Block → topic shown with a fact; key prefixes override.
BLOCK_TOPICS: dict[str, str] = {
    "totals": "收入支出总体",
    "income": "收入",
    "expenditure": "支出",
    "fiscal_totals": "财政拨款收入支出",
    "general_budget": "一般公共预算财政拨款支出",
    "basic_expenditure": "基本支出",
    "gov_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款",
    "sangong": "三公",
    "operating_costs": "机关运行经费",
    "procurement": "政府采购",
    "assets": "国有资产",
    "performance": "预算绩效",
    "staffing": "人员",
    "overview": "单位概况",
}
PREFIX_TOPICS: dict[str, str] = {
    "income": "收入支出总体",
    "expenditure": "收入支出总体",
    "fiscal": "财政拨款收入支出",
    "general": "一般公共预算财政拨款支出",
    "basic": "基本支出",
    "fund": "政府性基金预算财政拨款",
    "capital": "国有资本经营预算财政拨款",
    "sangong": "三公",
    "operating": "机关运行经费",
    "procurement": "政府采购",
    "assets": "国有资产",
    "staff": "人员",
    "org": "机构",
    "performance": "预算绩效",
}


# Prefixes whose topic holds wherever the fact is printed.
_STRONG_PREFIXES = frozenset({"sangong", "procurement", "assets", "staff", "org", "operating", "performance", "fund", "capital"})


def topic_for(key: str | None, block: str | None) -> str | None:
    """The topic of a fact: its key's subject where that is specific, else its block's."""
    prefix = key.split(".", 1)[0] if key else None
    if prefix in _STRONG_PREFIXES:
        return PREFIX_TOPICS[prefix]
    if block in BLOCK_TOPICS:
        return BLOCK_TOPICS[block]
    return PREFIX_TOPICS.get(prefix) if prefix else None
