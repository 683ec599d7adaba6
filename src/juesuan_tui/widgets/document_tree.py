"""The document navigator: documents grouped by unit, then year."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from importers.normalize import fold
from juesuan_tui.format import one_line
from juesuan_tui.messages import DocumentChosen
from juesuan_tui.models import DocumentSummary
from juesuan_tui.views import UnitGroup, document_groups
from juesuan_tui.widgets.section_tree import move_cursor_soon, plain_label_width


def _short_title(summary: DocumentSummary) -> str:
    """The title without the unit name its parent node already shows."""
    title, unit = one_line(summary.title), fold(one_line(summary.unit))
    for cut in range(1, len(title)):
        if fold(title[:cut]) == unit:
            return title[cut:].strip() or title
    return title or summary.id


# Up to this many documents every unit opens at once (as a reviewer's own database);
# above it a unit's years and documents are added when it is opened, so a database of
# a province lists its units without building (and measuring) tens of thousands of lines.
OPEN_ALL_UP_TO = 200


class DocumentTree(Tree[str]):
    """A tree of unit → year → document; selecting a document posts ``DocumentChosen``."""

    get_label_width = staticmethod(plain_label_width)  # type: ignore[assignment]
    _adding = False  # inside a bulk add: one invalidation at its end (Tree.__init__ invalidates too)

    def __init__(self, **kwargs) -> None:
        super().__init__("文档", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self._document_nodes: dict[str, TreeNode[str]] = {}  # id -> its node (the first, as mark() found)
        self._unit_of: dict[str, TreeNode[str]] = {}  # document id -> its unit's node
        self._unfilled: dict[int, UnitGroup] = {}  # unit node id -> its years, not added yet

    def _invalidate(self) -> None:
        # Tree invalidates its line cache and schedules a layout for every node added
        # (≈ 70 µs each: 0.15 s for a province's 2,000 units); a bulk add does it once.
        # Textual is pinned, so overriding this private hook is safe to rely on.
        if not self._adding:
            super()._invalidate()

    def show(self, summaries: list[DocumentSummary], current_id: str | None = None,
             groups: list[UnitGroup] | None = None) -> None:
        """Rebuild from ``summaries`` (``groups``: their ``document_groups`` when already computed);
        the cursor goes to ``current_id`` when given."""
        self.clear()
        self._document_nodes, self._unit_of, self._unfilled = {}, {}, {}
        open_all = len(summaries) <= OPEN_ALL_UP_TO
        self._adding = True
        try:
            for group in document_groups(summaries) if groups is None else groups:
                unit = self.root.add(Text(one_line(group.unit) or "（未知单位）", style="bold"))
                ids = [summary.id for year_group in group.years for summary in year_group.documents]
                for doc_id in ids:
                    self._unit_of.setdefault(doc_id, unit)
                self._unfilled[unit.id] = group
                if open_all or current_id in ids:
                    self._fill(unit)
                    unit._expanded = True  # expand() would invalidate again; done once below
        finally:
            self._adding = False
        self._invalidate()
        target = self._document_nodes.get(current_id) if current_id else None
        if target is not None:
            self.call_after_refresh(self.move_cursor, target)

    def _fill(self, unit: TreeNode[str]) -> None:
        """Add a unit's years and documents (once)."""
        group = self._unfilled.pop(unit.id, None)
        if group is None:
            return
        for year_group in group.years:
            label = f"{year_group.year}年" if year_group.year else "年份不详"
            year = unit.add(Text(label), expand=True)
            for summary in year_group.documents:
                node = year.add_leaf(Text(_short_title(summary)), data=summary.id)
                self._document_nodes.setdefault(summary.id, node)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[str]) -> None:
        self._fill(event.node)

    def mark(self, document_id: str) -> None:
        """Put the cursor on a document without selecting it (opening its unit when closed)."""
        node = self._document_nodes.get(document_id)
        if node is None and document_id in self._unit_of:
            unit = self._unit_of[document_id]
            self._fill(unit)
            unit.expand()
            node = self._document_nodes.get(document_id)
        if node is not None:
            move_cursor_soon(self, node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        if event.node.data:
            event.stop()
            self.post_message(DocumentChosen(event.node.data))
