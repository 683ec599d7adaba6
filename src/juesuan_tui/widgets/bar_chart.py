"""Horizontal bar charts drawn with Rich, re-fitted to the widget's width on every resize."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from juesuan_tui.charts import Series, render_series


class BarChart(Widget):
    """A list of charts (``charts.Series``): titles, labels, bars and captions that fit any width
    from 40 columns up; ``empty`` is shown when there is nothing to draw."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, series: list[Series] | None = None, empty: str = "没有可画的数据。", **kwargs) -> None:
        super().__init__(**kwargs)
        self.series = list(series or [])
        self.empty = empty

    def show(self, series: list[Series], empty: str | None = None) -> None:
        self.series = list(series)
        if empty is not None:
            self.empty = empty
        self.refresh(layout=True)

    @property
    def drawable(self) -> list[Series]:
        return [s for s in self.series if s.bars]

    def render(self) -> Text:
        series = self.drawable
        if not series:
            return Text(self.empty, style="dim")
        return render_series(series, max(self.content_size.width, 20))

    def get_content_height(self, container, viewport, width: int) -> int:
        series = self.drawable
        if not series:
            return 1
        return len(render_series(series, max(width, 20)).plain.split("\n"))
