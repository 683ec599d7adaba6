"""No network: importing (text, PDF, Excel), checking, exporting, the doctor and the app all work
with every network socket blocked, and none of them even tries to open one."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys

import pytest
from rel_support import REPO, SEED, SEED_TEXT

from juesuan_tui.cli import cli
from juesuan_tui.store import Store

NETWORK = (socket.AF_INET, socket.AF_INET6)


@pytest.fixture
def no_network(monkeypatch):
    """Internet sockets, connections and name lookups raise; local (AF_UNIX) sockets, which
    asyncio uses to wake its loop, still work. Yields the list of attempts."""
    attempts: list[object] = []
    real_socket = socket.socket

    def refuse(what: object) -> OSError:
        attempts.append(what)
        return OSError(f"network blocked by test: {what}")

    class GuardedSocket(real_socket):
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):  # noqa: A002 - socket's own names
            if fileno is None and family in (-1, *NETWORK):
                raise refuse(("socket", family))
            super().__init__(family, type, proto, fileno)

    def guarded(method):
        def call(self, address, *args):
            if self.family in NETWORK:
                raise refuse((method.__name__, address))
            return method(self, address, *args)
        return call

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(real_socket, name, guarded(getattr(real_socket, name)))
    monkeypatch.setattr(socket, "create_connection", lambda address, *a, **k: (_ for _ in ()).throw(
        refuse(("create_connection", address))))
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, lambda host, *a, _name=name, **k: (_ for _ in ()).throw(
            refuse((_name, host))))
    yield attempts
    assert attempts == [], f"network was attempted: {attempts}"


def test_the_block_works(no_network):
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(OSError):
        socket.getaddrinfo("example.org", 80)
    local = socket.socketpair()  # what asyncio needs
    for s in local:
        s.close()
    no_network.clear()


def test_import_check_export_and_doctor_offline(no_network, runner, tmp_path):
    from fixtures_build import general_budget_workbook, text_pdf

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    text_pdf(folder / "seed.pdf", SEED_TEXT)
    general_budget_workbook(folder / "tables.xlsx", "某某市某某服务中心", 2024,
                            [["201", "一般公共服务支出", 100.0], ["20103", "政府办公厅（室）及相关机构事务", 100.0]])
    db = tmp_path / "offline.db"
    imported = runner.invoke(cli, ["import", str(folder), "--db", str(db), "--json"])
    assert imported.exit_code == 0, imported.output
    report = json.loads(imported.stdout)
    assert {item["path"].rsplit(".", 1)[-1] for item in report["imported"]} == {"txt", "pdf", "xlsx"}
    check = runner.invoke(cli, ["check", "--db", str(db), "--json"])
    ids = {item["id"] for item in report["imported"]}  # the seed's PDF is the seed: one document
    assert check.exit_code in (0, 1) and {d["id"] for d in json.loads(check.stdout)} == ids
    for args in (["export", "--format", "json"], ["export", "--format", "md"], ["export", "--format", "csv"],
                 ["export", "--format", "xlsx", "-o", str(tmp_path / "all.xlsx")], ["search", "政府采购"],
                 ["list"], ["stats"], ["doctor"]):
        result = runner.invoke(cli, [*args, "--db", str(db)])
        assert result.exit_code == 0, (args, result.output)
    assert (tmp_path / "all.xlsx").stat().st_size > 0


async def test_the_app_offline(no_network, tmp_path):
    """First launch on an empty database (imports the bundled sample), browsing and searching."""
    from app_fixtures import screen_text, settle

    from juesuan_tui.app import make_app

    db = tmp_path / "app.db"
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.screen.document is not None
        assert "乌鲁木齐市12345政务服务热线中心" in screen_text(app)
        await pilot.press("slash", *"政府采购", "enter")
        await settle(pilot)
    with Store(db) as store:
        assert store.count() == 1


@pytest.mark.slow
def test_cli_in_a_network_namespace_without_any_network(tmp_path):
    """The real thing: a process that has no network at all (``unshare -n``, needs root)."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("unshare -n is not available here")
    db = tmp_path / "netns.db"
    script = (
        "import sys\n"
        "from juesuan_tui.cli import main\n"
        "sys.argv = ['juesuan', *sys.argv[1:]]\n"
        "main()\n"
    )
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "HOME": str(tmp_path)}
    for args in (["import", str(SEED)], ["check"], ["export", "--format", "md"], ["doctor"]):
        result = subprocess.run([unshare, "-n", sys.executable, "-c", script, *args, "--db", str(db)],
                                capture_output=True, text=True, env=env, timeout=300)
        assert result.returncode in ((0, 1) if args[0] == "check" else (0,)), (args, result.stderr)
        assert "Traceback" not in result.stderr
