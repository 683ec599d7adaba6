"""The nine tables as text grids (tab- or space-separated), consistent with the ledger.

Amounts by 类/款/项 are derived from the ledger's items: 类 = Σ 款 = Σ 项 in every table;
non-fiscal money sits on one 项 (``Ledger.nf_item_code``); the fiscal carry-over difference of
each fund sits on that fund's largest 项 in the 收入决算表.
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Iterable

from . import data
from .ledger import GF, GP, SC, ZERO, Item, Ledger

Row = list[Decimal | None]


class GridPrinter:
    """Per-document table conventions: separator, code columns, zero cells, thousands."""

    def __init__(self, led: Ledger, rng: random.Random) -> None:
        self.led = led
        self.rng = rng
        self.sep = "\t" if rng.random() < 0.5 else " " * rng.randint(2, 4)
        self.split_codes = rng.random() < 0.6  # 类 | 款 | 项 columns, else one 7-digit code
        self.blank_zero = rng.random() < 0.6
        self.thousands = rng.random() < 0.7
        self.header_unit = rng.random() < 0.4

    # -- cells -------------------------------------------------------------------------------
    def cell(self, value: Decimal | None) -> str:
        if value is None or (value == 0 and self.blank_zero):
            return ""
        return f"{value:,.2f}" if self.thousands else f"{value:.2f}"

    def line(self, cells: Iterable[str]) -> str:
        cells = list(cells)
        if self.sep != "\t":
            cells = [c for c in cells if c]  # a space-separated extraction loses empty cells
        return self.sep.join(cells).rstrip()

    def title(self, name: str) -> list[str]:
        lines = [name]
        if self.header_unit:
            lines.append(f"部门：{self.led.unit}")
        lines.append(self.rng.choice(("单位：万元", "金额单位：万元", "单位:万元")))
        return lines

    # -- data by function ------------------------------------------------------------------------
    def by_function(self, items: list[Item], columns) -> list[tuple[str, Row]]:
        """Rows (code, values) for 类, 款 and 项 in code order; parents are sums of children."""
        rows: dict[str, Row] = {}
        for item in items:
            values = columns(item)
            for code in (item.code[:3], item.code[:5], item.code):
                acc = rows.setdefault(code, [ZERO] * len(values))
                rows[code] = [a + v for a, v in zip(acc, values)]
        return sorted(rows.items())

    def function_rows(self, rows: list[tuple[str, Row]]) -> list[list[str]]:
        out = []
        for code, values in rows:
            if self.split_codes:
                codes = [code[:3], code[3:5] if len(code) > 3 else "", code[5:] if len(code) > 5 else ""]
            else:
                codes = [code]
            out.append([*codes, data.CODES[code], *(self.cell(v) for v in values)])
        return out

    def total_row(self, values: Row) -> list[str]:
        codes = ["", "", ""] if self.split_codes else [""]
        return [*codes, "合计", *(self.cell(v) for v in values)]

    def code_header(self) -> list[str]:
        return ["类", "款", "项", "科目名称"] if self.split_codes else ["科目编码", "科目名称"]


def _nf(led: Ledger, item: Item, key: str) -> Decimal:
    return led.nf[key] if item.code == led.nf_item_code and item.fund == GP else ZERO


def total_sides(led: Ledger) -> tuple[list[tuple[str, Decimal]], list[tuple[str, Decimal | None]]]:
    """收入支出决算总表's two sides: the eight income rows, and every 类 in order with its spending."""
    v = led.v
    classes: dict[str, Decimal] = {}
    for item in led.items:
        classes[item.code[:3]] = classes.get(item.code[:3], ZERO) + item.amount + _nf(led, item, "spent")
    left = [
        ("一、一般公共预算财政拨款收入", v["fiscal.income_current"] - v["fund.income_current"] - v["capital.income_current"]),
        ("二、政府性基金预算财政拨款收入", v["fund.income_current"]),
        ("三、国有资本经营预算财政拨款收入", v["capital.income_current"]),
        ("四、上级补助收入", v["income.superior_subsidy"]), ("五、事业收入", v["income.business"]),
        ("六、经营收入", v["income.operating"]), ("七、附属单位上缴收入", v["income.affiliated"]),
        ("八、其他收入", v["income.other"]),
    ]
    names = class_names()
    right = [(f"{data.CN_NUM[n]}、{names[c]}", classes.get(c)) for n, c in enumerate(data.CLASS_ORDER, 1)]
    return left, right


def class_names() -> dict[str, str]:
    """Every 类 code's name, in the tables' order."""
    return {**{c: data.CODES[c] for c in data.CLASS_ORDER if c in data.CODES}, **data.CLASS_NAMES_ALL}


def tables(led: Ledger, rng: random.Random, order: tuple[str, ...]) -> list[tuple[str, list[str], str, list[list[str]]]]:
    """Each table as (name, printed lines, status, data rows as cells)."""
    g = GridPrinter(led, rng)
    v = led.v
    out: dict[str, tuple[list[str], str, list[list[str]]]] = {}

    # 收入支出决算总表
    left, right = total_sides(led)
    names = class_names()
    rows = []
    for n in range(max(len(left), len(right))):
        lcell = left[n] if n < len(left) else ("", None)
        rcell = right[n] if n < len(right) else ("", None)
        rows.append([lcell[0], g.cell(lcell[1]), rcell[0], g.cell(rcell[1])])
    rows += [
        ["本年收入合计", g.cell(led.shown("income.current")), "本年支出合计", g.cell(led.shown("expenditure.current"))],
        ["使用非财政拨款结余（含专用结余）", g.cell(v["income.nonfiscal_balance_used"]), "结余分配",
         g.cell(v["expenditure.surplus_distribution"])],
        ["年初结转和结余", g.cell(v["income.carryover_begin"]), "年末结转和结余", g.cell(v["expenditure.carryover_end"])],
        ["总计", g.cell(led.shown("income.total")), "总计", g.cell(led.shown("expenditure.total"))],
    ]
    head = [g.line(["收入", "", "支出", ""]), g.line(["项目", "决算数", "项目", "决算数"])]
    out["收入支出决算总表"] = (g.title("收入支出决算总表") + head + [g.line(r) for r in rows], "included", rows)

    # 收入决算表 / 支出决算表: every fund's items plus the non-fiscal money on one 项
    fiscal_delta = {GP: led.nf["gp_end"] - led.nf["gp_begin"],
                    GF: v["fund.carryover_end"] - v["fund.carryover_begin"],
                    SC: v["capital.carryover_end"] - v["capital.carryover_begin"]}
    largest = {f: max(led.fund_items(f), key=lambda i: i.amount).code for f in (GP, GF, SC) if led.fund_items(f)}

    def income_cols(item: Item) -> Row:
        fiscal = item.amount + (fiscal_delta[item.fund] if largest.get(item.fund) == item.code else ZERO)
        on = item.code == led.nf_item_code and item.fund == GP
        others = [v[k] if on else ZERO for k in ("income.superior_subsidy", "income.business", "income.operating",
                                                 "income.affiliated", "income.other")]
        return [fiscal + sum(others, ZERO), fiscal, *others]

    def spend_cols(item: Item) -> Row:
        basic = item.basic + _nf(led, item, "basic")
        project = item.project + _nf(led, item, "project")
        operating = _nf(led, item, "operating")
        return [basic + project + operating, basic, project, ZERO, operating, ZERO]

    fn_items = led.items
    inc_rows = g.by_function(fn_items, income_cols)
    inc_total = [sum((r[k] for c, r in inc_rows if len(c) == 3), ZERO) for k in range(7)]
    rows = [g.total_row(inc_total)] + g.function_rows(inc_rows)
    head = [g.line([*g.code_header(), "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                    "附属单位上缴收入", "其他收入"])]
    out["收入决算表"] = (g.title("收入决算表") + head + [g.line(r) for r in rows], "included", rows)

    exp_rows = g.by_function(fn_items, spend_cols)
    exp_total = [sum((r[k] for c, r in exp_rows if len(c) == 3), ZERO) for k in range(6)]
    rows = [g.total_row(exp_total)] + g.function_rows(exp_rows)
    head = [g.line([*g.code_header(), "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
                    "对附属单位补助支出"])]
    out["支出决算表"] = (g.title("支出决算表") + head + [g.line(r) for r in rows], "included", rows)

    # 财政拨款收入支出决算总表
    by_class: dict[str, list[Decimal]] = {}
    for item in led.items:
        acc = by_class.setdefault(item.code[:3], [ZERO, ZERO, ZERO])
        acc[(GP, GF, SC).index(item.fund)] += item.amount
    gp_in = left[0][1]
    rows = []
    left4 = [("一、一般公共预算财政拨款", gp_in), ("二、政府性基金预算财政拨款", v["fund.income_current"]),
             ("三、国有资本经营预算财政拨款", v["capital.income_current"])]
    right4 = []
    for n, c in enumerate(data.CLASS_ORDER, 1):
        vals = by_class.get(c)
        cells = [g.cell(sum(vals, ZERO)), *(g.cell(x) for x in vals)] if vals else ["", "", "", ""]
        right4.append([f"{data.CN_NUM[n]}、{names[c]}", *cells])
    for n in range(len(right4)):
        lcell = [left4[n][0], g.cell(left4[n][1])] if n < len(left4) else ["", ""]
        rows.append([*lcell, *right4[n]])
    spent = [v["general.expenditure"], v["fund.expenditure_current"], v["capital.expenditure_current"]]
    ends = [led.nf["gp_end"], v["fund.carryover_end"], v["capital.carryover_end"]]
    begins = [led.nf["gp_begin"], v["fund.carryover_begin"], v["capital.carryover_begin"]]
    rows += [
        ["本年收入合计", g.cell(v["fiscal.income_current"]), "本年支出合计", g.cell(v["fiscal.expenditure_current"]),
         *(g.cell(x) for x in spent)],
        ["年初财政拨款结转和结余", g.cell(v["fiscal.carryover_begin"]), "年末财政拨款结转和结余",
         g.cell(v["fiscal.carryover_end"]), *(g.cell(x) for x in ends)],
        ["一、一般公共预算财政拨款", g.cell(begins[0]), "", "", "", "", ""],
        ["二、政府性基金预算财政拨款", g.cell(begins[1]), "", "", "", "", ""],
        ["三、国有资本经营预算财政拨款", g.cell(begins[2]), "", "", "", "", ""],
        ["总计", g.cell(v["fiscal.income_total"]), "总计", g.cell(v["fiscal.expenditure_total"]),
         *(g.cell(s + e) for s, e in zip(spent, ends))],
    ]
    head = [g.line(["收入", "", "支出", "", "", "", ""]),
            g.line(["项目", "决算数", "项目", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                    "国有资本经营预算财政拨款"])]
    out["财政拨款收入支出决算总表"] = (g.title("财政拨款收入支出决算总表") + head + [g.line(r) for r in rows],
                                    "included", rows)

    # 一般公共预算财政拨款支出决算表
    gp_rows = g.by_function([i for i in led.fund_items(GP) if i.amount], lambda i: [i.amount, i.basic, i.project])
    gp_total = [sum((r[k] for c, r in gp_rows if len(c) == 3), ZERO) for k in range(3)]
    rows = g.function_rows(gp_rows) + [g.total_row(gp_total)]
    head = [g.line([*g.code_header(), "合计", "基本支出", "项目支出"])]
    out["一般公共预算财政拨款支出决算表"] = (g.title("一般公共预算财政拨款支出决算表") + head + [g.line(r) for r in rows],
                                      "included", rows)

    # 一般公共预算财政拨款基本支出决算表: personnel (301, 303) left, public (302, 310) right
    def econ_block(entries: list[tuple[str, str, Decimal]]) -> list[list[str]]:
        lines: list[list[str]] = []
        for klass in sorted({c[:3] for c, _, _ in entries}):
            members = [e for e in entries if e[0].startswith(klass)]
            lines.append([klass, "", _ECON_CLASSES[klass], g.cell(sum((a for _, _, a in members), ZERO))])
            lines += [[klass, c[3:], n, g.cell(a)] for c, n, a in members]
        return lines

    lefts, rights = econ_block(led.personnel_econ), econ_block(led.public_econ)
    rows = []
    for n in range(max(len(lefts), len(rights))):
        rows.append([*(lefts[n] if n < len(lefts) else ["", "", "", ""]),
                     *(rights[n] if n < len(rights) else ["", "", "", ""])])
    rows.append(["人员经费合计", "", "", g.cell(v["basic.personnel"]), "公用经费合计", "", "", g.cell(v["basic.public"])])
    head = [g.line(["类", "款", "科目名称", "决算数", "类", "款", "科目名称", "决算数"])]
    out["一般公共预算财政拨款基本支出决算表"] = (g.title("一般公共预算财政拨款基本支出决算表") + head + [g.line(r) for r in rows],
                                          "included", rows)

    # 财政拨款“三公”经费支出决算表
    keys = ("sangong.total", "sangong.abroad", "sangong.vehicle", "sangong.vehicle_purchase",
            "sangong.vehicle_operation", "sangong.reception")
    values = []
    for key in keys:
        values += [led.budget[key], led.shown(key) if key == "sangong.total" else v[key]]
    head = [g.line(["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"]),
            g.line(["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""]),
            g.line(["预算数", "决算数"] * 6)]
    name = "财政拨款“三公”经费支出决算表"
    if any(values):
        rows = [[g.cell(x) for x in values]]
        out[name] = (g.title(name) + head + [g.line(r) for r in rows], "included", rows)
    else:
        note = f"注：{led.unit}无财政拨款“三公”经费支出，故本表无数据。"
        out[name] = (g.title(name) + head + [note], "empty", [])

    # 政府性基金 / 国有资本经营 收入支出决算表
    for fund, prefix, name in ((GF, "fund", "政府性基金预算财政拨款收入支出决算表"),
                               (SC, "capital", "国有资本经营预算财政拨款收入支出决算表")):
        head = [g.line([*g.code_header(), "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"]),
                g.line(["", "", "小计", "基本支出", "项目支出", ""])]
        items = led.fund_items(fund)
        if not items:
            note = f"注：{led.unit}无{name[:-9]}支出，故本表无数据。"
            out[name] = (g.title(name) + head + [g.line(["合计"]), note], "empty", [])
            continue
        begin, end = v[f"{prefix}.carryover_begin"], v[f"{prefix}.carryover_end"]

        def fund_cols(item: Item, first=largest[fund], begin=begin, end=end) -> Row:
            b = begin if item.code == first else ZERO
            e = end if item.code == first else ZERO
            return [b, item.amount + e - b, item.amount, ZERO, item.amount, e]

        f_rows = g.by_function(items, fund_cols)
        f_total = [sum((r[k] for c, r in f_rows if len(c) == 3), ZERO) for k in range(6)]
        rows = [g.total_row(f_total)] + g.function_rows(f_rows)
        out[name] = (g.title(name) + head + [g.line(r) for r in rows], "included", rows)

    return [(name, *out[name]) for name in order]


_ECON_CLASSES = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助", "310": "资本性支出"}
