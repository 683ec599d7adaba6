"""名词解释: the terms a disclosure defines, each with its definition.

Terms come as ``一、**财政拨款收入**：…`` (markdown debris), ``九、基本支出：…``,
``1.财政拨款收入：…``, ``（一）财政拨款收入：…`` or ``财政拨款收入：指…`` with
no number; a definition runs on over the following lines until the next term.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Sequence

from importers.extract.grid import body_lines, squeeze, strip_markup, tidy
from importers.normalize import canonical_name, fold, is_page_furniture
from juesuan_tui.models import GlossaryTerm

if TYPE_CHECKING:
    from juesuan_tui.models import Document, Section

_GLOSSARY_TITLE = re.compile(r"名词解释|名词说明|术语解释|名词注释|用语解释")
_CN = "一二三四五六七八九十百零〇"
_NUMBER = (
    rf"(?:[{_CN}]+\s*[、.．]|[(（]\s*[{_CN}]+\s*[)）]|\d{{1,2}}\s*[、.．](?!\d)"
    rf"|[(（]\s*\d{{1,2}}\s*[)）]|\d{{1,2}}\s*[)）])"
)
# "<number> <term>：<definition>" — the term is short and has no sentence punctuation.
_TERM_LINE = re.compile(
    rf"^\s*(?P<number>{_NUMBER})?\s*[【\[]?(?P<term>[^：:。；;，,！!？?]{{1,40}}?)[】\]]?\s*[：:]\s*(?P<definition>.*)$"
)
# "<number> <term>是指…" without a colon.
_TERM_SHIZHI = re.compile(rf"^\s*(?P<number>{_NUMBER})\s*(?P<term>[^：:。；;，,]{{1,30}}?)(?P<definition>是指.*)$")
# A numbered term alone on its line, its definition on the next ones.
_TERM_ALONE = re.compile(rf"^\s*(?P<number>{_NUMBER})\s*[【\[]?(?P<term>[^：:。；;，,！!？?]{{1,30}}?)[】\]]?\s*$")
# Words that open a continuation line, never a term ("其中：…", "注：…").
_NOT_TERMS = {"其中", "注", "说明", "备注", "包括", "主要包括", "具体包括", "如下", "具体如下", "例如", "一是", "二是", "三是"}
_PART = re.compile(rf"^\s*第[{_CN}\d]+部分")
_TERMINAL = "。！!？?"


def _match_term(line: str, numbered_only: bool) -> tuple[str, str, str] | None:
    """(number, term, definition) when the line opens a term."""
    m = _TERM_LINE.match(line) or _TERM_SHIZHI.match(line)
    if m is None:
        return None
    number = squeeze(m.group("number") or "")
    term = tidy(m.group("term"))
    definition = m.group("definition").strip()
    key = squeeze(fold(term))
    if not key or key in _NOT_TERMS or key.isdigit() or len(key) > 30:
        return None
    if not number:
        # Unnumbered: only in the "term：指…" form, or when no term is numbered.
        if numbered_only and not re.match(r"(是指|指|系指|即)", definition):
            return None
        if len(key) > 20 or re.search(r"\d", key):
            return None
    if not definition:
        return None
    return number, term, definition


def parse_glossary(
    text: str | Sequence[str], section_id: str | None = None,
    section_ids: Sequence[str | None] | None = None,
) -> list[GlossaryTerm]:
    """The terms of a glossary block (its raw lines or text).

    ``section_ids`` (parallel to the lines) gives each term the id of the
    section that holds its line; otherwise every term gets ``section_id``.
    """
    lines = text.split("\n") if isinstance(text, str) else list(text)
    cleaned = [tidy(strip_markup(line), loose=False) for line in lines]
    numbered_only = any(
        (m := _TERM_LINE.match(c)) is not None and m.group("number") for c in cleaned
    ) or any(_TERM_ALONE.match(c) for c in cleaned)
    terms: list[GlossaryTerm] = []
    parts: list[str] = []  # the definition being collected

    def close() -> None:
        if terms and parts:
            terms[-1].definition = _join(parts)

    for index, line in enumerate(cleaned):
        if not line or is_page_furniture(line):
            continue
        if _PART.match(line) and _GLOSSARY_TITLE.search(fold(line)) is None and terms:
            break
        sid = section_ids[index] if section_ids else section_id
        found = _match_term(line, numbered_only)
        alone = None if found else _TERM_ALONE.match(line)
        if alone and not _GLOSSARY_TITLE.search(fold(line)):
            following = _next_line(cleaned, index)
            if re.match(r"(是指|指|系指|即|反映)", following):
                found = (squeeze(alone.group("number")), tidy(alone.group("term")), "")
            elif _match_term(following, numbered_only):
                continue  # a group heading ("一、收入类") over numbered terms
        if found:
            close()
            number, term, definition = found
            terms.append(GlossaryTerm(term=canonical_name(term), definition="", number=number, section=sid))
            parts = [definition] if definition else []
        elif terms:
            parts.append(line)
    close()
    return [t for t in terms if t.definition]


def _next_line(lines: Sequence[str], index: int) -> str:
    """The next non-blank line after ``index`` ("" at the end)."""
    return next((line for line in lines[index + 1:] if line), "")


def _join(parts: Iterable[str]) -> str:
    """Definition lines re-joined: a line cut mid-sentence (page break) runs on."""
    out = ""
    for part in parts:
        if not out:
            out = part
        elif out[-1] in _TERMINAL:
            out += "\n" + part
        else:
            out += part
    return tidy(out, loose=True) if "\n" not in out else "\n".join(tidy(p, loose=True) for p in out.split("\n"))


def glossary_sections(doc: Document) -> list[Section]:
    """The glossary sections: by key, else by title wording (outermost only)."""
    found: list[Section] = []
    for section in doc.walk_sections():
        if section.key == "glossary" or _GLOSSARY_TITLE.search(fold(section.title)):
            if not any(section is s for parent in found for s in parent.walk()):
                found.append(section)
    return found


def extract_glossary(doc: Document) -> list[GlossaryTerm]:
    """All glossary terms of the document, in order."""
    terms: list[GlossaryTerm] = []
    sections = glossary_sections(doc)
    if sections:
        for section in sections:
            pairs = [(s.id, line) for s in section.walk() for line in s.raw.split("\n")]
            terms += parse_glossary([line for _, line in pairs], section.id, [sid for sid, _ in pairs])
        return terms
    # No sectioned glossary: find a 名词解释 heading line in the body.
    pairs = body_lines(doc)
    for i, (_, line) in enumerate(pairs):
        key = squeeze(fold(strip_markup(line)))
        if _GLOSSARY_TITLE.search(key) and len(key) <= 30 and "。" not in key:
            rest = pairs[i + 1:]
            end = next((j for j, (_, l) in enumerate(rest) if _PART.match(strip_markup(l))), len(rest))
            rest = rest[:end]
            # The 目录 repeats the heading with no terms under it: try the next one.
            terms = parse_glossary([l for _, l in rest], None, [sid for sid, _ in rest])
            if terms:
                return terms
    return terms
