"""图表: the open document's 类 shares per fund, its unit's headline figures across years
(read by a query in a worker) and scorecard scores against weights."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane

from juesuan_tui.charts import Series, class_shares, headline_years, scorecard_series
from juesuan_tui.format import clean, one_line
from juesuan_tui.messages import HistoryLoaded
from juesuan_tui.models import FUNDS, Document
from juesuan_tui.widgets.bar_chart import BarChart

TABS = {"shares": "支出结构", "years": "历年数据", "scores": "绩效得分"}


def share_series(doc: Document) -> list[Series]:
    """One chart per fund that has 类 amounts: each 类 against the fund's 类 total."""
    funds = list(FUNDS) + sorted({i.fund for i in doc.line_items} - set(FUNDS))
    out = []
    for fund in funds:
        bars = class_shares(doc, fund)
        if any(b.value is not None for b in bars):
            out.append(Series(key=f"shares:{fund}", title=f"{fund}：各类支出占比", bars=bars))
    return out


class ChartScreen(Screen[None]):
    """Three charts in tabs; 1/2/3 switch, Esc returns."""

    CSS_PATH = "charts.tcss"
    BINDINGS = [
        Binding("escape", "close", "返回"),
        Binding("g", "close", "返回", show=False),
        *(Binding(str(i), f"show_tab('{tab}')", label) for i, (tab, label) in enumerate(TABS.items(), 1)),
    ]

    def __init__(self, document: Document, tab: str = "shares") -> None:
        super().__init__()
        self.document = document
        self.initial = tab if tab in TABS else "shares"

    def compose(self) -> ComposeResult:
        doc = self.document
        yield Header()
        title = Text().append(one_line(doc.unit), style="bold")
        if doc.year:
            title.append(f" {doc.year}年")
        title.append("　金额单位：万元；条形按各图最大值或分值缩放", style="dim")
        yield Static(title, id="chart-title", markup=False)
        with TabbedContent(id="chart-tabs", initial=self.initial):
            with TabPane(f"1 {TABS['shares']}", id="shares"):
                with VerticalScroll():
                    yield BarChart(share_series(doc), "本文档没有列出各“类”支出金额。", id="chart-shares")
            with TabPane(f"2 {TABS['years']}", id="years"):
                with VerticalScroll():
                    yield BarChart([], "正在读取本单位各年度数据…", id="chart-years")
            with TabPane(f"3 {TABS['scores']}", id="scores"):
                with VerticalScroll():
                    yield BarChart(scorecard_series(doc), "本文档没有项目支出绩效自评表。", id="chart-scores")
        yield Footer()

    def on_mount(self) -> None:
        self.app.sub_title = "图表"
        self.load_history(self.document.unit)

    @work(thread=True, exclusive=True, group="chart-history")
    def load_history(self, unit: str) -> None:
        """This unit's overview rows (one query, no document loaded)."""
        try:
            store = self.app.open_store()  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001
            self.post_message(HistoryLoaded([], _error(exc)))
            return
        try:
            self.post_message(HistoryLoaded(store.overview(unit=unit)))
        except Exception as exc:  # noqa: BLE001
            self.post_message(HistoryLoaded([], _error(exc)))
        finally:
            store.close()

    def on_history_loaded(self, message: HistoryLoaded) -> None:
        chart = self.query_one("#chart-years", BarChart)
        if message.error:
            chart.show([], clean(message.error))
            return
        series = headline_years(message.rows)
        years = len({r.year for r in message.rows})
        empty = "本单位没有可比较的主要数据。"
        if years < 2 and series:
            series = [Series(s.key, s.title + "（仅一个年度）", s.bars) for s in series]
        chart.show(series, empty)

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab

    def action_close(self) -> None:
        self.dismiss(None)


def _error(exc: BaseException) -> str:
    from juesuan_tui.screens.browser import worker_error

    return worker_error(exc)
