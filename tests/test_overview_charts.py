"""Chart data (类 shares, scorecard score vs weight) and the bar renderer: exact values,
CJK-width fitting at 80 columns, document text never read as markup; `juesuan chart`."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rich.cells import cell_len
from rich.console import Console

from juesuan_tui.charts import Bar, Series, class_shares, render_bars, render_series, scorecard_series
from juesuan_tui.cli import cli
from juesuan_tui.store import Store


def lines_of(text) -> list[str]:
    console = Console(width=200, markup=False, highlight=False, color_system=None, record=True)
    with console.capture() as capture:
        console.print(text)
    return capture.get().rstrip("\n").split("\n")


def test_class_shares_of_the_seed(seed_doc):
    bars = class_shares(seed_doc)
    by_label = {b.label: b for b in bars}
    # The seed's 类 structure: 1577.40 + 1664.11 + 58.65 (a 类 stated without amount is kept, empty).
    assert by_label["一般公共服务支出"].value == Decimal("1577.40")
    assert by_label["科学技术支出"].value == Decimal("1664.11")
    total = Decimal("1577.40") + Decimal("1664.11") + Decimal("58.65")
    assert all(b.scale == total for b in bars)
    assert by_label["一般公共服务支出"].caption == "47.80%"  # 1577.40 / 3300.16, computed exactly
    assert by_label["社会保障和就业支出"].caption == "1.78%"


def test_scorecard_series_of_the_seed(seed_doc):
    (series,) = scorecard_series(seed_doc)
    card = seed_doc.scorecards[0]
    scored = [b for b in series.bars if b.scale is not None]
    assert len(series.bars) == 1 + sum(1 for i in card.indicators if i.weight is not None or i.score is not None)
    assert series.bars[0].label.endswith("（执行率）")
    assert sum(b.scale for b in scored) == card.total_weight
    for bar, ind in zip(series.bars[1:], [i for i in card.indicators if i.weight is not None or i.score is not None]):
        assert (bar.label, bar.value, bar.scale) == (ind.name, ind.score, ind.weight)


@pytest.mark.parametrize("width", [40, 60, 80])
def test_render_bars_fits_and_is_literal(width):
    rows = [
        Bar("一般公共服务支出（很长很长很长很长的名称）", Decimal("1577.40"), caption="47.80%"),
        Bar("[bold red]标记[/]\x1b[31m", Decimal("100.00"), caption="3.03%"),
        Bar("没有数值", None),
        Bar("负数", Decimal("-5.00"), caption="-5.00"),
    ]
    lines = lines_of(render_bars(rows, width))
    assert len(lines) == 4
    assert all(cell_len(line) <= width for line in lines)
    assert lines[1].startswith("[bold") and "\x1b" not in "".join(lines)  # literal text, never markup
    if width >= 60:
        assert "[bold red]标记[/]" in lines[1]
    assert "…" in lines[0]  # a label wider than a third of the line is cut, never a CJK half
    # The largest value fills the bar; a tenth of it a tenth (in eighths of a cell).
    full = lines[0].count("█")
    assert full >= width // 3
    assert lines[2].rstrip().endswith("—")
    assert "█" not in lines[3]


def test_render_series_aligns_charts():
    series = [
        Series("a", "甲（万元）", [Bar("2023", Decimal("10.00"), caption="10.00"), Bar("2024", Decimal("20.00"), caption="20.00")]),
        Series("b", "乙（万元）", [Bar("2023", Decimal("1.00"), caption="1.00")]),
    ]
    lines = lines_of(render_series(series, 80))
    bars = [line for line in lines if line.startswith("20")]
    assert len({cell_len(line.rstrip()) for line in bars}) == 1  # captions right-aligned at one column
    assert lines[0] == "甲（万元）" and lines[3] == "" and lines[4] == "乙（万元）"


def test_cli_chart_shares_and_scorecard(runner, db_path, seed_doc):
    with Store(db_path) as store:
        store.save(seed_doc)
    shares = runner.invoke(cli, ["chart", seed_doc.id[:8], "--db", str(db_path), "--width", "80"])
    assert shares.exit_code == 0, shares.output
    assert "47.80%" in shares.stdout and "科学技术支出" in shares.stdout
    assert all(cell_len(line) <= 80 for line in shares.stdout.splitlines())
    card = runner.invoke(cli, ["chart", seed_doc.id[:8], "--kind", "scorecard", "--db", str(db_path)])
    assert card.exit_code == 0 and "执行率" in card.stdout
    none = runner.invoke(cli, ["chart", seed_doc.id[:8], "--fund", "国有资本经营", "--db", str(db_path)])
    assert none.exit_code == 1 and none.stderr.startswith("错误：没有可画的数据")
