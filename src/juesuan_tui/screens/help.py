"""The help screen: every key binding, generated from the bindings themselves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label

# Keys handled by the widgets themselves (Textual built-ins), described for completeness.
GENERAL = [
    ("Tab / Shift+Tab", "在各区域之间移动焦点", "通用"),
    ("↑ ↓ PgUp PgDn", "在目录、列表和表格中移动", "通用"),
    ("Enter", "打开所选文档、章节、名词、下一级、检查结果的出处或意见的位置", "通用"),
    ("空格", "展开或折叠目录节点", "目录"),
    ("Ctrl+P", "命令面板：跳转到文档、章节或名词", "通用"),
    ("点击表头", "按该列排序（再点一次倒序）", "总览"),
    ("鼠标", "点击选择、滚轮滚动、点击标签页切换", "通用"),
]


def binding_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """``(key, description, scope)`` for the app's, the screen's and its widgets' bindings."""
    from juesuan_tui.screens.browser import BrowserScreen
    from juesuan_tui.screens.charts import ChartScreen
    from juesuan_tui.screens.compare import CompareScreen
    from juesuan_tui.screens.overview import OverviewScreen
    from juesuan_tui.screens.search import SearchScreen
    from juesuan_tui.widgets.context_panel import NotesList
    from juesuan_tui.widgets.drilldown import DrillDown
    from juesuan_tui.widgets.findings_view import FindingsView

    app = screen.app
    rows: list[tuple[str, str, str]] = []
    scopes = [("全局", type(app).BINDINGS), ("浏览", BrowserScreen.BINDINGS), ("类款项", DrillDown.BINDINGS),
              ("检查", FindingsView.BINDINGS), ("审核意见", NotesList.BINDINGS), ("搜索", SearchScreen.BINDINGS),
              ("总览", OverviewScreen.BINDINGS), ("比较", CompareScreen.BINDINGS), ("图表", ChartScreen.BINDINGS)]
    for scope, bindings in scopes:
        for binding in bindings:
            if not isinstance(binding, Binding):
                binding = Binding(*binding)
            for key in binding.key.split(","):
                display = app.get_key_display(Binding(key.strip(), binding.action))
                rows.append((display, binding.description, scope))
    return rows + GENERAL


class HelpScreen(ModalScreen[None]):
    """A table of every binding; any of Esc, q or ? closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "close", "关闭"),
        Binding("q", "close", "关闭", show=False),
        Binding("question_mark", "close", "关闭", show=False),
    ]

    def __init__(self, for_screen: Screen) -> None:
        super().__init__()
        self.rows = binding_rows(for_screen)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Label(Text("按键帮助（Esc 关闭）", style="bold"), id="help-title")
            table: DataTable[Text] = DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            table.add_column(Text("按键"))
            table.add_column(Text("作用"))
            table.add_column(Text("范围"))
            for key, description, scope in self.rows:
                table.add_row(Text(key, style="bold"), Text(description), Text(scope, style="dim"))
            yield table

    def action_close(self) -> None:
        self.dismiss(None)
