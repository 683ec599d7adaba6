"""Helpers of the reliability tests (issue 9): lossless checks, imports that must not fail, hostile text."""

from __future__ import annotations

import time
from pathlib import Path

from importers.errors import ImportRefused
from importers.normalize import split_lines
from juesuan_tui.models import Document

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SEED = TESTS / "fixtures" / "urumqi-12345-2024-juesuan.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
SHARED = REPO.parent / "shared"

# Markup, a link and an escape sequence: must reach every screen as literal characters.
HOSTILE = "[bold red]红[/bold red][link=http://x]链[/link]\x1b[31m转\x1b[0m"
# What a terminal shows of HOSTILE when the text is inert: ESC itself is dropped or escaped.
HOSTILE_VISIBLE = ("[bold red]红[/bold red]", "[link=http://x]链[/link]", "[31m转")


def assert_lossless(doc: Document) -> None:
    """Nothing lost: cover + 目录 + every section's raw (tree order) are the document's lines,
    each body line in exactly one section."""
    lines = split_lines(doc.text)
    sections = list(doc.walk_sections())
    body_start = sections[0].line_start if sections else len(lines)
    assert any(
        doc.cover == "\n".join(lines[:c]) and doc.toc_raw == "\n".join(lines[c:body_start])
        for c in range(body_start + 1)
    ), "cover and 目录 are not the lines before the body"
    position = body_start
    for section in sections:
        assert section.line_start == position, f"gap or overlap before section {section.id}"
        assert section.line_end > section.line_start, section.id
        assert section.raw == "\n".join(lines[section.line_start : section.line_end]), section.id
        position = section.line_end
    assert position == len(lines), "body lines after the last section"
    assert "\n".join(s.raw for s in sections) == "\n".join(lines[body_start:])
    assert len({s.id for s in sections}) == len(sections)


def assert_text_is_the_file(doc: Document, data: bytes) -> None:
    """The stored text is the file's bytes decoded, nothing added or dropped (a BOM aside)."""
    codec = {"utf-8-sig": "utf-8"}.get(doc.source.encoding or "utf-8", doc.source.encoding or "utf-8")
    encoded = doc.text.encode(codec)
    assert data.endswith(encoded) and len(data) - len(encoded) in (0, 2, 3, 4)
    assert doc.source.size == len(data)


def import_or_refusal(path: Path, *, seconds: float = 60.0, **options) -> Document | ImportRefused:
    """``importers.load`` → a lossless Document, or an ImportRefused that is one line naming the file.

    Any other exception propagates (and fails the test); so does an import slower than ``seconds``.
    """
    from importers import load

    started = time.monotonic()
    try:
        doc = load(path, **options)
    except ImportRefused as exc:
        message = str(exc)
        assert "\n" not in message and "\r" not in message
        assert message.startswith(f"{path}: ") and exc.reason
        result: Document | ImportRefused = exc
    else:
        assert_lossless(doc)
        result = doc
    elapsed = time.monotonic() - started
    assert elapsed < seconds, f"{path.name}: {elapsed:.1f} s"
    return result


# Words of conftest.build_full_document that get HOSTILE appended wherever they occur.
_HOSTILE_WORDS = ("测试市某某服务中心", "单位概况", "主要职能", "政府采购情况", "收入总计", "一般公共服务支出",
                  "政府办公厅（室）及相关机构事务", "热线运维项目", "受理量", "财政拨款收入", "收入支出决算总表",
                  "收入合计与明细不符", "受理", "/data/测试")


def hostile_document(doc_id: str = "b" * 16, year: int = 2024) -> Document:
    """conftest's full document with markup, a link and escape sequences in its unit, title,
    section titles and text, fact labels, 类款项 names, scorecard, glossary, tables, findings
    and source path."""
    import json

    from conftest import build_full_document

    doc = build_full_document(doc_id=doc_id, year=year)
    dumped = json.dumps(doc.model_dump(mode="json"), ensure_ascii=False)
    inserted = json.dumps(HOSTILE)[1:-1]
    for word in _HOSTILE_WORDS:
        dumped = dumped.replace(word, word + inserted)
    hostile = Document.model_validate(json.loads(dumped))
    hostile.title = f"标题{HOSTILE}"
    return hostile
