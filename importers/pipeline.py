"""Text → Document: normalise, identify, 目录, section tree, then extraction."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path
from collections.abc import Sequence

from juesuan_tui.models import Document, Source

from . import limits
from .errors import ImportRefused
from .identify import identify
from .normalize import fold_compact, split_lines
from .sections import segment


def file_source(path: str | os.PathLike[str], data: bytes, fmt: str, encoding: str | None = None) -> Source:
    """Where a document came from: the resolved path, the bytes' sha256 and size, the format and encoding."""
    from juesuan_tui import __version__

    return Source(
        path=str(Path(path).resolve()),
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,  # type: ignore[arg-type]
        encoding=encoding,
        size=len(data),
        imported_at=datetime.now(timezone.utc),
        importer_version=__version__,
    )


def document_id(text: str) -> str:
    """16 hex digits of sha256 over the folded text without any whitespace.

    The same disclosure in another encoding, with CRLF, a BOM, other widths
    of punctuation or other spacing gets the same id.
    """
    return hashlib.sha256(fold_compact(text).encode("utf-8")).hexdigest()[:16]


def build_document(
    text: str, source: Source, pages: Sequence[int] | None = None, *, extract: bool = True
) -> Document:
    """Build the Document of a decoded text.

    ``pages`` are the line indexes (into :func:`normalize.split_lines` of
    ``text``) where each page starts, when the importer knows them; without
    them form feeds in the text mark the pages. With ``extract`` the
    extractors fill facts, line items, profile, scorecards, glossary and
    tables. Any failure is an :class:`ImportRefused` ("解析失败：…").
    """
    try:
        doc = _build(text, source, pages)
        if extract:
            limits.check()  # the import's time budget (a no-op outside load())
            _extract(doc)
            check(doc)
            limits.check()
        return doc
    except ImportRefused:
        raise
    except Exception as exc:  # a parser bug must not reach the user as a traceback
        raise ImportRefused(source.path, f"解析失败：{type(exc).__name__}: {exc}") from exc


def _build(text: str, source: Source, pages: Sequence[int] | None) -> Document:
    lines = split_lines(text)
    layout = segment(lines, pages)
    who = identify(lines[: layout.cover_end], lines[layout.body_start :])
    title = who.title or who.unit or Path(source.path).stem
    return Document(
        id=document_id(text),
        title=title,
        unit=who.unit or title,
        year=who.year,
        kind=who.kind,
        source=source,
        text=text,
        cover="\n".join(lines[: layout.cover_end]),
        toc_raw="\n".join(lines[layout.cover_end : layout.body_start]),
        toc=layout.toc,
        sections=layout.sections,
    )


def check(doc: Document) -> None:
    """Findings of the consistency checks, computed at import and stored with the document."""
    from juesuan_tui.checks import refresh_findings

    limits.check()
    refresh_findings(doc)


def _extract(doc: Document) -> None:
    from . import extract  # the extraction package fills the document in place

    extract_all = getattr(extract, "extract_all", None)
    if extract_all is not None:
        extract_all(doc)
