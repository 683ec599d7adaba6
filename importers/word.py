"""Word (.docx) disclosures: paragraphs and tables in document order → the text pipeline.

python-docx is imported lazily. Tables become one tab-separated line per row, the
form the text pipeline already reads as grids (scorecards, 附表 printed in text).
"""

from __future__ import annotations

import io
import os
import zipfile

from juesuan_tui.models import Document

from .errors import ImportRefused
from .text import DEFAULT_MAX_BYTES, read_bytes


def docx_lines(data: bytes) -> list[str]:
    """The document's text: one line per paragraph, one tab-separated line per table row."""
    import docx  # python-docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                previous = None
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans.
                    if cell._tc is previous:
                        continue
                    previous = cell._tc
                    cells.append(" ".join(cell.text.split()))
                lines.append("\t".join(cells))
        else:
            lines.append(block.text)
    return lines


def load_docx(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES, *, extract: bool = True) -> Document:
    """Import a .docx disclosure. Raises :class:`ImportRefused` with a Chinese reason."""
    from .pipeline import build_document, file_source

    data = read_bytes(path, max_bytes)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefused(path, "Word 文件损坏（不是 .docx 格式）")
    try:
        lines = docx_lines(data)
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged package
        raise ImportRefused(path, f"Word 文件损坏（{type(exc).__name__}）") from None
    text = "\n".join(lines) + "\n"
    if not text.strip():
        raise ImportRefused(path, "Word 文件没有文字")
    return build_document(text, file_source(path, data, "docx"), extract=extract)

