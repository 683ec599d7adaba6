"""SVG snapshots of the main views at 80×24 and 120×40 (update with ``--snapshot-update``).

The database holds hand-built documents only, so importer changes never move these
pictures; nothing time- or path-dependent is shown.
"""

from __future__ import annotations

import pytest
from app_fixtures import sample_document, settle
from textual.widgets import Input

from juesuan_tui.app import make_app
from juesuan_tui.store import Store

WIDE = (120, 40)
NARROW = (80, 24)


@pytest.fixture
def snap_db(tmp_path):
    path = tmp_path / "snap.db"
    with Store(path) as store:
        store.save(sample_document())
    return path


def prepare(*keys: str, section: str | None = None):
    """A ``run_before``: wait for the workers, open a section, press keys, freeze cursors."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        if section is not None:
            pilot.app.screen.open_place("doc-a", section)
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False

    return run_before


def test_text_wide(snap_compare, snap_db):
    assert snap_compare(make_app(snap_db), terminal_size=WIDE, run_before=prepare(section="2.3"))


def test_drill_wide(snap_compare, snap_db):
    assert snap_compare(make_app(snap_db), terminal_size=WIDE, run_before=prepare("2", "enter", "enter"))


def test_performance_wide(snap_compare, snap_db):
    assert snap_compare(make_app(snap_db), terminal_size=WIDE, run_before=prepare("4"))


def test_text_narrow(snap_compare, snap_db):
    assert snap_compare(make_app(snap_db), terminal_size=NARROW, run_before=prepare(section="2.2"))


def test_navigator_unfolded_narrow(snap_compare, snap_db):
    assert snap_compare(make_app(snap_db), terminal_size=NARROW, run_before=prepare("n"))


def test_report_narrow(snap_compare, snap_db):
    assert snap_compare(make_app(snap_db), terminal_size=NARROW, run_before=prepare("3"))


# --------------------------------------------------------------------------- overview, compare, charts


@pytest.fixture
def review_snap_db(tmp_path):
    from app_fixtures import review_database

    return review_database(tmp_path / "review.db")


def open_doc_then(*keys: str, doc: str = "doc-c"):
    """A ``run_before``: open ``doc``, then press keys (waiting for workers after each)."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.open_place(doc)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False

    return run_before


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["narrow", "wide"])
def test_overview(snap_compare, review_snap_db, size):
    assert snap_compare(make_app(review_snap_db), terminal_size=size, run_before=open_doc_then("o"))


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["narrow", "wide"])
def test_compare_items(snap_compare, review_snap_db, size):
    assert snap_compare(make_app(review_snap_db), terminal_size=size, run_before=open_doc_then("x", "2"))


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["narrow", "wide"])
def test_chart_shares(snap_compare, review_snap_db, size):
    assert snap_compare(make_app(review_snap_db), terminal_size=size, run_before=open_doc_then("g"))


def test_check_narrow(snap_compare, tmp_path):
    from app_fixtures import checked_document

    path = tmp_path / "checked.db"
    with Store(path) as store:
        store.save(checked_document())
    assert snap_compare(make_app(path), terminal_size=NARROW, run_before=prepare("6"))
