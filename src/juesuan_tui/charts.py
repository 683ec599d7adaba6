"""Chart data as plain lists, and a text renderer for horizontal bars.

The data functions are pure (models in, ``Bar`` lists out) so the app can draw
them its own way; :func:`render_bars` draws them with Rich for the CLI: labels
are fitted by terminal cells (CJK is two cells wide), document text is never
read as markup, and the result fits the given width (80 columns works).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rich.cells import cell_len
from rich.text import Text

from juesuan_tui.format import amount, bar, fit, one_line, percent, share, truncate
from juesuan_tui.models import FUNDS, Document, Scorecard
from juesuan_tui.overview import HEADLINES, OverviewRow, unit_history

__all__ = ["Bar", "Series", "class_shares", "headline_years", "render_bars", "render_series", "scorecard_series"]


@dataclass(frozen=True)
class Bar:
    """One bar: ``value`` drawn against ``scale`` (None: the largest value of its rows)."""

    label: str
    value: Decimal | None
    scale: Decimal | None = None
    caption: str = ""  # printed after the bar, e.g. "47.80%" or "8.00/10.00"


@dataclass(frozen=True)
class Series:
    """A titled group of bars (one chart)."""

    key: str
    title: str
    bars: list[Bar] = field(default_factory=list)


def class_shares(doc: Document, fund: str = FUNDS[0]) -> list[Bar]:
    """The 类 of one fund with their amounts and shares of the 类 total (computed, exact)."""
    seen: dict[str, Decimal | None] = {}
    names: dict[str, str] = {}
    for item in doc.line_items:
        if item.fund != fund or item.level != "类":
            continue
        key = item.code or item.name
        value = item.amount if item.amount is not None else item.table_amount
        if seen.get(key) is None:
            seen[key] = value
            names[key] = f"{item.code} {item.name}" if item.code else item.name
    total = sum((v for v in seen.values() if v is not None), Decimal(0))
    return [
        Bar(label=names[k], value=v, scale=total or None, caption=percent(share(v, total)))
        for k, v in seen.items()
    ]


def headline_years(rows: Iterable[OverviewRow]) -> list[Series]:
    """For the overview rows of one unit: each headline figure across years (oldest first)."""
    history = unit_history(rows)
    series = []
    for h in HEADLINES:
        bars = [
            Bar(label=str(r.year) if r.year is not None else "年度不详", value=r.headline.get(h.key),
                caption=amount(r.headline.get(h.key)))
            for r in history
        ]
        if any(b.value is not None for b in bars):
            series.append(Series(key=h.key, title=f"{h.label}（万元）", bars=bars))
    return series


def _scorecard_bars(card: Scorecard) -> list[Bar]:
    bars = []
    for fund in card.funds[:1]:  # 年度资金总额: the scored 执行率 row
        if fund.weight is not None:
            bars.append(Bar(label=f"{fund.name}（执行率）", value=fund.score, scale=fund.weight,
                            caption=f"{amount(fund.score)}/{amount(fund.weight)}"))
    for ind in card.indicators:
        if ind.weight is None and ind.score is None:
            continue
        bars.append(Bar(label=ind.name, value=ind.score, scale=ind.weight,
                        caption=f"{amount(ind.score)}/{amount(ind.weight)}"))
    return bars


def scorecard_series(doc: Document) -> list[Series]:
    """One chart per 项目支出绩效自评表: each indicator's score against its weight (分值)."""
    return [
        Series(
            key=f"scorecard:{n}",
            title=f"{card.project}（得分 {amount(card.total_score)} / {amount(card.total_weight)}）",
            bars=_scorecard_bars(card),
        )
        for n, card in enumerate(doc.scorecards)
    ]


def render_bars(
    rows: Sequence[Bar], width: int = 80, *, label_width: int | None = None, caption_width: int | None = None
) -> Text:
    """Horizontal bars, one line each: ``label  ████▌   caption``, at most ``width`` cells.

    Bars without their own ``scale`` share the largest value of ``rows``; a
    missing value draws an empty bar with "—". Labels longer than a third of
    the width are cut with "…".
    """
    width = max(width, 20)
    captions = [one_line(r.caption) or amount(r.value) for r in rows]
    caption_width = caption_width or max((cell_len(c) for c in captions), default=0)
    natural = max((cell_len(one_line(r.label)) for r in rows), default=0)
    label_width = label_width or min(natural, max(8, (width - caption_width) // 3))
    bar_width = max(width - label_width - caption_width - 4, 4)
    largest = max((r.value for r in rows if r.value is not None and r.value > 0), default=None)
    text = Text(no_wrap=True, overflow="crop")
    for n, (row, caption) in enumerate(zip(rows, captions)):
        scale = row.scale if row.scale not in (None, 0) else largest
        fraction = (row.value / scale) if row.value is not None and scale else None
        if n:
            text.append("\n")
        text.append(fit(one_line(row.label), label_width))
        text.append("  ")
        text.append(bar(fraction, bar_width), style="cyan")
        text.append("  ")
        text.append(fit(caption, caption_width, align="right"))
    return text


def render_series(series: Sequence[Series], width: int = 80) -> Text:
    """Several charts, each under its title, separated by blank lines; labels, bars and
    captions line up across the charts."""
    width = max(width, 20)
    bars = [b for s in series for b in s.bars]
    caption_width = max((cell_len(one_line(b.caption) or amount(b.value)) for b in bars), default=0)
    natural = max((cell_len(one_line(b.label)) for b in bars), default=0)
    label_width = min(natural, max(8, (width - caption_width) // 3)) or None
    out = Text(no_wrap=True, overflow="crop")
    for n, item in enumerate(series):
        if n:
            out.append("\n\n")
        out.append(truncate(one_line(item.title), width), style="bold")
        if item.bars:
            out.append("\n")
            out.append_text(render_bars(item.bars, width, label_width=label_width, caption_width=caption_width))
    return out
