"""Terminal safety: document text, file names and search input are data. No output path of the
CLI, the Markdown export or the app interprets them as Rich markup, links or escape sequences."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rel_support import HOSTILE, HOSTILE_VISIBLE, hostile_document

from juesuan_tui.cli import cli
from juesuan_tui.models import Note
from juesuan_tui.store import Store


@pytest.fixture
def hostile_db(tmp_path, make_doc) -> Path:
    path = tmp_path / "hostile.db"
    doc = hostile_document()
    with Store(path) as store:
        store.save(doc)
        store.save(make_doc(doc_id="c" * 16, year=2023))
        store.add_note(Note(document_id=doc.id, text=f"意见{HOSTILE}", author=f"作者{HOSTILE}",
                            created_at="2025-01-01T00:00:00"))
    return path


# A file name cannot hold "/": the same dangers without it.
HOSTILE_NAME = "[bold red]红[link=x]链\x1b[31m转"


def _assert_inert(text: str, *, literal: bool = True) -> None:
    """No escape character reached the output, and the markup is shown as typed."""
    assert "\x1b" not in text and "\x07" not in text
    if literal:
        flat = " ".join(text.split())  # Rich may wrap a long line at a space
        assert HOSTILE_VISIBLE[0] in flat, text[:2000]  # [bold red]红[/bold red]
        assert HOSTILE_VISIBLE[1] in flat  # [link=http://x]链[/link]
        assert "[31m转" in flat  # the escape sequence's printable rest, not a colour


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


CLI_OUTPUTS = [
    ["list"], ["show", "bbbb"], ["show", "bbbb", "-s", "2.1.1"], ["show", "bbbb", "-s", "2.1.1", "--raw"],
    ["search", "政府采购"], ["export", "bbbb", "--format", "md"], ["export", "--format", "md", "--table", "facts"],
    ["export", "--format", "csv", "--table", "line_items"], ["check", "bbbb"], ["compare", "cccc", "bbbb"],
    ["chart", "bbbb"], ["chart", "bbbb", "--kind", "scorecard"], ["chart", "bbbb", "--kind", "years"],
    ["note", "list"], ["note", "export", "--format", "md"],
]


@pytest.mark.parametrize("args", CLI_OUTPUTS, ids=lambda a: " ".join(a))
def test_cli_outputs_show_document_text_literally(runner, hostile_db, args):
    result = runner.invoke(cli, [*args, "--db", str(hostile_db)])
    assert result.exit_code in ((0, 1) if args[0] == "check" else (0,)), result.output
    _assert_inert(result.stdout)
    _assert_inert(result.stderr, literal=False)


def test_stats_names_are_literal(runner, tmp_path):
    db = tmp_path / "stats.db"
    with Store(db) as store:
        store.save(hostile_document())
    result = runner.invoke(cli, ["stats", "--db", str(db)])
    assert result.exit_code == 0
    _assert_inert(result.stdout)


def test_json_outputs_escape_control_characters(runner, hostile_db):
    for args in (["list", "--json"], ["export", "bbbb"], ["search", "政府采购", "--json"], ["note", "list", "--json"]):
        result = runner.invoke(cli, [*args, "--db", str(hostile_db)])
        assert result.exit_code == 0 and "\x1b" not in result.stdout
        assert any(HOSTILE in s for s in _strings(json.loads(result.stdout)))  # exact round trip


def test_search_input_is_data(runner, hostile_db):
    result = runner.invoke(cli, ["search", HOSTILE, "--db", str(hostile_db)])
    assert result.exit_code == 0
    _assert_inert(result.stdout)
    missing = runner.invoke(cli, ["search", f"无此{HOSTILE}", "--db", str(hostile_db)])
    assert missing.exit_code == 0 and missing.stdout == ""
    _assert_inert(missing.stderr)
    assert missing.stderr.count("\n") == 1


def test_error_lines_naming_hostile_files_are_literal(runner, tmp_path):
    name = f"决算{HOSTILE_NAME}\n第二行.txt"
    bad = tmp_path / name
    bad.write_bytes(b"")  # empty: refused
    result = runner.invoke(cli, ["import", str(bad), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("导入失败 ") and "文件为空" in lines[0]
    assert "\x1b" not in result.stderr and "[bold red]红[link=x]链\\x1b[31m转 第二行.txt" in lines[0]
    missing = runner.invoke(cli, ["show", f"无此{HOSTILE}", "--db", str(tmp_path / "x.db")])
    assert missing.exit_code == 1
    _assert_inert(missing.stderr)
    folder = tmp_path / f"库{HOSTILE_NAME}"
    folder.mkdir()
    not_db = folder / "x.db"
    not_db.write_text("不是数据库")
    result = runner.invoke(cli, ["list", "--db", str(not_db)])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "库[bold red]红[link=x]链\\x1b[31m转" in result.stderr


def test_markdown_export_has_no_control_characters(runner, hostile_db):
    result = runner.invoke(cli, ["export", "--format", "md", "--db", str(hostile_db)])
    assert result.exit_code == 0
    md = result.stdout
    assert not any(ord(ch) < 32 and ch not in "\n\t" or 0x7F <= ord(ch) <= 0x9F for ch in md)
    assert "\\x1b[31m转" in md  # visible, not active
    # A line of the text starting like a Markdown heading is escaped, not promoted.
    assert "\n# 标题" in md and md.count("\n# ") == 1


# --------------------------------------------------------------------------- the app


def _render(app) -> tuple[str, list]:
    """The current screen as plain text, and its styled segments."""
    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, record=True, file=io.StringIO(), legacy_windows=False,
                      color_system="truecolor")
    console.print(app.screen._compositor)
    segments = list(console._record_buffer)
    return console.export_text(styles=False), segments


def _assert_screen_inert(app, *, expect_literal: bool = True) -> str:
    text, segments = _render(app)
    assert "\x1b" not in text
    links = {s.style.link for s in segments if s.style is not None and s.style.link}
    assert "http://x" not in links  # the markup's link never became a real link
    if expect_literal:
        assert HOSTILE_VISIBLE[0] in text, text
    return " ".join(text.split())  # columns wrap long names at spaces


async def test_app_screens_show_hostile_text_literally(tmp_path):
    from app_fixtures import settle
    from juesuan_tui.app import make_app

    db = tmp_path / "hostile-app.db"
    doc = hostile_document()
    with Store(db) as store:
        store.save(doc)
    app = make_app(db)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert app.screen.document is not None
        first = _assert_screen_inert(app)
        assert HOSTILE_VISIBLE[0] in first.splitlines()[0]  # the header: unit name
        from juesuan_tui.widgets.section_tree import SectionTree

        tree = app.screen.query_one(SectionTree)
        tree.focus()
        tree.move_cursor(tree._section_nodes["1.1"])
        await pilot.press("enter")
        await settle(pilot)
        shown = _assert_screen_inert(app)
        assert "主要职能[bold red]红" in shown  # a section title
        assert "[31m红字" in shown  # \x1b[31m of the text: its printable rest, never a colour
        seen = {}
        for key, tab in zip("123456", ("text", "drill", "report", "perf", "terms", "check")):
            app.screen.action_show_tab(tab, True)  # as the digit keys do (a focused filter box would eat them)
            await settle(pilot)
            seen[key] = _assert_screen_inert(app, expect_literal=False)
        app.screen.action_show_tab("drill", True)
        await settle(pilot)
        await pilot.press("enter")  # into the fund: its 类
        await settle(pilot)
        seen["2"] = _assert_screen_inert(app)
        assert "一般公共服务支出[bold red]红[/bold red][link=http://x]链[/link][31m转" in seen["2"]  # 类款项 names
        assert "热线运维项目[bold red]红[/bold red][link=http://x]链[/link][31m转" in seen["4"]  # scorecard
        assert "受理[bold red]红[/bold red][link=http://x]链[/link][31m转" in seen["4"]  # an indicator
        assert "财政拨款收入[bold red]红[/bold red][link=http://x]链[/link][31m转" in seen["5"]  # glossary term


async def test_app_search_results_show_hostile_text_literally(tmp_path):
    from app_fixtures import settle

    app = await _hostile_app(tmp_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert type(app.screen).__name__ == "SearchScreen"
        await pilot.press(*"政府采购", "enter")  # results: unit, section title and snippet of hostile sections
        await settle(pilot)
        text, _ = _render(app)
        _assert_screen_inert(app)
        assert "政府采购情况[bold" in text and "\x1b" not in text


async def _hostile_app(tmp_path):
    from juesuan_tui.app import make_app

    db = tmp_path / "hostile-app.db"
    with Store(db) as store:
        store.save(hostile_document())
        store.save(hostile_document(doc_id="d" * 16, year=2023))
    return make_app(db)


async def test_pasted_search_input_never_reaches_the_terminal_as_an_escape(tmp_path):
    from app_fixtures import settle
    from textual import events
    from textual.widgets import Input

    app = await _hostile_app(tmp_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        field = app.screen.query_one(Input)
        field.post_message(events.Paste(HOSTILE))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "\x1b" not in _render(app)[0]


async def test_compare_screen_shows_hostile_unit_names_literally(tmp_path):
    from app_fixtures import settle

    app = await _hostile_app(tmp_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert type(app.screen).__name__ == "CompareScreen"
        _assert_screen_inert(app, expect_literal=False)
        assert "测试市某某服务中心[bold red]红" in _render(app)[0]


async def test_dialogs_show_hostile_text_literally(tmp_path):
    """Export, overview, note and chart dialogs on a hostile document."""
    from app_fixtures import settle

    app = await _hostile_app(tmp_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        for key in ("e", "o", "a", "g"):
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ != "BrowserScreen", key
            _assert_screen_inert(app, expect_literal=False)
            await pilot.press("escape")
            await settle(pilot)
