"""单位概况: 主要职能, internal departments, subordinate units, staffing.

Functions come from the numbered lines of the functions section (or its
sentences); departments and subordinate units from their usual wording
(``下设N个科室，分别是：A、B、C``, ``无下属预算单位``, ``包括N个…单位``);
staffing from the ``staff.*`` facts (with their changes).
"""

from __future__ import annotations

import re
from typing import Iterable

from importers.normalize import canonical_name, fold, is_grid_line
from juesuan_tui.models import Document, Fact, Profile, Section, Staffing

from .facts import section_blocks
from .numbers import CN_NUM, parse_int
from .sentences import paragraphs

_COUNT = rf"(\d+|{CN_NUM})"
# 下设4个科室，分别是：A、B、C / 内设机构3个：A、B、C / 设有综合科、财务科等2个科室
_DEPARTMENTS = re.compile(
    rf"(?:下设|内设|设有|设置|设)(?:机构)?{_COUNT}个(?:内设|职能)?(?P<what>科室|处室|股室|部门|机构|内设机构|职能部门|科|处|室)"
    r"(?:[,:](?:分别(?:是|为)|包括|即|为|有)?:?|(?:分别(?:是|为)|包括|即|为)[:]?)(?P<list>[^。;]*)"
)
_DEPARTMENTS_NO_COUNT = re.compile(
    r"(?:内设|下设)(?:机构|科室|处室|部门)(?:共?(?P<n>\d+|" + CN_NUM + r")个)?[,:]?(?:分别(?:是|为)|包括|有|为)?:(?P<list>[^。;]*)"
)
_DEPARTMENTS_COUNT_ONLY = re.compile(rf"(?:下设|内设|设有)(?:机构)?{_COUNT}个(?:内设|职能)?(?:科室|处室|股室|部门|机构|内设机构)")
_NO_SUBORDINATE = re.compile(r"(?:无|没有|不存在)(?:下属|所属|二级)(?:预算)?单位")
_SUBORDINATES = re.compile(
    rf"(?:包括|下属|所属|下设|含)(?:本级(?:和|及|以及)?)?(?:下属|所属|二级)?(?:预算)?(?:单位)?{_COUNT}个"
    r"(?:下属|所属|二级)?(?:行政|事业|预算|独立核算)*单位"
    r"(?:[,:]?(?:分别(?:是|为)|包括|即)[:]?(?P<list>[^。;]*))?"
)
_SUBORDINATES_AFTER = re.compile(rf"(?:下属|所属|二级)(?:预算)?单位(?:共)?{_COUNT}个(?:[,:]?(?:分别(?:是|为)|包括|即)[:]?(?P<list>[^。;]*))?")
_ENUM = re.compile(r"^\s*(?:\d+[.、．)）]|[(（]\d+[)）]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|[①-⑳])\s*")
_INLINE_ENUM = re.compile(r"(?<=[。;；])\s*(?=(?:\d+[.、．]|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)\S)")
_SPLIT = re.compile(r"[、,，;；]")
_TRAILER = re.compile(r"(?:等|等共?\d+个(?:科室|处室|部门|机构)?|等(?:科室|处室|部门|机构))$")


def _names(text: str) -> list[str]:
    names = []
    for part in _SPLIT.split(text):
        part = _TRAILER.sub("", part.strip(" 　。.:："))
        if part and len(part) <= 30:
            names.append(canonical_name(part))
    return names


def functions_from_text(text: str, heading: str = "") -> list[str]:
    """主要职能 as a list: numbered items (continuation lines joined), else sentences.

    ``heading`` (the section title) is dropped when the text starts with it.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip() and not is_grid_line(line)]
    if lines and heading and _is_heading(lines[0], heading):
        lines = lines[1:]
    # Several items run together on one line (“…。（八）负责…”) are split first.
    split: list[str] = []
    for line in lines:
        split.extend(p for p in _INLINE_ENUM.split(line) if p.strip())
    items: list[str] = []
    numbered = any(_ENUM.match(line) for line in split)
    if numbered:
        started = False
        for line in split:
            if _ENUM.match(line):
                items.append(_ENUM.sub("", line).strip())
                started = True
            elif started and items:
                items[-1] += line
        return [i for i in items if i]
    for line in split:
        items.extend(s.strip() + "。" for s in re.split(r"[。；;]", line) if s.strip())
    return items


def _is_heading(line: str, title: str) -> bool:
    folded, title = fold(line), fold(title)
    return bool(title) and title in folded and len(folded) <= len(title) + 8


def departments_from_text(text: str) -> tuple[list[str], int | None]:
    """Internal departments and their printed count (None when not printed)."""
    for p in paragraphs(text):
        m = _DEPARTMENTS.search(p.folded)
        if m:
            count = parse_int(m.group(1))
            return _names(p.printed(m.start("list"), m.end("list"))), count
        m = _DEPARTMENTS_NO_COUNT.search(p.folded)
        if m:
            names = _names(p.printed(m.start("list"), m.end("list")))
            n = parse_int(m.group("n")) if m.group("n") else None
            return names, n
        m = _DEPARTMENTS_COUNT_ONLY.search(p.folded)
        if m:
            return [], parse_int(m.group(1))
    return [], None


def subordinates_from_text(text: str) -> tuple[list[str], int | None]:
    """Subordinate units and their count (0 for 无下属预算单位; None when not stated)."""
    for p in paragraphs(text):
        if _NO_SUBORDINATE.search(p.folded):
            return [], 0
        for pattern in (_SUBORDINATES, _SUBORDINATES_AFTER):
            m = pattern.search(p.folded)
            if m:
                names = _names(p.printed(m.start("list"), m.end("list"))) if m.group("list") else []
                return names, parse_int(m.group(1))
    return [], None


def _unit_table(text: str) -> list[str]:
    """Units listed as ``序号 单位名称`` rows (Shanghai 部门决算单位构成), 本级 excluded."""
    names = []
    for line in text.split("\n"):
        m = re.match(r"^\s*\d{1,3}\s+(\S.*?)\s*$", line)
        if m and not re.search(r"本级|。。|…", m.group(1)) and not re.match(r"^[\d.,%\s]+$", m.group(1)):
            names.append(canonical_name(m.group(1).split()[0]))
    return names


def staffing_from_facts(facts: Iterable[Fact]) -> Staffing:
    """Staffing from the ``staff.*`` facts (first of each key)."""
    staffing = Staffing()
    fields = {
        "staff.establishment": ("establishment", None),
        "staff.total": ("total", None),
        "staff.active": ("active", "active_change"),
        "staff.retired_cadre": ("retired_cadre", "retired_cadre_change"),
        "staff.retired": ("retired", "retired_change"),
    }
    for fact in facts:
        if fact.key not in fields:
            continue
        name, change = fields[fact.key]
        if getattr(staffing, name) is not None:
            continue
        setattr(staffing, name, int(fact.value))
        if change and fact.change is not None:
            setattr(staffing, change, int(fact.change))
        if not staffing.sentence:
            staffing.sentence = fact.sentence
    return staffing


def _overview_sections(doc: Document) -> tuple[list[Section], list[Section]]:
    """(functions sections, other overview sections) by block."""
    blocks = section_blocks(doc)
    functions: list[Section] = []
    overview: list[Section] = []
    for section in doc.walk_sections():
        block = blocks.get(section.id)
        if block == "functions":
            functions.append(section)
        elif block in {"overview", "staffing"}:
            overview.append(section)
    return functions, overview


def extract_profile(doc: Document, facts: Iterable[Fact] | None = None) -> Profile:
    """The unit profile: functions, departments, subordinate units, staffing."""
    functions_secs, overview = _overview_sections(doc)
    profile = Profile()
    for section in functions_secs:
        profile.functions.extend(functions_from_text(section.text, section.title))
    scope = overview + functions_secs
    text = "\n".join(s.text for s in scope) if scope else "\n".join(s.text for s in doc.walk_sections())
    departments, count = departments_from_text(text)
    profile.departments = departments
    profile.department_count = count if count is not None else (len(departments) or None)
    units, units_count = subordinates_from_text(text)
    if not units and units_count is None:
        for section in overview:
            if re.search(r"单位构成|决算单位", section.title):
                units = _unit_table(section.text)
                units_count = len(units) if units else None
    profile.subordinate_units = units
    profile.subordinate_count = units_count if units_count is not None else (len(units) or None)
    profile.staffing = staffing_from_facts(doc.facts if facts is None else facts)
    return profile


__all__ = [
    "departments_from_text",
    "extract_profile",
    "functions_from_text",
    "staffing_from_facts",
    "subordinates_from_text",
]
