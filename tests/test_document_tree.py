"""The document navigator opens every unit for a small database and only the units
a reader opens for a large one (nothing lost: the other units fill in on opening)."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.app import App

from juesuan_tui.models import DocumentSummary, Source
from juesuan_tui.widgets import document_tree
from juesuan_tui.widgets.document_tree import DocumentTree


def _summary(doc_id: str, unit: str, year: int) -> DocumentSummary:
    source = Source(path=f"{doc_id}.txt", sha256="0" * 64, format="text", imported_at=datetime(2025, 1, 1),
                    importer_version="t")
    return DocumentSummary(id=doc_id, title=f"{unit}{year}年部门决算", unit=unit, year=year, kind="部门决算",
                           source=source)


SUMMARIES = [_summary("a1", "甲局", 2024), _summary("a0", "甲局", 2023), _summary("b1", "乙中心", 2024),
             _summary("c1", "丙办公室", 2022)]


class TreeApp(App[None]):
    def compose(self):
        yield DocumentTree()


def _units(tree: DocumentTree) -> dict[str, list[str]]:
    """unit label → the labels of its year nodes (as built so far)."""
    return {str(unit.label): [str(year.label) for year in unit.children] for unit in tree.root.children}


async def test_a_small_database_opens_every_unit():
    async with TreeApp().run_test() as pilot:
        tree = pilot.app.query_one(DocumentTree)
        tree.show(SUMMARIES, "b1")
        await pilot.pause()
        assert _units(tree) == {"丙办公室": ["2022年"], "乙中心": ["2024年"], "甲局": ["2024年", "2023年"]}
        assert all(unit.is_expanded for unit in tree.root.children)
        assert tree.cursor_node is not None and tree.cursor_node.data == "b1"


async def test_a_large_database_fills_a_unit_when_it_is_opened(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(document_tree, "OPEN_ALL_UP_TO", 2)
    async with TreeApp().run_test() as pilot:
        tree = pilot.app.query_one(DocumentTree)
        tree.show(SUMMARIES, "b1")
        await pilot.pause()
        # Every unit is listed; only the open document's unit has its years and documents.
        assert _units(tree) == {"丙办公室": [], "乙中心": ["2024年"], "甲局": []}
        assert [unit.is_expanded for unit in tree.root.children] == [False, True, False]
        assert tree.cursor_node is not None and tree.cursor_node.data == "b1"
        # Opening a unit adds its years (newest first) and documents.
        jia = tree.root.children[2]
        jia.expand()
        await pilot.pause()
        assert _units(tree)["甲局"] == ["2024年", "2023年"]
        assert [leaf.data for year in jia.children for leaf in year.children] == ["a1", "a0"]
        # Marking a document of a closed unit opens that unit and puts the cursor there.
        tree.mark("c1")
        await pilot.pause()
        await pilot.pause()
        assert _units(tree)["丙办公室"] == ["2022年"]
        assert tree.cursor_node is not None and tree.cursor_node.data == "c1"
