"""Filling a DataTable with explicit column widths.

Textual 8.2.8 measures auto-width columns on idle but keeps cells it rendered
before that, so a table refilled in place can show a header narrower than its
rows. Measuring here (CJK-aware, via rich.cells) keeps every refill aligned.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable


def text_width(text: Text) -> int:
    """Terminal cells of the widest line of ``text``."""
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def fill_table(table: DataTable, headers: Sequence[Text], rows: Sequence[Sequence[Text]], *,
               caps: dict[int, int] | None = None, keys: Sequence[str] | None = None) -> list[int]:
    """Replace columns and rows; a column wider than its cap wraps (rows grow taller).

    Returns the column widths used.
    """
    caps = caps or {}
    widths = []
    for i, header in enumerate(headers):
        width = max([text_width(header), *(text_width(row[i]) for row in rows if i < len(row))], default=1)
        if i in caps:
            width = min(width, max(caps[i], text_width(header), 2))
        widths.append(max(width, 1))
    table.clear(columns=True)
    for i, (header, width) in enumerate(zip(headers, widths)):
        table.add_column(header, width=width, key=keys[i] if keys else None)
    wraps = any(text_width(row[i]) > widths[i] for row in rows for i in caps if i < len(row)) or any(
        "\n" in cell.plain for row in rows for cell in row)
    for row in rows:
        table.add_row(*row, height=None if wraps else 1)
    return widths
