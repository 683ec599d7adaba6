"""Where the database lives by default."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "JUESUAN_DB"


def data_dir() -> Path:
    """The per-user data folder: ``$XDG_DATA_HOME/juesuan-tui`` or ``~/.local/share/juesuan-tui``."""
    base = os.environ.get("XDG_DATA_HOME") or ""
    root = Path(base) if base.strip() else Path.home() / ".local" / "share"
    return root / "juesuan-tui"


def default_db_path() -> Path:
    """``$JUESUAN_DB`` when set, else ``juesuan.db`` in :func:`data_dir`. Nothing is created here."""
    env = os.environ.get(ENV_DB) or ""
    if env.strip():
        return Path(env).expanduser()
    return data_dir() / "juesuan.db"
