"""Importers: turn a disclosure file into a ``juesuan_tui.models.Document``.

No SQL and no UI here. Heavy libraries (pdfplumber, openpyxl) are imported lazily.

``load(path)`` picks the importer by suffix and raises
:class:`~importers.errors.ImportRefused` (``str()`` = ``"path: reason"``, one
line, Chinese reason) for anything it cannot import.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import inspect
import os
from pathlib import Path

from juesuan_tui.models import Document

from . import limits
from .errors import ImportRefused

# suffix → (module, function). A format counts as supported once its module exists.
_IMPORTERS: dict[str, tuple[str, str]] = {
    ".txt": ("importers.text", "load_text"),
    ".md": ("importers.text", "load_text"),
    ".text": ("importers.text", "load_text"),
    ".pdf": ("importers.pdf", "load_pdf"),
    ".xlsx": ("importers.excel", "load_excel"),
    ".xls": ("importers.excel", "load_excel"),
    ".docx": ("importers.word", "load_docx"),
}
# Formats of real disclosures the project means to read.
KNOWN_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".text", ".pdf", ".xlsx", ".xls", ".docx")


def _available(suffix: str) -> bool:
    entry = _IMPORTERS.get(suffix)
    return entry is not None and importlib.util.find_spec(entry[0]) is not None


SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(s for s in KNOWN_SUFFIXES if _available(s))
# Announced but not readable yet: refused with "暂不支持该格式".
PLANNED_SUFFIXES: tuple[str, ...] = tuple(s for s in KNOWN_SUFFIXES if s not in SUPPORTED_SUFFIXES)

__all__ = ["ImportRefused", "KNOWN_SUFFIXES", "PLANNED_SUFFIXES", "SUPPORTED_SUFFIXES", "load"]


@functools.lru_cache(maxsize=None)  # a handful of importer functions; inspect.signature costs 30 µs a call
def _takes_max_bytes(importer: object) -> bool:
    return "max_bytes" in inspect.signature(importer).parameters  # type: ignore[arg-type]


def load(
    path: str | os.PathLike[str], max_bytes: int | None = None, time_budget: float | None = None
) -> Document:
    """Import one disclosure file (by suffix); raises :class:`ImportRefused`.

    ``max_bytes`` (default ``$JUESUAN_MAX_SIZE`` or 50 MB) refuses larger files
    before they are read; ``time_budget`` (seconds, default
    ``$JUESUAN_TIME_BUDGET`` or 300) bounds the whole import.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.exists():
        raise ImportRefused(path, "文件不存在")
    if p.is_dir():
        raise ImportRefused(path, "这是一个文件夹，不是文件")
    if suffix not in KNOWN_SUFFIXES:
        raise ImportRefused(path, f"不支持的文件类型（{suffix or '无扩展名'}）")
    if suffix in PLANNED_SUFFIXES:
        raise ImportRefused(path, f"暂不支持该格式（{suffix}）")
    try:
        limit = limits.max_bytes_from_env() if max_bytes is None else limits.parse_size(max_bytes)
        seconds = limits.time_budget_from_env() if time_budget is None else float(time_budget)
    except ValueError as exc:
        raise ImportRefused(path, str(exc)) from None
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ImportRefused(path, f"无法读取文件：{exc.strerror or exc}") from None
    if size > limit:
        raise ImportRefused(path, f"文件过大（{limits.format_size(size)}，上限 {limits.format_size(limit)}）")
    if suffix in limits.ARCHIVE_SUFFIXES:
        limits.check_archive(p)
    module, function = _IMPORTERS[suffix]
    importer = getattr(importlib.import_module(module), function)
    # The text importer reads at most max_bytes (the file may grow after the check above).
    kwargs = {"max_bytes": limit} if _takes_max_bytes(importer) else {}
    try:
        with limits.time_budget(path, seconds):
            return importer(path, **kwargs)
    except ImportRefused:
        raise
    except limits.BudgetExceeded:  # the timer fired while the budget was being closed
        raise ImportRefused(path, f"解析超时（超过 {seconds:g} 秒），文件异常或过于复杂") from None
    except RecursionError:
        raise ImportRefused(path, "结构嵌套过深，无法解析") from None
    except MemoryError:
        raise ImportRefused(path, "内存不足，文件过大或过于复杂") from None
    except Exception as exc:  # an importer bug reaches the user as one line, never a traceback
        raise ImportRefused(path, f"解析失败：{type(exc).__name__}: {exc}") from exc
