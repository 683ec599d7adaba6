"""Where a parsed disclosure goes: stored as its own document, or, when it holds only
附表 (a workbook or a tables-only PDF), attached to the stored narrative of the same
unit and year so that one disclosure stays one document — whichever comes first: a
narrative imported after its workbook absorbs the workbook stored on its own.
"""

from __future__ import annotations

from typing import Literal

from juesuan_tui.models import Document
from juesuan_tui.store import Store

IngestStatus = Literal["imported", "unchanged", "replaced", "attached"]

# Formats that carry the narrative; a workbook never does.
_NARRATIVE_FORMATS = frozenset({"text", "pdf", "docx"})


def is_tables_only(doc: Document) -> bool:
    """True for a document that brings tables but no narrative facts or items."""
    has_tables = any(t.status == "included" for t in doc.tables)
    narrative_items = any(item.source != "table" for item in doc.line_items)
    return has_tables and not doc.facts and not narrative_items


def _unit_key(unit: str) -> str:
    from importers.normalize import fold_compact

    return fold_compact(unit)


def unit_year_key(unit: str, year: int | None) -> tuple[str, int] | None:
    """What a narrative and its 附表 share: the folded unit name and the year (None when either is unknown)."""
    if year is None or not unit:
        return None
    return _unit_key(unit), year


def attach_target(store: Store, doc: Document) -> str | None:
    """The id of the one stored narrative document of ``doc``'s unit and year, if exactly one matches.

    The unit must be the same name once widths and spacing are folded; a name
    that only contains the other (a 部门 over its 单位) is not the same unit.
    """
    if doc.year is None or not doc.unit:
        return None
    unit = _unit_key(doc.unit)
    matches = [
        summary.id
        for summary in store.list_documents(year=doc.year)
        if summary.id != doc.id and summary.source.format in _NARRATIVE_FORMATS and _unit_key(summary.unit) == unit
    ]
    return matches[0] if len(matches) == 1 else None


def _with_tables(narrative: Document, tables_docs: list[Document]) -> Document:
    """``narrative`` with the tables of ``tables_docs`` attached and its checks run again."""
    from importers.attach import attach_tables
    from importers.pipeline import check

    merged = narrative
    for tables_doc in tables_docs:
        merged = attach_tables(merged, tables_doc)
    check(merged)
    return merged


def store_document(store: Store, doc: Document, replace: bool = False) -> tuple[IngestStatus, Document]:
    """Save ``doc`` — or attach its tables to the narrative it belongs to — in one transaction.

    Returns the status and the document as stored (for an attach, the narrative
    with the tables, codes, table amounts and refreshed findings).
    """
    if is_tables_only(doc):
        target_id = attach_target(store, doc)
        if target_id is not None:
            merged = _with_tables(store.get(target_id), [doc])
            store.save(merged, replace=True)
            return "attached", merged
        return store.save(doc, replace=replace), doc
    status = store.save(doc, replace=replace)
    merged = absorb_stored_tables(store, doc.id) if status != "unchanged" else None
    return status, merged or doc


def absorb_stored_tables(store: Store, doc_id: str) -> Document | None:
    """Attach to the stored narrative ``doc_id`` the tables-only documents of its unit and year
    stored before it, and delete them (one transaction). Returns the narrative as stored then,
    or None when there was nothing to absorb.

    A workbook joins a narrative only when that narrative is the one narrative of its unit and
    year (the rule :func:`attach_target` applies the other way round).
    """
    loose = [(i, u, y) for i, u, y in store.tables_only_documents() if i != doc_id]
    if not loose:  # the usual case: no workbook stored on its own, nothing more to read
        return None
    narrative = store.get(doc_id)
    key = unit_year_key(narrative.unit, narrative.year)
    if key is None or narrative.source.format not in _NARRATIVE_FORMATS or is_tables_only(narrative):
        return None
    tables_docs = [store.get(i) for i, u, y in loose if unit_year_key(u, y) == key]
    tables_docs = [t for t in tables_docs if attach_target(store, t) == doc_id]
    if not tables_docs:
        return None
    merged = _with_tables(narrative, tables_docs)
    store.merge(merged, [t.id for t in tables_docs])
    return merged
