"""Read-only databases: every read command and the app work on a read-only file and in a
read-only folder, also as an unprivileged user; write commands say, in one line with a
non-zero exit, that the database is read-only; nothing is ever written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from rel_support import REPO, SEED

import importers
from juesuan_tui.cli import cli
from juesuan_tui.models import Note
from juesuan_tui.store import Store

NOBODY = 65534
READS = [
    ["list"], ["list", "--json"], ["show", "乌鲁木齐"], ["show", "乌鲁木齐", "-s", "政府采购"],
    ["search", "政府采购"], ["export", "--format", "json"], ["export", "--format", "md"],
    ["export", "--format", "csv", "--table", "facts"], ["check"], ["check", "--json"], ["compare", "乌鲁木齐", "另一"],
    ["stats"], ["chart", "乌鲁木齐"], ["note", "list"], ["doctor"],
]
WRITES = [["import", str(SEED)], ["import", str(SEED), "--replace"], ["note", "add", "乌鲁木齐", "写不进去"],
          ["note", "set", "1", "--status", "已核实"], ["doctor", "--rebuild-fts"]]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(path: Path) -> None:
    seed = importers.load(SEED)
    other = seed.model_copy(deep=True, update={"id": "0" * 16, "unit": "另一单位", "year": 2023})
    with Store(path) as store:
        store.save(seed)
        store.save(other)
        store.add_note(Note(document_id=seed.id, text="已有意见", created_at="2025-01-01T00:00:00"))


def _check_reads_and_writes(run, db: Path) -> None:
    """``run(args) → (exit code, stdout, stderr)``."""
    before = _digest(db)
    listing = set(os.listdir(db.parent))
    for args in READS:
        code, out, err = run(args)
        expected = (0, 1) if args[0] == "check" else (0,)  # check exits 1 when it reports errors
        assert code in expected, (args, err)
        assert out.strip(), args
        assert "只读" not in err and "Traceback" not in err, (args, err)
    code, out, _ = run(["check", "--json"])
    assert {d["unit"] for d in json.loads(out)} == {"乌鲁木齐市12345政务服务热线中心", "另一单位"}
    for args in WRITES:
        code, out, err = run(args)
        assert code != 0, args
        text = err if args[0] != "doctor" else out
        lines = [line for line in text.splitlines() if "数据库为只读" in line]
        assert lines and str(db) in lines[0], (args, out, err)
        if args[0] != "doctor":
            assert len([line for line in err.splitlines() if line.strip()]) == 1, (args, err)
    assert _digest(db) == before
    assert set(os.listdir(db.parent)) <= listing | {db.name + "-shm", db.name + "-wal"}
    for leftover in (db.parent / (db.name + "-wal"),):
        assert not leftover.exists() or leftover.stat().st_size == 0


@pytest.fixture
def runner_run(runner):
    def run(db: Path):
        def invoke(args):
            result = runner.invoke(cli, [*args, "--db", str(db)])
            return result.exit_code, result.stdout, result.stderr
        return invoke
    return run


def test_a_read_only_file_serves_every_read(tmp_path, runner_run):
    db = tmp_path / "ro-file.db"
    _fill(db)
    db.chmod(0o444)
    try:
        _check_reads_and_writes(runner_run(db), db)
    finally:
        db.chmod(0o644)


def test_a_read_only_folder_serves_every_read(tmp_path, runner_run):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "x.db"
    _fill(db)
    folder.chmod(0o555)
    try:
        _check_reads_and_writes(runner_run(db), db)
        assert sorted(os.listdir(folder)) == ["x.db"]  # no -wal / -shm could be (or was) made
    finally:
        folder.chmod(0o755)


def test_check_on_a_read_only_database_reports_without_storing(tmp_path, runner, monkeypatch):
    db = tmp_path / "ro.db"
    _fill(db)
    db.chmod(0o444)
    calls = []
    monkeypatch.setattr(Store, "set_findings", lambda self, *a, **k: calls.append(a))
    try:
        result = runner.invoke(cli, ["check", "--db", str(db), "--json"])
    finally:
        db.chmod(0o644)
    assert result.exit_code in (0, 1) and len(json.loads(result.stdout)) == 2
    assert calls == []


# --------------------------------------------------------------------------- as an unprivileged user


def _unprivileged_python() -> tuple[str, dict[str, str]] | None:
    """An interpreter uid 65534 can run with this environment's packages, or None (skip).

    The test interpreter may live in a folder only root can enter (a per-user Python), then a
    system interpreter of the same version is used with our import path.
    """
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    import site

    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    paths = [str(REPO), str(REPO / "src"), *site.getsitepackages()]
    env = {"PYTHONPATH": os.pathsep.join(paths), "HOME": "/nonexistent", "PYTHONIOENCODING": "utf-8",
           "PATH": os.environ.get("PATH", ""), "JUESUAN_DB": "/nonexistent/none.db"}
    found = [sys.executable]
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        found += [str(Path(folder) / name) for name in (version, "python3") if (Path(folder) / name).is_file()]
    candidates: dict[str, str] = {}
    for path in found:  # one per real file, in PATH order
        candidates.setdefault(os.path.realpath(path), path)
    for candidate in candidates.values():
        try:
            probe = subprocess.run([candidate, "-c", "import juesuan_tui.cli, pydantic_core, textual"],
                                   env=env, capture_output=True, timeout=60, preexec_fn=_drop)
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return candidate, env
    return None


def _drop() -> None:
    os.setgid(NOBODY)
    os.setgroups([])
    os.setuid(NOBODY)


@pytest.fixture(scope="module")
def nobody():
    found = _unprivileged_python()
    if found is None:
        pytest.skip("needs root and an interpreter uid 65534 can run")
    return found


@pytest.fixture
def world_dir():
    """A folder outside pytest's root-only tmp tree, so uid 65534 can reach it."""
    folder = Path(tempfile.mkdtemp(prefix="juesuan-ro-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _as_nobody(nobody, args: list[str], db: Path) -> tuple[int, str, str]:
    python, env = nobody
    result = subprocess.run([python, "-c", "from juesuan_tui.cli import main; main()", *args, "--db", str(db)],
                            env=env, capture_output=True, text=True, timeout=120, preexec_fn=_drop)
    return result.returncode, result.stdout, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("folder_mode", [0o755, 0o777], ids=["root-folder", "world-writable-folder"])
def test_every_read_works_for_an_unprivileged_user(nobody, world_dir, folder_mode):
    db = world_dir / "shared.db"
    _fill(db)
    db.chmod(0o644)  # root's file: read-only for everybody else
    world_dir.chmod(folder_mode)
    assert os.stat(db).st_uid == 0
    _check_reads_and_writes(lambda args: _as_nobody(nobody, args, db), db)


APP_SCRIPT = textwrap.dedent("""
    import asyncio, sys
    from juesuan_tui.app import make_app

    async def main(path):
        app = make_app(path)
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(4):
                await pilot.pause()
                await app.workers.wait_for_complete()
            screen = app.screen
            assert screen.document is not None, "no document opened"
            print("SUBTITLE", app.sub_title)
            print("UNIT", screen.document.unit)
            await pilot.press("slash", *"政府采购", "enter")
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
    asyncio.run(main(sys.argv[1]))
""")


@pytest.mark.slow
def test_the_app_works_for_an_unprivileged_user_on_a_read_only_database(nobody, world_dir):
    db = world_dir / "app.db"
    _fill(db)
    db.chmod(0o644)
    before = _digest(db)
    python, env = nobody
    result = subprocess.run([python, "-c", APP_SCRIPT, str(db)], env=env, capture_output=True, text=True,
                            timeout=180, preexec_fn=_drop)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "SUBTITLE 只读" in result.stdout
    assert "UNIT " in result.stdout
    assert _digest(db) == before and sorted(os.listdir(world_dir)) == ["app.db"]


async def test_the_app_on_a_read_only_file_in_a_writable_folder(tmp_path):
    from app_fixtures import screen_text, settle

    from juesuan_tui.app import make_app

    db = tmp_path / "ro.db"
    _fill(db)
    db.chmod(0o444)
    before = _digest(db)
    try:
        app = make_app(db)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.sub_title.startswith("只读")
            assert app.screen.document is not None
            assert "只读" in screen_text(app).splitlines()[0]
            await pilot.press("a")  # add a note: refused with a message, nothing written
            await settle(pilot)
    finally:
        db.chmod(0o644)
    assert _digest(db) == before
    with Store(db) as store:
        assert [n.text for n in store.notes()] == ["已有意见"]
