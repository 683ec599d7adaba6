"""附表: the tables a disclosure lists, states empty, or prints as grids.

(a) listed: the tables part (or only the 目录) names them, ``一、《收入支出决算总表》``;
(b) empty: a sentence says so (``…决算表为空表``, ``故本表无数据``,
    ``本单位本年度无国有资本经营预算财政拨款收入、支出…``);
(c) included: a grid printed in the text (tab, ``|`` or multi-space cells) under a
    title line, with a header row, codes (one column or 类|款|项) and amounts.
Tables are recognised by title (taxonomy aliases), never by ordinal.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Sequence

from importers.memo import short_text_cache
from importers.extract.grid import body_lines, split_cells, squeeze, strip_markup, tidy
from importers.extract.scorecard import scorecard_blocks
from importers.extract.taxonomy import (
    FUND_TABLE,
    TABLE_ALIASES,
    match_form,
    repaired_title,
    standard_table_name,
    table_key,
)
from importers.normalize import canonical_name, fold, is_page_furniture
from importers.tablegrid import Grid, TableContext, build_table
from juesuan_tui.models import Table

if TYPE_CHECKING:
    from juesuan_tui.models import Document, Section

_CN = "一二三四五六七八九十"
_TABLES_TITLE = re.compile(r"报表|附表|附件|决算表|总表|明细表|公开表")
# Ordinal before a listed title: "一、", "1.", "表一", "附表1：", "公开01表".
_ORDINAL = re.compile(
    rf"^(?:(?P<cn>[{_CN}]+)\s*[、.．:：]|(?P<ar>\d{{1,2}})\s*[、.．:：](?!\d)"
    rf"|附?表\s*(?P<tb>[{_CN}]+|\d{{1,2}})\s*[、.．:：]?|(?P<pub>公开\s*\d{{1,2}}\s*表)\s*[、.．:：]?)\s*"
)
# What may follow a listed title: a bracketed remark, dot leaders, a page number.
_TAIL = re.compile(
    r"^(?:\s*[(（][^()（）]{0,12}[)）])*\s*(?:PAGEREF\s+_Toc\d+\s*\\?h?\s*\d*)?[\s.·…_-]*\d{0,4}\s*$"
)
# Every table title names what it counts ("详见下表" does not).
_TABLE_WORD = re.compile(r"决算|预算|收入|支出|收支|经费|资产|采购|统计|明细|情况|汇总|自评|拨款")
_PUB = re.compile(r"公开\s*\d{1,2}\s*表")
_GENERIC = re.compile(r"^(?:\d{4}年度?)?(?:部门|单位)?(?:决算)?(?:公开)?(?:报表|表)$")
_NOTE = re.compile(r"^(?:注|说明|备注)\s*[:：]")


# --- (a) listed -------------------------------------------------------------------


def _number(m: re.Match[str]) -> str:
    if m.group("pub"):
        return squeeze(m.group("pub"))
    return m.group("cn") or m.group("ar") or m.group("tb") or ""


_QUOTED_NAME = re.compile(r"^《(?P<name>[^《》]{2,60})》")
_TABLE_NAME = re.compile(r"^(?P<name>[^《》。，,；;:：]{2,60}?表)")
_QUOTED_TABLE = re.compile(r"《([^《》]{2,60}表)》")


@short_text_cache(4096)  # pure; 目录 and listing lines recur
def parse_listing_line(line: str) -> tuple[str, str] | None:
    """(number, name) when the line lists one table (``一、《收入决算表》``)."""
    line = tidy(strip_markup(line), loose=True)
    m = _ORDINAL.match(line)
    number = _number(m) if m else ""
    rest = line[m.end():] if m else line
    t = _QUOTED_NAME.match(rest) or _TABLE_NAME.match(rest)
    if t is None:
        return None
    name = t.group("name").strip()
    tail = rest[t.end():]
    pub = _PUB.search(tail)
    if pub and not number:
        number = squeeze(pub.group())
        tail = tail.replace(pub.group(), "")
    if not _TAIL.match(tail):
        return None
    form = match_form(name)
    if (
        not form.endswith("表") or _GENERIC.match(form) or "部分" in form or "情况说明" in form
        or not _TABLE_WORD.search(form) or form.startswith(("详见", "见", "如下", "下表", "上表"))
    ):
        return None
    return number, canonical_name(name)


def parse_listing(lines: Sequence[str], section_id: str | None = None,
                  section_ids: Sequence[str | None] | None = None) -> list[Table]:
    """The tables listed in a block of lines, in order."""
    tables: list[Table] = []
    for index, line in enumerate(lines):
        sid = section_ids[index] if section_ids else section_id
        found = parse_listing_line(line)
        if found:
            number, name = found
            name = canonical_name(repaired_title(name))
            tables.append(Table(name=name, key=table_key(name), number=number, section=sid))
            continue
        # Several titles on one line: "附表：《收入决算表》《支出决算表》…".
        for m in _QUOTED_TABLE.finditer(line):
            name = canonical_name(m.group(1))
            tables.append(Table(name=name, key=table_key(name), section=sid))
    return tables


# --- (b) empty ----------------------------------------------------------------------

_EMPTY_NAMED = re.compile(r"(?P<name>[^,;。:：!?]{2,60}?表)》?(?:为|是)?(?:空表|无数据)")
_EMPTY_SAYS = re.compile(r"空表|本表无数据|无数据|本表为空")
_NO_FUND = re.compile(
    r"(?:没有|无|未发生|不涉及)(?:使用)?(?P<fund>政府性基金|国有资本经营)(?:预算)?(?:财政拨款)?"
    r"(?:安排的)?(?:收支|收入|支出)(?:[、和及与]|,)?(?:支出|收入)?"
)
_BOTH = re.compile(r"收支|收入.{0,4}支出|支出.{0,4}收入")
_SENTENCE = re.compile(r"[^。!?！？\n]*[。!?！？]?")
_EMPTY_HINT = re.compile(r"空表|无数据|本表为空|政府性基金|国有资本经营")
_RAW_HINT = re.compile(r"空|数据|數據|基金|资本|資本")
_FUND_WORD = re.compile("|".join(FUND_TABLE))
_LEAD = re.compile(r"^(?:故|因此|所以|因而|该|本单位|本部门|其中|则|此|此项|本年度?)+")


def find_empty_statements(text: str, section_id: str | None = None) -> list[Table]:
    """Tables a sentence of ``text`` states to be empty (status ``empty``)."""
    found: list[Table] = []
    # Every sentence must show a raw hint (below): without one in the whole text,
    # there is nothing to find and no need to fold it.
    if not _RAW_HINT.search(text):
        return found
    folded = fold(text)
    if not _EMPTY_HINT.search(folded):
        return found
    for m in _SENTENCE.finditer(text):
        printed = m.group().strip()
        if not _RAW_HINT.search(printed):
            continue
        sentence = fold(printed)
        says_empty = _EMPTY_SAYS.search(sentence) is not None
        if not says_empty and not _FUND_WORD.search(sentence):
            continue
        named = _EMPTY_NAMED.search(sentence) if says_empty else None
        key = name = None
        if named:
            candidate = _LEAD.sub("", named.group("name").strip()).lstrip("《")
            if table_key(candidate) is not None and "本表" not in candidate:
                name, key = canonical_name(candidate), table_key(candidate)
        fund = _NO_FUND.search(sentence)
        if key is None and fund and (
            says_empty or _BOTH.search(fund.group())
        ):
            key = FUND_TABLE[fund.group("fund")]
        if key is None:
            continue
        found.append(Table(
            name=name or standard_table_name(key), key=key, status="empty",
            note=tidy(printed, loose=True), section=section_id,
        ))
    return found


# --- (c) included grids ---------------------------------------------------------------
#
# Text only tells where a grid is and what title, unit and notes surround it;
# turning the cells into a Table (header rows, code columns, 元 → 万元) is
# importers.tablegrid's job, shared with the PDF and Excel importers, so every
# Table has the same contract whatever the file format.


# A line without a tab, a pipe, two spaces in a row or ``**`` (whose removal may join
# two spaces) is one cell at most.
_MAYBE_CELLS = re.compile(r"[\t|]|[ \u3000]{2}|\*\*")


def _grid(line: str) -> bool:
    if not _MAYBE_CELLS.search(line):
        return False
    return sum(1 for c in split_cells(strip_markup(line)) if c) >= 2


def _positional(line: str) -> bool:
    """A tab or ``|`` row with a single filled cell (a blank 合计 row of an empty table)."""
    return ("\t" in line or "|" in line) and any(split_cells(strip_markup(line)))


def _context_above(lines: Sequence[str], start: int) -> list[str]:
    """Up to six caption lines above a grid (title, 公开表 number, unit), top to bottom."""
    out: list[str] = []
    k = start - 1
    while k >= 0 and len(out) < 6:
        line = strip_markup(lines[k]).strip()
        k -= 1
        if not line or is_page_furniture(line):
            continue
        # A caption may itself be split in two cells ("表三  支出决算表"); a row of a
        # previous grid or a paragraph of prose ends the captions.
        if sum(1 for c in split_cells(line) if c) >= 3 or len(line) > 60:
            break
        out.append(line)
    return out[::-1]


def _title_fallback(context: Sequence[str]) -> tuple[str, str] | None:
    """(number, name) of a title the standard list does not know ("某某统计表")."""
    for line in reversed(context):
        found = parse_listing_line(_PUB.sub("", line))
        if found:
            return found
    return None


def find_grid_tables(lines: Sequence[str], section_ids: Sequence[str | None] | None = None,
                     skip: Sequence[tuple[int, int]] = ()) -> list[Table]:
    """Tables printed as grids in ``lines``; ``skip`` ranges (scorecards) are ignored.

    A grid is a run of lines with two or more cells (blank lines and page
    numbers inside it are ignored); it needs a title above it or in its first
    rows, else it is not taken for a table.
    """
    skipped: set[int] = set()
    for start, end in skip:
        skipped.update(range(start, end))
    tables: list[Table] = []
    i, n = 0, len(lines)
    while i < n:
        if i in skipped or not _grid(lines[i]):
            i += 1
            continue
        start, rows, j = i, [], i
        while j < n and j not in skipped:
            line = lines[j]
            if not line.strip() or is_page_furniture(line):
                j += 1
            elif (_grid(line) or _positional(line)) and not _NOTE.match(fold(strip_markup(line)).strip()):
                rows.append(split_cells(strip_markup(line)))
                j += 1
            else:
                break
        notes: list[str] = []
        while j < n and len(notes) < 3 and _NOTE.match(fold(strip_markup(lines[j])).strip()):
            notes.append(tidy(strip_markup(lines[j]), loose=True))
            j += 1
        i = max(j, i + 1)
        if len(rows) < 2:
            continue
        context = _context_above(lines, start)
        sid = section_ids[start] if section_ids else None
        table = build_table(Grid.from_rows(rows), TableContext(lines=context, notes=notes), section=sid)
        if table is None or (not table.rows and table.status != "empty"):
            continue
        if not table.name:
            fallback = _title_fallback(context)
            if fallback is None:
                continue
            table.number = table.number or fallback[0]
            table.name = fallback[1]
        if "绩效" in table.name:
            continue
        alias = _printed_alias(context, table.key)
        if alias:
            table.name = alias
        tables.append(table)
    return tables


_ALIAS_FORMS = {match_form(a) for aliases in TABLE_ALIASES.values() for a in aliases}


def _printed_alias(context: Sequence[str], key: str | None) -> str | None:
    """The grid's title as printed when it is another alias of its table (Yunnan's
    ``收入支出决算表``, ``一般公共预算财政拨款“三公”经费情况表``), so that it meets its listing."""
    title = TableContext(lines=list(context)).title if key else None
    found = parse_listing_line(_PUB.sub("", title)) if title else None
    if not found:
        return None
    name = canonical_name(repaired_title(found[1]))
    return name if match_form(name) in _ALIAS_FORMS and table_key(name) == key else None


# --- the document -----------------------------------------------------------------------


def tables_sections(doc: Document) -> list[Section]:
    """Sections that list the 附表 (outermost only): by key, by a title such as
    报表 / 附表 / 附件, or by a heading that is itself a table title."""
    found: list[Section] = []
    for section in doc.walk_sections():
        title = fold(section.title)
        listing = section.key == "tables" or (
            _TABLES_TITLE.search(title) is not None and "情况说明" not in title and "绩效" not in title
        ) or parse_listing_line(section.heading) is not None
        if listing and not any(section is s for parent in found for s in parent.walk()):
            found.append(section)
    return found


def _same(a: Table, b: Table) -> bool:
    if a.key is not None and b.key is not None:
        return a.key == b.key
    return match_form(a.name) == match_form(b.name)


def _has_amounts(table: Table) -> bool:
    return any(v is not None for row in table.rows for v in row.values)


def merge_table(tables: list[Table], new: Table) -> None:
    """Add ``new`` to ``tables`` or fold it into the table it names again: the table of the
    same name, else of the same key (another alias), unless both are listed under their own
    numbers; a statement of emptiness that names no table applies to every table of its key.

    The grid, when one is found, fills the listed table. A statement of
    emptiness wins over a grid without amounts (the template is printed even
    when empty), not over one with amounts: what is printed is kept, and the
    statement stays in ``note`` for the checks.
    """
    form = match_form(new.name)
    keyed = [t for t in tables if _same(t, new)]
    statement = not new.columns and not new.rows  # a sentence, not a printed grid
    if new.status == "empty" and statement and new.key is not None and form not in match_form(new.note):
        # "无国有资本经营预算财政拨款收入、支出" names no table: every table of that fund is empty.
        targets = keyed
    else:
        exact = [t for t in tables if match_form(t.name) == form]
        # Two aliases listed under different numbers are two tables (Sichuan lists both the
        # 国有资本经营…收入支出决算表 and the …支出决算表; Yunnan two 三公 tables).
        targets = exact[:1] or ([] if _listed_beside(keyed, new) else keyed[:1])
    if not targets:
        tables.append(new)
        return
    for old in targets:
        _merge_into(old, new)


def _listed_beside(keyed: list[Table], new: Table) -> bool:
    """``new`` is listed under its own number beside the listed tables of the same key."""
    return new.status == "listed" and bool(new.number) and all(
        t.status == "listed" and t.number and t.number != new.number for t in keyed
    )


def _merge_into(old: Table, new: Table) -> None:
    if new.columns or new.rows:
        old.columns, old.rows = new.columns, new.rows
        old.unit = new.unit or old.unit
        old.page = old.page or new.page
    if _has_amounts(old):
        old.status = "included"
    elif "empty" in (new.status, old.status):
        old.status = "empty"
    elif new.status == "included":
        old.status = "included"
    old.note = old.note or new.note
    old.number = old.number or new.number
    old.section = old.section or new.section


def extract_tables(doc: Document, scorecards: Sequence[tuple[int, int]] | None = None) -> list[Table]:
    """The document's tables: listed (tables part, then 目录), printed grids, empty statements.

    ``scorecards``: the scorecards' line ranges in ``body_lines(doc)`` when
    already known (``scorecard.scan_scorecards``).
    """
    pairs = body_lines(doc)
    lines = [line for _, line in pairs]
    sids = [sid for sid, _ in pairs]
    # A scorecard's own title is not a listed 附表, nor is its grid.
    if scorecards is None:
        scorecards = scorecard_blocks(lines)
    in_scorecard = {i for start, end in scorecards for i in range(start, end)}
    listing_ids = {s.id for section in tables_sections(doc) for s in section.walk()}
    listed = [i for i, sid in enumerate(sids) if sid in listing_ids and i not in in_scorecard]
    tables: list[Table] = []
    for table in parse_listing([lines[i] for i in listed], section_ids=[sids[i] for i in listed]):
        merge_table(tables, table)
    toc_lines = doc.toc_raw.split("\n") if doc.toc_raw else [f"{e.number}{e.title}" for e in doc.toc]
    for table in parse_listing(toc_lines):
        merge_table(tables, table)
    for table in find_grid_tables(lines, sids, skip=scorecards):
        merge_table(tables, table)
    for section in doc.walk_sections():
        # Display text has page-break splits re-joined; raw lines are joined as a fallback.
        text = section.text or "".join(line.strip() for line in section.raw.split("\n"))
        for table in find_empty_statements(text, section.id):
            merge_table(tables, table)
    if not doc.sections and doc.text:
        for table in find_empty_statements("".join(line.strip() for line in lines)):
            merge_table(tables, table)
    return tables
