"""The open document's section tree."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from juesuan_tui.format import one_line
from juesuan_tui.messages import SectionChosen
from juesuan_tui.models import Document, Section


def plain_label_width(node: TreeNode) -> int:
    """A node's width as ``Tree.render_label`` draws it (the ▶/▼ icon and the label), from the
    plain text: Tree measures every line this way after each expand or move, and rendering
    each label to measure it cost a tenth of a second for a long tree."""
    return cell_len(node.label.plain) + (cell_len(Tree.ICON_NODE) if node.allow_expand else 0)


def move_cursor_soon(tree: Tree, node: TreeNode) -> None:
    """Put ``tree``'s cursor on ``node``: now when the tree is laid out, else after the next refresh.

    Now saves a repaint per document opened (the cursor moves in the same one as the text).
    """
    if tree.size.height:
        tree.last_line  # noqa: B018 - builds the lines (each node's line) if the tree changed
        tree.move_cursor(node)
    else:
        tree.call_after_refresh(tree.move_cursor, node)


class SectionTree(Tree[str]):
    """Parts → sections → subsections; selecting one posts ``SectionChosen``."""

    get_label_width = staticmethod(plain_label_width)  # type: ignore[assignment]

    def __init__(self, **kwargs) -> None:
        super().__init__("目录", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.auto_expand = False  # selecting a part opens it; space folds it
        self._section_nodes: dict[str, TreeNode[str]] = {}

    def show(self, document: Document | None) -> None:
        """Rebuild the tree for ``document`` (empty when None)."""
        self.clear()
        self._section_nodes = {}
        if document is None:
            return

        def add(parent: TreeNode[str], section: Section) -> None:
            label = Text(one_line(section.heading) or "（无标题）")
            if section.level == 0:
                label.stylize("bold")
            if section.children:
                node = parent.add(label, data=section.id, expand=True)
                for child in section.children:
                    add(node, child)
            else:
                node = parent.add_leaf(label, data=section.id)
            self._section_nodes[section.id] = node

        for section in document.sections:
            add(self.root, section)

    def mark(self, section_id: str | None) -> None:
        """Put the cursor on a section without posting a selection."""
        node = self._section_nodes.get(section_id or "")
        if node is not None:
            move_cursor_soon(self, node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data:
            self.post_message(SectionChosen(event.node.data))
