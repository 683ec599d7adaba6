"""检查: a placeholder for the consistency checks, listing any findings already stored."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from juesuan_tui.format import amount, one_line
from juesuan_tui.models import Document
from juesuan_tui.widgets.table_fill import fill_table

SEVERITY = {"error": ("错误", "bold red"), "warning": ("警告", "yellow"), "info": ("提示", "dim")}
PLACEHOLDER = "一致性检查将在后续版本提供"
HEADERS = ("级别", "规则", "问题", "说明", "差额")


class FindingsView(Vertical):
    """The placeholder notice and a table of ``doc.findings``."""

    def compose(self) -> ComposeResult:
        yield Static(Text(PLACEHOLDER, style="bold"), id="findings-notice")
        yield DataTable(id="findings-table", cursor_type="row", zebra_stripes=True)

    def show(self, document: Document) -> None:
        notice = Text(PLACEHOLDER, style="bold")
        notice.append(f"\n已记录的检查结果 {len(document.findings)} 条。" if document.findings
                      else "\n本文档暂无检查结果。", style="dim")
        self.query_one("#findings-notice", Static).update(notice)
        table = self.query_one("#findings-table", DataTable)
        table.display = bool(document.findings)
        rows = []
        for finding in document.findings:
            label, style = SEVERITY.get(finding.severity, (finding.severity, ""))
            rows.append([Text(label, style=style), Text(one_line(finding.rule)), Text(one_line(finding.title)),
                         Text(one_line(finding.message)),
                         Text(amount(finding.difference) if finding.difference is not None else "",
                              justify="right")])
        fill_table(table, [Text(h) for h in HEADERS], rows, caps={2: 20, 3: 40})
