"""Import many files: parse in parallel processes, write with one writer.

Parsing is CPU-bound pure Python, so it runs in worker processes, which also
encode each document as the rows to insert (``store.prepare``); SQLite wants
one writer, so every save happens here, in the calling process, in input
order (the result of ``jobs=4`` is the database ``jobs=1`` gives). At
most a few documents per worker are in flight at any time, so memory stays
flat however many files there are.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from juesuan_tui.models import Document
    from juesuan_tui.store import Layout, PreparedDocument, Store

__all__ = ["FileResult", "default_jobs", "import_paths", "parse_file"]

Status = Literal["imported", "unchanged", "replaced", "attached", "failed"]

# Parsed documents waiting per worker: enough to keep every worker busy while
# the writer saves, few enough that memory does not grow with the corpus.
IN_FLIGHT_PER_JOB = 4
# Documents written per transaction: one commit and one full-text index flush for
# all of them (several times cheaper than one each), results still reported soon.
BATCH_SIZE = 16


@dataclass(frozen=True)
class FileResult:
    """What became of one file. ``error`` is one line in Chinese when ``status`` is "failed"."""

    path: Path
    status: Status
    id: str | None = None
    unit: str | None = None
    year: int | None = None
    error: str | None = None
    parse_seconds: float = 0.0  # wall time of reading and parsing the file (in its worker)

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def parse_file(path: str | os.PathLike[str]) -> tuple[Document | None, str | None, float]:
    """Parse one file: (document, None, seconds) or (None, one-line reason, seconds). Never raises."""
    started = time.perf_counter()
    try:
        from importers import load
        from importers.errors import ImportRefused
    except ImportError as exc:  # pragma: no cover - a broken installation
        return None, _one_line(f"导入器不可用（{exc}）"), 0.0
    try:
        doc = load(path)
    except ImportRefused as exc:
        return None, _one_line(exc.reason), time.perf_counter() - started
    except Exception as exc:  # noqa: BLE001 - an importer bug must not stop the batch
        return None, _one_line(f"内部错误 {type(exc).__name__}: {exc}"), time.perf_counter() - started
    return doc, None, time.perf_counter() - started


def _prepared_file(path: str | os.PathLike[str], layout: Layout) -> tuple[PreparedDocument | None, str | None, float]:
    """Parse one file and encode it as the rows the writer inserts (``store.prepare``), so the
    writer only runs SQL. A tables-only document keeps its model: it may be attached. Never raises."""
    doc, error, seconds = parse_file(path)
    _settle_worker()
    if doc is None:
        return None, error, seconds
    try:
        from juesuan_tui.ingest import is_tables_only
        from juesuan_tui.store import StoreError, prepare

        return prepare(doc, layout, keep=is_tables_only(doc)), None, seconds
    except StoreError as exc:
        return None, _one_line(exc), seconds
    except Exception as exc:  # noqa: BLE001 - an encoding bug must not stop the batch
        return None, _one_line(f"内部错误 {type(exc).__name__}: {exc}"), seconds


def _worker_init() -> None:
    global _WORKER_STATE
    # Ctrl-C is the writer's to handle: it stops submitting and shuts the pool
    # down; workers printing their own KeyboardInterrupt tracebacks would be noise.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_STATE = "warming"


# "" in the writer's process; in a worker "warming" until its first file is parsed, then "frozen".
_WORKER_STATE = ""


def _settle_worker() -> None:
    """After a worker's first file: every module a parse needs is loaded; moved out of the
    collector's sight, each later collection of a parse's garbage is cheaper (≈ 10% less CPU
    per document, measured). Only in worker processes: the writer's objects stay collectable."""
    global _WORKER_STATE
    if _WORKER_STATE == "warming":
        import gc

        gc.collect()
        gc.freeze()
        _WORKER_STATE = "frozen"


def _pool(jobs: int) -> ProcessPoolExecutor:
    # fork starts workers in milliseconds with every module already imported; it is
    # only safe where the platform supports it well (Linux). Elsewhere: the default.
    # Forking a process that runs other threads (a Textual app) may copy a held lock:
    # then the slower, clean "spawn".
    context = None
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init)


def _submit(pool: ProcessPoolExecutor, path: Path, layout: Layout) -> Future:
    try:
        return pool.submit(_prepared_file, path, layout)
    except Exception as exc:  # noqa: BLE001 - a broken pool (a worker was killed) fails the file, not the run
        future: Future = Future()
        future.set_exception(exc)
        return future


def _outcome(future: Future) -> tuple[PreparedDocument | None, str | None, float]:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - e.g. BrokenProcessPool when a worker ran out of memory
        return None, _one_line(f"解析进程失败（{type(exc).__name__}: {exc}）"), 0.0


def _parsed(paths: list[Path], jobs: int,
            layout: Layout) -> Iterator[tuple[Path, tuple[PreparedDocument | None, str | None, float]]]:
    """(path, prepared document or failure) in input order, parsing up to ``jobs`` files at a time."""
    if jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield path, _prepared_file(path, layout)
        return
    window = jobs * IN_FLIGHT_PER_JOB
    pending: deque[tuple[Path, Future]] = deque()
    pool = _pool(min(jobs, len(paths)))
    try:
        todo = iter(paths)
        for path in todo:
            pending.append((path, _submit(pool, path, layout)))
            if len(pending) >= window:
                break
        while pending:
            path, future = pending.popleft()
            result = _outcome(future)
            next_path = next(todo, None)
            if next_path is not None:
                pending.append((next_path, _submit(pool, next_path, layout)))
            yield path, result
    finally:
        # Also when the caller stopped early (an exception, Ctrl-C, the generator closed).
        pool.shutdown(wait=True, cancel_futures=True)


def import_paths(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    jobs: int | None = None,
    replace: bool = False,
    on_result: Callable[[FileResult], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[FileResult]:
    """Import ``paths`` into ``store``, yielding one :class:`FileResult` per path in input order.

    ``jobs`` worker processes parse (default: the machine's cores; 1 parses
    here, without processes); this process alone writes, ``batch_size``
    documents per transaction (``Store.save_many``: each document still whole
    or not at all). A file holding tables only is attached to its stored
    narrative as ``ingest.store_document`` does ("attached"); a narrative
    whose workbook was stored first absorbs it once written. A file that
    cannot be read, parsed or written is a "failed" result and the batch goes
    on; :class:`~juesuan_tui.store.ReadOnlyError` stops it. ``on_result`` is
    called with each result before it is yielded.
    """
    store.check_writable()  # refuse before parsing anything
    files = [Path(p) for p in paths]
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    # (unit, year) of workbooks stored on their own: a narrative of theirs absorbs them.
    loose = _loose_tables(store)
    waiting: list[tuple[Path, PreparedDocument | None, str | None, float]] = []
    for path, (doc, error, seconds) in _parsed(files, jobs, store.layout):
        if doc is not None and doc.document is not None:
            # Tables alone (the only documents that come with their model) join the stored
            # narrative they belong to (ingest.store_document), which may be one of the
            # documents waiting: those are written first.
            yield from _absorbing(_write(waiting, store, replace, on_result), store, loose)
            waiting = []
            result = _report(_ingest(path, doc.document, seconds, store, replace), on_result)
            if result.status in ("imported", "replaced"):
                _add_key(loose, result.unit, result.year)
            yield result
            continue
        waiting.append((path, doc, error, seconds))
        if sum(1 for entry in waiting if entry[1] is not None) >= batch_size:
            yield from _absorbing(_write(waiting, store, replace, on_result), store, loose)
            waiting = []
    yield from _absorbing(_write(waiting, store, replace, on_result), store, loose)


def _loose_tables(store: Store) -> set[tuple[str, int]]:
    keys: set[tuple[str, int]] = set()
    for _, unit, year in store.tables_only_documents():
        _add_key(keys, unit, year)
    return keys


def _add_key(keys: set[tuple[str, int]], unit: str | None, year: int | None) -> None:
    from juesuan_tui.ingest import unit_year_key

    key = unit_year_key(unit or "", year)
    if key is not None:
        keys.add(key)


def _absorbing(results: Iterator[FileResult], store: Store, loose: set[tuple[str, int]]) -> Iterator[FileResult]:
    """``results`` as they come; a narrative just written whose unit and year has a workbook
    stored on its own absorbs it (``ingest.absorb_stored_tables``, its own transaction)."""
    from juesuan_tui.ingest import absorb_stored_tables, unit_year_key
    from juesuan_tui.store import ReadOnlyError, StoreError

    for result in results:
        key = unit_year_key(result.unit or "", result.year) if loose else None
        if key in loose and result.id is not None and result.status in ("imported", "replaced"):
            try:
                if absorb_stored_tables(store, result.id):
                    loose.discard(key)
            except ReadOnlyError:
                raise
            except StoreError:  # the narrative stays stored as written; the workbook stays on its own
                pass
        yield result


def _report(result: FileResult, on_result: Callable[[FileResult], None] | None) -> FileResult:
    if on_result is not None:
        on_result(result)
    return result


def _ingest(path: Path, doc: Document, seconds: float, store: Store, replace: bool) -> FileResult:
    """One document through ``ingest.store_document`` (its own transaction)."""
    from juesuan_tui.ingest import store_document
    from juesuan_tui.store import ReadOnlyError, StoreError

    try:
        status, stored = store_document(store, doc, replace=replace)
    except ReadOnlyError:
        raise
    except StoreError as exc:
        return FileResult(path, "failed", id=doc.id, unit=doc.unit, year=doc.year, error=_one_line(exc),
                          parse_seconds=seconds)
    return FileResult(path, status, id=stored.id, unit=stored.unit, year=stored.year, parse_seconds=seconds)


def _write(waiting: list[tuple[Path, PreparedDocument | None, str | None, float]], store: Store, replace: bool,
           on_result: Callable[[FileResult], None] | None) -> Iterator[FileResult]:
    """Save the parsed documents of ``waiting`` in one transaction; results in input order."""
    from juesuan_tui.store import ReadOnlyError, StoreError

    docs = [doc for _, doc, _, _ in waiting if doc is not None]
    try:
        statuses: list = store.save_many(docs, replace=replace)
    except ReadOnlyError:
        raise
    except StoreError as exc:  # the database failed (locked, full…): every document of the batch did
        statuses = [exc] * len(docs)
    saved = iter(statuses)
    for path, doc, error, seconds in waiting:
        if doc is None:
            result = FileResult(path, "failed", error=error, parse_seconds=seconds)
        else:
            status = next(saved)
            if isinstance(status, StoreError):
                result = FileResult(path, "failed", id=doc.id, unit=doc.unit, year=doc.year,
                                    error=_one_line(status), parse_seconds=seconds)
            else:
                result = FileResult(path, status, id=doc.id, unit=doc.unit, year=doc.year, parse_seconds=seconds)
        yield _report(result, on_result)
