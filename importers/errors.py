"""The one error importers raise: the file was refused, with a reason in Chinese."""

from __future__ import annotations

import os


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class ImportRefused(Exception):
    """A file that cannot be imported. ``str()`` is one line: ``"path: reason"``."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = os.fspath(path)
        self.reason = _one_line(reason)
        super().__init__(self.path, self.reason)

    def __str__(self) -> str:
        return f"{_one_line(self.path)}: {self.reason}"
