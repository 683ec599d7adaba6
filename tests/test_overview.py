"""Overview over a generated corpus (53 documents, 13 units, 10 of them over 5 years):
headline figures from SQL, sorting, filtering, counts by year and by 类, the CLI and chart data."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

import pytest
from rich.cells import cell_len

from juesuan_tui import charts
from juesuan_tui.cli import cli
from juesuan_tui.overview import HEADLINES, SORT_COLUMNS
from juesuan_tui.store import Store
from tests.corpus_build import build_corpus

MONEY_UNITS = {"万元"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    docs = build_corpus(folder)
    db = folder / "corpus.db"
    with Store(db) as store:
        for item in docs:
            assert store.save(item.doc) == "imported"
    return db, docs


@pytest.fixture
def store(corpus):
    s = Store(corpus[0], readonly=True)
    yield s
    s.close()


def first_value(doc, key):
    """The headline rule, in Python: the first statement of the key with a value in 万元."""
    for fact in doc.facts:
        if fact.key == key and (fact.value_wan is not None or fact.unit in MONEY_UNITS):
            return fact.value_wan if fact.value_wan is not None else fact.value
    return None


def severity_counts(doc):
    counts = Counter(f.severity for f in doc.findings)
    return {s: counts.get(s, 0) for s in ("error", "warning", "info")}


def test_corpus_has_units_over_years(corpus):
    _, docs = corpus
    assert len(docs) >= 50
    years_by_unit: dict[str, list[int]] = {}
    for item in docs:
        assert (item.doc.unit, item.doc.year) == (item.unit, item.year)  # identified through the pipeline
        years_by_unit.setdefault(item.unit, []).append(item.year)
    assert len(years_by_unit) == 13
    multi = [u for u, ys in years_by_unit.items() if len(ys) == 5]
    assert len(multi) == 10 and all(len(set(years_by_unit[u])) == 5 for u in multi)
    assert len({item.doc.id for item in docs}) == len(docs)


def test_headlines_and_findings_come_from_sql(store, corpus):
    _, docs = corpus
    by_id = {item.doc.id: item for item in docs}
    rows = store.overview()
    assert sorted(r.id for r in rows) == sorted(by_id)
    stated = 0
    for row in rows:
        item = by_id[row.id]
        assert (row.unit, row.year, row.kind, row.title) == (item.doc.unit, item.doc.year, item.doc.kind, item.doc.title)
        for h in HEADLINES:
            value = row.headline[h.key]
            assert value == first_value(item.doc, h.key), (row.unit, h.key)
            # The generator's ground truth: what the text states.
            assert value == item.generated.truth.value(h.key), (row.unit, h.key)
            if value is not None:
                stated += 1
                assert isinstance(value, Decimal)
        assert row.findings == severity_counts(item.doc)
    assert stated >= len(rows) * 4  # most documents state most headline figures
    assert sum(r.findings["error"] for r in rows) >= 5  # the broken documents are counted


@pytest.mark.parametrize("name", [h.name for h in HEADLINES])
@pytest.mark.parametrize("desc", [False, True])
def test_sort_by_headline_amount(store, name, desc):
    rows = store.overview(sort=name, desc=desc)
    key = next(h.key for h in HEADLINES if h.name == name)
    values = [r.headline[key] for r in rows]
    present = [v for v in values if v is not None]
    # Empty values last either way, amounts in exact Decimal order.
    assert values == present + [None] * (len(values) - len(present))
    assert present == sorted(present, reverse=desc)
    # Ties broken by unit, newest year, id.
    def tie(r):
        return (r.unit, -(r.year or 0), r.id)

    expected = sorted(
        rows, key=lambda r: (r.headline[key] is None, (-r.headline[key] if desc else r.headline[key]) if r.headline[key] is not None else 0, tie(r))
    )
    assert [r.id for r in rows] == [r.id for r in expected]


def test_sort_by_year_and_findings(store, corpus):
    rows = store.overview(sort="year")
    assert [r.year for r in rows] == sorted(r.year for r in rows)
    rows = store.overview(sort="errors", desc=True)
    errors = [r.findings["error"] for r in rows]
    assert errors == sorted(errors, reverse=True) and errors[0] >= 1
    rows = store.overview(sort="findings", desc=True)
    totals = [r.findings_total for r in rows]
    assert totals == sorted(totals, reverse=True)
    with pytest.raises(ValueError):
        store.overview(sort="no-such-column")
    assert set(SORT_COLUMNS) >= {"unit", "year", "income", "errors"}


def test_default_order_and_filters(store, corpus):
    _, docs = corpus
    rows = store.overview()
    assert [(r.unit, -(r.year or 0)) for r in rows] == sorted((r.unit, -(r.year or 0)) for r in rows)
    unit = docs[0].unit
    mine = store.overview(text=unit)
    assert [r.year for r in mine] == sorted((d.year for d in docs if d.unit == unit), reverse=True)
    assert {r.unit for r in mine} == {unit}
    # Part of a name, full-width digits and spacing do not matter (the fold of list_documents).
    assert [r.id for r in store.overview(text=unit[2:6])] == [r.id for r in mine]
    year = docs[0].year
    assert len(store.overview(year=year)) == sum(1 for d in docs if d.year == year)
    both = store.overview(text=unit, year=year)
    assert [(r.unit, r.year) for r in both] == [(unit, year)]
    assert store.overview(text="没有这个单位") == []
    # One unit's history, exact equality of the unit name.
    history = store.overview(unit=unit, sort="year")
    assert [r.year for r in history] == sorted(d.year for d in docs if d.unit == unit)


def test_stats_by_year_and_class(store, corpus):
    _, docs = corpus
    stats = store.stats()
    assert stats.documents == len(docs) and stats.units == 13
    by_year = Counter(d.year for d in docs)
    assert [(y.year, y.documents) for y in stats.years] == sorted(by_year.items())
    for y in stats.years:
        assert y.units == len({d.unit for d in docs if d.year == y.year})
    # 类 of the general budget: documents and exact sums, recomputed from the models
    # (a 类 printed without a code joins the coded 类 of the same name).
    fund = "一般公共预算财政拨款"
    classes = [(d.doc.id, i) for d in docs for i in d.doc.line_items if i.fund == fund and i.level == "类"]
    code_of = {i.name: i.code for _, i in classes if i.code}
    expected: dict[str, dict[str, Decimal]] = {}
    for doc_id, item in classes:
        code = item.code or code_of.get(item.name)
        amount = item.amount if item.amount is not None else item.table_amount
        if code and expected.setdefault(code, {}).get(doc_id) is None:
            expected[code][doc_id] = amount
    general = {c.code: c for c in stats.classes if c.fund == fund and c.code}
    assert len(expected) >= 5, "the corpus has coded 类"
    assert set(general) == set(expected)
    for code, amounts in expected.items():
        assert general[code].documents == len(amounts)
        assert general[code].amount == sum((a for a in amounts.values() if a is not None), Decimal(0))
    counts = [c.documents for c in stats.classes if c.fund == "一般公共预算财政拨款"]
    assert counts == sorted(counts, reverse=True)
    one_year = store.stats(year=docs[0].year)
    assert one_year.documents == by_year[docs[0].year]
    assert store.stats(text=docs[0].unit).documents == 5


def test_cli_list_sort_and_json(runner, corpus):
    db, docs = corpus
    result = runner.invoke(cli, ["list", "--db", str(db), "--sort", "income", "--desc", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == len(docs)
    with Store(db, readonly=True) as store:
        assert [r["id"] for r in rows] == [r.id for r in store.overview(sort="income", desc=True)]
    first = rows[0]
    assert set(first) == {"id", "unit", "year", "kind", "title", "source", "headline", "findings"}
    assert set(first["headline"]) == {h.key for h in HEADLINES}
    values = [Decimal(r["headline"]["income.total"]) for r in rows if r["headline"]["income.total"]]
    assert values == sorted(values, reverse=True)
    assert all(isinstance(v, str) for v in first["headline"].values() if v is not None)
    assert set(first["findings"]) == {"error", "warning", "info"}
    assert first["source"]["format"] == "text"

    unit = docs[0].unit
    text = runner.invoke(cli, ["list", unit, "--db", str(db), "--sort", "year"])
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0].split()[:4] == ["ID", "年度", "类型", "收入总计"]
    assert [line.split()[1] for line in lines[1:]] == [str(y) for y in sorted(d.year for d in docs if d.unit == unit)]
    assert all(line.endswith(unit) for line in lines[1:])


def test_cli_stats(runner, corpus):
    db, docs = corpus
    result = runner.invoke(cli, ["stats", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == len(docs) and data["units"] == 13
    assert sum(y["documents"] for y in data["years"]) == len(docs)
    assert all(isinstance(c["amount"], str) for c in data["classes"])
    text = runner.invoke(cli, ["stats", "--db", str(db)])
    assert text.exit_code == 0 and f"共 {len(docs)} 个文档，13 个单位" in text.stdout
    assert "按类（一般公共预算财政拨款）" in text.stdout


def test_years_chart_data_and_cli(runner, store, corpus):
    db, docs = corpus
    unit = docs[0].unit
    series = charts.headline_years(store.overview(unit=unit))
    mine = sorted((d for d in docs if d.unit == unit), key=lambda d: d.year)
    income = next(s for s in series if s.key == "income.total")
    assert [b.label for b in income.bars] == [str(d.year) for d in mine]
    assert [b.value for b in income.bars] == [d.generated.truth.value("income.total") for d in mine]
    result = runner.invoke(cli, ["chart", mine[0].doc.id[:12], "--kind", "years", "--width", "80", "--db", str(db)])
    assert result.exit_code == 0, result.output
    for d in mine:
        assert str(d.year) in result.stdout
    assert all(cell_len(line) <= 80 for line in result.stdout.splitlines())
