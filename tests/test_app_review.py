"""Issue 7 in the app: overview (sort, filter, counts), compare, charts, export of what is
shown, and review notes — on a small hand-built database."""

from __future__ import annotations

import csv
import io
import stat
from pathlib import Path

import pytest
from app_fixtures import GENERAL, review_database, screen_text, settle
from rich.cells import cell_len
from textual.widgets import DataTable, Input, RadioSet, Select, TabbedContent

from juesuan_tui.app import make_app
from juesuan_tui.screens.browser import BrowserScreen
from juesuan_tui.screens.charts import ChartScreen
from juesuan_tui.screens.compare import CompareScreen
from juesuan_tui.screens.export import ExportScreen
from juesuan_tui.screens.note import NoteScreen
from juesuan_tui.screens.overview import COLUMNS, OverviewScreen
from juesuan_tui.store import Store
from juesuan_tui.widgets.bar_chart import BarChart
from juesuan_tui.widgets.context_panel import ContextPanel, NotesList
from juesuan_tui.widgets.drilldown import DrillDown
from juesuan_tui.widgets.report_view import ReportView

WIDE = (120, 40)
NARROW = (80, 24)
UNIT = "示例市测试服务中心"


@pytest.fixture
def review_db(tmp_path):
    """Three documents: 另一单位 2022 (收入总计 150), the unit in 2023 (200) and 2024 (250, changed items)."""
    return review_database(tmp_path / "review.db")


def rows_of(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_overview(pilot) -> OverviewScreen:
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, OverviewScreen)
    return screen


def order(screen: OverviewScreen) -> list[str]:
    return [row.id for row in screen.rows]


# --------------------------------------------------------------------------- overview


async def test_overview_lists_every_document_with_headlines_and_counts(review_db):
    app = make_app(review_db)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_overview(pilot)
        assert order(screen) == ["doc-b", "doc-c", "doc-a"]  # unit, then newest year first
        rows = rows_of(screen.table)
        assert rows[0][1:5] == ["另一单位", "2022", "单位决算", "150.00"]
        assert rows[1][2] == "2024" and rows[1][4] == "250.00"
        assert rows[2][-3:] == ["0", "0", "1"]  # 错误 / 警告 / 提示
        stats = screen.query_one("#overview-stats-text").text.plain
        assert stats.startswith("共 3 个文档，2 个单位。按年度：2022年 1 个文档（1 个单位）；2023年 1 个文档")
        assert "按类（一般公共预算财政拨款）：一般公共服务支出 3 个文档 450.00 万元" in stats


async def test_overview_sorts_by_key_and_by_clicking_a_header(review_db):
    app = make_app(review_db)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_overview(pilot)
        names = [name for name, _ in COLUMNS]
        for _ in range(names.index("income") + 1):  # s steps through the columns
            await pilot.press("s")
        await settle(pilot)
        assert (screen.sort, screen.desc) == ("income", True)
        assert order(screen) == ["doc-c", "doc-a", "doc-b"]  # 250, 200, 150
        assert str(screen.table.ordered_columns[names.index("income") + 1].label).endswith("▼")
        await pilot.press("r")
        await settle(pilot)
        assert order(screen) == ["doc-b", "doc-a", "doc-c"]
        # a click on the 年度 header sorts by year
        table = screen.table
        x = sum(c.get_render_width(table) for c in table.ordered_columns[:names.index("year") + 1]) + 1
        await pilot.click("#overview-table", offset=(x, 0))
        await settle(pilot)
        assert screen.sort == "year" and order(screen) == ["doc-b", "doc-a", "doc-c"]
        await pilot.click("#overview-table", offset=(x, 0))  # again: the other way
        await settle(pilot)
        assert order(screen) == ["doc-c", "doc-a", "doc-b"]


async def test_overview_filters_by_text_and_year_and_enter_opens(review_db):
    app = make_app(review_db)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_overview(pilot)
        await pilot.press("f", *"另一")
        await settle(pilot)
        assert order(screen) == ["doc-b"]
        assert screen.query_one("#overview-stats-text").text.plain.startswith("共 1 个文档，1 个单位。")
        screen.query_one("#overview-filter", Input).value = ""
        await settle(pilot)
        year = screen.query_one("#overview-year", Select)
        year.value = 2024
        await settle(pilot)
        assert order(screen) == ["doc-c"]
        screen.table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen) and app.screen.document.id == "doc-c"


# --------------------------------------------------------------------------- compare


async def test_compare_shows_added_removed_and_renamed_items(review_db):
    app = make_app(review_db)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_overview(pilot)
        # mark 2023 as A, then compare with the 2024 row under the cursor
        await pilot.press("down", "down", "space", "up", "x")
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert (compare.a_id, compare.b_id) == ("doc-a", "doc-c")
        facts = {r[0]: r[1:] for r in rows_of(compare.query_one("#compare-facts", DataTable))}
        assert facts["收入总计"] == ["200.00", "250.00", "+50.00", "+25.00%"]
        await pilot.press("2")
        await pilot.pause()
        items = {r[1].strip("　"): [r[0], *r[2:]] for r in rows_of(compare.query_one("#compare-items", DataTable))}
        assert items["行政运行（综合）（原：行政运行）"] == ["2010301", "100.00", "100.00", "0.00", "0.00%", "更名"]
        assert items["城管执法"] == ["", "0.00", "—", "—", "—", "删除"]
        assert items["机关事业单位基本养老保险缴费支出"] == ["2080505", "—", "12.00", "—", "—", "新增"]
        assert "新增 1 · 删除 1 · 更名 1" in str(compare.query_one("#compare-title").content)
        await pilot.press("w")  # swap: what was added is now removed
        await settle(pilot)
        items = {r[1].strip("　"): r[-1] for r in rows_of(compare.query_one("#compare-items", DataTable))}
        assert items["城管执法"] == "新增" and items["机关事业单位基本养老保险缴费支出"] == "删除"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_compare_from_the_browser_takes_the_previous_year_as_base(review_db):
    app = make_app(review_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.screen.open_place("doc-c")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        compare = app.screen
        assert (compare.a_id, compare.b_id) == ("doc-a", "doc-c")
        assert compare.query_one("#compare-a", Select).value == "doc-a"


# --------------------------------------------------------------------------- charts


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_charts_draw_bars_that_fit_the_width(review_db, size):
    app = make_app(review_db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.screen.open_place("doc-c")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        charts = app.screen
        assert isinstance(charts, ChartScreen)
        shown = screen_text(app)
        lines = shown.splitlines()
        assert all(cell_len(line) <= size[0] for line in lines)
        share = next(line for line in lines if "一般公共服务支出" in line)
        assert "█" in share and share.rstrip().endswith("%")
        await pilot.press("2")  # 历年数据: the unit's two years from one query
        await settle(pilot)
        years = charts.query_one("#chart-years", BarChart)
        income = next(s for s in years.series if s.key == "income.total")
        assert [(b.label, str(b.value)) for b in income.bars] == [("2023", "200.00"), ("2024", "250.00")]
        assert "250.00" in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        text = screen_text(app)
        assert "受理量" in text and "50/50" in text


# --------------------------------------------------------------------------- export


async def export_to(pilot, path) -> None:
    """In the open export dialog: type ``path`` and press Enter."""
    assert isinstance(pilot.app.screen, ExportScreen)
    field = pilot.app.screen.query_one("#export-path", Input)
    field.value = str(path)
    await pilot.press("enter")
    await settle(pilot)


async def test_export_the_table_shown_as_csv_reads_back(review_db, tmp_path):
    app = make_app(review_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.screen.open_place("doc-a")
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()
        report = app.screen.query_one(ReportView)
        report.reveal("basic_expenditure")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#export-path", Input).value == f"{UNIT}-2023-一般公共预算财政拨款基本支出决算表.csv"
        target = tmp_path / "基本支出.csv"
        await export_to(pilot, target)
        assert isinstance(app.screen, BrowserScreen)
        rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
        assert rows == [["项目", "决算数"], ["人员经费", "70.00"], ["公用经费", "10.00"], ["合计", "80.00"]]
        assert any(f"已导出到 {target}" in n.message for n in app._notifications)


async def test_export_the_drill_level_as_xlsx_and_the_comparison_as_markdown(review_db, tmp_path):
    from openpyxl import load_workbook

    app = make_app(review_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.screen.open_place("doc-a")
        await settle(pilot)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert app.screen.query_one(DrillDown).trail_names == [GENERAL]
        await pilot.press("e")
        await pilot.pause()
        await export_to(pilot, tmp_path / "类.xlsx")
        sheet = load_workbook(tmp_path / "类.xlsx").active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert values[0][:4] == ["名称", "编码", "级次", "金额（万元）"]
        assert [(r[0], r[3]) for r in values[1:]] == [("一般公共服务支出", 150), ("社会保障和就业支出", 30),
                                                     ("城乡社区支出", 0)]
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        await export_to(pilot, tmp_path / "比较.md")
        text = (tmp_path / "比较.md").read_text(encoding="utf-8")
        assert text.startswith("## 比较-主要数据")
        assert "## 比较-支出科目" in text and "| 删除 |" in text


async def test_export_to_read_only_media_says_so_and_stays(review_db, tmp_path, monkeypatch):
    import errno
    import tempfile

    media = tmp_path / "media"
    media.mkdir()
    real_mkstemp = tempfile.mkstemp

    def read_only_media(*args, dir=None, **kwargs):  # noqa: A002 - mkstemp's own name
        if dir is not None and Path(dir) == media:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", read_only_media)
    app = make_app(review_db, readonly=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("6", "e")  # the findings list, from a read-only database
        await pilot.pause()
        await export_to(pilot, media / "检查.csv")
        assert isinstance(app.screen, ExportScreen)
        error = str(app.screen.query_one("#dialog-error").content)
        assert error == f"{media / '检查.csv'}: 无法写入（Read-only file system）"
        await export_to(pilot, tmp_path / "no-such-folder" / "x.csv")
        assert "文件夹不存在" in str(app.screen.query_one("#dialog-error").content)
        await export_to(pilot, tmp_path / "检查.txt")
        assert "不支持的扩展名" in str(app.screen.query_one("#dialog-error").content)
        await export_to(pilot, tmp_path / "检查.csv")  # a path the user gives that can be written
        assert isinstance(app.screen, BrowserScreen)
        rows = list(csv.reader(io.StringIO((tmp_path / "检查.csv").read_bytes().decode("utf-8-sig"))))
        assert rows[0][3:7] == ["级别", "规则", "检查项", "说明"] and rows[1][3:5] == ["提示", "T"]
    assert list(media.iterdir()) == []


# --------------------------------------------------------------------------- review notes


async def add_note(pilot, text: str, verified: bool = False) -> None:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, NoteScreen)
    if verified:  # Tab to the status, → to 已核实, Enter to choose it, Ctrl+S to save
        await pilot.press(*text, "tab", "right", "enter")
        assert pilot.app.screen.query_one(RadioSet).pressed_index == 1
        await pilot.press("ctrl+s")
    else:
        await pilot.press(*text, "enter")
    await settle(pilot)


async def test_add_a_note_on_a_section_and_on_an_item_then_toggle_its_status(review_db):
    app = make_app(review_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.open_place("doc-a", "2.4")
        await settle(pilot)
        await add_note(pilot, "请核对采购金额")
        await pilot.press("2", "enter", "down")  # 社会保障和就业支出
        await pilot.pause()
        await add_note(pilot, "下级合计不符", verified=True)
        with Store(review_db) as store:
            notes = store.notes(document_id="doc-a")
        assert [(n.anchor, n.text, n.status) for n in notes] == [
            ("section", "请核对采购金额", "待核实"), ("item", "下级合计不符", "已核实")]
        assert notes[0].section == "2.4" and notes[0].section_path[-1] == "四、政府采购情况"
        assert (notes[1].item_fund, notes[1].item_path) == (GENERAL, ["社会保障和就业支出"])
        # listed in the context panel
        listed = screen.query_one(NotesList)
        assert [note.text for note in listed.notes] == ["请核对采购金额", "下级合计不符"]
        assert str(screen.query_one("#notes-title").content) == "审核意见 2 条，待核实 1"
        listed.focus()
        listed.highlighted = 0
        await pilot.press("v")
        await settle(pilot)
        with Store(review_db) as store:
            assert store.note(notes[0].id).status == "已核实"
        assert [n.status for n in screen.query_one(NotesList).notes] == ["已核实", "已核实"]
        # Enter on a note goes to its place
        await pilot.press("enter")
        await settle(pilot)
        assert screen.section_id == "2.4" and screen.query_one(TabbedContent).active == "text"


async def test_note_dialog_refuses_empty_text_and_escape_adds_nothing(review_db):
    app = make_app(review_db)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert "意见内容不能为空" in str(app.screen.query_one("#dialog-error").content)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
    with Store(review_db) as store:
        assert store.notes() == []


async def test_read_only_database_refuses_notes_with_a_message(review_db):
    folder = review_db.parent
    review_db.chmod(0o444)
    folder.chmod(0o555)
    try:
        before = review_db.read_bytes()
        app = make_app(review_db)
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, BrowserScreen)
            assert any("只读数据库：不能添加审核意见" in n.message for n in app._notifications)
        assert review_db.read_bytes() == before
        assert stat.S_IMODE(review_db.stat().st_mode) == 0o444
    finally:
        folder.chmod(0o755)
        review_db.chmod(0o644)


async def test_notes_show_text_as_data(review_db):
    with Store(review_db) as store:
        from juesuan_tui.notes import make_note

        doc = store.get("doc-b")
        store.add_note(make_note(doc, "[bold]不是标记[/bold] \x1b[31m", author="[red]审核人[/red]"))
    app = make_app(review_db)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert app.screen.document.id == "doc-b"
        panel = app.screen.query_one(ContextPanel)
        shown = screen_text(app)
        assert "[bold]不是标记[/bold]" in shown and "（[red]审核人[/red]）" in shown and "\x1b" not in shown
        assert panel.notes_list.notes[0].anchor == "document"
