"""Regional table grids: the MoF form with a 行次 column and a 栏次 row (Hunan ``公开01表``), and
Yunnan's tables in 元 (``金额单位：元``). Values come from the ledger, as in :mod:`.grids`."""

from __future__ import annotations

import random
from decimal import Decimal

from .grids import total_sides
from .ledger import Ledger

YUAN = Decimal(10000)


class Cells:
    """Per-table printing: separator, unit (万元 or 元), thousands separators, blank zeros."""

    def __init__(self, led: Ledger, rng: random.Random, unit: str = "万元") -> None:
        self.led = led
        self.unit = unit
        self.sep = "\t" if rng.random() < 0.7 else "  "
        self.thousands = rng.random() < 0.7
        self.blank_zero = rng.random() < 0.5

    def cell(self, value: Decimal | None) -> str:
        if value is None or (value == 0 and self.blank_zero):
            return ""
        if self.unit == "元":
            value = value * YUAN
        return f"{value:,.2f}" if self.thousands else f"{value:.2f}"

    def line(self, cells: list[str]) -> str:
        if self.sep != "\t":
            cells = [c for c in cells if c]
        return self.sep.join(cells).rstrip()


def total_grid(led: Ledger, rng: random.Random, unit: str, row_numbers: bool) -> tuple[list[str], list[list[str]]]:
    """收入支出决算总表 (01): 收入 | 支出 sides, optionally with 行次 and a 栏次 row."""
    g = Cells(led, rng, unit)
    v = led.v
    left, right = total_sides(led)
    height = max(len(left), len(right))
    rows: list[list[str]] = []
    for n in range(height):
        label, value = left[n] if n < len(left) else ("", None)
        rlabel, rvalue = right[n] if n < len(right) else ("", None)
        if row_numbers:
            rows.append([label, str(n + 1), g.cell(value), rlabel, str(height + 5 + n), g.cell(rvalue)])
        else:
            rows.append([label, g.cell(value), rlabel, g.cell(rvalue)])
    bottom = [
        ("本年收入合计", led.shown("income.current"), "本年支出合计", led.shown("expenditure.current")),
        ("使用非财政拨款结余（含专用结余）", v["income.nonfiscal_balance_used"], "结余分配",
         v["expenditure.surplus_distribution"]),
        ("年初结转和结余", v["income.carryover_begin"], "年末结转和结余", v["expenditure.carryover_end"]),
        ("总计", led.shown("income.total"), "总计", led.shown("expenditure.total")),
    ]
    for k, (a, x, b, y) in enumerate(bottom):
        if row_numbers:
            rows.append([a, str(height + 1 + k), g.cell(x), b, str(2 * height + 5 + k), g.cell(y)])
        else:
            rows.append([a, g.cell(x), b, g.cell(y)])
    if row_numbers:
        item = rng.choice(("项目", "项    目"))  # "项    目": the header cell spaced out
        head = [g.line(["收入", "", "", "支出", "", ""]), g.line([item, "行次", "决算数", item, "行次", "决算数"]),
                g.line(["栏次", "", "1", "栏次", "", "2"])]
    else:
        head = [g.line(["收入", "", "支出", ""]), g.line(["项目", "决算数", "项目", "决算数"])]
    return head + [g.line(r) for r in rows], rows


def sangong_grid(led: Ledger, rng: random.Random, unit: str) -> tuple[list[str], list[list[str]]]:
    """财政拨款“三公”经费支出决算表: 预算数 then 决算数, each 合计 | 出国 | 用车(小计 | 购置 | 运行) | 接待."""
    g = Cells(led, rng, unit)
    keys = ("sangong.total", "sangong.abroad", "sangong.vehicle", "sangong.vehicle_purchase",
            "sangong.vehicle_operation", "sangong.reception")
    budget = [led.budget[k] for k in keys]
    final = [led.shown(k) if k == "sangong.total" else led.v[k] for k in keys]
    parts = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"]
    head = [
        g.line(["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""]),
        g.line(parts + parts),
        g.line(["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""] * 2),
    ]
    row = [g.cell(x) for x in budget + final]
    if not any(budget + final):
        return head + [f"注：本{'单位' if led.kind == '单位决算' else '部门'}无财政拨款“三公”经费支出，故本表无数据。"], []
    return head + [g.line(row)], [row]
