"""Number parsing shared by all extractors. Exact Decimal, never float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# In the folded (NFKC) form. Thousands separators are optional and may be
# irregular in the wild (``12,34,5.6``); they are removed before parsing.
NUM = r"-?\d[\d,]*(?:\.\d+)?"
MONEY_UNIT = r"(?:亿元|万元|元)"
AMT = rf"({NUM})\s*({MONEY_UNIT})"
PCT = rf"({NUM})\s*%"

_WAN_FACTOR = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


def parse_decimal(text: str) -> Decimal | None:
    """``"3,361.40"`` → ``Decimal("3361.40")``; None when it is not a number."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if not cleaned or cleaned in {"-", "—", "--", "——"}:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def to_wan(value: Decimal, unit: str) -> Decimal | None:
    """Money converted to 万元 (exact); None for units that are not money."""
    factor = _WAN_FACTOR.get(unit)
    return None if factor is None else value * factor
