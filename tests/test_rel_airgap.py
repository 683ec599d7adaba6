"""Air-gapped install: the README's procedure, end to end.

On a connected machine ``pip wheel . -w wheelhouse`` builds our wheel and collects every
dependency; on the offline machine ``pip install --no-index --find-links wheelhouse juesuan-tui``
installs from that folder alone. The installed ``juesuan`` then imports and checks the seed
(inside ``unshare -n``, a process without any network, when this machine allows it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from rel_support import REPO, SEED


def _run(command: list[str], **options) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, **options)


@pytest.mark.slow
def test_wheelhouse_install_without_an_index_runs_import_and_check(tmp_path):
    wheelhouse = tmp_path / "wheelhouse"
    built = _run([sys.executable, "-m", "pip", "wheel", str(REPO), "-w", str(wheelhouse), "-q",
                  "--disable-pip-version-check"], timeout=900)
    assert built.returncode == 0, built.stderr[-3000:]
    wheels = sorted(p.name for p in wheelhouse.glob("*.whl"))
    assert any(name.startswith("juesuan_tui-") for name in wheels)
    assert any(name.startswith("textual-") for name in wheels) and any(name.startswith("pydantic_core-") for name in wheels)

    venv = tmp_path / "offline-venv"
    base = getattr(sys, "_base_executable", sys.executable)
    created = _run([base, "-m", "venv", str(venv)], timeout=300)
    assert created.returncode == 0, created.stderr
    python = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    env.update({"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INPUT": "1", "PYTHONIOENCODING": "utf-8",
                "HOME": str(tmp_path), "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"})
    installed = _run([str(python), "-m", "pip", "install", "--no-index", "--find-links", str(wheelhouse),
                      "juesuan-tui", "--disable-pip-version-check"], env=env, timeout=600)
    assert installed.returncode == 0, installed.stderr[-3000:]

    juesuan = venv / "bin" / "juesuan"
    prefix: list[str] = []
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        prefix = [unshare, "-n"]  # no network at all, as on the offline machine
    db = tmp_path / "offline.db"
    work = tmp_path / "elsewhere"  # not the checkout: only the installed package is importable
    work.mkdir()
    imported = _run([*prefix, str(juesuan), "import", str(SEED), "--db", str(db)], env=env, cwd=work, timeout=300)
    assert imported.returncode == 0, imported.stderr
    assert "乌鲁木齐市12345政务服务热线中心" in imported.stdout
    checked = _run([*prefix, str(juesuan), "check", "--db", str(db)], env=env, cwd=work, timeout=300)
    assert checked.returncode in (0, 1), checked.stderr
    assert "Traceback" not in checked.stderr and checked.stdout.strip()
    where = _run([str(python), "-c", "import juesuan_tui, importers; print(juesuan_tui.__file__, importers.__file__)"],
                 env=env, cwd=work, timeout=60)
    assert str(venv) in where.stdout and str(REPO) not in where.stdout
    doctor = _run([*prefix, str(juesuan), "doctor", "--db", str(db)], env=env, cwd=work, timeout=120)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
