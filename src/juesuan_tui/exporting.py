"""Table exports: row builders per table, and writers for CSV, XLSX, Markdown and JSON.

Rows hold exact values (``Decimal`` as printed, ``int``, ``str``); each writer
converts only at its boundary: CSV writes decimals as exact strings (UTF-8
with BOM so Excel reads Chinese), XLSX writes them as numbers with a 2-decimal
format (Decimal → str → number, never float arithmetic), JSON as strings.
Text from documents is data: control characters are shown as ``\\xNN``, and
in CSV/XLSX a text cell starting with = + - @ gets a leading ' so a
spreadsheet never runs it as a formula. No SQL, no UI.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from juesuan_tui.inert import printable
from juesuan_tui.models import Document, Note

__all__ = [
    "Column",
    "Sheet",
    "TABLES",
    "TableSpec",
    "build_sheet",
    "fact_rows",
    "finding_rows",
    "glossary_rows",
    "indicator_rows",
    "line_item_rows",
    "neutralise",
    "note_rows",
    "to_csv",
    "to_json",
    "to_markdown",
    "to_xlsx",
]

Kind = Literal["text", "int", "money", "number"]
SEVERITY_TEXT = {"error": "错误", "warning": "警告", "info": "提示"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MONEY_FORMAT = "#,##0.00"
_NUMBER_FORMAT = "0.00"


@dataclass(frozen=True)
class Column:
    id: str  # key in JSON rows
    title: str  # header in CSV, XLSX and Markdown
    kind: Kind = "text"
    width: int = 12  # XLSX column width (characters)


@dataclass(frozen=True)
class TableSpec:
    name: str  # --table value
    sheet: str  # Chinese sheet name
    columns: tuple[Column, ...]


@dataclass
class Sheet:
    spec: TableSpec
    rows: list[dict[str, Any]] = field(default_factory=list)


_DOC_COLUMNS = (Column("document_id", "文档ID", width=18), Column("unit", "单位", width=28), Column("year", "年度", "int", 6))

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("line_items", "支出科目", (
            *_DOC_COLUMNS,
            Column("fund", "资金来源", width=22), Column("level", "级次", width=6), Column("code", "科目编码", width=10),
            Column("path", "科目", width=48), Column("amount", "金额（万元）", "money"),
            Column("change", "比上年增减", "money"), Column("change_pct", "增减率（%）", "number"),
            Column("share_pct", "占比（%）", "number"), Column("budget", "预算数", "money"),
            Column("reason", "原因", width=40),
        )),
        TableSpec("facts", "数据摘录", (
            *_DOC_COLUMNS,
            Column("key", "指标键", width=24), Column("label", "名称", width=28), Column("value", "数值", "money"),
            Column("unit_printed", "单位", width=8), Column("value_wan", "折合万元", "money"),
            Column("share_pct", "占比（%）", "number"), Column("change", "比上年增减", "money"),
            Column("change_pct", "增减率（%）", "number"), Column("budget", "预算数", "money"),
            Column("diff_pct", "预决算差异率（%）", "number"), Column("reason", "原因", width=40),
            Column("section", "章节", width=8), Column("sentence", "原句", width=60),
        )),
        TableSpec("indicators", "绩效指标", (
            *_DOC_COLUMNS,
            Column("project", "项目", width=28), Column("level1", "一级指标", width=12),
            Column("level2", "二级指标", width=16), Column("name", "三级指标", width=28),
            Column("target", "年度指标值", width=16), Column("actual", "实际完成值", width=16),
            Column("weight", "分值", "number", 8), Column("score", "得分", "number", 8),
            Column("note", "偏差原因分析及改进措施", width=40),
        )),
        TableSpec("glossary", "名词解释", (
            *_DOC_COLUMNS,
            Column("number", "序号", width=6), Column("term", "名词", width=24), Column("definition", "解释", width=80),
        )),
        TableSpec("findings", "检查结果", (
            *_DOC_COLUMNS,
            Column("severity", "级别", width=6), Column("rule", "规则", width=20), Column("title", "检查项", width=28),
            Column("message", "说明", width=60), Column("difference", "差额", "money"),
            Column("section", "章节", width=8), Column("location", "位置", width=24),
        )),
        TableSpec("notes", "审核意见", (
            Column("id", "编号", "int", 6), *_DOC_COLUMNS,
            Column("anchor", "对象", width=6), Column("where", "位置", width=40), Column("text", "意见", width=60),
            Column("status", "状态", width=8), Column("author", "作者", width=10),
            Column("created_at", "创建时间", width=20), Column("updated_at", "更新时间", width=20),
            Column("orphaned", "原位置已不存在", width=8),
        )),
    )
}


# ---------------------------------------------------------------- row builders


def _doc(doc: Document) -> dict[str, Any]:
    return {"document_id": doc.id, "unit": doc.unit, "year": doc.year}


def line_item_rows(doc: Document) -> list[dict[str, Any]]:
    """One row per 类/款/项 (path joined with " / ")."""
    return [
        {
            **_doc(doc), "fund": i.fund, "level": i.level, "code": i.code, "path": " / ".join(i.path),
            "amount": i.amount if i.amount is not None else i.table_amount, "change": i.change,
            "change_pct": i.change_pct, "share_pct": i.share_pct, "budget": i.budget, "reason": i.reason,
        }
        for i in doc.line_items
    ]


def fact_rows(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            **_doc(doc), "key": f.key, "label": f.label, "value": f.value, "unit_printed": f.unit,
            "value_wan": f.value_wan, "share_pct": f.share_pct, "change": f.change, "change_pct": f.change_pct,
            "budget": f.budget, "diff_pct": f.diff_pct, "reason": f.reason, "section": f.section,
            "sentence": f.sentence,
        }
        for f in doc.facts
    ]


def indicator_rows(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            **_doc(doc), "project": card.project, "level1": ind.level1, "level2": ind.level2, "name": ind.name,
            "target": ind.target, "actual": ind.actual, "weight": ind.weight, "score": ind.score, "note": ind.note,
        }
        for card in doc.scorecards
        for ind in card.indicators
    ]


def glossary_rows(doc: Document) -> list[dict[str, Any]]:
    return [{**_doc(doc), "number": t.number, "term": t.term, "definition": t.definition} for t in doc.glossary]


def finding_rows(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            **_doc(doc), "severity": SEVERITY_TEXT.get(f.severity, f.severity), "rule": f.rule, "title": f.title,
            "message": f.message, "difference": f.difference, "section": f.section, "location": f.location,
        }
        for f in doc.findings
    ]


def note_rows(notes: Iterable[Note], documents: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """The 审核意见 list; ``documents`` maps ids to anything with ``unit`` and ``year``."""
    from juesuan_tui.notes import ANCHOR_TEXT, describe

    documents = documents or {}
    rows = []
    for note in notes:
        doc = documents.get(note.document_id)
        rows.append({
            "id": note.id, "document_id": note.document_id,
            "unit": getattr(doc, "unit", None), "year": getattr(doc, "year", None),
            "anchor": ANCHOR_TEXT.get(note.anchor, note.anchor), "where": describe(note), "text": note.text,
            "status": note.status, "author": note.author,
            "created_at": _time(note.created_at), "updated_at": _time(note.updated_at),
            "orphaned": "是" if note.orphaned else "",
        })
    return rows


def _time(value) -> str | None:
    if value is None:
        return None
    local = value.astimezone() if value.tzinfo else value
    return local.strftime("%Y-%m-%d %H:%M:%S")


_BUILDERS = {
    "line_items": line_item_rows,
    "facts": fact_rows,
    "indicators": indicator_rows,
    "glossary": glossary_rows,
    "findings": finding_rows,
}


def build_sheet(
    name: str, docs: Sequence[Document] = (), notes: Iterable[Note] = (), documents: Mapping[str, Any] | None = None
) -> Sheet:
    """The rows of table ``name`` over ``docs`` (notes: over ``notes``, with ``documents`` for unit/year)."""
    spec = TABLES[name]
    if name == "notes":
        known = {d.id: d for d in docs}
        known.update(documents or {})
        return Sheet(spec, note_rows(notes, known))
    return Sheet(spec, [row for doc in docs for row in _BUILDERS[name](doc)])


# ---------------------------------------------------------------- cell values


def neutralise(text: str) -> str:
    """A text cell a spreadsheet would run as a formula (= + - @ …) gets a leading '."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _decimal_text(value: Any) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _cell_text(column: Column, value: Any, *, spreadsheet: bool) -> str:
    """A value as text: decimals exact, text made printable (and inert in a spreadsheet)."""
    if value is None:
        return ""
    if column.kind in ("money", "number", "int"):
        return _decimal_text(value)
    text = printable(str(value))
    return neutralise(text) if spreadsheet else text


# ---------------------------------------------------------------- writers


def to_csv(sheet: Sheet) -> bytes:
    """CSV in UTF-8 with BOM (Excel shows Chinese), header row of Chinese titles, exact decimals."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([c.title for c in sheet.spec.columns])
    for row in sheet.rows:
        writer.writerow([_cell_text(c, row.get(c.id), spreadsheet=True) for c in sheet.spec.columns])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_number(value: Decimal) -> int | float | str:
    """Decimal → str → number at the write boundary; exact text when a double cannot hold it."""
    text = format(value, "f")
    number = float(text)
    return number if Decimal(repr(number)) == value else text


def to_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one sheet per table (Chinese sheet names), header row bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = book.create_sheet(title=sheet.spec.sheet[:31])
        columns = sheet.spec.columns
        ws.append([c.title for c in columns])
        for cell in ws[1]:
            cell.font = bold
        for n, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(n)].width = column.width
        ws.freeze_panes = "A2"
        for r, row in enumerate(sheet.rows, start=2):
            for c, column in enumerate(columns, start=1):
                value = row.get(column.id)
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c)
                if column.kind in ("money", "number") and isinstance(value, Decimal):
                    cell.value = _xlsx_number(value)
                    if not isinstance(cell.value, str):
                        cell.number_format = _MONEY_FORMAT if column.kind == "money" else _NUMBER_FORMAT
                elif column.kind == "int" and isinstance(value, int):
                    cell.value = value
                else:
                    cell.value = _cell_text(column, value, spreadsheet=True)
                    cell.data_type = "s"  # never a formula, whatever the text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(sheet: Sheet, *, title: bool = True) -> str:
    """A Markdown table (with the sheet name as a heading)."""
    columns = sheet.spec.columns
    lines = [f"## {sheet.spec.sheet}", ""] if title else []
    lines.append("| " + " | ".join(c.title for c in columns) + " |")
    lines.append("|" + "|".join("---:" if c.kind != "text" else "---" for c in columns) + "|")
    for row in sheet.rows:
        lines.append("| " + " | ".join(_md_cell(_cell_text(c, row.get(c.id), spreadsheet=False)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def to_json(sheet: Sheet) -> str:
    """A JSON array of row objects keyed by column id; decimals as exact strings, empty as null."""
    def value(column: Column, raw: Any) -> Any:
        if raw is None:
            return None
        if isinstance(raw, Decimal):
            return format(raw, "f")
        return raw

    rows = [{c.id: value(c, row.get(c.id)) for c in sheet.spec.columns} for row in sheet.rows]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


class WriteError(Exception):
    """A file could not be written; the message is one Chinese line naming the path."""


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write via a temporary file in the same folder, then rename, so a failure never leaves half a file."""
    import os
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise WriteError(f"{path}: 无法写入（{exc.strerror or exc}）") from None
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would surprise the user
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WriteError(f"{path}: 无法写入（{exc.strerror or exc}）") from None
