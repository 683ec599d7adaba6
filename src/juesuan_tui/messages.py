"""Messages between workers, widgets and screens (past tense: what happened).

Workers post them from threads (``post_message`` is thread-safe); widgets post
them to say what the user picked. Screens mediate.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

from textual.message import Message

from juesuan_tui.models import Document, DocumentSummary, Finding, GlossaryTerm, Note, SearchHit

if TYPE_CHECKING:
    from juesuan_tui.views import UnitGroup


@dataclass(frozen=True)
class Place:
    """A place the user visited: a document, a section in it and the centre tab."""

    document_id: str
    section_id: str | None = None
    tab: str = "text"


class StoreOpened(Message):
    """A worker opened the database; ``readonly`` says whether it may be written."""

    def __init__(self, readonly: bool) -> None:
        super().__init__()
        self.readonly = readonly


class StatusChanged(Message):
    """Something slow started or finished (shown in the status line)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class DocumentsLoaded(Message):
    """The document list was read (after importing the bundled sample, when that happened)."""

    def __init__(self, summaries: list[DocumentSummary], imported_sample: bool = False,
                 groups: list[UnitGroup] | None = None) -> None:
        super().__init__()
        self.summaries = summaries
        self.imported_sample = imported_sample
        self.groups = groups  # views.document_groups(summaries), when the sender computed it


class DocumentLoaded(Message):
    """A whole document was read, to be shown at ``section_id`` with ``highlight`` marked."""

    def __init__(self, document: Document, section_id: str | None = None, highlight: str | None = None,
                 tab: str | None = None, from_history: bool = False) -> None:
        super().__init__()
        self.document = document
        self.section_id = section_id
        self.highlight = highlight
        self.tab = tab
        self.from_history = from_history


class LoadFailed(Message):
    """A database read or the sample import failed; ``text`` is one line for the user."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class SearchFinished(Message):
    """A full-text search finished (``error`` is set instead of hits when it failed)."""

    def __init__(self, query: str, hits: list[SearchHit], error: str | None = None) -> None:
        super().__init__()
        self.query = query
        self.hits = hits
        self.error = error


class DocumentChosen(Message):
    """The user picked a document in the navigator."""

    def __init__(self, document_id: str) -> None:
        super().__init__()
        self.document_id = document_id


class SectionChosen(Message):
    """The user picked a section in the section tree."""

    def __init__(self, section_id: str) -> None:
        super().__init__()
        self.section_id = section_id


class TermChosen(Message):
    """The user picked a glossary term (under the text or in the 名词 list)."""

    def __init__(self, term: GlossaryTerm) -> None:
        super().__init__()
        self.term = term


class FindingChosen(Message):
    """The user picked a finding in 检查; ``to_text`` asks for its sentence in 正文."""

    def __init__(self, finding: Finding, to_text: bool = False) -> None:
        super().__init__()
        self.finding = finding
        self.to_text = to_text


class NotesLoaded(Message):
    """The review notes of a document were read (``error`` set instead when that failed)."""

    def __init__(self, document_id: str, notes: list[Note], error: str | None = None) -> None:
        super().__init__()
        self.document_id = document_id
        self.notes = notes
        self.error = error


class NoteChosen(Message):
    """The user picked a review note in the context panel (``toggle``: flip its status)."""

    def __init__(self, note: Note, toggle: bool = False) -> None:
        super().__init__()
        self.note = note
        self.toggle = toggle


class WriteFinished(Message):
    """A write to the database or a file finished: ``text`` for the user, ``error`` when it failed."""

    def __init__(self, text: str, error: bool = False, document_id: str | None = None) -> None:
        super().__init__()
        self.text = text
        self.error = error
        self.document_id = document_id


class OverviewLoaded(Message):
    """The overview rows and counts were read (``error`` set instead when that failed)."""

    def __init__(self, rows: list, stats: object | None, years: list[int | None], error: str | None = None) -> None:
        super().__init__()
        self.rows = rows  # list[overview.OverviewRow]
        self.stats = stats  # overview.Stats
        self.years = years
        self.error = error


class ComparisonReady(Message):
    """Two documents were read and compared (``error`` set instead when that failed)."""

    def __init__(self, result: object | None, error: str | None = None) -> None:
        super().__init__()
        self.result = result  # compare.Comparison
        self.error = error


class HistoryLoaded(Message):
    """A unit's overview rows across years were read (for the 历年数据 chart)."""

    def __init__(self, rows: list, error: str | None = None) -> None:
        super().__init__()
        self.rows = rows  # list[overview.OverviewRow]
        self.error = error
