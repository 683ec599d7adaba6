"""Command palette provider: jump to any document, or a section or term of the open one."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from juesuan_tui.format import one_line

if TYPE_CHECKING:
    from juesuan_tui.screens.browser import BrowserScreen


def jump_targets(screen: BrowserScreen) -> list[tuple[str, str, Callable[[], object]]]:
    """``(label, help, command)`` for every document, and the open document's sections and terms."""
    targets: list[tuple[str, str, Callable[[], object]]] = []
    for summary in screen.summaries:
        year = f" {summary.year}年" if summary.year else ""
        targets.append((f"文档：{one_line(summary.unit)}{year}", one_line(summary.title),
                        partial(screen.open_place, summary.id, None, None, "text")))
    document = screen.document
    if document is not None:
        for section in document.walk_sections():
            if section.heading:
                targets.append((f"章节：{one_line(section.heading)}", "打开本文档的这一节",
                                partial(screen.open_place, document.id, section.id, None, "text")))
        for term in document.glossary:
            targets.append((f"名词：{one_line(term.term)}", one_line(term.definition)[:60],
                            partial(screen.show_term, term)))
    return targets


class JumpProvider(Provider):
    """Documents, sections and glossary terms as palette commands (text shown as data, not markup)."""

    def _targets(self):
        from juesuan_tui.screens.browser import BrowserScreen

        screen = self.screen
        return jump_targets(screen) if isinstance(screen, BrowserScreen) else []

    async def discover(self) -> Hits:
        for label, help_text, command in self._targets():
            if label.startswith("文档："):
                yield DiscoveryHit(Content(label), command, text=label, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, command in self._targets():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, Content(label), command, text=label, help=help_text)
