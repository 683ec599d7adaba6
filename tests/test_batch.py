"""Parallel import (``juesuan_tui.batch``): same database as a serial import, failures per file, lazy start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from juesuan_tui.batch import FileResult, default_jobs, import_paths
from juesuan_tui.store import ReadOnlyError, Store, StoreError

from tests.generator import generate

N_FILES = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """Generated disclosures of every layout, one byte-identical duplicate and one undecodable file."""
    folder = tmp_path_factory.mktemp("corpus")
    paths = []
    for seed in range(N_FILES):
        doc = generate(1000 + seed)
        path = folder / doc.filename
        path.write_text(doc.text, encoding="utf-8")
        paths.append(path)
    twin = folder / "twin.txt"
    twin.write_bytes(paths[3].read_bytes())
    junk = folder / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    return [*paths[:10], twin, junk, *paths[10:]]


def _contents(store: Store) -> dict[str, dict]:
    """Every stored document, dumped whole, minus the import time."""
    out = {}
    for summary in store.list_documents():
        dump = store.get(summary.id).model_dump(mode="json")
        dump["source"].pop("imported_at")
        out[summary.id] = dump
    return out


def _run(paths, db: Path, jobs: int, **kwargs) -> list[FileResult]:
    with Store(db) as store:
        return list(import_paths(paths, store, jobs=jobs, **kwargs))


def test_two_jobs_give_the_database_of_one(corpus, tmp_path):
    serial = _run(corpus, tmp_path / "serial.db", jobs=1)
    parallel = _run(corpus, tmp_path / "parallel.db", jobs=2)

    # Results come back in input order with the same outcome.
    assert [r.path for r in parallel] == corpus
    assert [(r.path, r.status, r.id, r.error) for r in parallel] == [(r.path, r.status, r.id, r.error) for r in serial]
    statuses = [r.status for r in parallel]
    assert statuses.count("imported") == N_FILES
    assert statuses[corpus.index(corpus[-1].parent / "twin.txt")] == "unchanged"
    junk = parallel[corpus.index(corpus[-1].parent / "junk.txt")]
    assert junk.status == "failed" and junk.error and "\n" not in junk.error and junk.id is None

    with Store(tmp_path / "serial.db") as a, Store(tmp_path / "parallel.db") as b:
        left, right = _contents(a), _contents(b)
    assert len(left) == N_FILES
    assert left.keys() == right.keys()
    for doc_id in left:
        assert left[doc_id] == right[doc_id], doc_id
    # The documents are real: extraction ran in the workers.
    assert all(doc["facts"] and doc["sections"] for doc in right.values())
    # Rows encoded by the workers are the rows the writer encodes itself, to the last column.
    assert _sql_rows(tmp_path / "serial.db") == _sql_rows(tmp_path / "parallel.db")


def test_the_batch_writes_what_save_writes(corpus, tmp_path):
    """Rows the workers prepare are the rows ``Store.save`` writes for the parsed document."""
    from importers import load
    from importers.errors import ImportRefused

    _run(corpus, tmp_path / "batch.db", jobs=2)
    with Store(tmp_path / "saved.db") as store:
        for path in corpus:
            try:
                doc = load(path)
            except ImportRefused:
                continue
            store.save(doc)
    assert _sql_rows(tmp_path / "batch.db") == _sql_rows(tmp_path / "saved.db")


def test_batches_of_any_size_give_the_same_results(corpus, tmp_path):
    one = _run(corpus[:8], tmp_path / "one.db", jobs=1, batch_size=1)
    three = _run(corpus[:8], tmp_path / "three.db", jobs=1, batch_size=3)
    assert [(r.status, r.id) for r in one] == [(r.status, r.id) for r in three]
    with Store(tmp_path / "one.db") as a, Store(tmp_path / "three.db") as b:
        assert _contents(a) == _contents(b)


def test_replace_and_callback(corpus, tmp_path):
    db = tmp_path / "x.db"
    few = corpus[:3]
    _run(few, db, jobs=2)
    seen: list[FileResult] = []
    again = _run(few, db, jobs=2, replace=True, on_result=seen.append)
    assert [r.status for r in again] == ["replaced"] * 3
    assert seen == again
    assert all(r.parse_seconds > 0 for r in again)
    assert [r.status for r in _run(few, db, jobs=1)] == ["unchanged"] * 3


def test_missing_file_fails_alone(corpus, tmp_path):
    missing = tmp_path / "nope.txt"
    results = _run([corpus[0], missing, corpus[1]], tmp_path / "x.db", jobs=2)
    assert [r.status for r in results] == ["imported", "failed", "imported"]
    assert results[1].error == "文件不存在"


def test_read_only_store_refuses_before_parsing(corpus, tmp_path):
    db = tmp_path / "ro.db"
    Store(db).close()
    with Store(db, readonly=True) as store:
        with pytest.raises(ReadOnlyError):
            next(import_paths(corpus, store, jobs=2))


def test_stopping_early_leaves_no_worker(corpus, tmp_path):
    import multiprocessing

    with Store(tmp_path / "x.db") as store:
        results = import_paths(corpus, store, jobs=2, batch_size=1)
        first = next(results)
        results.close()
        assert first.status == "imported"
        assert store.count() == 1  # nothing parsed after it was written
    assert multiprocessing.active_children() == []


def test_default_jobs():
    assert default_jobs() >= 1


HEAVY = ("pdfplumber", "pdfminer", "openpyxl", "xlrd", "zhconv")


def _heavy_modules_after(code: str) -> list[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])


@pytest.mark.parametrize("code", [
    "import juesuan_tui.cli",
    "import juesuan_tui.batch, juesuan_tui.store, importers",
    "import juesuan_tui.app",
])
def test_start_up_does_not_import_heavy_libraries(code):
    assert _heavy_modules_after(code) == []


def test_importing_a_simplified_text_needs_no_heavy_library(seed_path):
    assert _heavy_modules_after(f"import importers; importers.load({str(seed_path)!r})") == []


# ---------------------------------------------------------------- Store.save_many (the batch writer)


def _sql_rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table (import and save times and the sections' surrogate key aside: it
    counts the versions written before), in rowid order."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            " AND name NOT LIKE 'sections_fts%' ORDER BY name")]
        out = {}
        for table in tables:
            names = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            keep = [n for n in names if n not in ("saved_at", "imported_at", "pk")]
            # Double quotes: a single-quoted name would be a string constant, not the column.
            columns = ", ".join(f'"{name}"' for name in keep)
            out[table] = conn.execute(f'SELECT {columns} FROM "{table}" ORDER BY rowid').fetchall()
        return out
    finally:
        conn.close()


def test_save_many_writes_what_save_writes(tmp_path, make_doc, full_doc):
    docs = [make_doc(doc_id=f"d{i}", unit=f"单位{i}", year=2020 + i) for i in range(4)]
    changed = docs[1].model_copy(update={"title": "改过的标题"})
    sequence = [docs[0], docs[1], full_doc, docs[1], changed, docs[2], docs[3], docs[0]]
    for replace in (False, True):
        one, many = tmp_path / f"one-{replace}.db", tmp_path / f"many-{replace}.db"
        with Store(one) as store:
            expected = [store.save(doc, replace=replace) for doc in sequence]
        with Store(many) as store:
            assert store.save_many(sequence, replace=replace) == expected
            assert store.get("d1").title == ("改过的标题" if replace else docs[1].title)
            hits = store.search("政府采购")
        assert _sql_rows(one) == _sql_rows(many)
        with Store(one) as store:
            assert store.search("政府采购") == hits
        assert len({h.document_id for h in hits}) == 5
    assert expected == ["imported", "imported", "imported", "replaced", "replaced", "imported", "imported", "replaced"]


def test_save_many_rolls_back_only_the_document_that_fails(tmp_path, make_doc, monkeypatch):
    import sqlite3

    docs = [make_doc(doc_id=f"d{i}", unit=f"单位{i}") for i in range(3)]
    real = Store._insert_scorecards

    def fail_for_d1(self, doc):
        if doc.id == "d1":
            raise sqlite3.IntegrityError("NOT NULL constraint failed: injected")
        real(self, doc)

    monkeypatch.setattr(Store, "_insert_scorecards", fail_for_d1)
    with Store(tmp_path / "x.db") as store:
        results = store.save_many(docs)
        assert results[0] == "imported" and results[2] == "imported"
        assert isinstance(results[1], StoreError) and "injected" in str(results[1])
        assert [d.id for d in store.list_documents()] == ["d0", "d2"]
        assert store.get("d2") == docs[2]
        assert [h.document_id for h in store.search("政府采购")] == ["d0", "d2"]


def test_a_workbook_in_the_same_batch_attaches_to_its_narrative(seed_path, tmp_path):
    from fixtures_build import general_budget_workbook
    from test_excel import SEED_ROWS, UNIT

    workbook = general_budget_workbook(tmp_path / "附表.xlsx", UNIT, 2024, SEED_ROWS)
    with Store(tmp_path / "x.db") as store:
        narrative, attached = list(import_paths([seed_path, workbook], store, jobs=2))
        assert (narrative.status, attached.status) == ("imported", "attached")
        assert attached.id == narrative.id
        assert [d.id for d in store.list_documents()] == [narrative.id]
        doc = store.get(narrative.id)
    assert next(t for t in doc.tables if t.key == "general_budget").status == "included"
