"""Builders of test files: PDFs made with reportlab's built-in CID font STSong-Light
(no font file needed) and workbooks made with openpyxl.

Everything is written into a folder the test gives (tmp_path); nothing here is
committed as a binary.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 60.0, 70.0, 70.0


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, FONT, size)


def _tokens(text: str) -> list[str]:
    """Breakable units: a CJK character, a space, or a whole run of other characters (a number)."""
    out: list[str] = []
    run = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            run += ch
            continue
        if run:
            out.append(run)
            run = ""
        out.append(ch)
    if run:
        out.append(run)
    return out


_NO_START = set("，。、；：？！）)」』”’%,.;:?!")
_NO_END = set("（(「『“‘")


def wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of at most ``width`` points, never breaking inside a number or word, and
    (as word processors do) never starting a line with closing punctuation or ending
    one with an opening bracket."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if line and _width(line + token, size) > width:
            if token[0] in _NO_START and len(line) > 1:
                # Pull the last character down with the punctuation.
                carry, line = line[-1], line[:-1]
                token = carry + token
            while len(line) > 1 and line[-1] in _NO_END:
                token, line = line[-1] + token, line[:-1]
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line or not lines:
        lines.append(line)
    return lines


class _Writer:
    """A canvas with a cursor, a running header and page numbers in the footer."""

    def __init__(self, path: Path, header: str | None, size: float, leading: float,
                 encrypt: str | None = None) -> None:
        from reportlab.pdfgen import canvas

        _font()
        self.canvas = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), encrypt=encrypt)
        self.header = header
        self.size = size
        self.leading = leading
        self.page = 0
        self.y = 0.0
        self.furniture: list[str] = []
        self._new_page()

    def _new_page(self) -> None:
        if self.page:
            self._footer()
            self.canvas.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN_TOP
        if self.header:
            self.canvas.setFont(FONT, 9)
            self.canvas.drawCentredString(PAGE_W / 2, PAGE_H - 35, self.header)
            self.furniture.append(self.header)

    def _footer(self) -> None:
        text = f"- {self.page} -"
        self.canvas.setFont(FONT, 9)
        self.canvas.drawCentredString(PAGE_W / 2, 30, text)
        self.furniture.append(text)

    def need(self, height: float) -> None:
        if self.y - height < MARGIN_BOTTOM:
            self._new_page()

    def line(self, text: str, size: float | None = None) -> None:
        size = size or self.size
        for part in wrap(text, PAGE_W - 2 * MARGIN_X, size):
            self.need(self.leading)
            self.canvas.setFont(FONT, size)
            self.canvas.drawString(MARGIN_X, self.y - size, part)
            self.y -= self.leading

    def gap(self, height: float) -> None:
        self.y -= height

    def grid(self, rows: Sequence[Sequence[str]], widths: Sequence[float] | None = None,
             size: float = 9.0, spans: Sequence[tuple[int, int, int, int]] = ()) -> None:
        """A ruled table; ``spans`` are merged cells ``(r0, c0, r1, c1)`` inclusive."""
        ncols = max(len(row) for row in rows)
        rows = [list(row) + [""] * (ncols - len(row)) for row in rows]
        usable = PAGE_W - 2 * MARGIN_X
        if widths is None:
            # Room for the longest unbreakable word of each column, the rest by text length.
            least = [max((_width(t, size) for row in rows for t in _tokens(row[c])), default=0) + 6
                     for c in range(ncols)]
            weights = [max(2.0, max(len(row[c]) for row in rows) ** 0.5) for c in range(ncols)]
            spare = max(0.0, usable - sum(least))
            widths = [m + spare * w / sum(weights) for m, w in zip(least, weights)]
        lead = size + 3
        covered = {}
        for r0, c0, r1, c1 in spans:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    covered[(r, c)] = (r0, c0, r1, c1)
        xs = [MARGIN_X]
        for w in widths:
            xs.append(xs[-1] + w)

        def cell_lines(r: int, c: int) -> list[str]:
            span = covered.get((r, c))
            width = (xs[span[3] + 1] - xs[span[1]]) if span else widths[c]
            return wrap(rows[r][c], width - 4, size) if rows[r][c] else []

        heights = []
        for r in range(len(rows)):
            tallest = 1
            for c in range(ncols):
                span = covered.get((r, c))
                if span and (span[0], span[1]) != (r, c):
                    continue
                if span and span[2] > span[0]:
                    continue  # a vertical span spreads its text over several rows
                tallest = max(tallest, len(cell_lines(r, c)))
            heights.append(tallest * lead + 4)
        r = 0
        canvas = self.canvas
        while r < len(rows):
            self.need(heights[r])
            top = self.y
            ys = [top]
            # Rows of a vertical span stay on one page.
            last = r
            for r0, c0, r1, c1 in spans:
                if r0 <= r <= r1:
                    last = max(last, r1)
            for k in range(r, last + 1):
                ys.append(ys[-1] - heights[k])
            canvas.setLineWidth(0.6)
            for k in range(r, last + 1):
                for c in range(ncols):
                    span = covered.get((k, c))
                    if span and (span[0], span[1]) != (k, c):
                        continue
                    r1 = span[2] if span else k
                    c1 = span[3] if span else c
                    x0, x1 = xs[c], xs[c1 + 1]
                    y0, y1 = ys[k - r], ys[r1 - r + 1]
                    canvas.rect(x0, y1, x1 - x0, y0 - y1, stroke=1, fill=0)
                    lines = cell_lines(k, c)
                    canvas.setFont(FONT, size)
                    text_h = len(lines) * lead
                    y = y0 - ((y0 - y1) - text_h) / 2 - size
                    for part in lines:
                        canvas.drawString(x0 + 2, y, part)
                        y -= lead
            self.y = ys[-1]
            r = last + 1
        self.y -= 6

    def save(self) -> None:
        self._footer()
        self.canvas.save()


# --------------------------------------------------------------------------- #
# PDFs
# --------------------------------------------------------------------------- #


@dataclass
class Built:
    path: Path
    pages: int
    furniture: list[str]


def text_pdf(path: Path, text: str, header: str | None = None, size: float = 10.5) -> Built:
    """A disclosure text rendered page by page: wrapped lines, blank lines as paragraph
    gaps, runs of tab-separated lines as ruled tables, a running header and page numbers."""
    writer = _Writer(path, header, size, leading=size * 1.6)
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            block = []
            while i < len(lines) and "\t" in lines[i]:
                block.append(lines[i].split("\t"))
                i += 1
            writer.grid(block)
            continue
        if not line.strip():
            writer.gap(size * 0.9)
        else:
            writer.line(line)
        i += 1
    writer.save()
    return Built(path, writer.page, writer.furniture)


# A 支出决算表 with split 类|款|项 codes, a two-row header, wrapped names, a 合计 row.
EXPENDITURE_HEADER = [
    ["项目", "", "", "", "本年支出合计", "基本支出", "项目支出"],
    ["科目编码", "", "", "科目名称", "", "", ""],
    ["类", "款", "项", "", "", "", ""],
]
EXPENDITURE_SPANS = [(0, 0, 0, 3), (1, 0, 1, 2), (1, 3, 2, 3), (0, 4, 2, 4), (0, 5, 2, 5), (0, 6, 2, 6)]
EXPENDITURE_ROWS = [
    ["合计", "", "", "", "1,250.40", "820.15", "430.25"],
    ["201", "", "", "一般公共服务支出", "980.00", "600.00", "380.00"],
    ["201", "03", "", "政府办公厅（室）及相关机构事务", "980.00", "600.00", "380.00"],
    ["201", "03", "01", "行政运行", "600.00", "600.00", ""],
    ["201", "03", "99", "其他政府办公厅（室）及相关机构事务支出", "380.00", "", "380.00"],
    ["208", "", "", "社会保障和就业支出", "220.15", "220.15", ""],
    ["208", "05", "", "行政事业单位养老支出", "220.15", "220.15", ""],
    ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "150.10", "150.10", ""],
    ["208", "05", "06", "机关事业单位职业年金缴费支出", "70.05", "70.05", ""],
    ["221", "", "", "住房保障支出", "50.25", "", "50.25"],
    ["221", "02", "", "住房改革支出", "50.25", "", "50.25"],
    ["221", "02", "01", "住房公积金", "50.25", "", "50.25"],
]
SANGONG_HEADER = [
    ["合计", "", "因公出国（境）费", "", "公务用车购置及运行维护费", "", "", "", "", "", "公务接待费", ""],
    ["", "", "", "", "小计", "", "公务用车购置费", "", "公务用车运行维护费", "", "", ""],
    ["预算数", "决算数"] * 6,
]
SANGONG_SPANS = [(0, 0, 1, 1), (0, 2, 1, 3), (0, 4, 0, 9), (1, 4, 1, 5), (1, 6, 1, 7), (1, 8, 1, 9), (0, 10, 1, 11)]
SANGONG_ROW = ["12.50", "10.30", "0.00", "0.00", "8.00", "7.10", "0.00", "0.00", "8.00", "7.10", "4.50", "3.20"]


def tables_pdf(path: Path, unit: str = "某某市某某服务中心", year: int = 2024) -> Built:
    """Chinese narrative plus three 附表: 支出决算表 (codes, over two pages), 三公, and an
    empty 政府性基金 table with its 故本表无数据 note."""
    writer = _Writer(path, f"{unit}{year}年度部门决算", 10.5, leading=17)
    writer.line(f"{unit}{year}年度部门决算", size=16)
    writer.gap(10)
    writer.line("第一部分 部门概况")
    writer.line("一、主要职能")
    writer.line("负责本市政务服务热线的受理、转办、督办和回访工作。")
    writer.line("第二部分 部门决算表")
    writer.gap(6)
    writer.line("支出决算表", size=14)
    writer.line(f"编制单位：{unit}        单位：万元", size=9)
    widths = [34, 30, 30, 120, 80, 90, 91]  # names of more than 12 characters wrap
    writer.grid(EXPENDITURE_HEADER + EXPENDITURE_ROWS[:7], widths, spans=EXPENDITURE_SPANS)
    # The table continues on the next page without its header.
    writer._new_page()
    writer.grid(EXPENDITURE_ROWS[7:], widths)
    writer.line("注：本表反映部门本年度各项支出情况。", size=9)
    writer.gap(10)
    writer.line("财政拨款“三公”经费支出决算表", size=14)
    writer.line("单位：万元", size=9)
    writer.grid(SANGONG_HEADER + [SANGONG_ROW], [39.0] * 12, size=8, spans=SANGONG_SPANS)
    writer.gap(10)
    writer.line("政府性基金预算财政拨款收入支出决算表", size=14)
    writer.line("单位：万元", size=9)
    writer.grid([["项目", "", "年初结转和结余", "本年收入", "本年支出", "年末结转和结余"],
                 ["科目编码", "科目名称", "", "", "", ""],
                 ["合计", "", "", "", "", ""]],
                [60, 120, 70, 65, 70, 90], spans=[(0, 0, 0, 1), (0, 2, 1, 2), (0, 3, 1, 3), (0, 4, 1, 4), (0, 5, 1, 5)])
    writer.line("注：本单位本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。", size=9)
    writer._new_page()
    writer.line("第三部分 部门决算情况说明")
    writer.line("一、收入支出决算总体情况说明")
    writer.line(f"{year}年度收入总计1,250.40万元，支出总计1,250.40万元。")
    writer.save()
    return Built(path, writer.page, writer.furniture)


def unruled_table_pdf(path: Path) -> Path:
    """A 一般公共预算财政拨款支出决算表 drawn as aligned text without any ruling lines."""
    writer = _Writer(path, None, 10.5, 17)
    writer.line("一般公共预算财政拨款支出决算表", size=14)
    writer.line("单位：万元", size=9)
    xs = [60, 90, 120, 150, 360, 430, 500]
    rows = [["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"]] + EXPENDITURE_ROWS
    for row in rows:
        writer.need(14)
        writer.canvas.setFont(FONT, 9)
        for x, text in zip(xs, row):
            writer.canvas.drawString(x, writer.y - 9, text)
        writer.y -= 14
    writer.save()
    return path


def scanned_pdf(path: Path) -> Path:
    """A page with only an image on it (no text layer)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 200), 255)
    draw = ImageDraw.Draw(image)
    for y in range(20, 200, 20):
        draw.line((20, y, 380, y), fill=0, width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    c.drawImage(ImageReader(buffer), 80, 400, width=400, height=200)
    c.showPage()
    c.save()
    return path


def encrypted_pdf(path: Path) -> Path:
    """A text PDF that needs a password to open."""
    writer = _Writer(path, None, 12, 18, encrypt="secret")
    writer.line("收入支出决算总表")
    writer.save()
    return path


def corrupt_pdf(path: Path, source: Path) -> Path:
    """The first part of a valid PDF, cut mid-stream."""
    data = source.read_bytes()
    path.write_bytes(data[: max(64, len(data) // 3)])
    return path


# --------------------------------------------------------------------------- #
# Workbooks
# --------------------------------------------------------------------------- #


def general_budget_workbook(path: Path, unit: str, year: int, rows: Sequence[Sequence[str | float]],
                            money_unit: str = "万元", split_codes: bool = True) -> Path:
    """A 一般公共预算财政拨款支出决算表 sheet: title and unit rows, a merged two-row header,
    codes as 类|款|项 columns (or one 科目编码 column), amounts as numbers."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "公开05表"
    code_cols = 3 if split_codes else 1
    width = code_cols + 4
    ws.append(["一般公共预算财政拨款支出决算表"] + [None] * (width - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.append([f"编制单位：{unit}"] + [None] * (width - 2) + [f"单位：{money_unit}"])
    ws.append([f"{year}年度"] + [None] * (width - 1))
    if split_codes:
        ws.append(["科目编码", None, None, "科目名称", "合计", "基本支出", "项目支出"])
        ws.append(["类", "款", "项", None, None, None, None])
        ws.merge_cells("A4:C4")
        for col in "DEFG":
            ws.merge_cells(f"{col}4:{col}5")
    else:
        ws.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    for row in rows:
        ws.append(list(row))
    for r in range(6 if split_codes else 5, ws.max_row + 1):
        for c in range(code_cols + 2, width + 1):
            ws.cell(r, c).number_format = "#,##0.00"
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14
    book.save(path)
    return path
