"""Many documents at a glance: headline figures, finding counts, counts by year and by 类.

The models and column vocabulary live here; the store computes them with SQL
over the ``facts``, ``findings`` and ``line_items`` tables (``Store.overview``,
``Store.stats``) without loading whole documents. No SQL, no UI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from juesuan_tui.models import Model

__all__ = [
    "HEADLINES",
    "Headline",
    "SORT_COLUMNS",
    "ClassCount",
    "OverviewRow",
    "Stats",
    "YearCount",
    "headline_label",
]


@dataclass(frozen=True)
class Headline:
    """A headline figure: its column name, canonical fact key and Chinese label."""

    name: str  # short column name, used by ``--sort``
    key: str  # importers.extract.vocab fact key
    label: str
    short: str  # column header where room is scarce


# The figures a reader scans a list of disclosures for, all money in 万元.
HEADLINES: tuple[Headline, ...] = (
    Headline("income", "income.total", "收入总计", "收入总计"),
    Headline("expenditure", "expenditure.current", "本年支出合计", "本年支出"),
    Headline("general", "general.expenditure", "一般公共预算财政拨款支出", "一般公共预算"),
    Headline("sangong", "sangong.total", "“三公”经费", "三公经费"),
    Headline("procurement", "procurement.total", "政府采购支出总额", "政府采购"),
)

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_TEXT = {"error": "错误", "warning": "警告", "info": "提示"}

# Sortable columns: name → Chinese label. Headline columns sort by amount,
# ``errors``/``warnings``/``infos``/``findings`` by count.
SORT_COLUMNS: dict[str, str] = {
    "unit": "单位",
    "year": "年度",
    "kind": "类型",
    "title": "标题",
    "id": "ID",
    "imported": "导入时间",
    **{h.name: h.label for h in HEADLINES},
    "errors": "错误数",
    "warnings": "警告数",
    "infos": "提示数",
    "findings": "检查结果数",
}


def headline_label(key: str) -> str:
    """The Chinese label of a headline fact key (the key itself when unknown)."""
    return next((h.label for h in HEADLINES if h.key == key), key)


class OverviewRow(Model):
    """One document of the overview: identity, headline figures (万元) and finding counts."""

    id: str
    unit: str
    year: int | None = None
    kind: str = ""
    title: str = ""
    imported_at: str = ""
    headline: dict[str, Decimal | None]  # fact key → value in 万元 (None: not stated)
    findings: dict[str, int]  # error / warning / info → count

    @property
    def findings_total(self) -> int:
        return sum(self.findings.values())

    def value(self, name_or_key: str) -> Decimal | None:
        """A headline value by column name (``income``) or fact key (``income.total``)."""
        for h in HEADLINES:
            if name_or_key in (h.name, h.key):
                return self.headline.get(h.key)
        raise KeyError(name_or_key)


class YearCount(Model):
    year: int | None
    documents: int
    units: int


class ClassCount(Model):
    """A 类 of the expenditure classification across documents."""

    fund: str
    code: str | None
    name: str
    documents: int  # documents that state this 类
    amount: Decimal  # sum over those documents (万元), exact


class Stats(Model):
    documents: int
    units: int
    years: list[YearCount]
    classes: list[ClassCount]


def unit_history(rows: Iterable[OverviewRow]) -> list[OverviewRow]:
    """Rows ordered by year (oldest first, unknown year last); for a unit's figures across years."""
    return sorted(rows, key=lambda r: (r.year is None, r.year or 0, r.id))
