"""Who published the disclosure, for which year, of which kind, under which title.

Read from the opening lines (the cover, before the 目录), with the body as a
fallback: "XX局2024年度部门决算", "2024年度XX单位决算公开说明", a title split
over lines, ``部门：XX`` / ``编制单位：XX`` lines, a year only in the body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from collections.abc import Sequence

from .normalize import canonical_name, clean_line, fold, is_page_furniture

_KINDS = ("单位决算", "部门决算")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_CN = re.compile(r"([〇零一二三四五六七八九]{4})\s*年")
_YEAR_ALONE = re.compile(r"^\(?((?:19|20)\d{2})\)?(?:年度?)?$")
_BODY_YEAR = re.compile(r"((?:19|20)\d{2})年度")
_UNIT_FIELD = re.compile(
    r"^(?:编制单位|填报单位|部门名称|单位名称|预算单位|部门|单位)[ \t\u3000]*[:：][ \t\u3000]*"
    r"(.+?)(?:[ \t\u3000]{2,}.*|[ \t\u3000]+(?:金额)?单位[ \t\u3000]*[:：].*)?$"
)
_NOT_A_UNIT = re.compile(r"^(?:人民币)?(?:亿元|万元|元)|^\d")
_TITLE_TAIL = re.compile(r"^(?:公开|情况说明|公开说明|说明|报告|编制说明|公开报告)$")
_YEAR_PREFIX = re.compile(r"(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年度?")
_DATE = re.compile(r"^\d{4}年\d{1,2}月(?:\d{1,2}日)?$")
_NOT_TITLE = re.compile(r"^(?:目录|附件\d*|[^\u3400-\u9fff]*)$")  # labels and lines without CJK
_LEAD_WORDS = re.compile(r"^(?:关于)")
_UNIT_END = re.compile(r"(?:部门|单位)?(?:\d{4}年度?)?(?:部门|单位)?决算.*$")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}

_OPENING_BODY_LINES = 8  # body lines examined when the cover has no title
_BODY_SCAN_LINES = 400  # body lines examined for the fallbacks


@dataclass(frozen=True)
class Identity:
    title: str
    unit: str
    year: int | None
    kind: str


def _plausible_year(text: str) -> int | None:
    year = int(text)
    return year if 1990 <= year <= 2100 else None


def _year_in(text: str) -> int | None:
    if m := _YEAR.search(text):
        return _plausible_year(m.group(1))
    if m := _YEAR_CN.search(text):
        return _plausible_year("".join(_CN_DIGIT[c] for c in m.group(1)))
    return None


def _title_block(lines: list[str]) -> tuple[int, int] | None:
    """``[start, end)`` of the title among cleaned, non-empty opening lines."""
    end = next((i for i, line in enumerate(lines) if "决算" in fold(line)), None)
    if end is None:
        return None
    start = end
    while start > 0 and end - start < 3:
        prev = fold(lines[start - 1])
        if len(prev) > 40 or ":" in prev or "。" in prev or _DATE.match(prev) or _NOT_TITLE.match(prev):
            break
        start -= 1
    end += 1
    if end < len(lines) and _TITLE_TAIL.match(fold(lines[end])):
        end += 1
    return start, end


def _unit_from_title(title: str) -> str:
    text = _LEAD_WORDS.sub("", title)
    m = _YEAR_PREFIX.search(text)
    if m and m.start() > 0:
        unit = text[: m.start()]
    else:
        if m:
            text = text[m.end():]
        unit = _UNIT_END.sub("", text)
    return _clean_unit(unit)


def _clean_unit(unit: str) -> str:
    unit = unit.strip(" ，,、：:·-—")
    if not unit or len(unit) > 60 or not re.search(r"[\u3400-\u9fff]", unit) or _NOT_A_UNIT.match(unit):
        return ""
    return unit


def _unit_from_fields(lines: Sequence[str]) -> str:
    for line in lines:
        m = _UNIT_FIELD.match(clean_line(line))
        if m and (unit := _clean_unit(canonical_name(m.group(1)))):
            return unit
    return ""


def identify(opening: Sequence[str], body: Sequence[str] = ()) -> Identity:
    """Title, unit, year and kind from the opening lines, the body as fallback.

    ``opening`` is the cover (the lines before the 目录, or before the first
    heading when there is none); ``body`` the rest of the document.
    """
    cover = [clean_line(line) for line in opening if line.strip() and not is_page_furniture(line)]
    body_lines = [line for line in body[:_BODY_SCAN_LINES] if line.strip()]
    block = _title_block(cover)
    source = cover
    if block is None:
        source = [clean_line(line) for line in body_lines[:_OPENING_BODY_LINES]]
        block = _title_block(source)

    title = ""
    if block is not None:
        title = "".join(canonical_name(line) for line in source[block[0] : block[1]])

    folded_cover = [fold(line) for line in cover]
    year = _year_in(title) if title else None
    if year is None:
        for line in folded_cover:
            if (m := _YEAR_ALONE.match(line)) and (year := _plausible_year(m.group(1))):
                break
    if year is not None and title and "年" in title and _year_in(title) is None:
        # A PDF put the year on its own line: "XX局 / 年度部门决算 / 2024".
        title = re.sub(r"(?<!\d)(年度?)", f"{year}\\1", title, count=1)
    if year is None:
        years = Counter(m.group(1) for line in body_lines for m in _BODY_YEAR.finditer(fold(line)))
        if years:
            year = _plausible_year(years.most_common(1)[0][0])

    kind = next((k for k in _KINDS if k in title), None)
    if kind is None:
        kind = next((k for line in folded_cover for k in _KINDS if k in line), None)
    if kind is None:
        found = (k for line in body_lines for k in _KINDS if k in fold(line))
        kind = next(found, "部门决算")

    unit = _unit_from_title(title) if title else ""
    if not unit:
        unit = _unit_from_fields(cover) or _unit_from_fields(body_lines)
    if not title and unit:
        title = f"{unit}{year or ''}{'年度' if year else ''}{kind}"
    return Identity(title=title, unit=unit, year=year, kind=kind)
