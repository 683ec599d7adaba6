"""The findings report: grouped by severity, Chinese, document text never interpreted."""

from __future__ import annotations

import io
from decimal import Decimal as D

from rich.console import Console

from checks_docs import consistent_doc, one
from juesuan_tui.checks import counts, run_checks
from juesuan_tui.checks.report import format_report, report_text
from juesuan_tui.models import Finding


def _finding(severity: str, message: str, **kw) -> Finding:
    return Finding(rule="parts.income", title="收入构成合计不等于本年收入", severity=severity, message=message, **kw)


def test_report_groups_by_severity_in_order():
    findings = [_finding("info", "提示一"), _finding("error", "错误一"), _finding("warning", "警告一"),
                _finding("error", "错误二")]
    text = report_text(findings)
    assert "共 4 条：错误 2，警告 1，提示 1" in text
    order = [text.index(word) for word in ("错误（2）", "错误一", "错误二", "警告（1）", "警告一", "提示（四舍五入误差内）（1）",
                                           "提示一")]
    assert order == sorted(order)
    assert counts(findings) == {"error": 2, "warning": 1, "info": 1}


def test_report_shows_values_difference_and_location():
    doc = consistent_doc()
    one(doc, "income.business").share_pct = D("11.00")
    text = report_text(run_checks(doc), title="测试单位 2024")
    assert text.startswith("测试单位 2024")
    assert "占比与金额不符" in text and "[share.amount]" in text
    assert "事业收入占比：11.00%" in text
    assert "差额：1.00" in text
    assert "位置：章节 2.2" in text


def test_empty_report_says_so():
    assert "未发现勾稽问题" in report_text([])


def test_document_text_is_never_markup_or_escape_sequences():
    hostile = "[bold red]警告[/bold red] \x1b[31m红字\x1b[0m [link=http://x]点我[/link]"
    finding = _finding("error", hostile, values={"[b]标签[/b]": "[i]1.00[/i]"}, sentence=hostile,
                       section="2.[1]")
    console = Console(width=200, record=True, color_system="truecolor", force_terminal=True, file=io.StringIO())
    console.print(format_report([finding]))
    plain = console.export_text()
    assert "[bold red]警告[/bold red]" in plain
    assert "[link=http://x]点我[/link]" in plain
    assert "[b]标签[/b]：[i]1.00[/i]" in plain
    assert "\\x1b[31m红字" in plain
    styled = console.export_text(styles=True)
    assert "\x1b[31m红字" not in styled  # the document's own escape never reaches the terminal
