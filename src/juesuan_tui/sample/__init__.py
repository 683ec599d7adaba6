"""The bundled sample disclosure, so a fresh install has something to browse."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

SAMPLE_NAME = "urumqi-12345-2024-juesuan.txt"


def sample_path() -> Path:
    """Path of the bundled sample text (a real file: the package ships unzipped)."""
    return Path(str(files(__name__) / SAMPLE_NAME))
