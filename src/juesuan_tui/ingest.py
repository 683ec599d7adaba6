"""Where a parsed disclosure goes: stored as its own document, or, when it holds only
附表 (a workbook or a tables-only PDF), attached to the stored narrative of the same
unit and year so that one disclosure stays one document.
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


def store_document(store: Store, doc: Document, replace: bool = False) -> tuple[IngestStatus, Document]:
    """Save ``doc`` — or attach its tables to the narrative it belongs to — in one transaction.

    Returns the status and the document as stored (for an attach, the narrative
    with the tables, codes, table amounts and refreshed findings).
    """
    if is_tables_only(doc):
        target_id = attach_target(store, doc)
        if target_id is not None:
            from importers.attach import attach_tables
            from importers.pipeline import check

            merged = attach_tables(store.get(target_id), doc)
            check(merged)
            store.save(merged, replace=True)
            return "attached", merged
    return store.save(doc, replace=replace), doc
