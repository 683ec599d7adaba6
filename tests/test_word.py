"""Word (.docx) disclosures go through the same pipeline as text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from importers import load
from importers.errors import ImportRefused

SEED = Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt"


def _seed_as_docx(path: Path) -> Path:
    """The seed as Word would hold it: paragraphs, and its tab-separated scorecard as a real table."""
    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
            rows.clear()

    for line in SEED.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        document.add_paragraph(line)
    flush()
    document.save(path)
    return path


@pytest.fixture(scope="module")
def text_doc():
    return load(SEED)


def test_docx_imports_like_the_text(tmp_path, text_doc):
    doc = load(_seed_as_docx(tmp_path / "决算.docx"))
    assert doc.source.format == "docx"
    assert (doc.unit, doc.year, doc.kind) == (text_doc.unit, text_doc.year, text_doc.kind)
    assert doc.id == text_doc.id  # same disclosure, same id, whatever the format
    assert [s.heading for s in doc.walk_sections()] == [s.heading for s in text_doc.walk_sections()]
    facts = {(f.key, f.value) for f in doc.facts if f.key}
    assert facts == {(f.key, f.value) for f in text_doc.facts if f.key}
    assert [(i.path_key, i.amount) for i in doc.line_items] == [(i.path_key, i.amount) for i in text_doc.line_items]
    assert [(t.term, t.definition) for t in doc.glossary] == [(t.term, t.definition) for t in text_doc.glossary]
    (card,) = doc.scorecards
    assert [(i.name, i.weight, i.score) for i in card.indicators] == [
        (i.name, i.weight, i.score) for i in text_doc.scorecards[0].indicators
    ]


def test_damaged_docx_is_refused_in_one_line(tmp_path):
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportRefused) as refused:
        load(bad)
    assert str(refused.value).startswith(str(bad)) and "\n" not in str(refused.value)
    assert "Word" in str(refused.value)
