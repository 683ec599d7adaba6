"""Messages between workers, widgets and screens (past tense: what happened).

Workers post them from threads (``post_message`` is thread-safe); widgets post
them to say what the user picked. Screens mediate.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from juesuan_tui.models import Document, DocumentSummary, GlossaryTerm, SearchHit


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

    def __init__(self, summaries: list[DocumentSummary], imported_sample: bool = False) -> None:
        super().__init__()
        self.summaries = summaries
        self.imported_sample = imported_sample


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
