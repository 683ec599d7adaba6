"""Excel workbooks of 附表: one standard table per sheet → a tables-only Document.

``.xlsx`` is read with openpyxl and ``.xls`` with xlrd, both imported lazily.
Cells are turned into text as Excel shows them (the number format's decimals),
so amounts stay exact: ``2940.05`` stored as a binary float is read back as
the Decimal ``2940.05``, never as ``2940.0500000000002``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable

from importers.errors import ImportRefused
from importers.normalize import canonical_name, fold
from importers.tablegrid import (
    Grid,
    TableContext,
    build_table,
    identify_table,
    parse_year,
    render_table,
    split_context,
)
from juesuan_tui.models import Document, Section, Source, Table

MAX_BYTES = 50 * 1024 * 1024
MAX_CELLS = 2_000_000  # rows × columns over all sheets


@dataclass
class Sheet:
    """One worksheet as printed text cells plus its merged ranges (inclusive, 0-based)."""

    name: str
    rows: list[list[str]]
    merges: list[tuple[int, int, int, int]]


# --------------------------------------------------------------------------- #
# Cell values as printed
# --------------------------------------------------------------------------- #


def _decimals(number_format: str | None) -> int | None:
    """Decimals a number format shows (``#,##0.00`` → 2); None for General."""
    if not number_format or number_format.lower() == "general":
        return None
    first = number_format.split(";")[0]
    first = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", first)
    match = re.search(r"[0#?]\.([0#?]+)", first)
    return len(match.group(1)) if match else (0 if re.search(r"[0#]", first) else None)


def cell_text(value: Any, number_format: str | None = None) -> str:
    """A cell value as Excel shows it (decimals of its number format, no thousands separators)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                return ""
            # 15 significant digits undo binary noise (0.1 + 0.2), as Excel does.
            number = Decimal(format(value, ".15g"))
        else:
            number = Decimal(value)
        percent = bool(number_format and "%" in number_format.split(";")[0])
        if percent:
            number *= 100
        places = _decimals(number_format)
        if places is not None:
            try:
                number = number.quantize(Decimal(1).scaleb(-places))
            except InvalidOperation:
                pass
        text = format(number, "f")
        if places is None and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text + ("%" if percent else "")
    return str(value)


# --------------------------------------------------------------------------- #
# Reading workbooks
# --------------------------------------------------------------------------- #


def read_xlsx(path: Path) -> list[Sheet]:
    """Sheets of an .xlsx workbook (cached values of formulas)."""
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise ImportRefused(path, "缺少 Excel 解析库 openpyxl，请先安装") from exc
    try:
        # Not read_only: merged ranges (multi-row headers) are only known in full mode.
        book = openpyxl.load_workbook(path, data_only=True, read_only=False)
    except Exception as exc:
        raise ImportRefused(path, "Excel 文件损坏或不是 .xlsx 文件") from exc
    sheets = []
    cells = 0
    try:
        for ws in book.worksheets:
            if ws.sheet_state != "visible":
                continue
            cells += (ws.max_row or 0) * (ws.max_column or 0)
            if cells > MAX_CELLS:
                raise ImportRefused(path, "Excel 文件过大")
            rows = [[cell_text(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
            merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
            sheets.append(Sheet(ws.title, _trim(rows), merges))
    finally:
        book.close()
    return sheets


def read_xls(path: Path) -> list[Sheet]:
    """Sheets of a legacy .xls workbook (xlrd 2.x)."""
    try:
        import xlrd
    except ImportError as exc:
        raise ImportRefused(path, "暂不支持 .xls，请另存为 .xlsx") from exc
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except Exception as exc:
        raise ImportRefused(path, "Excel 文件损坏或不是 .xls 文件") from exc
    try:
        return sheets_from_xlrd(book, path)
    finally:
        book.release_resources()


def sheets_from_xlrd(book: Any, path: Path) -> list[Sheet]:
    """Sheets of an opened xlrd book: values with their number formats, merged ranges."""
    sheets = []
    cells = 0
    for index in range(book.nsheets):
        sh = book.sheet_by_index(index)
        if getattr(sh, "visibility", 0):
            continue
        cells += sh.nrows * sh.ncols
        if cells > MAX_CELLS:
            raise ImportRefused(path, "Excel 文件过大")
        rows = []
        for r in range(sh.nrows):
            row = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                fmt = None
                try:
                    xf = book.xf_list[cell.xf_index]
                    fmt = book.format_map[xf.format_key].format_str
                except (AttributeError, IndexError, KeyError, TypeError):
                    pass
                value = cell.value
                if cell.ctype in (0, 6):  # empty, blank
                    value = None
                elif cell.ctype == 5:  # error
                    value = None
                elif cell.ctype == 4:
                    value = bool(value)
                row.append(cell_text(value, fmt))
            rows.append(row)
        merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in getattr(sh, "merged_cells", [])]
        sheets.append(Sheet(sh.name, _trim(rows), merges))
    return sheets


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop trailing empty rows and columns (formatting often extends a sheet far beyond its data)."""
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, cell in enumerate(row) if cell.strip()), default=0) for row in rows), default=0)
    return [row[:width] + [""] * (width - len(row[:width])) for row in rows]


# --------------------------------------------------------------------------- #
# Sheets → tables → Document
# --------------------------------------------------------------------------- #


def _title_rows(grid: Grid) -> list[int]:
    """Rows that hold only a table title (a sheet may stack several tables)."""
    out = []
    for r in range(len(grid.cells)):
        texts = grid.row_texts(r)
        if 1 <= len(texts) <= 2 and any(identify_table(t) for t in texts):
            out.append(r)
    return out


def sheet_tables(sheet: Sheet, source: str | None = None) -> list[tuple[Table | None, TableContext]]:
    """The tables a sheet holds (recognised by their title rows, or the sheet's name), with context."""
    if not sheet.rows:
        return []
    grid = Grid.from_rows(sheet.rows, sheet.merges)
    starts = _title_rows(grid)
    # Consecutive title rows (a title and its subtitle) start one table.
    starts = [r for i, r in enumerate(starts) if i == 0 or r != starts[i - 1] + 1]
    # Rows above the first title (a 公开05表 label) belong to the first table.
    starts = [0] + starts[1:]
    bounds = starts + [len(grid.cells)]
    out = []
    for first, stop in zip(bounds, bounds[1:]):
        part = grid.subgrid(list(range(first, stop)))
        body, context = split_context(part)
        if context.kind is None:
            context.lines.append(sheet.name)  # a sheet named after its table
        out.append((build_table(body, context, source=source), context))
    return out


def render_sheets(sheets: Iterable[Sheet]) -> str:
    """Every sheet as tab-separated lines under a 【sheet】 line: nothing of the workbook is lost."""
    out = []
    for sheet in sheets:
        out.append(f"【{sheet.name}】")
        for row in sheet.rows:
            cells = [" ".join(cell.split()) for cell in row]
            while cells and not cells[-1]:
                cells.pop()
            out.append("\t".join(cells))
        out.append("")
    return "\n".join(out)


def _kind(text: str) -> str:
    folded = fold(text)
    if "部门决算" in folded:
        return "部门决算"
    return "单位决算"


def tables_document(sheets: list[Sheet], source: Source) -> Document:
    """A tables-only Document from the sheets of a workbook."""
    from importers.pipeline import document_id

    tables: list[Table] = []
    departments: Counter[str] = Counter()
    years: Counter[int] = Counter()
    titles: list[str] = []
    for sheet in sheets:
        for table, context in sheet_tables(sheet, source=source.path):
            for line in context.lines:
                year = parse_year(line)
                if year:
                    years[year] += 1
            if context.department:
                departments[context.department] += 1
            if context.title:
                titles.append(context.title)
            # Only recognised tables: other sheets stay in the text rendering.
            if table is not None and identify_table(table.name) is not None:
                tables.append(table)
    text = render_sheets(sheets)
    lines = text.split("\n")
    unit = departments.most_common(1)[0][0] if departments else ""
    year = years.most_common(1)[0][0] if years else None
    stem = Path(source.path).stem
    unit = unit or _unit_from_titles(titles) or stem
    title = f"{unit}{year or ''}年度决算报表" if year else f"{unit}决算报表"
    section = Section(
        id="1", level=0, title="附表（Excel 工作簿）", key="tables", raw=text,
        text="\n".join(render_table(t) for t in tables) or text, line_start=0, line_end=len(lines),
    )
    for table in tables:
        table.section = "1"
    return Document(
        id=document_id(text),
        title=title,
        unit=unit,
        year=year,
        kind=_kind(text),  # type: ignore[arg-type]
        source=source,
        text=text,
        sections=[section],
        tables=tables,
    )


def _unit_from_titles(titles: list[str]) -> str:
    """``XX单位2024年度收入支出决算总表`` → XX单位."""
    for title in titles:
        match = re.match(r"^(.{2,40}?)(?:19|20)\d{2}\s*年", fold(title))
        if match:
            return canonical_name(match.group(1))
    return ""


def load_excel(path: str | os.PathLike[str]) -> Document:
    """Import an Excel workbook of 附表 (.xlsx, or .xls via xlrd)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportRefused(path, f"Excel 文件过大（{size // (1024 * 1024)} MB）")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(path, "无法读取文件") from exc
    suffix = path.suffix.lower()
    if suffix == ".xls":
        sheets = read_xls(path)
        fmt = "xls"
    else:
        sheets = read_xlsx(path)
        fmt = "xlsx"
    from importers.pipeline import file_source

    source = file_source(path, data, fmt)
    try:
        doc = tables_document(sheets, source)
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused(path, f"解析失败：{type(exc).__name__}") from exc
    if not doc.tables:
        raise ImportRefused(path, "工作簿中没有可识别的决算表")
    return doc
