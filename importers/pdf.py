"""PDF disclosures: the text layer through the text pipeline, the 附表 from positions.

pdfplumber is imported lazily (only when a PDF is read). Lines are rebuilt
from characters rather than taken from pdfplumber's text, because disclosures
print digits in a Latin font on a lower baseline than the CJK text around
them; a plain y-tolerance puts ``2024`` and ``万元`` on different lines.
"""

from __future__ import annotations

import os
import re
import statistics
import time
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from importers import limits
from importers.errors import ImportRefused
from importers.normalize import fold
from importers.tablegrid import (
    EMPTY_RE,
    Grid,
    TableContext,
    build_table,
    identify_table,
    parse_unit,
)
from juesuan_tui.models import Document, Source, Table

MAX_PAGES = 500
MAX_OBJECTS = 250_000  # indirect objects in the cross-reference tables; a real disclosure has thousands
MAX_BYTES = 200 * 1024 * 1024
TIME_BUDGET = 180.0  # seconds for one file

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－]\s*\d{1,4}\s*[-–—－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?"
    r"|\d{1,4})$",
    re.I,
)
_PART_HEADING = re.compile(r"^第?[一二三四五六七八九十]{1,3}部分?")
_NOTE_START = re.compile(r"^(?:注|说明|备注)\s*\d?\s*[:：]")
_MARGIN = 0.1  # furniture lives in the outer 10% of the page height


@dataclass
class PdfLine:
    """A line of a page: text, position, and whether it belongs to a grid."""

    text: str
    top: float
    bottom: float
    x0: float = 0.0
    size: float = 10.0
    grid: bool = False  # a table row rendered with tabs
    x1: float = 0.0


@dataclass
class PdfTable:
    """A table found on a page by position."""

    top: float
    bottom: float
    grid: Grid


@dataclass
class PdfPage:
    number: int  # 1-based
    height: float
    lines: list[PdfLine] = field(default_factory=list)
    tables: list[PdfTable] = field(default_factory=list)
    chars: int = 0


@dataclass
class PdfContent:
    """What a PDF holds, page by page, with the furniture that was taken out."""

    pages: list[PdfPage]
    furniture: list[tuple[int, str]] = field(default_factory=list)


# --------------------------------------------------------------------------- #
# Characters → lines
# --------------------------------------------------------------------------- #


def _char_lines(chars: Sequence[dict[str, Any]]) -> list[PdfLine]:
    """Group characters into lines by vertical centre, then order them left to right.

    A character joins a line when at least half of its height overlaps the
    line's extent: a Latin digit sitting a few points lower than the CJK text
    stays on the same line, the next line (a full line pitch away) does not.
    """
    glyphs = [c for c in chars if c.get("text") and c.get("upright", True)]
    glyphs.sort(key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    groups: list[list[Any]] = []  # [top, bottom, members]
    for c in glyphs:
        height = max(c["bottom"] - c["top"], 1.0)
        if groups:
            top, bottom, members = groups[-1]
            overlap = min(bottom, c["bottom"]) - max(top, c["top"])
            if overlap >= 0.5 * min(height, bottom - top):
                groups[-1][0], groups[-1][1] = min(top, c["top"]), max(bottom, c["bottom"])
                members.append(c)
                continue
        groups.append([c["top"], c["bottom"], [c]])
    lines = []
    for _, _, members in groups:
        members.sort(key=lambda c: c["x0"])
        sizes = [c.get("size") or (c["bottom"] - c["top"]) for c in members]
        size = statistics.median(sizes)
        text = ""
        previous = None
        for c in members:
            if not c["text"].strip():
                # A drawn space: one space, however many.
                if text and not text[-1].isspace():
                    text += " "
                previous = c
                continue
            if previous is not None:
                gap = c["x0"] - previous["x1"]
                if gap > 1.5 * size:
                    text = text.rstrip(" ") + "\t"
                elif gap > 0.25 * size and not text[-1:].isspace():
                    text += " "
            text += c["text"]
            previous = c
        text = text.strip(" ")
        if not text.strip():
            continue
        lines.append(PdfLine(
            text=text,
            top=min(c["top"] for c in members),
            bottom=max(c["bottom"] for c in members),
            x0=members[0]["x0"],
            size=size,
            x1=max(c["x1"] for c in members),
        ))
    return lines


def _boundaries(values: Iterable[float], tolerance: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _nearest(bounds: list[float], value: float) -> int:
    return min(range(len(bounds)), key=lambda i: abs(bounds[i] - value))


def _table_grid(cells: Sequence[tuple[float, float, float, float]],
                chars: Sequence[dict[str, Any]]) -> tuple[Grid, list[float]] | None:
    """Cell boxes + characters → a Grid with merged cells, and the top of each grid row."""
    if not cells:
        return None
    xs = _boundaries([x for cell in cells for x in (cell[0], cell[2])])
    ys = _boundaries([y for cell in cells for y in (cell[1], cell[3])])
    nrows, ncols = len(ys) - 1, len(xs) - 1
    if nrows < 1 or ncols < 1:
        return None
    origin: list[list[tuple[int, int] | None]] = [[None] * ncols for _ in range(nrows)]
    boxes: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for cell in cells:
        c0, c1 = _nearest(xs, cell[0]), _nearest(xs, cell[2])
        r0, r1 = _nearest(ys, cell[1]), _nearest(ys, cell[3])
        if c1 <= c0 or r1 <= r0:
            continue
        for r in range(r0, r1):
            for c in range(c0, c1):
                if origin[r][c] is None:
                    origin[r][c] = (r0, c0)
        boxes.setdefault((r0, c0), [])
    for r in range(nrows):
        for c in range(ncols):
            if origin[r][c] is None:
                origin[r][c] = (r, c)
                boxes.setdefault((r, c), [])
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        c = bisect_right(xs, cx) - 1
        r = bisect_right(ys, cy) - 1
        if 0 <= r < nrows and 0 <= c < ncols:
            boxes[origin[r][c]].append(ch)  # type: ignore[index]
    rows = [[""] * ncols for _ in range(nrows)]
    merges = []
    for (r0, c0), members in boxes.items():
        rows[r0][c0] = "\n".join(line.text for line in _char_lines(members))
        span = [(r, c) for r in range(nrows) for c in range(ncols) if origin[r][c] == (r0, c0)]
        r1, c1 = max(p[0] for p in span), max(p[1] for p in span)
        if (r1, c1) != (r0, c0):
            merges.append((r0, c0, r1, c1))
    return Grid.from_rows(rows, merges), ys


def _grid_lines(grid: Grid, tops: list[float], size: float) -> list[PdfLine]:
    """A table rendered as tab-separated lines (one per grid row, empty rows dropped)."""
    out = []
    for r, row in enumerate(grid.cells):
        cells = [grid.own(r, c) for c in range(grid.width)]
        while cells and not cells[-1]:
            cells.pop()
        if not any(cells):
            continue
        out.append(PdfLine("\t".join(cells), tops[r], tops[r + 1], 0.0, size, grid=True))
    return out


def _inside(ch: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]


def _read_page(page: Any, number: int, text_strategy: bool) -> PdfPage:
    chars = [c for c in page.chars if c.get("text")]
    visible = sum(1 for c in chars if c["text"].strip())
    out = PdfPage(number=number, height=float(page.height), chars=visible)
    if not visible:
        return out
    found = page.find_tables()
    if text_strategy and not found:
        found = page.find_tables({"vertical_strategy": "text", "horizontal_strategy": "text"})
    sizes = [c.get("size") or 10.0 for c in chars]
    size = statistics.median(sizes)
    taken: list[tuple[float, float, float, float]] = []
    grid_lines: list[PdfLine] = []
    for table in found:
        bbox = table.bbox
        inner = [c for c in chars if _inside(c, bbox)]
        built = _table_grid(table.cells, inner)
        if built is None:
            continue
        grid, tops = built
        if len(grid.cells) < 2 or grid.width < 2:
            continue
        taken.append(bbox)
        out.tables.append(PdfTable(top=bbox[1], bottom=bbox[3], grid=grid))
        grid_lines += _grid_lines(grid, tops, size)
    free = [c for c in chars if not any(_inside(c, bbox) for bbox in taken)]
    lines = _char_lines(free) + grid_lines
    lines.sort(key=lambda line: (line.top, line.x0))
    out.lines = lines
    return out


# --------------------------------------------------------------------------- #
# Page furniture
# --------------------------------------------------------------------------- #


def _furniture_shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", fold(text)))


def _is_page_number(text: str, page_count: int) -> bool:
    folded = re.sub(r"\s+", " ", fold(text)).strip()
    if not _PAGE_NUMBER.match(folded):
        return False
    if folded.isdigit():
        # A bare number is a page number only if it could be one (not a year on a cover).
        return 0 < int(folded) <= page_count + 10
    return True


def remove_furniture(pages: list[PdfPage]) -> list[tuple[int, str]]:
    """Take page numbers and running headers/footers off the pages; return what was removed."""
    removed: list[tuple[int, str]] = []

    def edges(page: PdfPage) -> list[PdfLine]:
        text_lines = [line for line in page.lines if not line.grid]
        band = page.height * _MARGIN
        head = [line for line in text_lines[:2] if line.bottom <= band]
        tail = [line for line in text_lines[-2:] if line.top >= page.height - band]
        return head + [line for line in tail if line not in head]

    texted = [page for page in pages if page.lines]
    shapes = Counter()
    for page in texted:
        shapes.update({_furniture_shape(line.text) for line in edges(page)})
    threshold = max(3, (len(texted) + 1) // 2)
    repeated = {shape for shape, count in shapes.items() if count >= threshold}
    for page in texted:
        drop = []
        for line in edges(page):
            if _is_page_number(line.text, len(pages)) or (
                _furniture_shape(line.text) in repeated
                and not identify_table(line.text) and not parse_unit(line.text)
            ):
                drop.append(line)
        for line in drop:
            page.lines.remove(line)
            removed.append((page.number, line.text))
    return removed


# --------------------------------------------------------------------------- #
# Reading
# --------------------------------------------------------------------------- #


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's ``decompress_corrupted`` in linear time.

    pdfminer feeds a damaged Flate stream to zlib one byte at a time and
    concatenates bytes objects: quadratic, minutes for one damaged font of a
    few MB. Same contract: a stream broken only in its last three bytes (the
    checksum) gives what decompressed; broken earlier raises ``zlib.error``.
    """
    import zlib

    inflate = zlib.decompressobj()
    out = [inflate.decompress(data[:-3])]  # an error here is before the checksum: raise
    for i in range(max(0, len(data) - 3), len(data)):
        try:
            out.append(inflate.decompress(data[i : i + 1]))
        except zlib.error:
            break
    return b"".join(out)


def _patch_pdfminer() -> None:
    from pdfminer import pdftypes

    if getattr(pdftypes, "decompress_corrupted", None) is not _decompress_corrupted:
        pdftypes.decompress_corrupted = _decompress_corrupted


def _open(path: Path, max_pages: int = MAX_PAGES) -> Any:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise ImportRefused(path, "缺少 PDF 解析库 pdfplumber，请先安装") from exc
    _patch_pdfminer()
    try:
        pdf = pdfplumber.open(path)
        _check_counts(path, pdf, max_pages)  # before the page tree is built
        pdf.pages  # forces the page tree: a broken file fails here
    except ImportRefused:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise ImportRefused(path, "PDF 已加密") from exc
    except Exception as exc:  # pdfminer raises many kinds on damaged files
        cause = exc.__cause__ or exc.__context__
        if _is_encryption_error(exc) or _is_encryption_error(cause):
            raise ImportRefused(path, "PDF 已加密") from exc
        raise ImportRefused(path, "PDF 文件损坏") from exc
    return pdf


def _check_counts(path: Path, pdf: Any, max_pages: int) -> None:
    """Refuse a PDF whose cross-reference tables list too many objects, or whose
    page tree announces too many pages, before any of them is parsed."""
    doc = getattr(pdf, "doc", None)
    objects = 0
    for xref in getattr(doc, "xrefs", ()) or ():
        try:
            objects += sum(1 for _ in xref.get_objids())
        except Exception:  # noqa: BLE001 - a damaged table is judged when the pages are read
            continue
        if objects > MAX_OBJECTS:
            pdf.close()
            raise ImportRefused(path, f"PDF 对象过多（超过 {MAX_OBJECTS} 个），不像决算公开文件")
    try:
        from pdfminer.pdftypes import resolve1

        count = resolve1(resolve1(doc.catalog["Pages"])["Count"])
    except Exception:  # noqa: BLE001 - no usable /Count: the page tree is counted below
        return
    if isinstance(count, int) and count > max_pages:
        pdf.close()
        raise ImportRefused(path, f"PDF 过大（{count} 页，上限 {max_pages} 页）")


def _is_encryption_error(exc: BaseException | None) -> bool:
    if exc is None:
        return False
    name = type(exc).__name__
    return "Password" in name or "Encrypt" in name or "password" in str(exc).lower()


def read_pdf(path: str | os.PathLike[str], *, max_pages: int = MAX_PAGES,
             time_budget: float = TIME_BUDGET) -> PdfContent:
    """Pages of a PDF as lines (tables rendered with tabs) plus the tables found by position.

    Raises ImportRefused for encrypted, damaged, scanned or oversized files.
    """
    path = Path(path)
    started = time.monotonic()
    pdf = _open(path, max_pages)
    try:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise ImportRefused(path, "PDF 文件损坏") from exc
        if count == 0:
            raise ImportRefused(path, "PDF 文件损坏（没有页面）")
        if count > max_pages:
            raise ImportRefused(path, f"PDF 过大（{count} 页，上限 {max_pages} 页）")
        pages: list[PdfPage] = []
        for index in range(count):
            if time.monotonic() - started > time_budget:
                raise ImportRefused(path, f"PDF 过大（解析超过 {time_budget:g} 秒）")
            limits.check()  # the budget of the whole import (load())
            try:
                page = pdf.pages[index]
                first = _read_page(page, index + 1, text_strategy=False)
                if _title_lines(first) and not first.tables:
                    first = _read_page(page, index + 1, text_strategy=True)
                pages.append(first)
                page.close()  # frees the page's layout cache
            except ImportRefused:
                raise
            except Exception as exc:
                if _is_encryption_error(exc):
                    raise ImportRefused(path, "PDF 已加密") from exc
                raise ImportRefused(path, "PDF 文件损坏") from exc
    finally:
        pdf.close()
    if not any(page.chars for page in pages):
        raise ImportRefused(path, "扫描件，需要 OCR（PDF 没有文字层）")
    furniture = remove_furniture(pages)
    return PdfContent(pages=pages, furniture=furniture)


def _title_lines(page: PdfPage) -> list[int]:
    """Indexes of lines that name a table (a listing page names several).

    Performance scorecards (…绩效自评表) are not tables here: their grid stays in
    the text for the scorecard extractor.
    """
    out = []
    for i, line in enumerate(page.lines):
        if line.grid or len(line.text) > 60 or "《" in line.text:
            continue
        kind = identify_table(line.text)
        if kind and not (kind.key is None and "绩效" in kind.name):
            out.append(i)
    return out


# --------------------------------------------------------------------------- #
# Tables
# --------------------------------------------------------------------------- #


@dataclass
class PageTable:
    """A standard table located in the PDF, before it becomes a ``Table``."""

    page: int
    context: TableContext
    grid: Grid | None
    first_line: tuple[int, int]  # (page number, line index) of its title
    last_line: tuple[int, int]


def find_tables(pages: list[PdfPage]) -> list[PageTable]:
    """The standard tables: a title line, the grid below it (continued on later pages), notes."""
    found: list[PageTable] = []
    current: PageTable | None = None
    for page in pages:
        titles = _title_lines(page)
        if len(titles) >= 3 and not page.tables:
            current = None  # a table of contents or a listing
            continue
        if not page.lines:
            continue  # a blank page does not end a table
        tables = sorted(page.tables, key=lambda t: t.top)
        first_title_top = page.lines[titles[0]].top if titles else float("inf")
        if current is not None and page.lines[0].grid and tables and tables[0].top < first_title_top:
            # A table continued from the previous page, before any new title.
            head = tables.pop(0)
            current.grid = _continue(current.grid, head.grid)
            last = _take_notes(page, _last_grid_line(page, head), current.context,
                               titles[0] if titles else None)
            current.last_line = (page.number, last)
            if titles or _narrative_after(page, last):
                current = None
        elif not titles:
            current = None
        for k, t_index in enumerate(titles):
            end = titles[k + 1] if k + 1 < len(titles) else len(page.lines)
            title_line = page.lines[t_index]
            # The grid is the first table below this title and above the next one.
            next_top = page.lines[end].top if end < len(page.lines) else float("inf")
            grid_table = next((t for t in tables if title_line.top <= t.top + 1 and t.top < next_top), None)
            context = TableContext(lines=[title_line.text])
            i = t_index + 1
            while i < end and not page.lines[i].grid and (
                    grid_table is None or page.lines[i].bottom <= grid_table.top + 1):
                context.lines.append(page.lines[i].text)
                i += 1
            last = _last_grid_line(page, grid_table) if grid_table is not None else i - 1
            last = _take_notes(page, last, context, end)
            current = PageTable(page.number, context, grid_table.grid if grid_table else None,
                                (page.number, t_index), (page.number, last))
            found.append(current)
        if current and current.last_line[0] == page.number and _narrative_after(page, current.last_line[1]):
            current = None
    return found


def _continue(grid: Grid | None, more: Grid) -> Grid:
    if grid is None:
        return more
    # A repeated header on the continuation page is dropped.
    skip = 0
    while skip < len(more.cells) and skip < len(grid.cells) and more.cells[skip] == grid.cells[skip]:
        skip += 1
    if skip:
        more = more.subgrid(list(range(skip, len(more.cells))))
    return grid.extend(more) if more.cells else grid


def _last_grid_line(page: PdfPage, table: PdfTable) -> int:
    last = 0
    for i, line in enumerate(page.lines):
        if line.grid and table.top - 1 <= line.top <= table.bottom + 1:
            last = i
    return last


def _take_notes(page: PdfPage, last: int, context: TableContext, end: int | None = None) -> int:
    """Lines under a table that belong to it: 注/说明 notes (with their wrapped lines)."""
    end = len(page.lines) if end is None else end
    i = last + 1
    in_note = False
    while i < end:
        line = page.lines[i]
        text = fold(line.text).strip()
        if line.grid:
            break
        if _NOTE_START.match(text) or EMPTY_RE.search(text):
            context.notes.append(line.text)
            in_note = True
        elif in_note and not _PART_HEADING.match(text) and not re.match(r"^[一二三四五六七八九十]+、", text):
            context.notes[-1] += line.text
        else:
            break
        i += 1
    return i - 1


def _narrative_after(page: PdfPage, last: int) -> bool:
    return any(not line.grid for line in page.lines[last + 1:])


def build_tables(content: PdfContent, source: str | None = None
                 ) -> tuple[list[tuple[Table, tuple[int, int]]], set[tuple[int, int]]]:
    """The standard tables of a PDF with the (page, line index) of each title, and the
    (page, line index) positions all their text occupies."""
    tables: list[tuple[Table, tuple[int, int]]] = []
    occupied: set[tuple[int, int]] = set()
    by_number = {page.number: page for page in content.pages}
    for found in find_tables(content.pages):
        grid = found.grid or Grid([], [])
        table = build_table(grid, found.context, page=found.first_line[0], source=source)
        if table is None:
            continue
        tables.append((table, found.first_line))
        (p0, l0), (p1, l1) = found.first_line, found.last_line
        for number in range(p0, p1 + 1):
            page = by_number[number]
            start = l0 if number == p0 else 0
            stop = l1 if number == p1 else len(page.lines) - 1
            occupied.update((number, i) for i in range(start, stop + 1))
    return tables, occupied


# --------------------------------------------------------------------------- #
# Document
# --------------------------------------------------------------------------- #


def _blank_before(previous: PdfLine | None, line: PdfLine) -> bool:
    """A paragraph break: clearly more white space than between the lines of a paragraph."""
    if previous is None or previous.grid or line.grid:
        return False
    # Line spacing in disclosures runs from 1.0 to about 1.8 times the font size;
    # a white gap of nearly a whole line is a paragraph or block break.
    return line.top - previous.bottom > 0.9 * min(line.size, previous.size)


_BULLET = re.compile(r"^\s*(?:[-*+•·▪●◆■]\s*)+")
_LIST_START = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+[部分条章节]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d{1,2}[、.．](?!\d)|[①-⑳]|注\s*\d?[:：]|说明[:：])"
)


@dataclass
class _Block:
    """What a page's text runs within: left and right edges of the body text."""

    left: float
    right: float


def _blocks(pages: list[PdfPage]) -> dict[int, _Block]:
    """Body-text edges per page. The right edge is shared by pages of the same width
    (a page of short lines, like a 目录, has the same margin as the others)."""
    rights_all = sorted(line.x1 for page in pages for line in page.lines if not line.grid)
    out: dict[int, _Block] = {}
    for page in pages:
        text_lines = [line for line in page.lines if not line.grid]
        if not text_lines:
            continue
        # Pages of another orientation have their own margin: compare like with like.
        widest = max(line.x1 for line in text_lines)
        same = [x for x in rights_all if x <= widest + 1] or [widest]
        right = same[int(len(same) * 0.95)] if len(same) >= 5 else same[-1]
        # Continuation lines start at the left margin; first lines are indented and
        # headings centred, so the margin is the leftmost start seen more than once.
        lefts = Counter(round(line.x0) for line in text_lines)
        frequent = [x for x, n in lefts.items() if n >= 2]
        out[page.number] = _Block(left=min(frequent or lefts), right=right)
    return out


def _wraps_into(previous: PdfLine, block: _Block | None, line: PdfLine, next_block: _Block | None) -> bool:
    """True when ``line`` continues the paragraph of ``previous`` (a soft line break).

    The previous line runs to the right edge of the text, the next starts at the
    left edge (a new paragraph is indented or follows a gap), both in the same
    type size, and the next does not start a heading or list item.
    """
    if previous.grid or line.grid or block is None or next_block is None:
        return False
    size = min(previous.size, line.size)
    if abs(previous.size - line.size) > 0.15 * size:
        return False
    # Ragged-right text stops short of the margin by up to a word (a long number).
    if previous.x1 < block.right - 2.5 * size:
        return False
    if abs(line.x0 - next_block.left) > 0.5 * size:
        return False
    if "\t" in previous.text or "\t" in line.text:
        return False
    return not _LIST_START.match(_BULLET.sub("", fold(line.text)).strip())


def _join(left: str, right: str) -> str:
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def page_text(content: PdfContent) -> tuple[list[str], list[int], list[list[tuple[int, int]]]]:
    """The document's lines, the page of each line, and the (page, index) page lines each holds.

    Lines a paragraph wrapped (at the right edge, or over a page break) are
    joined into one line; paragraph gaps become blank lines (no origin).
    """
    lines: list[str] = []
    page_of: list[int] = []
    origin: list[list[tuple[int, int]]] = []
    last: PdfLine | None = None
    last_block: _Block | None = None
    blocks = _blocks(content.pages)
    for page in content.pages:
        block = blocks.get(page.number)
        previous = None
        for i, line in enumerate(page.lines):
            if previous is not None and _blank_before(previous, line):
                lines.append("")
                page_of.append(page.number)
                origin.append([])
                last = None
            elif last is not None and _wraps_into(last, last_block, line, block):
                lines[-1] = _join(lines[-1], line.text)
                origin[-1].append((page.number, i))
                last, last_block, previous = line, block, line
                continue
            lines.append(line.text)
            page_of.append(page.number)
            origin.append([(page.number, i)])
            last, last_block, previous = line, block, line
    return lines, page_of, origin


def page_starts(page_of: Sequence[int], count: int) -> list[int]:
    """The line index where each page starts (the pipeline's ``pages``), blank pages included."""
    starts = []
    i = 0
    for number in range(1, count + 1):
        while i < len(page_of) and page_of[i] < number:
            i += 1
        starts.append(i)
    return starts


def _source(path: Path, data: bytes) -> Source:
    from importers.pipeline import file_source

    return file_source(path, data, "pdf")


def load_pdf(path: str | os.PathLike[str], *, max_pages: int = MAX_PAGES,
             time_budget: float = TIME_BUDGET) -> Document:
    """Import a PDF disclosure: narrative through the text pipeline, 附表 from positions.

    Raises ImportRefused (one line, Chinese reason) for files that cannot be read.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportRefused(path, "无法读取文件") from exc
    if size > MAX_BYTES:
        raise ImportRefused(path, f"PDF 过大（{size // (1024 * 1024)} MB）")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(path, "无法读取文件") from exc
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ImportRefused(path, "PDF 文件损坏（不是 PDF 文件）")
    content = read_pdf(path, max_pages=max_pages, time_budget=time_budget)
    try:
        return _document(path, data, content)
    except ImportRefused:
        raise
    except Exception as exc:  # a bug must reach the user as one line, not a traceback
        raise ImportRefused(path, f"解析失败：{type(exc).__name__}: {exc}") from exc


def _document(path: Path, data: bytes, content: PdfContent) -> Document:
    from importers.pipeline import build_document, check

    found, occupied = build_tables(content)
    lines, page_of, origin = page_text(content)
    text = "\n".join(lines) + "\n"
    index_of = {o: i for i, held in enumerate(origin) for o in held}
    table_lines = {i for i, held in enumerate(origin) if held and all(o in occupied for o in held)}
    doc = build_document(text, _source(path, data), pages=page_starts(page_of, len(content.pages)))
    drop_grid_facts(doc, table_lines)
    tables = []
    for table, first in found:
        table.section = _section_at(doc, index_of.get(first))
        tables.append(table)
    merge_tables(doc, tables)
    check(doc)  # again: the checks compare the narrative with the tables just merged
    return doc


def _section_at(doc: Document, line: int | None) -> str | None:
    if line is None:
        return None
    best = None
    for section in doc.walk_sections():
        if section.line_start <= line < section.line_end:
            best = section.id
    return best


def drop_grid_facts(doc: Document, table_lines: set[int]) -> None:
    """Facts and items the narrative extractors took from table text are grid debris: drop them.

    A fact is debris when its sentence is found in the table lines of its
    section and not in the section's other lines.
    """
    if not table_lines:
        return
    lines = doc.text.split("\n")
    blobs: dict[str, tuple[str, str]] = {}
    for section in doc.walk_sections():
        own = range(section.line_start, min(section.line_end, len(lines)))
        if not any(i in table_lines for i in own):
            continue
        grid = "".join(_squash(lines[i]) for i in own if i in table_lines)
        prose = "".join(_squash(lines[i]) for i in own if i not in table_lines)
        blobs[section.id] = (grid, prose)

    def debris(section: str | None, sentence: str) -> bool:
        if section not in blobs:
            return False
        grid, prose = blobs[section]
        key = _squash(sentence)
        return bool(key) and key in grid and key not in prose

    doc.facts = [f for f in doc.facts if not debris(f.section, f.sentence)]
    doc.line_items = [item for item in doc.line_items if not debris(item.section, item.sentence)]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))


def merge_tables(doc: Document, tables: Sequence[Table]) -> None:
    """Put position-parsed tables into the document (replacing listed/text versions of the
    same table), then give the line items their codes and table amounts."""
    from importers.attach import fill_from_tables, merge_tables as merge

    numbers = _listed_numbers(doc)
    stated_empty = {t.key for t in doc.tables if t.key and t.status == "empty"}
    for table in tables:
        if not table.number:
            table.number = numbers.get(table.key or table.name, "")
        if table.key in stated_empty and not any(v is not None for row in table.rows for v in row.values):
            table.status = "empty"
    doc.tables = merge(doc.tables, tables)
    fill_from_tables(doc)


def _listed_numbers(doc: Document) -> dict[str, str]:
    """Table key (or name) → ordinal as listed in the 目录 or the tables part."""
    try:
        from importers.extract.tables import parse_listing_line
    except ImportError:  # pragma: no cover - the text extractor is optional here
        return {}
    out: dict[str, str] = {}
    candidates = [entry.title if not entry.number else f"{entry.number}{entry.title}" for entry in doc.toc]
    candidates += doc.toc_raw.split("\n")
    for line in candidates:
        listed = parse_listing_line(line)
        if not listed or not listed[0]:
            continue
        kind = identify_table(listed[1])
        if kind:
            out.setdefault(kind.key or kind.name, listed[0])
    return out
