"""Markdown export of a Document: headings from the section tree, the display text,
then tables of the extracted data when the document has any. Plain functions, no I/O."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from juesuan_tui.models import Document, Section

SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
TABLE_STATUS = {"listed": "仅列出", "empty": "空表", "included": "已包含"}
# A line that Markdown would read as a heading, quote or rule is escaped.
_BLOCK_START = re.compile(r"^(\s*)([#>]|[-*_]{3,}\s*$|[=]{2,}\s*$)")
# Inline constructs a viewer would act on: an image (fetched from its address, which
# an air-gapped reader must never do) and raw HTML. Shown literally instead.
_ACTIVE_INLINE = re.compile(r"!\[|<")


def _inert_inline(text: str) -> str:
    return _ACTIVE_INLINE.sub(lambda m: "!\\[" if m.group() == "![" else "&lt;", text)


def cell(value: object) -> str:
    """One table cell: as printed, single line, pipes escaped."""
    if value is None:
        return ""
    text = str(value) if not isinstance(value, Decimal) else format(value, "f")
    return _inert_inline(" ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|"))


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines


def paragraph_lines(text: str) -> list[str]:
    """Display text → Markdown paragraphs (one per line of the text)."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        out += [_BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _inert_inline(line.rstrip())), ""]
    return out


def body_text(section: Section) -> str:
    """The section's display text without a first line that only repeats the heading."""
    first, _, rest = section.text.lstrip("\n").partition("\n")
    if section.heading and _squash(first) == _squash(section.heading):
        return rest
    return section.text


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _section_lines(section: Section) -> list[str]:
    lines = ["#" * min(section.level + 2, 6) + " " + _inert_inline(section.heading or section.id), ""]
    lines += paragraph_lines(body_text(section))
    for child in section.children:
        lines += _section_lines(child)
    return lines


def document_markdown(doc: Document) -> str:
    """The whole document as Markdown (ends with a newline)."""
    lines = [f"# {cell(doc.title)}", ""]
    lines += table(
        ["项目", "内容"],
        [
            ["单位", doc.unit], ["年度", doc.year or ""], ["类型", doc.kind], ["金额单位", doc.money_unit],
            ["文档 ID", doc.id], ["来源", doc.source.path],
        ],
    )
    lines.append("")
    for section in doc.sections:
        lines += _section_lines(section)
    if doc.facts:
        lines += ["## 数据摘录", ""]
        lines += table(
            ["项目", "数值", "单位", "折合万元", "变动", "变动率(%)", "章节"],
            [[f.label, f.value, f.unit, f.value_wan, f.change, f.change_pct, f.section] for f in doc.facts],
        )
        lines.append("")
    if doc.line_items:
        lines += ["## 支出功能分类科目", ""]
        lines += table(
            ["资金", "级次", "编码", "科目", f"金额({doc.money_unit})", "占比(%)", "变动率(%)", "原因"],
            [[i.fund, i.level, i.code, " / ".join(i.path) or i.name, i.amount, i.share_pct, i.change_pct, i.reason]
             for i in doc.line_items],
        )
        lines.append("")
    for card in doc.scorecards:
        lines += [f"## 绩效自评：{cell(card.project)}", ""]
        if card.funds:
            lines += table(
                ["资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率(%)", "得分"],
                [[r.name, r.initial_budget, r.annual_budget, r.executed, r.weight, r.rate_pct, r.score] for r in card.funds],
            )
            lines.append("")
        if card.indicators:
            lines += table(
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                [[i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score] for i in card.indicators],
            )
            lines.append("")
    if doc.tables:
        lines += ["## 附表", ""]
        for t in doc.tables:
            lines += [f"- {cell(t.number)} {cell(t.name)}（{TABLE_STATUS.get(t.status, t.status)}）".replace("-  ", "- ")]
        lines.append("")
        for t in doc.tables:
            if t.rows:
                width = max([len(t.columns)] + [len(r.cells) for r in t.rows])
                header = list(t.columns) + [""] * (width - len(t.columns))
                lines += [f"### {cell(t.name)}" + (f"（单位：{cell(t.unit)}）" if t.unit else ""), ""]
                lines += table(header, [list(r.cells) + [""] * (width - len(r.cells)) for r in t.rows])
                lines.append("")
    if doc.glossary:
        lines += ["## 名词解释", ""]
        lines += table(["名词", "解释"], [[g.term, g.definition] for g in doc.glossary])
        lines.append("")
    if doc.findings:
        lines += ["## 检查结果", ""]
        lines += table(
            ["级别", "规则", "标题", "说明", "章节"],
            [[SEVERITY.get(f.severity, f.severity), f.rule, f.title, f.message, f.section] for f in doc.findings],
        )
        lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
