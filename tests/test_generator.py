"""The disclosure generator: deterministic, every layout renders, numbers consistent, text states the truth."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from importers.normalize import fold
from tests.generator import BREAK_RULES, LAYOUTS, generate
from tests.generator.__main__ import main as generator_main
from tests.generator.consistency import violations

SEEDS = range(40)


def compact(text: str) -> str:
    """Folded text without any whitespace: page breaks and spacing styles disappear."""
    return "".join(fold(text).split())


def number_forms(value: Decimal) -> set[str]:
    """The ways a percentage or amount may be printed: 2 decimals, trimmed, with separators."""
    plain = f"{abs(value):.2f}"
    forms = {plain, f"{abs(value):,.2f}"}
    forms |= {f.rstrip("0").rstrip(".") for f in set(forms)}
    return forms


# -- determinism -----------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_same_seed_gives_the_same_document(layout: str) -> None:
    first, second = generate(11, layout), generate(11, layout)
    assert first.text == second.text
    assert first.truth.to_json() == second.truth.to_json()


def test_seed_alone_picks_the_layout_deterministically() -> None:
    assert [generate(s).layout for s in range(12)] == [generate(s).layout for s in range(12)]
    assert {generate(s).layout for s in range(30)} == set(LAYOUTS)


def test_seeds_vary_unit_year_and_kind() -> None:
    docs = [generate(s, sorted(LAYOUTS)[s % 3]) for s in range(60)]
    assert len({d.text for d in docs}) == 60
    assert len({d.truth.unit for d in docs}) > 30
    assert {d.truth.year for d in docs} <= set(range(2019, 2026))
    assert len({d.truth.year for d in docs}) >= 5
    assert {d.truth.kind for d in docs} == {"单位决算", "部门决算"}
    assert any("（" in d.truth.unit for d in docs), "some unit names carry parentheses"


def test_unknown_layout_and_rule_are_refused() -> None:
    with pytest.raises(ValueError, match="layout"):
        generate(1, "beijing")
    with pytest.raises(ValueError, match="break rule"):
        generate(1, "xinjiang", break_rule="no.such.rule")


# -- each layout renders ---------------------------------------------------------------------------

@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layout_renders_its_outline(layout: str) -> None:
    for seed in range(15):
        doc = generate(seed, layout)
        text, flat = doc.text, compact(doc.text)
        assert doc.layout == layout
        assert compact(doc.truth.unit) in flat and str(doc.truth.year) in flat
        assert doc.truth.kind in flat
        assert len(doc.truth.facts) >= 30
        assert len(doc.truth.tables) == 9
        assert len(doc.truth.glossary) >= 7
        assert any(i["level"] == "项" for i in doc.truth.line_items)
        if layout == "xinjiang":
            assert re.search(r"^第一部分", text, re.M) and re.search(r"^目\s*录", text, re.M)
            assert "项目支出绩效自评表" in text and "\t" in text  # the flattened scorecard
            assert doc.truth.indicators
        elif layout == "shanghai":
            assert re.search(r"^第二部分", text, re.M)
            assert re.search(r"单位[:：]万元", text)
            assert re.search(r"^(201|2\d\d)(\t|\s{2,})(\d\d(\t|\s{2,}))?", text, re.M) or re.search(r"^2\d{6}\s", text, re.M)
            assert {t["status"] for t in doc.truth.tables} <= {"included", "empty"}
        else:
            assert "第一部分" not in text and "部分" not in text.split("\n", 1)[0]
            assert doc.truth.title.endswith("说明")
            assert re.search(r"^[一二]、", text, re.M)
            assert doc.truth.indicators and "| " in text  # the HTML-style scorecard


def test_variations_are_exercised() -> None:
    """Across documents every artifact of the brief shows up at least once."""
    docs = [generate(s, sorted(LAYOUTS)[s % 3]) for s in range(90)]
    texts = [d.text for d in docs]
    every = "\n".join(texts)
    assert re.search(r"\d\n\n ?万元", every), "page break between a number and 万元"
    assert re.search(r"[\u4e00-\u9fff]\n\n[\u4e00-\u9fff]", every), "page break inside a word"
    assert re.search(r"\d,\d{3}\.\d\d", every) and re.search(r"[^\d,]\d{4}\.\d\d万元", every)
    assert " 万元" in every and "(类)" in every and "（类）" in every
    assert ": " in every or ":" in every and "：" in every
    assert "- 一、**" in every, "markdown debris in the glossary"
    assert "持平" in every and "不可比" in every and ("降低" in every or "下降" in every)
    assert re.search(r"（\d{7}）|\(\d{7}\)", every) and re.search(r"^（\d+）\d{7} ", every, re.M)
    assert any(f["unit"] == "元" for d in docs for f in d.truth.facts), "an amount printed in 元"
    assert any(i["amount"] == 0 for d in docs for i in d.truth.line_items), "items at 0.00"
    assert "政府办公厅（室）及相关机构事务" in every or "政府办公厅(室)及相关机构事务" in every
    assert any(len(line) < 50 and not line.endswith(("。", "；")) for t in texts if "单位：" in t
               for line in t.splitlines()[200:260]), "wrapped Shanghai lines"


# -- consistency -----------------------------------------------------------------------------------

def test_truth_is_internally_consistent() -> None:
    for layout in sorted(LAYOUTS):
        for seed in SEEDS:
            doc = generate(seed, layout)
            assert violations(doc.truth) == [], (layout, seed)


def _v(truth, key: str) -> Decimal:
    value = truth.value(key)
    assert value is not None, key
    return value


@pytest.mark.parametrize("seed", range(25))
def test_identities_hold_in_decimal(seed: int) -> None:
    """The identities of domain.md §7, spelled out on the seed-like layout that prints every part."""
    t = generate(seed, "xinjiang").truth
    v = lambda key: _v(t, key)  # noqa: E731
    assert v("income.total") == v("income.current") + v("income.nonfiscal_balance_used") + v("income.carryover_begin")
    assert v("expenditure.total") == (v("expenditure.current") + v("expenditure.surplus_distribution")
                                      + v("expenditure.carryover_end"))
    assert v("income.total") == v("expenditure.total")
    assert v("income.current") == sum(v(k) for k in ("income.fiscal", "income.superior_subsidy", "income.business",
                                                      "income.operating", "income.affiliated", "income.other"))
    assert v("expenditure.current") == sum(v(k) for k in (
        "expenditure.basic", "expenditure.project", "expenditure.remit_superior", "expenditure.operating",
        "expenditure.affiliated_subsidy"))
    assert v("fiscal.income_total") == v("fiscal.carryover_begin") + v("fiscal.income_current")
    assert v("fiscal.income_total") == v("fiscal.expenditure_total")
    assert v("basic.total") == v("basic.personnel") + v("basic.public")
    assert v("sangong.total") == v("sangong.abroad") + v("sangong.vehicle") + v("sangong.reception")
    assert v("sangong.vehicle") == v("sangong.vehicle_purchase") + v("sangong.vehicle_operation")
    assert v("staff.total") == v("staff.active") + v("staff.retired_cadre") + v("staff.retired")
    if t.value("procurement.total") is not None:
        assert v("procurement.total") == v("procurement.goods") + v("procurement.works") + v("procurement.services")
        assert v("procurement.small_micro") <= v("procurement.sme") <= v("procurement.total")
    categories = [f["value"] for f in t.facts if f["key"] == "assets.vehicles_by_category"]
    assert sum(categories) == v("assets.vehicles")
    for fact in t.facts:
        if "share_pct" in fact and fact["key"].startswith("income."):
            expected = (fact["value_wan"] * 100 / v("income.current")).quantize(Decimal("0.01"), "ROUND_HALF_UP")
            assert fact["share_pct"] == expected
        if "change_pct" in fact and fact["value_wan"] != fact["change"]:
            prior = fact["value_wan"] - fact["change"]
            assert fact["change_pct"] == (fact["change"] * 100 / prior).quantize(Decimal("0.01"), "ROUND_HALF_UP")
    classes = [i for i in t.line_items if i["level"] == "类"]
    assert classes and sum(c["amount"] for c in classes) == v("general.expenditure")
    for cls in classes:
        items = [i["amount"] for i in t.line_items if i["level"] == "项" and i["path"][0] == cls["name"]
                 and i["fund"] == cls["fund"]]
        assert sum(items) == cls["amount"]
    for card in t.scorecards:
        indicators = [i for i in t.indicators if i["project"] == card["project"]]
        assert card["funds"][0]["weight"] + sum(i["weight"] for i in indicators) == 100
        assert all(i["score"] <= i["weight"] for i in indicators)
        assert card["total_score"] == card["funds"][0]["score"] + sum(i["score"] for i in indicators)
        total = card["funds"][0]
        assert total["rate_pct"] == (total["executed"] * 100 / total["annual_budget"]).quantize(Decimal("0.01"))


def test_amounts_are_exact_decimals() -> None:
    for layout in sorted(LAYOUTS):
        for seed in range(20):
            truth = generate(seed, layout).truth
            for fact in truth.facts:
                assert isinstance(fact["value"], Decimal)
                if "value_wan" in fact:
                    assert fact["value_wan"].as_tuple().exponent == -2, fact
            for item in truth.line_items:
                assert isinstance(item["amount"], Decimal)


# -- the text states the truth -------------------------------------------------------------------------

@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_text_states_every_truth_value(layout: str) -> None:
    for seed in range(20):
        doc = generate(seed, layout)
        flat = compact(doc.text)
        for fact in doc.truth.facts:
            assert f"{fact['printed']}{fold(fact['unit'])}" in flat, (seed, fact)
            for name in ("share_pct", "change_pct", "diff_pct", "completion_pct"):
                if name in fact:
                    assert any(f"{form}%" in flat for form in number_forms(fact[name])), (seed, name, fact)
            if "change" in fact and fact["change"]:
                assert any(form in flat for form in number_forms(fact["change"])), (seed, fact)
        for item in doc.truth.line_items:
            full = all(compact(name) in flat for name in item["path"])
            short = item["code"] and f"{item['code']}{compact(item['name'])}" in flat  # "2010350 事业运行"
            assert full or short, (seed, item)
            assert f"{item['printed']}万元" in flat, (seed, item)
        for term in doc.truth.glossary:
            assert compact(term["term"]) in flat and compact(term["definition"]) in flat, (seed, term)
        for ind in doc.truth.indicators:
            for key in ("name", "target", "actual"):
                assert compact(ind[key]) in flat, (seed, key, ind)
        for table in doc.truth.tables:
            assert compact(table["name"]) in flat


# -- break rules ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", sorted(BREAK_RULES))
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_break_rule_perturbs_one_printed_number(rule: str, layout: str) -> None:
    for seed in range(6):
        doc = generate(seed, layout, break_rule=rule)
        broken = doc.truth.broken
        assert broken and broken["rule"] == rule and broken["printed"] != broken["expected"]
        found = {r for r, _ in violations(doc.truth)}
        if layout == "shanghai" and rule.startswith("totals."):
            # the narrative prints 收入支出总计 once: the break shows in the 收入支出决算总表 grid
            grid = next(t for t in doc.truth.tables if t["name"] == "收入支出决算总表")
            totals = grid["rows"][-1]["cells"]
            assert totals[1] != totals[3]
            assert any(c.replace(",", "") == f"{broken['printed']:.2f}" for c in totals), totals
        else:
            assert rule in found, (seed, found)
        assert found - {rule, "totals.balance"} == set(), "only the broken identity fails"
        unbroken = generate(seed, layout)
        assert violations(unbroken.truth) == []


# -- command line --------------------------------------------------------------------------------------

def test_command_line_writes_texts_and_truth(tmp_path) -> None:
    assert generator_main(["--out", str(tmp_path), "-n", "4", "--start", "5"]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert [m["seed"] for m in manifest] == [5, 6, 7, 8]
    assert {m["layout"] for m in manifest} == set(LAYOUTS)
    for entry in manifest:
        text = (tmp_path / entry["text"]).read_text(encoding="utf-8")
        truth = json.loads((tmp_path / entry["truth"]).read_text(encoding="utf-8"))
        doc = generate(entry["seed"], entry["layout"])
        assert text == doc.text
        assert truth["unit"] == doc.truth.unit and len(truth["facts"]) == len(doc.truth.facts)
        assert Decimal(truth["facts"][0]["value"]) == doc.truth.facts[0]["value"]


def test_command_line_break_rule(tmp_path) -> None:
    generator_main(["--out", str(tmp_path), "-n", "2", "--layout", "xinjiang", "--break-rule", "change.pct"])
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(tmp_path.glob("*.truth.json"))]
    assert [t["broken"]["rule"] for t in truths] == ["change.pct", "change.pct"]
