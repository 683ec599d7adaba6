"""Review notes (审核意见): making, finding and re-anchoring anchors. Pure, no SQL, no UI.

A note points at its target by what a reader can see — the section's heading
path, the fact's key and label, the line item's fund and path — never by row
ids or list positions, which change when a document is imported again.
:func:`reanchor` finds the target in a (re-imported) document.
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone

from importers.normalize import fold_compact
from juesuan_tui.models import FUNDS, NOTE_STATUSES, Document, Fact, LineItem, Note, Section

__all__ = [
    "ANCHOR_TEXT",
    "AnchorError",
    "NOTE_STATUSES",
    "author_from_env",
    "describe",
    "find_fact",
    "find_item",
    "make_note",
    "reanchor",
    "section_path",
]

ANCHOR_TEXT = {"document": "全文", "section": "章节", "fact": "数据", "item": "科目"}
_QUOTES = re.compile(r"[“”\"‘’'「」『』]")
_PATH_SPLIT = re.compile(r"\s*[/／>＞]\s*")


class AnchorError(ValueError):
    """A section, fact or line item reference that matches nothing or several things (Chinese message)."""


def _key(text: str | None) -> str:
    """Matching form: folded, no whitespace, no quotes, case-insensitive."""
    return _QUOTES.sub("", fold_compact(text or "")).casefold()


def author_from_env(environ: Mapping[str, str] | None = None) -> str:
    """``$JUESUAN_AUTHOR``, else ``$USER``, else the login name; "" when none is known."""
    env = os.environ if environ is None else environ
    for name in ("JUESUAN_AUTHOR", "USER"):
        value = (env.get(name) or "").strip()
        if value:
            return value
    try:
        return getpass.getuser().strip()
    except Exception:  # noqa: BLE001 - no login name on this system (containers)
        return ""


# ---------------------------------------------------------------- sections


def _parents(doc: Document) -> dict[str, Section | None]:
    parents: dict[str, Section | None] = {}

    def visit(node: Section, parent: Section | None) -> None:
        parents.setdefault(node.id, parent)
        for child in node.children:
            visit(child, node)

    for root in doc.sections:
        visit(root, None)
    return parents


def section_path(doc: Document, section_id: str | None) -> list[str]:
    """Headings from the part down to ``section_id``; [] when there is no such section."""
    if section_id is None:
        return []
    by_id = {s.id: s for s in doc.walk_sections()}
    parents = _parents(doc)
    path: list[str] = []
    node = by_id.get(section_id)
    while node is not None:
        path.append(node.heading or node.id)
        node = parents.get(node.id)
    return path[::-1]


def _paths(doc: Document) -> list[tuple[Section, tuple[str, ...]]]:
    out: list[tuple[Section, tuple[str, ...]]] = []

    def visit(node: Section, above: tuple[str, ...]) -> None:
        here = (*above, _key(node.heading or node.id))
        out.append((node, here))
        for child in node.children:
            visit(child, here)

    for root in doc.sections:
        visit(root, ())
    return out


def _locate_section(doc: Document, path: list[str], old_id: str | None) -> Section | None:
    """The section with this heading path; else the only one with its last heading.

    Several candidates: the one with the old id, else none (a guess would
    attach the note to the wrong place; an orphan is shown as such).
    """
    if not path:
        return None
    wanted = tuple(_key(h) for h in path)
    paths = _paths(doc)
    exact = [s for s, p in paths if p == wanted]
    if exact:
        same = [s for s in exact if s.id == old_id]
        return (same or exact)[0]
    by_heading = [s for s, p in paths if p[-1] == wanted[-1]]
    if len(by_heading) == 1:
        return by_heading[0]
    same = [s for s in by_heading if s.id == old_id]
    return same[0] if same else None


# ---------------------------------------------------------------- facts


def find_fact(doc: Document, ref: str) -> Fact:
    """A fact by canonical key (``income.total``), by label, or by a unique part of a label."""
    wanted = (ref or "").strip()
    if not wanted:
        raise AnchorError("数据标识为空")
    needle = _key(wanted)
    tests = (
        lambda f: f.key is not None and f.key == wanted,
        lambda f: _key(f.label) == needle,
        lambda f: needle in _key(f.label),
    )
    for test in tests:
        hits = [f for f in doc.facts if test(f)]
        groups: dict[tuple[str | None, str], Fact] = {}
        for fact in hits:
            groups.setdefault((fact.key, _key(fact.label)), fact)
        if len(groups) == 1:
            return next(iter(groups.values()))
        if groups:
            listed = "、".join(f"{f.label}（{f.key}）" if f.key else f.label for f in list(groups.values())[:6])
            raise AnchorError(f"“{ref}”匹配多个数据：{listed}{'等' if len(groups) > 6 else ''}")
    raise AnchorError(f"文档 {doc.id[:12]} 中没有数据：{ref}")


def _locate_fact(doc: Document, note: Note) -> Fact | None:
    label = _key(note.fact_label)
    by_key = [f for f in doc.facts if note.fact_key and f.key == note.fact_key]
    distinct_labels = {_key(f.label) for f in by_key}
    for candidates in (
        [f for f in by_key if _key(f.label) == label],
        [f for f in doc.facts if label and _key(f.label) == label],
        by_key if len(distinct_labels) == 1 else [],  # reworded label, same meaning
    ):
        if candidates:
            same_value = [f for f in candidates if note.fact_value is not None and f.value == note.fact_value]
            wanted_path = [_key(h) for h in note.section_path]
            same_place = [f for f in (same_value or candidates)
                          if [_key(h) for h in section_path(doc, f.section)] == wanted_path]
            return (same_place or same_value or candidates)[0]
    return None


# ---------------------------------------------------------------- line items


def _fund_of(prefix: str) -> str | None:
    """The fund a prefix names: "一般公共预算", "政府性基金", … or the full name."""
    key = _key(prefix)
    hits = [f for f in FUNDS if key and _key(f).startswith(key)]
    return hits[0] if len(hits) == 1 else None


def _split_fund(ref: str) -> tuple[str | None, str]:
    """"政府性基金：212/…" → (fund, "212/…"); a reference without a fund prefix → (None, ref)."""
    for sep in (":", "：", "|"):
        head, found, tail = ref.partition(sep)
        if found:
            fund = _fund_of(head)
            if fund is not None:
                return fund, tail.strip()
    return None, ref


def find_item(doc: Document, ref: str) -> LineItem:
    """A line item by code (``2010350``), by path (``一般公共服务支出/…/行政运行``, any of ``/ >``)
    or by the tail of its path (a unique name). A fund may prefix it: ``政府性基金：212``."""
    wanted = (ref or "").strip()
    if not wanted:
        raise AnchorError("科目标识为空")
    fund, rest = _split_fund(wanted)
    items = [i for i in doc.line_items if fund is None or i.fund == fund]
    if re.fullmatch(r"\d{3}(?:\d{2}){0,2}", rest):
        hits = [i for i in items if i.code == rest]
    else:
        parts = [_key(p) for p in _PATH_SPLIT.split(rest) if p.strip()]
        full = [i for i in items if [_key(p) for p in i.path] == parts]
        hits = full or [i for i in items if parts and [_key(p) for p in i.path[-len(parts):]] == parts]
    unique: dict[tuple[str, tuple[str, ...]], LineItem] = {}
    for item in hits:
        unique.setdefault((item.fund, tuple(_key(p) for p in item.path)), item)
    if len(unique) == 1:
        return next(iter(unique.values()))
    if unique:
        listed = "、".join(f"{i.fund}：{' / '.join(i.path)}" for i in list(unique.values())[:5])
        raise AnchorError(f"“{ref}”匹配多个科目：{listed}{'等' if len(unique) > 5 else ''}；可加资金来源前缀，如“政府性基金：{rest}”")
    raise AnchorError(f"文档 {doc.id[:12]} 中没有科目：{ref}")


def _locate_item(doc: Document, note: Note) -> LineItem | None:
    path = [_key(p) for p in note.item_path]
    same_fund = [i for i in doc.line_items if i.fund == note.item_fund]
    for candidates in (
        [i for i in same_fund if [_key(p) for p in i.path] == path and (note.item_level in (None, i.level))],
        [i for i in same_fund if note.item_code and i.code == note.item_code],
        [i for i in doc.line_items if [_key(p) for p in i.path] == path and (note.item_level in (None, i.level))],
    ):
        if candidates:
            with_amount = [i for i in candidates if i.amount is not None]
            return (with_amount or candidates)[0]
    return None


# ---------------------------------------------------------------- notes


def make_note(
    doc: Document,
    text: str,
    *,
    section: Section | None = None,
    fact: Fact | None = None,
    item: LineItem | None = None,
    status: str = "待核实",
    author: str | None = None,
    now: datetime | None = None,
) -> Note:
    """A new note on ``doc`` (or one of its sections, facts, line items), anchored by stable references."""
    if sum(x is not None for x in (section, fact, item)) > 1:
        raise ValueError("a note anchors to one section, fact or line item")
    if not (text or "").strip():
        raise ValueError("意见内容为空")
    if status not in NOTE_STATUSES:
        raise ValueError(f"状态只能是：{'、'.join(NOTE_STATUSES)}")
    fields: dict = {}
    if section is not None:
        fields = {"anchor": "section", "section": section.id, "section_path": section_path(doc, section.id)}
    elif fact is not None:
        fields = {
            "anchor": "fact", "fact_key": fact.key, "fact_label": fact.label, "fact_value": fact.value,
            "section": fact.section, "section_path": section_path(doc, fact.section),
        }
    elif item is not None:
        fields = {
            "anchor": "item", "item_fund": item.fund, "item_level": item.level, "item_code": item.code,
            "item_path": list(item.path), "section": item.section, "section_path": section_path(doc, item.section),
        }
    return Note(
        document_id=doc.id, text=text.strip(), status=status,  # type: ignore[arg-type]
        author=author_from_env() if author is None else author,
        created_at=now or datetime.now(timezone.utc), **fields,
    )


def reanchor(note: Note, doc: Document) -> Note:
    """``note`` with its anchor looked up again in ``doc`` (a re-imported version).

    Found: the section id (and item path/code) follow the target and
    ``orphaned`` is cleared. Not found: the stored references are kept for
    display and ``orphaned`` is set; the note stays on the document.
    """
    update: dict = {"document_id": doc.id}
    if note.anchor == "document":
        update["orphaned"] = False
    elif note.anchor == "section":
        found = _locate_section(doc, note.section_path, note.section)
        if found is None:
            update["orphaned"] = True
        else:
            update.update(section=found.id, section_path=section_path(doc, found.id), orphaned=False)
    elif note.anchor == "fact":
        fact = _locate_fact(doc, note)
        if fact is None:
            update["orphaned"] = True
        else:
            update.update(
                fact_key=fact.key or note.fact_key, fact_label=fact.label, section=fact.section,
                section_path=section_path(doc, fact.section), orphaned=False,
            )
    else:
        item = _locate_item(doc, note)
        if item is None:
            update["orphaned"] = True
        else:
            update.update(
                item_fund=item.fund, item_level=item.level, item_code=item.code or note.item_code,
                item_path=list(item.path), section=item.section, section_path=section_path(doc, item.section),
                orphaned=False,
            )
    return note.model_copy(update=update)


def describe(note: Note) -> str:
    """Where the note is, in one line of Chinese (for lists and the 审核意见 export)."""
    if note.anchor == "section":
        where = " > ".join(note.section_path) or (note.section or "")
        text = f"章节 {note.section or ''} {where}".replace("  ", " ").strip()
    elif note.anchor == "fact":
        value = f" = {note.fact_value:f}" if note.fact_value is not None else ""
        key = f"（{note.fact_key}）" if note.fact_key else ""
        text = f"数据 {note.fact_label or ''}{key}{value}"
    elif note.anchor == "item":
        code = f"{note.item_code} " if note.item_code else ""
        text = f"科目 {note.item_fund or ''}：{code}{' / '.join(note.item_path)}"
    else:
        text = "全文"
    return text + ("（原位置已不存在）" if note.orphaned else "")


def count_by_status(notes: Iterable[Note]) -> dict[str, int]:
    """Number of notes per status (every status present)."""
    result = {status: 0 for status in NOTE_STATUSES}
    for note in notes:
        result[note.status] = result.get(note.status, 0) + 1
    return result
