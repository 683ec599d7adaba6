"""Printing helpers shared by the layouts: number formats, punctuation, truth recording."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from importers.extract.vocab import FACT_KEYS

from . import data
from .ledger import GP, Item, Ledger
from .truth import Truth

_HALF = str.maketrans({"（": "(", "）": ")", "：": ":", "；": ";"})

# Keys that may be printed once in 元 instead of 万元 (a real slip of disclosures). Only keys whose
# statement carries no money qualifier (Δ, 预算数) printed in 万元 elsewhere in the sentence.
YUAN_CANDIDATES = ("procurement.small_micro", "assets.vehicle_value", "assets.building_value", "income.other",
                   "procurement.works")


@dataclass
class Block:
    """A piece of output: ``para`` blocks may get page breaks and wrapping, others stay verbatim."""

    text: str
    kind: str  # cover, toc, heading, para, grid, blank


@dataclass
class Style:
    """Per-document printing choices."""

    thousands: bool  # 3,361.40 vs 3361.40
    space: bool  # "收入总计 3,361.40 万元" vs "收入总计3361.40万元"
    width: str  # full / half / mixed punctuation
    trim: bool  # print 6.2 / 0 instead of 6.20 / 0.00 (Shanghai)
    comma_space: bool  # ", " after a half-width comma
    half_share: float = 0.3

    @classmethod
    def random(cls, rng: random.Random, layout: str) -> Style:
        return cls(
            thousands=rng.random() < (0.6 if layout == "xinjiang" else 0.3),
            space=rng.random() < (0.7 if layout == "xinjiang" else 0.2),
            width=rng.choices(("full", "half", "mixed"), (0.5, 0.15, 0.35))[0],
            trim=layout == "shanghai" and rng.random() < 0.4,
            comma_space=rng.random() < 0.6,
        )


class Renderer:
    """Base of the layouts: collects blocks and the truth while printing a ledger."""

    layout = ""
    spacing = "loose"  # blank lines between paragraphs (see artifacts.assemble)

    def __init__(self, led: Ledger, rng: random.Random) -> None:
        self.led = led
        self.rng = rng
        self.st = Style.random(rng, self.layout)
        self.blocks: list[Block] = []
        self.truth = Truth(layout=self.layout, unit=led.unit, year=led.year, kind=led.kind, title="",
                           unit_type=led.unit_type)
        self._last: dict[str, dict[str, Any]] = {}
        candidates = [k for k in YUAN_CANDIDATES if led.v.get(k)]
        self.yuan_key = rng.choice(candidates) if candidates and rng.random() < 0.15 else None
        self.sp = " " if self.st.space else ""

    # -- output ------------------------------------------------------------------------
    def out(self, text: str, kind: str = "para") -> None:
        self.blocks.append(Block(text, kind))

    def heading(self, text: str) -> None:
        self.out(self.punct(text, heading=True), "heading")

    def para(self, text: str) -> None:
        self.out(self.punct(text), "para")

    def punct(self, text: str, heading: bool = False) -> str:
        """Full- or half-width punctuation, chosen per document or per paragraph."""
        width = self.st.width
        if width == "mixed":
            width = "half" if self.rng.random() < self.st.half_share else "full"
        if width == "full":
            return text
        text = text.translate(_HALF)
        return text.replace("，", ", " if self.st.comma_space and not heading else ",")

    # -- numbers -----------------------------------------------------------------------
    def num(self, value: Decimal) -> str:
        text = f"{value:,.2f}" if self.st.thousands else f"{value:.2f}"
        if self.st.trim:
            text = text.rstrip("0").rstrip(".")
        return text

    def pct(self, value: Decimal) -> str:
        return f"{self.sp}{self.num(value)}%"

    def year(self, year: int | None = None, word: str = "年") -> str:
        return f"{year or self.led.year}{self.sp}{word}"

    def amount(self, value: Decimal, unit: str = "万元") -> str:
        """An amount printed without recording a fact."""
        return f"{self.sp}{self.num(value)}{self.sp}{unit}"

    def money(self, key: str, label: str | None = None, value: Decimal | None = None) -> str:
        """Print the ledger amount of ``key`` and record it as a fact."""
        wan = self.led.shown(key) if value is None else value
        if key == self.yuan_key:
            self.yuan_key = None  # once per document
            yuan = wan * 10000
            printed = f"{yuan:,.2f}" if self.st.thousands else f"{yuan:.2f}"
            self._fact(key, Decimal(printed.replace(",", "")), "元", printed, label, wan)
            return f"{self.sp}{printed}{self.sp}元"
        printed = self.num(wan)
        self._fact(key, Decimal(printed.replace(",", "")), "万元", printed, label, wan)
        return f"{self.sp}{printed}{self.sp}万元"

    def count(self, key: str, unit: str, label: str | None = None) -> str:
        value = self.led.shown(key)
        printed = f"{value:.2f}" if unit == "平方米" else str(int(value))
        self._fact(key, Decimal(printed), unit, printed, label, None)
        return f"{self.sp}{printed}{self.sp}{unit}"

    def _fact(self, key: str, value: Decimal, unit: str, printed: str, label: str | None,
              wan: Decimal | None) -> None:
        fact: dict[str, Any] = {"key": key, "label": label or FACT_KEYS.get(key, key), "value": value,
                                "unit": unit, "printed": printed}
        if wan is not None:
            fact["value_wan"] = wan
        self.truth.facts.append(fact)
        self._last[key] = fact

    def qual(self, key: str, **quals: Any) -> None:
        """Attach stated qualifiers to the last statement of ``key``."""
        fact = self._last[key]
        fact.update({k: v for k, v in quals.items() if v is not None})

    def same(self, key: str, also: tuple[str, ...]) -> tuple[str, ...]:
        """The keys of a joint statement (收入支出总体…) that print the same value as ``key``."""
        return tuple(k for k in also if self.led.shown(k) == self.led.shown(key))

    def share(self, key: str, base: str) -> str:
        """Print the share of ``key`` in ``base`` and record it."""
        value = self.led.share(key, base)
        printed = self.num(value)
        self.qual(key, share_pct=Decimal(printed.replace(",", "")))
        return f"{self.sp}{printed}%"

    def rate(self, value: Decimal) -> tuple[str, Decimal]:
        printed = self.num(value)
        return f"{self.sp}{printed}%", Decimal(printed.replace(",", ""))

    # -- line items --------------------------------------------------------------------
    def line_item(self, fund: str, level: str, path: tuple[str, ...], amount: Decimal,
                  code: str | None = None, **quals: Any) -> dict[str, Any]:
        printed = self.num(amount)
        record: dict[str, Any] = {
            "fund": fund, "level": level, "code": code, "name": path[-1], "path": list(path),
            "amount": Decimal(printed.replace(",", "")), "printed": printed,
        }
        record.update({k: v for k, v in quals.items() if v is not None})
        self.truth.line_items.append(record)
        return record

    def item_path_text(self, item: Item, markers: bool = True) -> str:
        a, b, c = item.path
        return f"{a}（类）{b}（款）{c}（项）" if markers else f"{a}{b}{c}"

    # -- shared content -----------------------------------------------------------------
    def reason(self, pool: tuple[str, ...]) -> str:
        return self.rng.choice(pool).format(project=self.rng.choice(data.PROJECTS))

    def glossary_entry(self, term: str, definition: str) -> None:
        self.truth.glossary.append({"term": term, "definition": definition})

    def record_scorecards(self) -> None:
        for card in self.led.scorecards:
            self.truth.scorecards.append({
                "project": card.project, "department": card.department, "implementer": card.implementer,
                "funds": [vars(f).copy() for f in card.funds],
                "total_weight": card.total_weight, "total_score": card.total_score,
            })
            for ind in card.indicators:
                self.truth.indicators.append({
                    "project": card.project, "level1": ind.level1, "level2": ind.level2, "name": ind.name,
                    "target": ind.target, "actual": ind.actual, "weight": ind.weight, "score": ind.score,
                })

    def finish_truth(self) -> Truth:
        led = self.led
        self.truth.staffing = {k.split(".")[1]: int(led.shown(k)) for k in
                               ("staff.total", "staff.active", "staff.retired_cadre", "staff.retired")}
        self.truth.departments = list(led.departments)
        self.truth.broken = led.broken
        return self.truth

    # -- helpers for fund names ------------------------------------------------------------
    @staticmethod
    def is_gp(item: Item) -> bool:
        return item.fund == GP
