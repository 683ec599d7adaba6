"""检查: the document's findings grouped by severity; Enter goes to where each one points."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from juesuan_tui.format import amount, one_line
from juesuan_tui.messages import FindingChosen
from juesuan_tui.models import Document, Finding
from juesuan_tui.views import (
    SEVERITY_LABELS,
    DrillNode,
    finding_place,
    finding_target,
    findings_by_severity,
)
from juesuan_tui.widgets.paragraph import CJKText

SEVERITY_STYLES = {"error": "bold red", "warning": "bold yellow", "info": "cyan"}
EMPTY = "本文档没有检查结果。"


def severity_text(severity: str) -> Text:
    return Text().append(SEVERITY_LABELS.get(severity, severity), style=SEVERITY_STYLES.get(severity, ""))


def finding_prompt(document: Document, finding: Finding, root: DrillNode | None = None) -> Text:
    """Title (with the difference), message, values and where it points — text as data."""
    text = severity_text(finding.severity)
    text.append(" " + one_line(finding.title), style="bold")
    if finding.difference is not None:
        text.append(f"  差额 {amount(finding.difference, signed=True)}", style="bold")
    text.append(f"  {one_line(finding.rule)}", style="dim")
    text.append("\n  " + one_line(finding.message))
    if finding.values:
        text.append("\n  " + "；".join(f"{one_line(k)} {one_line(v)}" for k, v in finding.values.items()),
                    style="dim")
    text.append("\n  出处：" + one_line(finding_place(document, finding, finding_target(document, finding, root))),
                style="italic")
    return text


class FindingsView(Vertical):
    """Counts per severity, then every finding under its severity; Enter (or ``t``) posts
    ``FindingChosen`` to go to its source (``t``: always the sentence in 正文)."""

    BINDINGS = [Binding("t", "to_text", "原文")]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.findings: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield Static(Text(EMPTY), id="findings-summary", markup=False)
        yield OptionList(id="findings-list", markup=False)

    @property
    def options(self) -> OptionList:
        return self.query_one("#findings-list", OptionList)

    @property
    def prompts(self) -> list[str]:
        """The list as plain text, one string per entry (group headings included)."""
        out = []
        for i in range(self.options.option_count):
            prompt = self.options.get_option_at_index(i).prompt
            out.append(prompt.text.plain if isinstance(prompt, CJKText) else str(prompt))
        return out

    @property
    def highlighted(self) -> Finding | None:
        options = self.options
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return self.findings[int(option.id)] if option.id is not None else None

    def show(self, document: Document, root: DrillNode | None = None) -> None:
        groups = findings_by_severity(document.findings)
        self.findings = [f for _, found in groups for f in found]
        summary = Text().append("检查结果：", style="bold")
        for n, (severity, found) in enumerate(groups):
            if n:
                summary.append(" · ")
            summary.append_text(severity_text(severity))
            summary.append(f" {len(found)}")
        summary.append("　回车转到出处，t 查看原文" if self.findings else "　" + EMPTY, style="dim")
        self.query_one("#findings-summary", Static).update(summary)
        options = self.options
        options.clear_options()
        prompts: list[Option] = []  # added at once: each add re-measures the list
        index = 0
        for severity, found in groups:
            if not found:
                continue
            header = Text(f"{SEVERITY_LABELS.get(severity, severity)}（{len(found)}）",
                          style=SEVERITY_STYLES.get(severity, "") + " reverse")
            prompts.append(Option(header, disabled=True))
            for finding in found:
                # CJKText: Chinese messages wrap between characters, not only at spaces.
                prompts.append(Option(CJKText(finding_prompt(document, finding, root)), id=str(index)))
                index += 1
        options.add_options(prompts)
        if self.findings:
            options.highlighted = 1  # the first finding (0 is its group's heading)

    def select(self, finding: Finding) -> None:
        """Put the cursor on ``finding``."""
        options = self.options
        for i in range(options.option_count):
            option = options.get_option_at_index(i)
            if option.id is not None and self.findings[int(option.id)] is finding:
                options.highlighted = i
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(FindingChosen(self.findings[int(event.option.id)]))

    def action_to_text(self) -> None:
        finding = self.highlighted
        if finding is not None:
            self.post_message(FindingChosen(finding, to_text=True))
