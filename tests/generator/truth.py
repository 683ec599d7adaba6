"""Ground truth of a generated disclosure: what its text states, in model terms."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class Truth:
    """What the text states.

    ``facts``: dicts with ``key`` (vocab.FACT_KEYS), ``label``, ``value`` (Decimal as printed),
    ``unit`` as printed, ``printed`` (the number's text), ``value_wan`` for money, and only the
    qualifiers the text states: ``share_pct``, ``change`` (signed), ``change_pct`` (signed),
    ``change_text`` (e.g. "--(基数为0,不可比)"), ``direction`` (only "flat", for 持平),
    ``budget``, ``budget_basis``, ``final``, ``diff_pct``, ``completion_pct``.
    ``line_items``: narrative 类/项 statements: fund, level, code (None unless printed), name,
    path, amount and the stated qualifiers (share_pct, change, change_pct, change_text, budget).
    ``indicators``: level1, level2, name, target, actual (as printed), weight, score, project.
    ``glossary``: term, definition. ``tables``: name, status (listed/empty/included), and for
    included grids ``unit`` and ``rows`` ({code, label, values}).
    ``broken``: set when a break rule perturbed one printed number.
    """

    layout: str
    unit: str
    year: int
    kind: str
    title: str
    unit_type: str = ""
    facts: list[dict[str, Any]] = field(default_factory=list)
    line_items: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    scorecards: list[dict[str, Any]] = field(default_factory=list)
    glossary: list[dict[str, str]] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    staffing: dict[str, int] = field(default_factory=dict)
    departments: list[str] = field(default_factory=list)
    broken: dict[str, Any] | None = None

    def facts_by_key(self, key: str) -> list[dict[str, Any]]:
        return [f for f in self.facts if f["key"] == key]

    def value(self, key: str) -> Decimal | None:
        """The value of the first statement of ``key`` in 万元 (money) or as printed (counts)."""
        for fact in self.facts:
            if fact["key"] == key:
                return fact.get("value_wan", fact["value"])
        return None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, default=_default)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
