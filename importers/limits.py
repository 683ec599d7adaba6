"""Per-file limits: how large a file may be and how long its import may take.

``load()`` refuses files over the size limit before reading them and runs
each import under a time budget. The importer's loops call :func:`check`,
which raises :class:`BudgetExceeded` once the deadline has passed (and keeps
raising). In the main thread a timer signal also stops the import shortly
after the deadline, wherever it is — inside a third-party parser too. The
budget lives in a context variable, so it works in any thread and
:func:`check` costs nothing outside an import. :func:`time_budget` turns the
overrun into one :class:`ImportRefused`.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from .errors import ImportRefused

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Zip containers (.xlsx, .docx): what their members may unpack to, and how many there may be.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_MEMBERS = 10_000
ARCHIVE_SUFFIXES = (".xlsx", ".docx")
DEFAULT_TIME_BUDGET = 300.0  # seconds for one file, every stage included
MAX_SIZE_ENV = "JUESUAN_MAX_SIZE"
TIME_BUDGET_ENV = "JUESUAN_TIME_BUDGET"

_UNITS = {"": 1024 * 1024, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2,
          "mib": 1024**2, "g": 1024**3, "gb": 1024**3, "gib": 1024**3}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$", re.I)


def parse_size(text: str | int) -> int:
    """"50M", "50 MB", "800K", "1.5G", "123B" → bytes; a bare number means MB. ValueError otherwise."""
    if isinstance(text, int):
        if text <= 0:
            raise ValueError(f"大小必须大于 0：{text}")
        return text
    match = _SIZE.match(str(text))
    if not match or match.group(2).lower() not in _UNITS:
        raise ValueError(f"无法识别的大小：{text}（例：50M、800K、1G）")
    size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if size <= 0:
        raise ValueError(f"大小必须大于 0：{text}")
    return size


def format_size(size: int) -> str:
    """Bytes for a message: "50 MB", "1.5 MB", "800 KB", "512 B"."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} B"


def max_bytes_from_env() -> int:
    """The size limit: ``$JUESUAN_MAX_SIZE`` (as :func:`parse_size`) or 50 MB."""
    value = os.environ.get(MAX_SIZE_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        return parse_size(value)
    except ValueError as exc:
        raise ValueError(f"环境变量 {MAX_SIZE_ENV} 无效：{exc}") from None


def time_budget_from_env() -> float:
    """The time budget in seconds: ``$JUESUAN_TIME_BUDGET`` or 300."""
    value = os.environ.get(TIME_BUDGET_ENV, "").strip()
    if not value:
        return DEFAULT_TIME_BUDGET
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise ValueError(f"环境变量 {TIME_BUDGET_ENV} 无效：{value}（应为秒数）")
    return seconds


class BudgetExceeded(BaseException):
    """The import ran past its deadline.

    A BaseException, so that an importer's broad ``except Exception`` cannot
    turn it into another reason; :func:`time_budget` makes it an ImportRefused.
    """


def check_archive(path: str | os.PathLike[str]) -> None:
    """Refuse a zip container whose members would unpack to more than MAX_UNPACKED bytes
    (a "zip bomb") or that has more than MAX_MEMBERS members, before any is unpacked.

    The sizes are those of the central directory; Python's zipfile (which openpyxl and
    python-docx read through) never unpacks more than a member declares.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a readable zip: the format's importer says so in its own words
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(path, f"压缩包内文件过多（{len(members)} 个，上限 {MAX_MEMBERS} 个）")
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED:
        raise ImportRefused(
            path, f"解压后过大（{format_size(unpacked)}，上限 {format_size(MAX_UNPACKED)}），可能是压缩炸弹"
        )


@dataclass(frozen=True)
class _Budget:
    path: str
    seconds: float
    deadline: float


_current: ContextVar[_Budget | None] = ContextVar("juesuan_import_budget", default=None)


def _reason(seconds: float) -> str:
    return f"解析超时（超过 {seconds:g} 秒），文件异常或过于复杂"


@contextmanager
def time_budget(path: str | os.PathLike[str], seconds: float) -> Iterator[None]:
    """Run an import of ``path`` under a deadline ``seconds`` from now; an overrun leaves as
    :class:`ImportRefused`. Nested budgets keep the earliest deadline."""
    outer = _current.get()
    deadline = time.monotonic() + seconds
    budget = _Budget(os.fspath(path), seconds, deadline)
    if outer is not None and outer.deadline <= deadline:
        budget = outer
    token = _current.set(budget)
    alarm = _Alarm.arm(seconds) if outer is None else None
    try:
        yield
    except BudgetExceeded:
        raise ImportRefused(budget.path, _reason(budget.seconds)) from None
    finally:
        if alarm is not None:
            alarm.disarm()
        _current.reset(token)


def check() -> None:
    """Raise :class:`BudgetExceeded` when the current import is past its deadline; else nothing."""
    budget = _current.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise BudgetExceeded(_reason(budget.seconds))


class _Alarm:
    """A one-shot SIGALRM a little after the deadline, for code that never calls :func:`check`
    (a parser stuck on one damaged page). Only in the main thread, and only when nobody
    else uses the timer."""

    def __init__(self, previous: object) -> None:
        self.previous = previous
        self.active = True

    @classmethod
    def arm(cls, seconds: float) -> _Alarm | None:
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return None
        try:
            previous = signal.getsignal(signal.SIGALRM)
            if previous not in (signal.SIG_DFL, signal.SIG_IGN, None) or signal.getitimer(signal.ITIMER_REAL)[0]:
                return None
            alarm = cls(previous)
            signal.signal(signal.SIGALRM, alarm._fire)
            # Cooperative checks usually stop the import first; this is the backstop.
            signal.setitimer(signal.ITIMER_REAL, seconds + max(1.0, seconds * 0.1))
        except (ValueError, OSError):  # not the main interpreter, or no timer here
            return None
        return alarm

    def _fire(self, signum: int, frame: object) -> None:
        if self.active:
            raise BudgetExceeded("timer")

    def disarm(self) -> None:
        self.active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.previous)  # type: ignore[arg-type]


__all__ = [
    "ARCHIVE_SUFFIXES",
    "BudgetExceeded",
    "DEFAULT_MAX_BYTES",
    "MAX_MEMBERS",
    "MAX_UNPACKED",
    "check_archive",
    "DEFAULT_TIME_BUDGET",
    "MAX_SIZE_ENV",
    "TIME_BUDGET_ENV",
    "check",
    "format_size",
    "max_bytes_from_env",
    "parse_size",
    "time_budget",
    "time_budget_from_env",
]
