"""The app on a small hand-built database: layout, keys, tabs, search, history, read-only, text as data."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from app_fixtures import FUND, GENERAL, HOSTILE, hostile_document, sample_document, screen_text, settle
from textual.widgets import DataTable, Input, OptionList, TabbedContent

from juesuan_tui.app import make_app
from juesuan_tui.screens.browser import BrowserScreen
from juesuan_tui.screens.commands import jump_targets
from juesuan_tui.screens.help import HelpScreen
from juesuan_tui.screens.search import SearchScreen
from juesuan_tui.store import Store
from juesuan_tui.widgets.context_panel import ContextPanel
from juesuan_tui.widgets.document_tree import DocumentTree
from juesuan_tui.widgets.drilldown import DrillDown
from juesuan_tui.widgets.findings_view import FindingsView
from juesuan_tui.widgets.section_tree import SectionTree
from juesuan_tui.widgets.section_view import AMOUNT_STYLE, HIT_STYLE, TERM_STYLE, SectionView

WIDE = (120, 40)
NARROW = (80, 24)


@pytest.fixture
def fixture_db(tmp_path) -> Path:
    """A database with the hand-built document and a second unit."""
    path = tmp_path / "app.db"
    with Store(path) as store:
        store.save(sample_document())
        store.save(sample_document(doc_id="doc-b", unit="另一单位", year=2022))
    return path


def browser(app) -> BrowserScreen:
    screen = app.screen
    assert isinstance(screen, BrowserScreen)
    return screen


async def open_section(pilot, section_id: str) -> None:
    """Select a section in the section tree as a user would (Enter on its node)."""
    tree = pilot.app.screen.query_one(SectionTree)
    tree.focus()
    node = tree._section_nodes[section_id]
    tree.move_cursor(node)
    await pilot.press("enter")
    await settle(pilot)


def table_rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


# --------------------------------------------------------------------------- start-up and layout


async def test_first_screen_appears_before_the_database_answers(fixture_db):
    app = make_app(fixture_db)
    release = threading.Event()
    real_open = app.open_store

    def slow_open():
        release.wait(5)
        return real_open()

    app.open_store = slow_open
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert "正在打开数据库" in screen_text(app)
        assert len(app.screen.query_one(DocumentTree).root.children) == 0
        release.set()
        await settle(pilot)
        assert [n.label.plain for n in app.screen.query_one(DocumentTree).root.children] == ["另一单位", "示例市测试服务中心"]


async def test_documents_grouped_by_unit_then_year_and_first_opened(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(DocumentTree)
        unit = tree.root.children[1]
        year = unit.children[0]
        assert (unit.label.plain, year.label.plain) == ("示例市测试服务中心", "2023年")
        assert [leaf.label.plain for leaf in year.children] == ["2023年度单位决算公开"]
        screen = browser(app)
        assert screen.document is not None and screen.document.id == "doc-b"  # first in the list
        assert "另一单位 2022年" in app.sub_title
        # choosing the other document in the tree opens it
        tree.select_node(year.children[0])
        await settle(pilot)
        assert screen.document.id == "doc-a"
        assert app.sub_title == "示例市测试服务中心 2023年"
        assert "负责受理市民诉求事项。" in app.screen.query_one(SectionView).plain_text


async def test_wide_layout_shows_three_panes_side_by_side(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        nav, centre, context = (app.screen.query_one(q) for q in ("#navigator", "#centre", "#context"))
        assert nav.region.right <= centre.region.x and centre.region.right <= context.region.x
        assert context.region.right <= 120
        await pilot.press("n")
        await pilot.pause()
        assert nav.region.width == 0 and centre.region.x == 0
        await pilot.press("n", "c")
        await pilot.pause()
        assert nav.region.width > 0 and context.region.width == 0 and centre.region.right == 120


async def test_narrow_layout_folds_side_panels_into_toggles_without_overlap(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = app.screen
        nav, centre, context = (screen.query_one(q) for q in ("#navigator", "#centre", "#context"))
        assert screen.has_class("-narrow")
        assert nav.region.width == 0 and context.region.width == 0 and centre.region.width == 80
        assert centre in app.focused.ancestors  # not a widget of a folded panel
        await pilot.press("n")
        await pilot.pause()
        assert nav.region.width > 0 and nav.region.right <= centre.region.x
        assert app.focused is screen.query_one(SectionTree)  # the unfolded panel takes the keys
        await pilot.press("c")  # one side panel at a time on a narrow screen
        await pilot.pause()
        assert nav.region.width == 0 and context.region.width > 0
        assert centre.region.right <= context.region.x and context.region.right <= 80
        assert app.focused is context
        await pilot.press("c")
        await pilot.pause()
        assert context.region.width == 0 and centre.region.width == 80
        assert centre in app.focused.ancestors


# --------------------------------------------------------------------------- 正文 and context


async def test_section_text_highlights_amounts_and_terms_and_context_defines_them(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        browser(app).open_place("doc-a")
        await settle(pilot)
        await open_section(pilot, "2.2")  # 二、基本支出决算情况说明
        view = app.screen.query_one(SectionView)
        assert view.section.id == "2.2"
        paragraph = [w for w in view.body.children if "paragraph" in w.classes][0]
        text = paragraph.text
        styled = {text.plain[s.start:s.end]: str(s.style) for s in text.spans}
        assert styled["80.00 万元"] == AMOUNT_STYLE
        assert styled["基本支出"].startswith(TERM_STYLE)
        context = app.screen.query_one(ContextPanel)
        assert [t.term for t in context.terms] == ["基本支出"]
        assert "指为保障机构正常运转" in context.plain_text
        # the term list under the text: choosing a term puts its definition first
        terms = view.query_one("#section-terms", OptionList)
        terms.focus()
        terms.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert context.plain_text.startswith("所选名词\n基本支出")
        # clicking the term in the text does the same
        context.show(context.terms, [], None)
        assert not context.plain_text.startswith("所选名词")
        await pilot.click(paragraph, offset=(1, 0))
        await pilot.pause()
        assert context.plain_text.startswith("所选名词\n基本支出")


async def test_scorecard_summary_in_context_for_its_section(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        browser(app).open_place("doc-a", "2.5")
        await settle(pilot)
        text = app.screen.query_one(ContextPanel).plain_text
        assert "绩效自评" in text and "热线服务项目" in text and "总分 95.00 / 100" in text
        await open_section(pilot, "2.4")
        assert "绩效自评" not in app.screen.query_one(ContextPanel).plain_text


# --------------------------------------------------------------------------- tabs


async def test_drill_down_with_enter_and_back_with_backspace_and_escape(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        browser(app).open_place("doc-a")
        await settle(pilot)
        await pilot.press("2")
        await pilot.pause()
        drill = app.screen.query_one(DrillDown)
        assert app.screen.query_one(TabbedContent).active == "drill"
        assert app.focused is drill.table
        assert [r[0] for r in table_rows(drill.table)] == [GENERAL + " ▸", FUND + " ▸"]
        await pilot.press("enter")  # into the general budget fund
        await pilot.pause()
        rows = table_rows(drill.table)
        assert rows[0][:2] == ["一般公共服务支出 ▸", "150.00"] and rows[0][2].split()[0] == "83.33%"
        assert [r[5] for r in rows] == ["✓", "✗", "—"]
        await pilot.press("down")
        await pilot.pause()
        detail = drill.detail_text
        assert "下级合计：29.00 万元 ✗" in detail and "相差 -1.00" in detail
        await pilot.press("up", "enter", "enter")
        await pilot.pause()
        assert drill.trail_names == [GENERAL, "一般公共服务支出", "政府办公厅（室）及相关机构事务"]
        rows = table_rows(drill.table)
        assert [(r[0], r[1], r[3], r[4]) for r in rows] == [("行政运行", "100.00", "+100.00", "+100.00%"),
                                                          ("事业运行", "50.00", "-5.00", "-9.09%")]
        assert "本年新增科目。" in drill.detail_text
        await pilot.press("backspace")
        await pilot.pause()
        assert drill.trail_names == [GENERAL, "一般公共服务支出"]
        assert drill.highlighted.name == "政府办公厅（室）及相关机构事务"  # cursor back where we came from
        await pilot.press("escape")
        await pilot.pause()
        assert drill.trail_names == [GENERAL]
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert drill.trail_names == []


async def test_report_tab_rebuilds_tables_with_dashes_and_statuses(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        browser(app).open_place("doc-a")
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()
        listing = app.screen.query_one("#report-list", OptionList)
        labels = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert labels[0] == "收入支出决算总表  附表：仅列出"
        assert labels[6] == "政府性基金预算财政拨款收入支出决算表  附表：空表"
        assert labels[-1] == "附表：采购明细  原表：含数据"
        table = app.screen.query_one("#report-table", DataTable)
        rows = {r[0]: r[1] for r in table_rows(table)}
        assert rows["本年收入合计"] == "180.00" and rows["上级补助收入"] == "—"
        await pilot.press(*["down"] * 5)  # 一般公共预算财政拨款基本支出决算表
        await pilot.pause()
        assert table_rows(table) == [["人员经费", "70.00"], ["公用经费", "10.00"], ["合计", "80.00"]]
        assert "单位：万元" in str(app.screen.query_one("#report-title").content)


async def test_performance_tab_shows_indicator_tree_and_total(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        browser(app).open_place("doc-a")
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        indicators = app.screen.query_one("#card-0-indicators", DataTable)
        rows = table_rows(indicators)
        assert [r[0].strip() for r in rows] == ["产出指标", "数量指标", "受理量", "效益指标", "社会效益指标",
                                                "一号响应", "满意度指标", "满意度指标", "市民满意度", "总分"]
        assert rows[5][1:5] == ["有效实现", "达到预期", "30", "25"] and rows[5][6] == "部分渠道未接入。"
        assert rows[-1][3:5] == ["100", "95.00"]
        funds = table_rows(app.screen.query_one("#card-0-funds", DataTable))
        assert funds[0] == ["年度资金总额", "10.00", "8.00", "8.00", "10", "100.00%", "10.00"]


async def test_glossary_tab_filters_and_chooses(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        browser(app).open_place("doc-a")
        await settle(pilot)
        await pilot.press("5")
        await pilot.pause()
        terms = app.screen.query_one("#term-list", OptionList)
        assert terms.option_count == 3 and app.focused is terms
        app.screen.query_one("#term-filter", Input).focus()
        await pilot.press(*"结转")
        await pilot.pause()
        assert terms.option_count == 1
        assert str(terms.get_option_at_index(0).prompt).startswith("年初结转和结余\n")
        await pilot.press("enter", "enter")  # Enter in the filter moves to the list, Enter chooses
        await pilot.pause()
        assert app.screen.query_one(ContextPanel).plain_text.startswith("所选名词\n年初结转和结余")


async def test_check_tab_lists_findings_under_their_severity(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        browser(app).open_place("doc-a")
        await settle(pilot)
        await pilot.press("6")
        await pilot.pause()
        summary = str(app.screen.query_one("#findings-summary").content)
        assert summary.startswith("检查结果：错误 0 · 警告 0 · 提示 1")
        prompts = app.screen.query_one(FindingsView).prompts
        assert prompts[0] == "提示（1）"
        assert prompts[1].splitlines()[:2] == ["提示 类合计  T", "  合计相差 0.01 万元。"]


# --------------------------------------------------------------------------- search, palette, history


async def test_search_opens_the_section_with_the_hit_highlighted(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"政府采购", "enter")
        await settle(pilot)
        results = app.screen.query_one("#search-results", OptionList)
        prompts = [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]
        assert len(prompts) == 2  # one per document
        assert all("政府采购情况" in p for p in prompts)
        assert app.focused is results
        await pilot.press("enter")
        await settle(pilot)
        screen = browser(app)
        view = app.screen.query_one(SectionView)
        assert view.section.id == "2.4" and view.highlight == "政府采购"
        marked = [w.text.plain for w in view.body.children if any(span.style == HIT_STYLE for span in w.text.spans)]
        assert marked == ["四、政府采购情况", "政府采购支出总额 12.34 万元，其中：政府采购服务支出 12.34 万元。"]
        first = next(w for w in view.body.children if "hit" in w.classes)
        assert first.region.y >= view.body.region.y and first.region.bottom <= view.body.region.bottom
        assert screen.query_one(SectionTree).cursor_node.data == "2.4"


async def test_search_escape_closes_without_moving(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = browser(app).section_id
        await pilot.press("slash", *"不存在的词", "enter")
        await settle(pilot)
        assert "没有找到" in str(app.screen.query_one("#search-status").content)
        await pilot.press("escape")
        await pilot.pause()
        assert browser(app).section_id == before


async def test_command_palette_jumps_to_documents_sections_and_terms(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = browser(app)
        labels = [label for label, _, _ in jump_targets(screen)]
        assert "文档：另一单位 2022年" in labels and "文档：示例市测试服务中心 2023年" in labels
        assert "章节：四、政府采购情况" in labels and "名词：基本支出" in labels
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"章节：四、政府采购")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.section_id == "2.4"


async def test_back_and_forward_through_places_visited(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = browser(app)
        await open_section(pilot, "2.1")
        await open_section(pilot, "2.4")
        await pilot.press("3")
        await pilot.pause()
        screen.open_place("doc-a", "2.2")
        await settle(pilot)
        assert (screen.document.id, screen.section_id) == ("doc-a", "2.2")
        await pilot.press("left_square_bracket")  # back to the other document
        await settle(pilot)
        assert (screen.document.id, screen.section_id, screen._active_tab()) == ("doc-b", "2.4", "report")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert (screen.section_id, screen._active_tab()) == ("2.4", "text")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.section_id == "2.1"
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert (screen.document.id, screen.section_id) == ("doc-a", "2.2")


# --------------------------------------------------------------------------- keys


async def test_help_lists_every_binding_and_q_quits(fixture_db):
    app = make_app(fixture_db)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = table_rows(app.screen.query_one("#help-table", DataTable))
        described = {(key, what) for key, what, _ in rows}
        for expected in [("q", "退出"), ("?", "帮助"), ("/", "搜索"), ("n", "目录"), ("c", "释义"), ("[", "后退"),
                         ("]", "前进"), ("1", "正文"), ("2", "类款项"), ("6", "检查"), ("⌫", "上一级")]:
            assert expected in described, expected
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


# --------------------------------------------------------------------------- read-only and text as data


@pytest.fixture
def locked_db(fixture_db):
    """The database file 0444 in a 0555 folder (restored afterwards so tmp cleanup works)."""
    folder = fixture_db.parent
    fixture_db.chmod(0o444)
    folder.chmod(0o555)
    yield fixture_db
    folder.chmod(0o755)
    fixture_db.chmod(0o644)


@pytest.mark.parametrize("readonly", [None, True])
async def test_read_only_database_opens_for_browsing(locked_db, readonly):
    before = locked_db.read_bytes()
    app = make_app(locked_db, readonly=readonly)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.sub_title.startswith("只读")
        assert "只读" in screen_text(app).splitlines()[0]
        assert browser(app).document is not None
        await pilot.press("slash", *"政府采购", "enter")
        await settle(pilot)
        assert app.screen.query_one("#search-results", OptionList).option_count == 2
    assert locked_db.read_bytes() == before
    assert stat.S_IMODE(locked_db.stat().st_mode) == 0o444


async def test_empty_read_only_database_says_so_and_imports_nothing(tmp_path):
    path = tmp_path / "empty.db"
    Store(path).close()
    app = make_app(path, readonly=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "数据库中没有文档。（只读数据库）" in app.screen.query_one(SectionView).plain_text
    with Store(path) as store:
        assert store.count() == 0


async def test_unreadable_database_is_one_line_not_a_traceback(tmp_path):
    path = tmp_path / "not.db"
    path.write_text("这不是数据库")
    app = make_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#status").content)
        assert "不是 SQLite 数据库文件" in status and "\n" not in status
        assert "不是 SQLite 数据库文件" in app.screen.query_one(SectionView).plain_text
    assert path.read_text() == "这不是数据库"


async def test_markup_and_escape_sequences_show_literally(tmp_path):
    path = tmp_path / "hostile.db"
    with Store(path) as store:
        store.save(hostile_document())
    app = make_app(path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await open_section(pilot, "1.1")
        shown = screen_text(app)
        literal = HOSTILE.replace("\x1b", "")
        assert "\x1b" not in shown
        assert "[bold red]红色[/bold red]" in shown.splitlines()[0]  # the header's unit name
        assert f"职能：{literal}" in shown
        assert "第二行 [b]粗[/b]" in shown
        assert "[link=http://x]链接[/link]" in app.screen.query_one(DocumentTree).root.children[0].label.plain
        await pilot.press("4")
        await pilot.pause()
        title = app.screen.query_one(".card-title")
        assert f"实施单位：恶意单位{literal}" in str(title.content)
        assert "[bold red]红色[/bold red]" in screen_text(app)


async def test_document_without_sections_still_shows_its_text(tmp_path):
    path = tmp_path / "flat.db"
    doc = sample_document(doc_id="flat")
    doc.sections = []
    doc.text = "未分节的第一行 3,361.40 万元\n第二行"
    with Store(path) as store:
        store.save(doc)
    app = make_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = app.screen.query_one(SectionView).plain_text
        assert "全文（未识别出章节）" in text and "未分节的第一行 3,361.40 万元\n第二行" in text


# --------------------------------------------------------------------------- start-up weight


def test_startup_imports_no_heavy_libraries(fixture_db):
    """Running the app to its first document must not import pdfplumber or openpyxl."""
    script = (
        "import asyncio, sys\n"
        "from juesuan_tui.app import make_app\n"
        "async def main():\n"
        f"    app = make_app({str(fixture_db)!r})\n"
        "    async with app.run_test() as pilot:\n"
        "        for _ in range(3):\n"
        "            await pilot.pause(); await app.workers.wait_for_complete()\n"
        "        assert app.screen.document is not None\n"
        "asyncio.run(main())\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'pdfplumber', 'openpyxl', 'pdfminer'})\n"
        "print('HEAVY', heavy)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "HEAVY []" in result.stdout
