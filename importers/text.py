"""The text importer: a .txt / .md file → Document."""

from __future__ import annotations

import os
from pathlib import Path

from juesuan_tui.models import Document

from .decode import DecodeError, decode_bytes
from .errors import ImportRefused
from .pipeline import build_document, file_source

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def read_bytes(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, or ImportRefused (missing, a folder, unreadable, too large)."""
    p = Path(path)
    try:
        if not p.exists():
            raise ImportRefused(path, "文件不存在")
        if p.is_dir():
            raise ImportRefused(path, "这是一个文件夹，不是文件")
        size = p.stat().st_size
        if size > max_bytes:
            raise ImportRefused(path, f"文件过大（{size / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）")
        with p.open("rb") as handle:
            # The size read first (not max_bytes, which would allocate the whole limit for
            # every file); a file that grew meanwhile is read on up to the limit as before.
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(max_bytes + 1 - len(raw))
    except PermissionError:
        raise ImportRefused(path, "没有读取权限") from None
    except OSError as exc:
        raise ImportRefused(path, f"无法读取文件：{exc.strerror or exc}") from None
    if len(raw) > max_bytes:  # grew while we looked, or a special file without a size
        raise ImportRefused(path, f"文件过大（上限 {max_bytes / 1048576:.0f} MB）")
    return raw


def load_text(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES, *, extract: bool = True) -> Document:
    """Import a text disclosure. Raises :class:`ImportRefused` with a Chinese reason."""
    raw = read_bytes(path, max_bytes)
    try:
        text, encoding = decode_bytes(raw)
    except DecodeError as exc:
        raise ImportRefused(path, exc.reason) from None
    return build_document(text, file_source(path, raw, "text", encoding), extract=extract)
