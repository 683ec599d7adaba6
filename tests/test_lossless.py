"""Nothing lost: cover + 目录 + every section's raw, in tree order, give back the text.

Checked on the seed, on re-encoded and re-punctuated copies, and on randomly
damaged copies (page breaks at random points, lines dropped or duplicated).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.normalize import split_lines
from importers.pipeline import build_document, document_id
from importers.text import load_text
from juesuan_tui.models import Document, Source

SEED_TEXT = (Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt").read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")

_FULL_TO_HALF = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "％": "%"})
_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "%": "％"})


def _source() -> Source:
    return Source(path="t.txt", sha256="0" * 64, format="text", imported_at=datetime.now(timezone.utc), importer_version="t")


def _build(text: str) -> Document:
    return build_document(text, _source(), extract=False)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def assert_lossless(doc: Document, text: str) -> None:
    """cover + toc_raw + raw of every section == text (whitespace aside), and the
    sections' own line ranges partition the body exactly."""
    sections = list(doc.walk_sections())
    rebuilt = doc.cover + doc.toc_raw + "".join(s.raw for s in sections)
    assert _squeeze(rebuilt) == _squeeze(text.removeprefix("\ufeff"))

    lines = split_lines(text)
    body_start = sections[0].line_start if sections else len(lines)
    # The cover is lines[:c] and the 目录 lines[c:body_start] for some c
    # (a block of one empty line and an empty block both read "").
    assert any(
        doc.cover == "\n".join(lines[:c]) and doc.toc_raw == "\n".join(lines[c:body_start])
        for c in range(body_start + 1)
    )
    position = body_start
    for section in sections:  # tree order == document order; each line in exactly one section
        assert section.line_start == position, section.id
        assert section.line_end > section.line_start
        assert section.raw == "\n".join(lines[section.line_start : section.line_end])
        position = section.line_end
    assert position == len(lines)
    assert [s.order for s in sections] == list(range(len(sections)))
    assert len({s.id for s in sections}) == len(sections)


def _outline(doc: Document) -> list[tuple]:
    return [(s.id, s.number, s.title, s.key) for s in doc.walk_sections()]


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    return _build(SEED_TEXT)


def test_seed_is_lossless(seed_doc):
    assert_lossless(seed_doc, SEED_TEXT)
    assert seed_doc.text == SEED_TEXT


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("gb18030", lambda t: t.encode("gb18030")),
        ("bom-crlf", lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8")),
        ("utf-16", lambda t: b"\xff\xfe" + t.encode("utf-16-le")),
        ("cr", lambda t: t.replace("\n", "\r").encode("utf-8")),
    ],
)
def test_other_encodings_and_line_ends_give_the_same_document(tmp_path, seed_doc, name, encode):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(encode(SEED_TEXT))
    doc = load_text(path, extract=False)
    assert_lossless(doc, doc.text)
    assert doc.id == seed_doc.id
    assert _outline(doc) == _outline(seed_doc)
    assert (doc.unit, doc.year, doc.kind, doc.title) == (seed_doc.unit, seed_doc.year, seed_doc.kind, seed_doc.title)


def test_id_depends_on_content_not_on_spacing_or_width(seed_doc):
    assert document_id(SEED_TEXT.translate(_FULL_TO_HALF)) == seed_doc.id
    assert document_id(SEED_TEXT.replace(" ", "")) == seed_doc.id
    assert document_id(SEED_TEXT.replace("3,361.40", "3,361.41")) != seed_doc.id


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.translate(_FULL_TO_HALF),
        lambda t: t.translate(_HALF_TO_FULL),
        lambda t: re.sub(r"[ \t]+万元", "万元", t),
        lambda t: t.replace("\n", "\n\n"),
    ],
    ids=["half-width", "full-width", "no-space-before-wan", "double-spaced"],
)
def test_punctuation_and_spacing_variants_keep_the_tree(seed_doc, variant):
    text = variant(SEED_TEXT)
    doc = _build(text)
    assert_lossless(doc, text)
    assert [(s.id, s.key) for s in doc.walk_sections()] == [(s.id, s.key) for s in seed_doc.walk_sections()]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=len(SEED_TEXT)), max_size=12), st.integers(1, 3))
def test_random_page_breaks_lose_nothing(cuts, blank_lines):
    text = SEED_TEXT
    for cut in sorted(set(cuts), reverse=True):
        text = text[:cut] + "\n" * (blank_lines + 1) + text[cut:]
    assert_lossless(_build(text), text)


# Long prose lines of the body, split in their middle: the tree must not notice.
_PROSE = [i for i, line in enumerate(SEED_LINES) if i > 60 and "\t" not in line and len(line) > 60]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_PROSE), st.floats(0.3, 0.9)), max_size=6, unique_by=lambda t: t[0]))
def test_page_breaks_inside_paragraphs_keep_tree_and_display(splits):
    lines = list(SEED_LINES)
    for index, fraction in sorted(splits, reverse=True):
        line = lines[index]
        cut = int(len(line) * fraction)
        lines[index : index + 1] = [line[:cut], "", line[cut:]]
    text = "\n".join(lines)
    doc = _build(text)
    assert_lossless(doc, text)
    seed = _build(SEED_TEXT)
    assert [(s.id, s.key) for s in doc.walk_sections()] == [(s.id, s.key) for s in seed.walk_sections()]
    # Display text is re-joined (or kept apart where a sentence or number ends): same words.
    assert [_squeeze(s.text) for s in doc.walk_sections()] == [_squeeze(s.text) for s in seed.walk_sections()]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(0, len(SEED_LINES) - 1), st.sampled_from(["drop", "dup"])),
        max_size=15,
    )
)
def test_dropped_and_duplicated_lines_lose_nothing(edits):
    lines = list(SEED_LINES)
    for index, action in sorted(edits, key=lambda e: e[0], reverse=True):
        if index >= len(lines):
            continue
        if action == "drop":
            del lines[index]
        else:
            lines.insert(index, lines[index])
    text = "\n".join(lines)
    if not text.strip():
        return
    assert_lossless(_build(text), text)


_ALPHABET = st.sampled_from(
    list("第一二三四五六七八九十部分、（）()：:。，；1234567890.目录 \t\n\r\f决算收入支出情况说明名词解释表-*#《》万元%")
    + ["第二部分 ", "一、", "（一）", "1. ", "目 录\n", "\n\n", "**", "- ", "PAGEREF _Toc1 h 3"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=200).map("".join))
def test_arbitrary_text_never_breaks_the_importer(text):
    if not text.strip():
        return
    doc = _build(text)
    assert_lossless(doc, text)
