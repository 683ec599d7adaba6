"""Tabs filled when first shown and paragraphs reused: what is shown always follows the open document."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_fixtures import GENERAL, next_year_document, sample_document, settle
from textual.widgets import DataTable, TabbedContent

from juesuan_tui.app import make_app
from juesuan_tui.store import Store
from juesuan_tui.widgets.drilldown import DrillDown
from juesuan_tui.widgets.paragraph import Paragraph
from juesuan_tui.widgets.report_view import ReportView
from juesuan_tui.widgets.section_view import SectionView

WIDE = (120, 40)


@pytest.fixture
def two_years_db(tmp_path) -> Path:
    """The same unit in 2023 (doc-a) and 2024 (doc-c, 收入总计 250.00, 城管执法 gone)."""
    path = tmp_path / "lazy.db"
    with Store(path) as store:
        store.save(sample_document())
        store.save(next_year_document())
    return path


def cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_doc(pilot, doc_id: str) -> None:
    pilot.app.screen.open_place(doc_id)
    await settle(pilot)
    assert pilot.app.screen.document.id == doc_id


async def test_a_hidden_tab_shows_the_document_opened_while_it_was_hidden(two_years_db):
    app = make_app(two_years_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_doc(pilot, "doc-a")
        await pilot.press("2")
        await pilot.pause()
        drill = app.screen.query_one(DrillDown)
        gone = [GENERAL, "城乡社区支出", "城乡社区管理事务", "城管执法"]  # a 项 doc-c no longer has
        assert drill.reveal(gone)
        await pilot.pause()
        assert str(drill.table.get_row_at(drill.table.cursor_row)[0]).startswith("城管执法")

        await pilot.press("1")
        await open_doc(pilot, "doc-c")  # opened while 类款项 is hidden
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "drill"
        assert drill.trail_names == []  # back at the funds of the new document
        assert drill.root is app.screen.root
        assert not drill.reveal(gone)

        await pilot.press("3")
        await pilot.pause()
        report = app.screen.query_one(ReportView)
        shown = "\n".join(" ".join(row) for row in cells(report.table))
        assert "250.00" in shown  # doc-c's 收入总计, never doc-a's


async def test_a_tab_shown_twice_for_one_document_keeps_its_place(two_years_db):
    app = make_app(two_years_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_doc(pilot, "doc-a")
        await pilot.press("2")
        await pilot.pause()
        drill = app.screen.query_one(DrillDown)
        drill.descend(next(n for n in drill.rows if n.name == GENERAL))
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert drill.trail_names == [GENERAL]  # not rebuilt: the same document is still open


async def test_paragraphs_are_reused_and_follow_the_section(two_years_db):
    app = make_app(two_years_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_doc(pilot, "doc-a")
        screen = app.screen
        view = screen.query_one(SectionView)
        sections = [s for s in screen.document.walk_sections() if s.text.strip()]
        assert len(sections) >= 2
        for section in (sections[0], sections[-1], sections[0]):
            await screen.show_section(section.id)
            await pilot.pause()
            paragraphs = list(view.body.query_children(Paragraph))
            assert view.plain_text == "\n".join(p.text.plain for p in paragraphs)
            assert paragraphs[0].has_class("heading") and not paragraphs[0].has_class("paragraph")
            assert section.title in paragraphs[0].text.plain
            assert all(p.has_class("paragraph") for p in paragraphs[1:])
            assert not any(p.has_class("hit") for p in paragraphs)
