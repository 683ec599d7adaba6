"""The browser screen: navigator | centre tabs | context panel. It mediates every message.

Database reads run in thread workers that open their own Store and post
messages back; widgets only ever receive models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Label, Static, TabbedContent, TabPane

from juesuan_tui.format import clean, one_line
from juesuan_tui.messages import (
    DocumentChosen,
    DocumentLoaded,
    DocumentsLoaded,
    FindingChosen,
    LoadFailed,
    NoteChosen,
    NotesLoaded,
    Place,
    SectionChosen,
    StatusChanged,
    StoreOpened,
    TermChosen,
    WriteFinished,
)
from juesuan_tui.models import Document, DocumentSummary, GlossaryTerm, Note, SearchHit, Section
from juesuan_tui.screens.commands import JumpProvider
from juesuan_tui.views import (
    FUND_TOTAL_KEYS,
    DrillNode,
    document_groups,
    drill_tree,
    facts_by_key,
    finding_target,
    first_section_id,
    line_item_for,
    node_findings,
    scorecards_for_section,
    section_trail,
    subtree_text,
    terms_in_text,
)
from juesuan_tui.widgets.context_panel import ContextPanel
from juesuan_tui.widgets.document_tree import DocumentTree
from juesuan_tui.widgets.drilldown import DrillDown
from juesuan_tui.widgets.findings_view import FindingsView
from juesuan_tui.widgets.footer import KeyFooter
from juesuan_tui.widgets.glossary_view import GlossaryView
from juesuan_tui.widgets.performance_view import PerformanceView
from juesuan_tui.widgets.report_view import ReportView
from juesuan_tui.widgets.section_tree import SectionTree
from juesuan_tui.widgets.section_view import SectionView

if TYPE_CHECKING:
    from juesuan_tui.store import Store

TABS: dict[str, str] = {
    "text": "正文",
    "drill": "类款项",
    "report": "报表",
    "perf": "绩效",
    "terms": "名词",
    "check": "检查",
}


def _shown(widget: Widget) -> bool:
    """Laid out with a size (not inside a panel folded with ``display: none``)."""
    return widget.region.width > 0 and widget.region.height > 0


def worker_error(exc: BaseException) -> str:
    """One line for the user; store and importer errors already name the file."""
    from importers.errors import ImportRefused
    from juesuan_tui.store import StoreError

    if isinstance(exc, (StoreError, ImportRefused)):
        return one_line(str(exc))
    if isinstance(exc, OSError):
        return one_line(f"{exc.filename or ''}: {exc.strerror or exc}")
    return one_line(f"内部错误：{type(exc).__name__}: {exc}")


class BrowserScreen(Screen[None]):
    """Documents and sections on the left, the open document in the centre, help on the right."""

    CSS_PATH = "browser.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    COMMANDS = {JumpProvider}
    BINDINGS = [
        Binding("slash", "search", "搜索"),
        Binding("n", "toggle_navigator", "目录"),
        Binding("c", "toggle_context", "释义"),
        # [ ] stay out of the footer so 总览 / 导出 / 意见 and q / ? fit in 80 columns (help lists them).
        Binding("left_square_bracket", "back", "后退", show=False),
        Binding("right_square_bracket", "forward", "前进", show=False),
        Binding("alt+left", "back", "后退", show=False),
        Binding("alt+right", "forward", "前进", show=False),
        Binding("o", "overview", "总览"),
        Binding("x", "compare", "比较", show=False),
        Binding("g", "charts", "图表", show=False),
        Binding("e", "export", "导出"),
        Binding("a", "add_note", "意见"),
        *(Binding(str(i), f"show_tab('{tab}', True)", label, show=False)
          for i, (tab, label) in enumerate(TABS.items(), 1)),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[DocumentSummary] = []
        self.document: Document | None = None
        self.root: DrillNode | None = None  # the open document's 类款项 tree
        self.notes: list[Note] = []
        self.section_id: str | None = None
        self.highlight: str | None = None
        self.readonly = False
        self.history: list[Place] = []
        self.history_pos = -1
        # tab -> id of the document its widget shows; a tab is filled lazily when first shown.
        self._filled: dict[str, str] = {}
        self._resumed = False  # shown at least once

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        # The breakpoint class Textual would add on the first resize, set before anything is
        # styled: adding it later restyles and lays out the whole screen a second time.
        width = self.app.size.width
        self.set_class(True, max((b for b in self.HORIZONTAL_BREAKPOINTS if width >= b[0]),
                                 default=self.HORIZONTAL_BREAKPOINTS[0])[1])
        yield Header()
        with Horizontal(id="body"):
            with Vertical(id="navigator"):
                yield Label("文档", classes="pane-title")
                yield DocumentTree(id="documents")
                yield Label("目录", classes="pane-title")
                yield SectionTree(id="sections")
            with TabbedContent(id="centre", initial="text"):
                for i, (tab, label) in enumerate(TABS.items(), 1):
                    with TabPane(f"{i} {label}", id=tab):
                        yield self._tab_widget(tab)
            yield ContextPanel(id="context")
        yield Static(id="status", markup=False)
        yield KeyFooter()

    @staticmethod
    def _tab_widget(tab: str):
        return {
            "text": lambda: SectionView(id="section-view"),
            "drill": lambda: DrillDown(id="drill"),
            "report": lambda: ReportView(id="report"),
            "perf": lambda: PerformanceView(id="performance"),
            "terms": lambda: GlossaryView(id="glossary"),
            "check": lambda: FindingsView(id="findings"),
        }[tab]()

    def on_mount(self) -> None:
        self.set_status("正在打开数据库…")
        self._update_subtitle()
        self.load_documents()

    # ------------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, group="documents")
    def load_documents(self) -> None:
        """List documents; on a new, empty, writable database import the bundled sample first."""
        try:
            store = self.app.open_store()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - shown to the user as one line
            self.post_message(LoadFailed(worker_error(exc)))
            return
        try:
            self.post_message(StoreOpened(store.readonly))
            summaries = store.list_documents()
            imported = False
            if not summaries and not store.readonly:
                self.post_message(StatusChanged("首次启动：正在导入内置样例…"))
                from importers import load
                from juesuan_tui.sample import sample_path

                store.save(load(sample_path()))
                summaries = store.list_documents()
                imported = True
            # Grouped here, off the UI thread (folding 10,000 unit names takes a while).
            self.post_message(DocumentsLoaded(summaries, imported, document_groups(summaries)))
        except Exception as exc:  # noqa: BLE001
            self.post_message(LoadFailed(worker_error(exc)))
        finally:
            store.close()

    @work(thread=True, exclusive=True, group="document")
    def load_document(self, document_id: str, section_id: str | None = None, highlight: str | None = None,
                      tab: str | None = None, from_history: bool = False) -> None:
        """Read a whole document and post it."""
        try:
            store = self.app.open_store()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001
            self.post_message(LoadFailed(worker_error(exc)))
            return
        try:
            document = store.get(document_id)
        except KeyError:
            self.post_message(LoadFailed(f"文档不存在：{document_id}"))
        except Exception as exc:  # noqa: BLE001
            self.post_message(LoadFailed(worker_error(exc)))
        else:
            if not get_current_worker().is_cancelled:  # a newer choice superseded this one
                self.post_message(DocumentLoaded(document, section_id, highlight, tab, from_history))
                # Its notes from the same store: a worker of its own cost another thread and connection.
                self.post_message(self._read_notes(store, document.id))
        finally:
            store.close()

    @staticmethod
    def _read_notes(store: Store, document_id: str) -> NotesLoaded:
        """The review notes of a document as a message (an error as one line in it)."""
        try:
            try:
                notes = store.notes(document_id=document_id)
            except KeyError:  # a database older than the notes table, opened read-only
                notes = []
            return NotesLoaded(document_id, notes)
        except Exception as exc:  # noqa: BLE001
            return NotesLoaded(document_id, [], worker_error(exc))

    @work(thread=True, group="note-write")
    def write_note(self, note: Note, status: str | None = None) -> None:
        """Store a new note (``status`` None) or change a stored note's status; then re-read."""
        try:
            store = self.app.open_store()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001
            self.post_message(WriteFinished(worker_error(exc), error=True))
            return
        try:
            if status is None:
                store.add_note(note)
                done = "已添加审核意见"
            else:
                store.update_note(note.id, status=status)  # type: ignore[arg-type]
                done = f"审核意见已标记为“{status}”"
            notes = store.notes(document_id=note.document_id)
        except Exception as exc:  # noqa: BLE001
            self.post_message(WriteFinished(worker_error(exc), error=True))
        else:
            self.post_message(NotesLoaded(note.document_id, notes))
            self.post_message(WriteFinished(done, document_id=note.document_id))
        finally:
            store.close()

    # ------------------------------------------------------------------ worker results

    def on_store_opened(self, message: StoreOpened) -> None:
        self.readonly = message.readonly
        self.app.readonly = message.readonly  # type: ignore[attr-defined]
        self._update_subtitle()

    def on_status_changed(self, message: StatusChanged) -> None:
        self.set_status(message.text)

    async def on_load_failed(self, message: LoadFailed) -> None:
        self.set_status(message.text, error=True)
        if self.document is None:
            await self.query_one(SectionView).show_message(message.text)

    async def on_documents_loaded(self, message: DocumentsLoaded) -> None:
        self.summaries = message.summaries
        current = self.document.id if self.document else None
        self.query_one(DocumentTree).show(self.summaries, current, message.groups)
        if message.imported_sample:
            self.set_status("首次启动：已导入内置样例。可用 juesuan import 导入更多决算公开文件。")
        else:
            self.set_status("")
        if not self.summaries:
            hint = "数据库中没有文档。" + ("（只读数据库）" if self.readonly else "请用 juesuan import 导入决算公开文件。")
            await self.query_one(SectionView).show_message(hint)
            return
        if current is None:
            self.load_document(self.summaries[0].id)

    async def on_document_loaded(self, message: DocumentLoaded) -> None:
        document = message.document
        self.document = document
        self.root = drill_tree(document)
        self.notes = []
        self.query_one(ContextPanel).show_notes([])  # its notes follow from the same worker
        self.query_one(DocumentTree).mark(document.id)
        self.query_one(SectionTree).show(document)
        # Only the visible tab is filled now; the others when first shown (see _fill_tab).
        # Cleared, not just keyed by id: the same id read again may hold a re-imported document.
        self._filled.clear()
        self._update_subtitle()
        target = message.section_id if document.section(message.section_id or "") else first_section_id(document)
        # State first, then the tab: the TabActivated that follows then sees the place
        # being shown (recorded once, or not at all when it comes from the history).
        self.section_id = target
        if message.tab:
            self.action_show_tab(message.tab)
        tab = self._active_tab()
        if tab == "perf":
            await self.query_one(PerformanceView).show(document)
            self._filled["perf"] = document.id
        else:
            self._fill_tab(tab)
        await self.show_section(target, message.highlight, record=not message.from_history)

    # ------------------------------------------------------------------ user choices

    def on_notes_loaded(self, message: NotesLoaded) -> None:
        if self.document is None or message.document_id != self.document.id:
            return
        if message.error:
            self.set_status(message.error, error=True)
            return
        self.notes = message.notes
        self.query_one(ContextPanel).show_notes(self.notes)

    def on_write_finished(self, message: WriteFinished) -> None:
        self.set_status(message.text, error=message.error)
        if message.error:
            self.notify(message.text, severity="error", markup=False)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Named like Textual's own handler so it runs before Screen's (one handler per class).
        if not self._resumed:
            # First shown: every widget was styled when mounted a moment ago; Textual's
            # restyle of the whole screen here cost a sixth of the start-up.
            self._resumed = True
            event.refresh_styles = False
        self._update_subtitle()

    def on_document_chosen(self, message: DocumentChosen) -> None:
        if self.document is None or message.document_id != self.document.id:
            self.load_document(message.document_id)

    async def on_section_chosen(self, message: SectionChosen) -> None:
        self.action_show_tab("text")
        await self.show_section(message.section_id)

    def on_term_chosen(self, message: TermChosen) -> None:
        self.show_term(message.term)

    def on_finding_chosen(self, message: FindingChosen) -> None:
        """Go where a finding points: a table row, a 类款项 item, a scorecard row or its sentence."""
        document, finding = self.document, message.finding
        if document is None:
            return
        target = finding_target(document, finding, self.root)
        if message.to_text or target is None or target.tab == "text":
            if not finding.section or document.section(finding.section) is None:
                self.notify("这条检查结果没有对应的正文位置。", severity="warning", markup=False)
                return
            self.open_place(document.id, finding.section, finding.sentence or None, "text")
            return
        self.action_show_tab(target.tab)
        if target.tab == "drill":
            drill = self.query_one(DrillDown)
            drill.reveal(target.drill_path)
            self.call_after_refresh(drill.table.focus)
        elif target.tab == "report":
            report = self.query_one(ReportView)
            report.reveal(target.table_key or "", target.included, target.row)
            self.call_after_refresh(report.table.focus)
        elif target.tab == "perf":
            perf = self.query_one(PerformanceView)
            self.call_after_refresh(perf.reveal, target.card or 0, target.card_part, target.card_index)

    def on_note_chosen(self, message: NoteChosen) -> None:
        note = message.note
        if message.toggle:
            if self.readonly:
                self.notify("只读数据库：不能修改审核意见。", severity="error", markup=False)
                return
            other = next(s for s in ("待核实", "已核实") if s != note.status)
            self.write_note(note, other)
            return
        self.open_note(note)

    def open_note(self, note: Note) -> None:
        """Go to a note's place: its item in 类款项, else its section (a fact's label marked)."""
        document = self.document
        if document is None or note.document_id != document.id or note.orphaned:
            return
        if note.anchor == "item" and note.item_fund and note.item_path:
            self.action_show_tab("drill")
            drill = self.query_one(DrillDown)
            if drill.reveal([note.item_fund, *note.item_path]):
                self.call_after_refresh(drill.table.focus)
                return
        if note.section and document.section(note.section) is not None:
            self.open_place(document.id, note.section, note.fact_label if note.anchor == "fact" else None, "text")

    def on_drill_down_moved(self, message: DrillDown.Moved) -> None:
        if self._active_tab() == "drill":
            self._update_context()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._fill_tab(self._active_tab())  # a tab chosen with the mouse
        self._update_context()
        self._record()

    # ------------------------------------------------------------------ navigation

    async def show_section(self, section_id: str | None, highlight: str | None = None, *,
                           record: bool = True) -> None:
        """Show a section of the open document in 正文 (``highlight`` marks a search hit)."""
        document = self.document
        if document is None:
            return
        section = document.section(section_id) if section_id else None
        if section is None and not document.sections:
            # No structure recognised: the whole text is still there to read.
            section = Section(id="", level=0, title="全文（未识别出章节）", text=document.text)
        if section is None:
            await self.query_one(SectionView).show_message(f"本文档没有这一节：{section_id}")
            return
        self.section_id = section.id
        self.highlight = highlight
        self.query_one(SectionTree).mark(section.id)
        await self.query_one(SectionView).show(document, section, highlight)
        self._update_context()
        if record:
            self._record()

    def open_place(self, document_id: str, section_id: str | None = None, highlight: str | None = None,
                   tab: str | None = "text") -> None:
        """Open a document (read in a worker unless it is already open) at a section."""
        if self.document is not None and self.document.id == document_id:
            if tab:
                self.action_show_tab(tab)
            self.run_worker(self.show_section(section_id or first_section_id(self.document), highlight),
                            group="show", exclusive=True)
        else:
            self.load_document(document_id, section_id, highlight, tab)

    def show_term(self, term: GlossaryTerm) -> None:
        """Show a term's definition in the context panel (unfolding it on a narrow screen)."""
        if self.has_class("-narrow"):
            self.remove_class("-show-nav")
            self.add_class("-show-ctx")
        else:
            self.remove_class("-hide-ctx")
        self.query_one(ContextPanel).choose(term)

    def action_choose_term(self, index: int) -> None:
        """A term clicked in the text (its index in the open document's glossary)."""
        if self.document is not None and 0 <= index < len(self.document.glossary):
            self.show_term(self.document.glossary[index])

    def open_search_hit(self, result: tuple[SearchHit, str] | None) -> None:
        if result is not None:
            hit, query = result
            self.open_place(hit.document_id, hit.section_id, query, "text")

    def _current_place(self) -> Place | None:
        if self.document is None:
            return None
        return Place(self.document.id, self.section_id, self._active_tab())

    def _record(self) -> None:
        place = self._current_place()
        if place is None:
            return
        if 0 <= self.history_pos < len(self.history) and self.history[self.history_pos] == place:
            return
        del self.history[self.history_pos + 1:]
        self.history.append(place)
        self.history_pos = len(self.history) - 1

    def _go(self, place: Place) -> None:
        if self.document is not None and place.document_id == self.document.id:
            # Set the state first so the TabActivated that follows records nothing new.
            self.section_id = place.section_id
            self.action_show_tab(place.tab)
            self.run_worker(self.show_section(place.section_id, record=False), group="show", exclusive=True)
        else:
            self.load_document(place.document_id, place.section_id, None, place.tab, from_history=True)

    def action_back(self) -> None:
        if self.history_pos > 0:
            self.history_pos -= 1
            self._go(self.history[self.history_pos])

    def action_forward(self) -> None:
        if self.history_pos < len(self.history) - 1:
            self.history_pos += 1
            self._go(self.history[self.history_pos])

    def action_show_tab(self, tab: str, focus: bool = False) -> None:
        """Switch the centre to ``tab``; from a key press, also move the focus into it."""
        if tab not in TABS:
            return
        pane = next((a for a in (self.focused.ancestors if self.focused else []) if isinstance(a, TabPane)), None)
        leaving = pane is not None and pane.id != tab
        if leaving:
            # Focus left in a hidden pane moves to its next widget, and that pane's
            # TabPane.Focused would switch the tab straight back.
            self.set_focus(None)
        self._fill_tab(tab)
        self.query_one(TabbedContent).active = tab
        # Now, not on TabActivated: the panel then changes in the same repaint as the tab.
        self._update_context()
        if focus or leaving:
            self.call_after_refresh(self._focus_centre)

    def _fill_tab(self, tab: str) -> None:
        """Show the open document in ``tab``'s widget unless it already does.

        Filling every tab on each open cost more than the open itself; hidden tabs
        wait until they are shown.
        """
        document = self.document
        if document is None or self._filled.get(tab) == document.id:
            return
        self._filled[tab] = document.id
        root = self.root
        if tab == "drill":
            self.query_one(DrillDown).show(root, node_findings(document, root))
        elif tab == "report":
            self.query_one(ReportView).show(document, root)
        elif tab == "perf":
            # Mounting is async; queued first so a reveal scheduled after it finds the tables.
            self.call_next(self.query_one(PerformanceView).show, document)
        elif tab == "terms":
            self.query_one(GlossaryView).show(document)
        elif tab == "check":
            self.query_one(FindingsView).show(document, root)

    def action_overview(self) -> None:
        from juesuan_tui.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen(self.document.id if self.document else None),
                             callback=self._overview_closed)

    def _overview_closed(self, document_id: str | None) -> None:
        if document_id:
            self.open_place(document_id, None, None, None)

    def action_compare(self) -> None:
        from juesuan_tui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(None, self.document.id if self.document else None))

    def action_charts(self) -> None:
        from juesuan_tui.screens.charts import ChartScreen

        if self.document is None:
            self.notify("请先打开一个文档。", severity="warning", markup=False)
            return
        tab = {"perf": "scores"}.get(self._active_tab(), "shares")
        self.app.push_screen(ChartScreen(self.document, tab))

    def action_export(self) -> None:
        """Export what the centre shows (a table, a 类款项 level, the findings…) to a file."""
        from juesuan_tui.screens.export import ExportScreen

        export = self._export_view()
        if export is None:
            self.notify("当前视图没有可导出的表格。", severity="warning", markup=False)
            return
        sheets, what, name = export
        self.app.push_screen(ExportScreen(sheets, what, name))

    def _export_view(self):
        """``(sheets, description, file name)`` for the centre tab, None when nothing is shown."""
        from juesuan_tui.exporting import build_sheet
        from juesuan_tui.views import drill_sheet, safe_file_name, table_sheet

        document = self.document
        if document is None:
            return None
        tab = self._active_tab()
        base = (document.unit, document.year)
        if tab == "report":
            view = self.query_one(ReportView).current
            if view is None:
                return None
            return [table_sheet(view)], f"报表《{one_line(view.title)}》", safe_file_name(*base, view.title) + ".csv"
        if tab == "drill":
            node = self.query_one(DrillDown).current
            if node is None or not node.children:
                return None
            trail = " › ".join(n.name for n in node.trail[1:]) or "全部资金"
            return [drill_sheet(node)], f"类款项：{one_line(trail)}", safe_file_name(*base, "类款项", node.name if node.parent else "") + ".csv"
        if tab == "text":
            section = document.section(self.section_id or "")
            if section is None:
                return None
            ids = {s.id for s in section.walk()}
            sheet = build_sheet("facts", [document])
            sheet.rows = [row for row in sheet.rows if row.get("section") in ids]
            return [sheet], f"正文“{one_line(section.heading)}”中的数据", safe_file_name(*base, section.heading, "数据") + ".csv"
        name, label = {"perf": ("indicators", "绩效指标"), "terms": ("glossary", "名词解释"),
                       "check": ("findings", "检查结果")}[tab]
        return [build_sheet(name, [document])], label, safe_file_name(*base, label) + ".csv"

    def action_add_note(self) -> None:
        """Write a review note on what is selected (section, 类款项 item, table row, finding…)."""
        from juesuan_tui.screens.note import NoteScreen

        if self.document is None:
            return
        if self.readonly:
            self.notify("只读数据库：不能添加审核意见。", severity="error", markup=False)
            return
        where, anchor = self._note_anchor()
        self.app.push_screen(NoteScreen(where), callback=lambda result: self._note_written(anchor, result))

    def _note_written(self, anchor: dict, result: tuple[str, str] | None) -> None:
        from juesuan_tui.notes import make_note

        if result is None or self.document is None:
            return
        text, status = result
        self.write_note(make_note(self.document, text, status=status, **anchor))

    def _note_anchor(self) -> tuple[str, dict]:
        """What a new note is about, in words, and ``make_note``'s anchor arguments."""
        document = self.document
        assert document is not None
        tab = self._active_tab()
        section = document.section(self.section_id or "")
        if tab == "drill":
            node = self.query_one(DrillDown).highlighted
            if node is not None and node.level != "资金":
                item = line_item_for(document, node.fund, node.path)
                if item is not None:
                    return f"科目 {node.fund}：{' / '.join(node.path)}", {"item": item}
            if node is not None:
                fact = facts_by_key(document).get(FUND_TOTAL_KEYS.get(node.fund, ""))
                if fact is not None:
                    return f"数据 {fact.label}", {"fact": fact}
        elif tab == "report":
            report = self.query_one(ReportView)
            view, row = report.current, report.table.cursor_row
            if view is not None:
                for (r, _c), source in sorted(view.sources.items()):
                    if r != row:
                        continue
                    if source.startswith("fact:"):
                        fact = facts_by_key(document).get(source[5:])
                        if fact is not None:
                            return f"数据 {fact.label}", {"fact": fact}
                    else:
                        fund, _, path = source[5:].partition(":")
                        item = line_item_for(document, fund, path.split("/"))
                        if item is not None:
                            return f"科目 {fund}：{path.replace('/', ' / ')}", {"item": item}
                table = next((t for t in document.tables if (t.key or t.name) == view.key), None)
                if table is not None and table.section:
                    section = document.section(table.section) or section
        elif tab == "check":
            finding = self.query_one(FindingsView).highlighted
            if finding is not None and finding.section:
                section = document.section(finding.section) or section
        elif tab == "perf" and document.scorecards and document.scorecards[0].section:
            section = document.section(document.scorecards[0].section) or section
        if section is not None:
            trail = " › ".join(s.heading for s in section_trail(document, section.id))
            return f"章节 {trail}", {"section": section}
        return "全文", {}

    def action_search(self) -> None:
        from juesuan_tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(), callback=self.open_search_hit)

    def action_toggle_navigator(self) -> None:
        if self.has_class("-narrow"):
            self.remove_class("-show-ctx")
            self.toggle_class("-show-nav")
        else:
            self.toggle_class("-hide-nav")
        self.call_after_refresh(self._follow_panel, "#sections" if self.document else "#documents")

    def action_toggle_context(self) -> None:
        if self.has_class("-narrow"):
            self.remove_class("-show-nav")
            self.toggle_class("-show-ctx")
        else:
            self.toggle_class("-hide-ctx")
        self.call_after_refresh(self._follow_panel, "#context")

    def _follow_panel(self, selector: str) -> None:
        """Focus a panel that just unfolded; leave one that folded away for the centre."""
        target = self.query_one(selector)
        if _shown(target):
            target.focus()
        else:
            self._ensure_focus()

    def _ensure_focus(self) -> None:
        """Keep the focus on something visible (hidden panels still hold focusable widgets)."""
        if self.focused is None or not _shown(self.focused):
            self._focus_centre()

    def on_resize(self) -> None:
        self.call_after_refresh(self._ensure_focus)

    def _focus_centre(self) -> None:
        pane = self.query_one(TabbedContent).active_pane
        if pane is not None:
            # Prefer a list or table: an Input would swallow the single-key bindings.
            focusable = [w for w in pane.query("*") if w.focusable]
            target = next((w for w in focusable if not isinstance(w, Input)), None) or next(iter(focusable), None)
            if target is not None:
                target.focus()

    # ------------------------------------------------------------------ helpers

    def _active_tab(self) -> str:
        return self.query_one(TabbedContent).active or "text"

    def _update_context(self) -> None:
        document = self.document
        panel = self.query_one(ContextPanel)
        if document is None:
            panel.show([])
            return
        tab = self._active_tab()
        section = document.section(self.section_id) if self.section_id else None
        scorecards = []
        text = ""
        if tab == "text" and section is not None:
            text = subtree_text(section)
            scorecards = scorecards_for_section(document, section.id)
        elif tab == "drill":
            node = self.query_one(DrillDown).highlighted
            if node is not None:
                text = "\n".join(filter(None, [n.name for n in node.trail] + [node.reason or ""]))
        elif tab == "report":
            report = self.query_one(ReportView)
            text = "\n".join(" ".join(str(c) for c in [v.title, *v.columns] + [r[0] for r in v.rows])
                             for v in report.tables[:9])
        elif tab == "perf":
            scorecards = list(document.scorecards)
        panel.show(terms_in_text(document.glossary, text), scorecards, panel.chosen)

    def _update_subtitle(self) -> None:
        parts = []
        if self.readonly:
            parts.append("只读")
        if self.document is not None:
            label = one_line(self.document.unit)
            if self.document.year:
                label += f" {self.document.year}年"
            parts.append(label)
        self.app.sub_title = " · ".join(parts)

    def set_status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(Text(clean(text), style="bold red" if error else "italic"))
        status.display = bool(text)
        status.set_class(error, "-error")
