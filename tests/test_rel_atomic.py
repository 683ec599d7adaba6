"""Atomicity and concurrency on one database file, with real processes.

* ``kill -9`` in the middle of ``juesuan import DIR`` leaves a database that passes
  ``PRAGMA integrity_check`` and holds only whole documents, each the same as a fresh import
  of its file; running the batch again completes it without duplicates.
* Several import processes and a reading process on one database: no "database is locked",
  nothing lost.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from rel_support import REPO

import importers
from juesuan_tui.store import Store, StoreError
from tests.generator import LAYOUTS, generate

CHILD_TABLES = ("sections", "facts", "line_items", "scorecards", "scorecard_funds", "indicators", "glossary",
                "tables_", "findings")
CLI = [sys.executable, "-c", "from juesuan_tui.cli import main; main()"]


def _corpus(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    layouts = sorted(LAYOUTS)
    paths = []
    for n in range(start, start + count):
        generated = generate(1000 + n, layouts[n % len(layouts)])
        path = folder / generated.filename
        path.write_text(generated.text, encoding="utf-8")
        paths.append(path)
    return paths


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(REPO)}


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet, or mid-migration


def _kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the import itself, then any parsing workers it started (its process group)."""
    try:
        os.kill(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _assert_whole_documents(db: Path) -> set[str]:
    """integrity_check passes, no row outside a stored document, every document equal to a fresh import."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for table in CHILD_TABLES:
            orphans = conn.execute(
                f"SELECT count(*) FROM {table} WHERE document_id NOT IN (SELECT id FROM documents)").fetchone()[0]
            assert orphans == 0, table
        assert conn.execute("SELECT count(*) FROM sections").fetchone()[0] == \
            conn.execute("SELECT count(*) FROM sections_fts_docsize").fetchone()[0]
    finally:
        conn.close()
    ids = set()
    with Store(db) as store:
        for summary in store.list_documents():
            stored = store.get(summary.id)
            fresh = importers.load(stored.source.path)
            assert fresh.id == stored.id
            assert stored.source.sha256 == fresh.source.sha256
            assert stored.model_dump(exclude={"source"}) == fresh.model_dump(exclude={"source"}), summary.id
            ids.add(summary.id)
    return ids


@pytest.mark.slow
def test_kill_9_mid_batch_keeps_whole_documents_and_a_rerun_completes(tmp_path):
    files = _corpus(tmp_path / "corpus", 36)
    db = tmp_path / "batch.db"
    stored_before: set[str] = set()
    incomplete = 0
    for _ in range(3):  # three batches, each killed as soon as it has stored something new
        process = subprocess.Popen([*CLI, "import", str(tmp_path / "corpus"), "--db", str(db)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(),
                                   start_new_session=True)
        deadline = time.monotonic() + 120
        while process.poll() is None and _count(db) <= len(stored_before) and time.monotonic() < deadline:
            time.sleep(0.005)
        finished = process.poll() is not None
        _kill_group(process)
        assert not finished, f"the batch ended before it could be killed ({process.stderr.read()[:500]})"
        process.stderr.close()
        stored = _assert_whole_documents(db)
        assert stored_before <= stored
        incomplete += len(stored) < len(files)
        stored_before = stored
        if len(stored) == len(files):
            break
    assert incomplete, "no kill landed in the middle of the batch"

    rerun = subprocess.run([*CLI, "import", str(tmp_path / "corpus"), "--db", str(db), "--json"],
                           capture_output=True, text=True, env=_env(), timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    statuses = {Path(item["path"]).name: item["status"] for item in report["imported"]}
    assert len(statuses) == len(files) and not report["failed"]
    assert sorted(s for s in statuses.values()) == sorted(
        ["unchanged"] * len(stored_before) + ["imported"] * (len(files) - len(stored_before)))
    final = _assert_whole_documents(db)
    assert len(final) == len(files) and stored_before <= final
    with Store(db) as store:
        assert store.count() == len(files)


READER = r"""
import sys, threading, time
from pathlib import Path
from juesuan_tui.store import Store
db, stop = Path(sys.argv[1]), Path(sys.argv[2])
rounds = 0
errors = []

def app_like():
    # As the app's workers do: a new Store per thread, list then open a document.
    store = Store(db)
    try:
        docs = store.list_documents()
        if docs:
            store.get(docs[-1].id)
    finally:
        store.close()

while not stop.exists():
    if not db.exists():
        time.sleep(0.01)
        continue
    try:
        with Store(db) as store:
            docs = store.list_documents()
            store.search("支出")
            store.overview()
            if docs:
                store.get(docs[0].id)
        worker = threading.Thread(target=app_like)
        worker.start()
        worker.join()
        rounds += 1
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
        if len(errors) > 20:
            break
print(rounds)
for error in errors:
    print("ERROR", error)
sys.exit(1 if errors else 0)
"""


@pytest.mark.slow
@pytest.mark.parametrize("fresh", [True, False], ids=["new-file", "existing-file"])
def test_concurrent_importers_and_a_reader_never_see_a_lock(tmp_path, fresh):
    files = _corpus(tmp_path / "corpus", 24)
    db = tmp_path / "shared.db"
    if not fresh:
        Store(db).close()
    stop = tmp_path / "stop"
    # Three importers with overlapping shares (every file in two of them) and one reader.
    shares = [files[0:16], files[8:24], files[16:24] + files[0:8]]
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=_env())
    importers_ = []
    for n, share in enumerate(shares):
        folder = tmp_path / f"share{n}"
        folder.mkdir()
        for path in share:
            (folder / path.name).write_bytes(path.read_bytes())
        importers_.append(subprocess.Popen([*CLI, "import", str(folder), "--db", str(db), "--json"],
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()))
    results = [p.communicate(timeout=600) for p in importers_]
    stop.touch()
    reader_out, reader_err = reader.communicate(timeout=120)
    for process, (out, err) in zip(importers_, results):
        assert process.returncode == 0, err
        assert "locked" not in err and "busy" not in err
        report = json.loads(out)
        assert not report["failed"] and len(report["imported"]) == 16
    assert reader.returncode == 0, reader_out + reader_err
    assert int(reader_out.split()[0]) > 0
    ids = _assert_whole_documents(db)
    assert len(ids) == len(files)
    statuses = [item["status"] for out, _ in results for item in json.loads(out)["imported"]]
    assert statuses.count("imported") == len(files) and statuses.count("unchanged") == len(files)


# --------------------------------------------------------------------------- the retry itself


def test_a_locked_database_is_waited_for_with_backoff(db_path, full_doc):
    store = Store(db_path)
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    try:
        store._conn.execute("PRAGMA busy_timeout = 0")  # SQLite alone would give up at once
        other.execute("BEGIN IMMEDIATE")
        release = threading.Timer(0.6, lambda: other.execute("COMMIT"))
        release.start()
        started = time.monotonic()
        assert store.save(full_doc) == "imported"
        assert time.monotonic() - started >= 0.5
        release.join()
    finally:
        other.close()
        store.close()
    with Store(db_path) as again:
        assert again.get(full_doc.id) == full_doc


def test_a_lock_held_too_long_is_one_clear_line(db_path, full_doc, monkeypatch):
    import juesuan_tui.store as store_module

    monkeypatch.setattr(store_module, "BUSY_RETRY_SECONDS", 0.3)
    store = Store(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    try:
        store._conn.execute("PRAGMA busy_timeout = 0")
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError) as info:
            store.save(full_doc)
        message = str(info.value)
        assert "\n" not in message and str(db_path) in message and "locked" in message
        other.execute("ROLLBACK")
        assert store.save(full_doc) == "imported"  # nothing half-written blocks the next try
    finally:
        other.close()
        store.close()
