"""Domain vocabulary as data: the indicator taxonomy of 项目支出绩效自评表 and the
title aliases of the standard 附表 (domain.md §2, §5).

Everything here is matched in the folded form with whitespace and quotes
removed (see :func:`table_key`); the printed names stay as printed elsewhere.
"""

from __future__ import annotations

import re

from importers.normalize import fold

# --- scorecard indicators (domain.md §5.1) -----------------------------------

LEVEL1: tuple[str, ...] = ("产出指标", "效益指标", "满意度指标", "成本指标")

# 二级指标 → its 一级指标. 成本指标 is a 二级 of 产出指标 in the classic form and
# a 一级 of its own in the 财预〔2021〕101号 form (children below).
LEVEL2_PARENT: dict[str, str] = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "生态环境效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "社会公众满意度指标": "满意度指标",
    "满意度指标": "满意度指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
}

# Column headers of the 项目资金 block → ScoreFundRow field.
FUND_COLUMNS: dict[str, str] = {
    "年初预算数": "initial_budget",
    "年初预算": "initial_budget",
    "全年预算数": "annual_budget",
    "全年预算": "annual_budget",
    "调整后预算数": "annual_budget",
    "调整后预算": "annual_budget",
    "全年执行数": "executed",
    "预算执行数": "executed",
    "实际执行数": "executed",
    "执行数": "executed",
    "预算执行率": "rate_pct",
    "执行率": "rate_pct",
    "分值": "weight",
    "权重": "weight",
    "得分": "score",
}

# Column headers of the 绩效指标 block → indicator slot.
INDICATOR_COLUMNS: dict[str, str] = {
    "年度指标值": "target",
    "年度目标值": "target",
    "预期指标值": "target",
    "指标值": "target",
    "目标值": "target",
    "预期值": "target",
    "实际完成值": "actual",
    "实际完成": "actual",
    "完成值": "actual",
    "实际值": "actual",
    "指标性质": "op",
    "度量单位": "unit",
    "计量单位": "unit",
    "分值": "weight",
    "权重": "weight",
    "得分": "score",
    "偏差原因": "note",
    "原因分析": "note",
    "未完成原因": "note",
    "改进措施": "note",
    "备注": "note",
}

# Printed comparison operators → ASCII (longest first when matching).
OPERATORS: dict[str, str] = {
    ">=": ">=", "<=": "<=", "≥": ">=", "≤": "<=", "≧": ">=", "≦": "<=", "⩾": ">=", "⩽": "<=",
    "＞": ">", "＜": "<", ">": ">", "<": "<", "=": "=", "＝": "=", "≈": "≈", "≠": "≠",
    "大于等于": ">=", "小于等于": "<=", "不低于": ">=", "不少于": ">=", "不小于": ">=",
    "不高于": "<=", "不超过": "<=", "不大于": "<=", "不多于": "<=",
    "大于": ">", "小于": "<", "高于": ">", "低于": "<", "超过": ">", "等于": "=",
}

# --- the standard tables (domain.md §2) --------------------------------------

# key → aliases (as printed, quotes optional). The first alias is the standard name.
TABLE_ALIASES: dict[str, tuple[str, ...]] = {
    "income_expenditure_total": (
        "收入支出决算总表", "收入支出决算表", "收支决算总表", "收支决算表",
    ),
    "income": ("收入决算表", "收入决算总表"),
    "expenditure": ("支出决算表", "支出决算总表"),
    "fiscal_total": (
        "财政拨款收入支出决算总表", "财政拨款收入支出决算表",
        "财政拨款收支决算总表", "财政拨款收支决算表",
    ),
    "general_budget": (
        "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款收入支出决算表",
        "一般公共预算支出决算表",
    ),
    "basic": (
        "一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款基本支出决算明细表",
        "一般公共预算基本支出决算表", "一般公共预算基本支出决算明细表",
    ),
    "gov_fund": (
        "政府性基金预算财政拨款收入支出决算表", "政府性基金预算财政拨款支出决算表",
        "政府性基金预算支出决算表",
    ),
    "state_capital": (
        "国有资本经营预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表",
        "国有资本经营预算支出决算表",
    ),
    "sangong": (
        "财政拨款“三公”经费支出决算表", "一般公共预算财政拨款“三公”经费支出决算表",
        "“三公”经费支出决算表", "财政拨款“三公”经费支出情况表",
        "一般公共预算财政拨款“三公”经费情况表", "“三公”经费情况表",
        "“三公”经费、行政参公单位机关运行经费情况表",
        "财政拨款“三公”经费、行政参公单位机关运行经费情况表",
        "“三公”经费及会议费、培训费支出决算表",
    ),
}

# Titles that look like an alias with a prefix but are different tables.
OTHER_TABLES: tuple[str, ...] = (
    "政府性基金预算财政拨款“三公”经费支出决算表",
    "一般公共预算财政拨款项目支出决算表",
    "财政拨款支出决算明细表",
    "一般公共预算财政拨款支出决算明细表",
    "项目支出决算表",
    "项目支出绩效自评表",
    "部门整体支出绩效自评表",
    "国有资产使用情况表",
)

# Funds named in "本年度无…收入、支出" statements → the table they empty.
FUND_TABLE: dict[str, str] = {
    "政府性基金": "gov_fund",
    "国有资本经营": "state_capital",
}

_NOISE = re.compile(r"[\s“”\"'‘’「」『』《》、,，·]")
# A prefix before an alias is allowed only when it is not fiscal vocabulary
# (a unit name or 部门/单位), so 项目支出决算表 never becomes 支出决算表.
_FISCAL_WORDS = re.compile(r"财政|预算|基金|资本|拨款|收入|支出|基本|项目|经费|三公|一般|明细|功能|经济")
_YEAR = re.compile(r"^(?:\d{4}年度?|20\d\d)")


def match_form(name: str) -> str:
    """The comparison form of a table title: folded, no whitespace, quotes or 《》."""
    return _NOISE.sub("", fold(name))


_EXACT: dict[str, str | None] = {}
_PRINTED: dict[str, str] = {}  # match form → the alias as printed
for _key, _aliases in TABLE_ALIASES.items():
    for _alias in _aliases:
        _EXACT[match_form(_alias)] = _key
        _PRINTED[match_form(_alias)] = _alias
for _other in OTHER_TABLES:
    _EXACT[match_form(_other)] = None
    _PRINTED[match_form(_other)] = _other
_BY_LENGTH = sorted(_EXACT.items(), key=lambda kv: -len(kv[0]))


def _lookup(name: str) -> tuple[str | None, str | None]:
    """(key, repaired title): the key of a known title, and the full alias when
    the printed title lost its first character."""
    form = _YEAR.sub("", match_form(name))
    if form in _EXACT:
        return _EXACT[form], None
    for alias, key in _BY_LENGTH:
        if form.endswith(alias):
            prefix = _YEAR.sub("", form[: -len(alias)])
            if not _FISCAL_WORDS.search(prefix):
                return key, None
            break
    if len(form) >= 4:
        for alias, key in _BY_LENGTH:
            if alias[1:] == form:
                return key, _PRINTED[alias]
    return None, None


def table_key(name: str) -> str | None:
    """The canonical key of a table title, or None for titles not in the list.

    Exact alias first; then an alias preceded by a unit name or year; then an
    alias whose first character a PDF dropped (``出决算表``).
    """
    return _lookup(name)[0]


def repaired_title(name: str) -> str:
    """The title with a first character a PDF dropped put back (``出决算表`` →
    ``支出决算表``); any other title unchanged."""
    return _lookup(name)[1] or name


def standard_table_name(key: str) -> str:
    """The usual printed title of a keyed table (for tables known only from a statement)."""
    return TABLE_ALIASES[key][0]
