"""Required blocks and the nine tables are present; empty tables are stated as empty (domain §1, §2, §7.13, §7.30)."""

from __future__ import annotations

import re

from importers.normalize import fold
from juesuan_tui.models import Section, Table

from .base import Context, Rule

SECTIONS = Rule("completeness.sections", "缺少必备部分", "warning",
                "应有单位（部门）概况、决算情况说明、名词解释、决算报表（附表）")
TABLES = Rule("completeness.tables", "缺少附表", "warning", "应列出九张决算公开表")
EMPTY_TABLE = Rule("completeness.empty_table", "空表未说明或与说明矛盾", "warning",
                   "无数据的附表应说明为空表；说明为空表的，情况说明中不应有非零金额")
RULES = (SECTIONS, TABLES, EMPTY_TABLE)

# A block is present when a section carries one of its keys or, failing that,
# a heading names it (the sectioner may not have recognised the heading).
BLOCKS: tuple[tuple[str, str, frozenset[str], tuple[str, ...]], ...] = (
    ("overview", "单位（部门）概况", frozenset({"overview", "functions", "staffing"}), ("概况", "基本情况")),
    ("explanation", "决算情况说明",
     frozenset({"explanation", "totals", "income", "expenditure", "fiscal_totals", "general_budget",
                "general_budget_total", "general_budget_structure", "general_budget_detail", "basic_expenditure",
                "gov_fund", "state_capital", "sangong"}),
     ("决算情况说明", "决算公开说明", "收支情况说明")),
    ("glossary", "名词解释", frozenset({"glossary"}), ("名词解释",)),
    ("tables", "决算报表（附表）", frozenset({"tables"}), ("决算表", "报表", "附表", "公开表")),
)

# The nine standard tables (domain §2), by Table.key.
NINE: tuple[tuple[str, str], ...] = (
    ("income_expenditure_total", "收入支出决算总表"),
    ("income", "收入决算表"),
    ("expenditure", "支出决算表"),
    ("fiscal_total", "财政拨款收入支出决算总表"),
    ("general_budget", "一般公共预算财政拨款支出决算表"),
    ("basic", "一般公共预算财政拨款基本支出决算表"),
    ("gov_fund", "政府性基金预算财政拨款收入支出决算表"),
    ("state_capital", "国有资本经营预算财政拨款收入支出决算表"),
    ("sangong", "财政拨款“三公”经费支出决算表"),
)

# Tables that are printed empty, with a statement, when their fund has no money
# (domain §2 tables 07/08, §7.13): their narrative section key and money facts.
# The 三公 table is not one of them: it shows zeros.
EMPTYABLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("gov_fund", "gov_fund", ("fund.income_total", "fund.carryover_begin", "fund.income_current",
                              "fund.expenditure_total", "fund.expenditure_current", "fund.carryover_end")),
    ("state_capital", "state_capital", ("capital.income_total", "capital.carryover_begin", "capital.income_current",
                                        "capital.expenditure_total", "capital.expenditure_current",
                                        "capital.carryover_end")),
)

_EMPTY_WORDS = re.compile(r"为空表|本表无数据|故本表无|无数据|本(?:单位|部门)本?年度?(?:没有|无)|本年度?(?:没有|无)")


def _extracted(ctx: Context, block: str) -> bool:
    """What the extractors found is evidence of a block even when its heading was not recognised."""
    doc = ctx.doc
    if block == "glossary":
        return bool(doc.glossary)
    if block == "tables":
        return bool(doc.tables)
    if block == "overview":
        return bool(doc.profile.functions or doc.profile.departments or doc.profile.staffing.total is not None)
    return False


def _present(sections: list[Section], keys: frozenset[str], words: tuple[str, ...]) -> bool:
    if any(s.key in keys for s in sections):
        return True
    return any(any(w in fold(s.title) for w in words) for s in sections)


def _blocks(ctx: Context, sections: list[Section]) -> set[str]:
    missing = set()
    for key, name, keys, words in BLOCKS:
        if not _present(sections, keys, words) and not _extracted(ctx, key):
            missing.add(key)
            ctx.add(SECTIONS, "warning", f"未找到“{name}”部分", {"缺少": name}, None)
    return missing


def _tables(ctx: Context) -> None:
    have = {t.key for t in ctx.doc.tables if t.key}
    missing = [name for key, name in NINE if key not in have]
    if not missing:
        return
    listed = "、".join(missing)
    ctx.add(TABLES, "warning", f"附表中缺少{len(missing)}张标准决算表：{listed}",
            {"缺少": listed, "已列出": str(len(have & {k for k, _ in NINE}))}, None)


def _stated_empty(ctx: Context, table: Table, section_key: str) -> bool:
    if table.status == "empty":
        return True
    texts = [table.note] + [s.text or s.raw for s in ctx.doc.walk_sections() if s.key == section_key]
    return any(_EMPTY_WORDS.search(fold(t)) for t in texts if t)


def _empty(ctx: Context) -> None:
    by_key = {t.key: t for t in ctx.doc.tables if t.key}
    for table_key, section_key, fact_keys in EMPTYABLE:
        table = by_key.get(table_key)
        if table is None:
            continue
        facts = [f for k in fact_keys for f in ctx.facts(k)]
        narrative_zero = bool(facts) and all(f.value == 0 for f in facts)
        narrative_nonzero = [f for f in facts if f.value != 0]
        grid_empty = table.status == "included" and not any(
            v not in (None, 0) for row in table.rows for v in row.values)
        stated = _stated_empty(ctx, table, section_key)
        location = f"table:{table.key}"
        if table.status == "empty" and narrative_nonzero:
            f = narrative_nonzero[0]
            ctx.add(EMPTY_TABLE, "warning", f"《{table.name}》说明为空表，但情况说明中{f.label}为 {f.value:f}{f.unit}",
                    {"附表": table.name, f.label: f"{f.value:f}{f.unit}"}, None,
                    section=f.section, sentence=f.sentence, location=location)
        elif (grid_empty or narrative_zero) and not stated:
            why = "附表无数据" if grid_empty else "情况说明中相关金额均为0"
            ctx.add(EMPTY_TABLE, "warning", f"《{table.name}》{why}，但未说明为空表",
                    {"附表": table.name, "状态": table.status}, None, section=table.section, location=location)


def check(ctx: Context) -> None:
    sections = list(ctx.doc.walk_sections())
    if not sections:
        return  # not sectioned: nothing to say about structure
    missing = _blocks(ctx, sections)
    if "tables" not in missing:
        _tables(ctx)
    _empty(ctx)
