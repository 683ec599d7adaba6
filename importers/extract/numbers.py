"""Number parsing shared by all extractors. Exact Decimal, never float.

All patterns apply to the folded form (:func:`importers.normalize.fold`):
ASCII digits, ``,`` ``%`` ``()``, no spaces next to CJK characters.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Thousands separators are optional and may be irregular in the wild
# (``12,34,5.6``); they are removed before parsing. A number never starts in
# the middle of another one (``2019-2020`` is not ``-2020``) and never ends
# with a separator (``1487,决算`` is ``1487``).
NUM = r"(?<![\d.])-?\d(?:[\d,]*\d)?(?:\.\d+)?"
MONEY_UNIT = r"(?:亿元|万元|千元|元)"
AMT = rf"({NUM})\s*({MONEY_UNIT})"
PCT = rf"({NUM})\s*%"
# Units of counted things, longest first (人次 before 人). ``台(套)`` is folded.
# 次 last: 团组 0 次 (Sichuan), after 人次 / 批次 have had their turn.
COUNT_UNIT = r"(?:人次|批次|平方米|m2|台\(套\)|台|套|辆|个(?![人别体性百])|人(?![民员均力口])|名|家|项(?![目])|户|次)"
COUNT = rf"({NUM})\s*({COUNT_UNIT})"

MONEY_UNITS = frozenset({"亿元", "万元", "千元", "元"})
_WAN_FACTOR = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}
_UNIT_NAMES = {"m2": "平方米", "台(套)": "台（套）"}

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = r"[零〇一二两三四五六七八九十百千]+"


@lru_cache(maxsize=4096)  # pure, a Decimal is immutable; amounts and cells recur across extractors and checks
def parse_decimal(text: str) -> Decimal | None:
    """``"3,361.40"`` → ``Decimal("3361.40")``; None when it is not a number."""
    cleaned = text.strip().replace(",", "").replace("，", "").replace(" ", "")
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


def is_money(unit: str | None) -> bool:
    return unit in MONEY_UNITS


def unit_name(unit: str) -> str:
    """A printed (folded) unit in its display form: ``台(套)`` → ``台（套）``, ``m2`` → ``平方米``."""
    return _UNIT_NAMES.get(unit, unit)


def parse_cn_int(text: str) -> int | None:
    """``"4"``, ``"十二"``, ``"二十三"``, ``"一百零五"`` → int; None when it is not a number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in text):
        return None
    total, digit = 0, None
    for c in text:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
    return total + (digit or 0)


def parse_int(text: str) -> int | None:
    """An integer count (Arabic or Chinese numerals); None for fractions or text."""
    value = parse_decimal(text)
    if value is not None:
        return int(value) if value == value.to_integral_value() else None
    return parse_cn_int(text)


NUM_RE = re.compile(NUM)
AMT_RE = re.compile(AMT)
PCT_RE = re.compile(PCT)
