"""A findings report for the terminal, grouped by severity, in Chinese.

Messages, values and sentences come from the document and are data: they are
only ever placed in ``rich.text.Text`` (never parsed as markup) and control
characters are shown escaped, so nothing a document contains can style the
terminal or send escape sequences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.text import Text

from juesuan_tui.models import Finding

SEVERITIES: tuple[tuple[str, str, str], ...] = (
    ("error", "错误", "bold red"),
    ("warning", "警告", "bold yellow"),
    ("info", "提示（四舍五入误差内）", "cyan"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SENTENCE_MAX = 120


def _inert(text: str | None) -> str:
    """One line, with control characters (ESC included) shown as ``\\xNN``."""
    if not text:
        return ""
    flat = " ".join(str(text).split())
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", flat)


def _where(finding: Finding) -> str:
    parts = []
    if finding.section:
        parts.append(f"章节 {finding.section}")
    if finding.location:
        parts.append(finding.location)
    return "；".join(_inert(p) for p in parts)


def _finding(finding: Finding, number: int, style: str) -> Text:
    text = Text()
    text.append(f"{number}. ", style=style)
    text.append(_inert(finding.title), style="bold")
    text.append(f"  [{_inert(finding.rule)}]", style="dim")
    text.append("\n   ")
    text.append(_inert(finding.message))
    if finding.values:
        text.append("\n   ")
        text.append("；".join(f"{_inert(k)}：{_inert(v)}" for k, v in finding.values.items()), style="dim")
    if finding.difference is not None:
        text.append("\n   ")
        text.append(f"差额：{finding.difference:f}", style="dim")
    where = _where(finding)
    if where:
        text.append("\n   ")
        text.append(f"位置：{where}", style="dim")
    if finding.sentence:
        sentence = _inert(finding.sentence)
        if len(sentence) > _SENTENCE_MAX:
            sentence = sentence[: _SENTENCE_MAX - 1] + "…"
        text.append("\n   ")
        text.append(f"原文：{sentence}", style="italic dim")
    return text


def format_report(findings: Sequence[Finding], *, title: str | None = None) -> RenderableType:
    """Findings grouped error → warning → info, each with its values and location."""
    blocks: list[RenderableType] = []
    if title:
        blocks.append(Text(_inert(title), style="bold"))
    counts = {key: sum(1 for f in findings if f.severity == key) for key, _, _ in SEVERITIES}
    if not findings:
        blocks.append(Text("未发现勾稽问题。", style="green"))
        return Group(*blocks)
    summary = Text("共 ")
    summary.append(str(len(findings)))
    summary.append(" 条：")
    summary.append("，".join(f"{label.split('（')[0]} {counts[key]}" for key, label, _ in SEVERITIES))
    blocks.append(summary)
    for key, label, style in SEVERITIES:
        group = [f for f in findings if f.severity == key]
        if not group:
            continue
        blocks.append(Text(""))
        blocks.append(Text(f"{label}（{len(group)}）", style=style))
        for number, finding in enumerate(group, 1):
            blocks.append(_finding(finding, number, style))
    return Group(*blocks)


def report_text(findings: Sequence[Finding], *, title: str | None = None, width: int = 100) -> str:
    """The report as plain text (no colours), e.g. for a file or a pipe."""
    console = Console(width=width, record=True, color_system=None, force_terminal=False, file=_Null())
    console.print(format_report(findings, title=title))
    return console.export_text()


class _Null:
    """A file that discards what is written (the recording console keeps the text)."""

    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass
