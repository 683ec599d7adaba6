"""Extraction: fill a Document's facts, line items, profile, scorecards, glossary and tables.

Extractors read ``doc.walk_sections()`` (``Section.text``, ``Section.key``) and
return models; :func:`extract_all` runs them in dependency order and fills
the document in place. Unusual text yields fewer results, never an error; an
exception here is a bug and propagates (the pipeline refuses the file).
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

from juesuan_tui.models import Document


def _optional(module: str, function: str) -> Callable[..., Any] | None:
    """``module.function`` of this package, or None while that module does not exist."""
    name = f"{__name__}.{module}"
    try:
        mod = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise
    return getattr(mod, function, None)


def extract_all(doc: Document) -> Document:
    """Tables, then facts and line items (which use table rows), profile, scorecards, glossary."""
    from ..limits import check  # the import's time budget, checked between stages
    from .facts import analyse_document, facts_of
    from .line_items import extract_line_items
    from .profile import extract_profile

    # One scan finds the scorecards and the line ranges the table extractor skips.
    scan_scorecards = _optional("scorecard", "scan_scorecards")
    scorecards, blocks = scan_scorecards(doc) if scan_scorecards is not None else (None, None)
    check()
    extract_tables = _optional("tables", "extract_tables")
    if extract_tables is not None:
        doc.tables = extract_tables(doc, blocks)
    check()
    statements = analyse_document(doc)
    check()
    doc.facts = facts_of(statements)
    check()
    doc.line_items = extract_line_items(doc, statements)
    check()
    doc.profile = extract_profile(doc, doc.facts)
    if scorecards is not None:
        doc.scorecards = scorecards
    extract_glossary = _optional("glossary", "extract_glossary")
    if extract_glossary is not None:
        check()
        doc.glossary = extract_glossary(doc)
    return doc


__all__ = ["extract_all"]
