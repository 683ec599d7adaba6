"""Comparing two documents: facts side by side, 类/款/项 aligned by code or path,
added / removed / renamed items; the pure function, the pipeline and the CLI."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from rich.cells import cell_len

from juesuan_tui.cli import cli
from juesuan_tui.compare import compare, diff_values
from juesuan_tui.models import Document, LineItem
from juesuan_tui.store import Store
from tests.generator import generate

GENERAL = "一般公共预算财政拨款"


def load_generated(tmp_path, seed: int, layout: str, text: str | None = None, name: str = "a") -> Document:
    from importers import load

    gen = generate(seed, layout)
    path = tmp_path / f"{name}.txt"
    path.write_text(text if text is not None else gen.text, encoding="utf-8")
    return load(path)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Document:
    """A generated Shanghai disclosure: coded 类 and 款, uncoded 项 (as the layout prints them)."""
    doc = load_generated(tmp_path_factory.mktemp("cmp"), 0, "shanghai")
    coded = [i for i in doc.line_items if i.fund == GENERAL and i.level == "类" and i.code]
    assert coded and any(i.level == "项" and not i.code for i in doc.line_items)
    return doc


def edited(base: Document):
    """B = A one year later with a renamed 类 (same code), one 项 removed, one added, one amount changed."""
    b = base.model_copy(deep=True)
    b.id, b.year = "b" * 16, (base.year or 2020) + 1
    general = [i for i in b.line_items if i.fund == GENERAL]
    renamed = next(i for i in general if i.level == "类" and i.code and any(
        c.path[0] == i.name and c.level == "项" for c in general))
    old_name, new_name = renamed.name, renamed.name + "（调整）"
    for item in b.line_items:
        if item.fund == GENERAL and item.path[0] == old_name:
            item.path = [new_name, *item.path[1:]]
            if item.level == "类":
                item.name = new_name
    items = [i for i in b.line_items if i.fund == GENERAL and i.level == "项"]
    removed = next(i for i in items if i.path[0] != new_name)
    changed = next(i for i in items if i.path[0] == new_name and i.amount is not None)
    changed.amount = changed.amount + Decimal("10.00")
    b.line_items.remove(removed)
    parent = next(i for i in b.line_items if i.fund == GENERAL and i.level == "款" and i.path[0] == new_name)
    added = LineItem(fund=GENERAL, level="项", name="[bold]新设项目[/bold]", path=[*parent.path, "[bold]新设项目[/bold]"],
                     amount=Decimal("5.00"))
    b.line_items.append(added)
    return b, old_name, new_name, removed, changed, added


def test_items_aligned_with_added_removed_renamed(base):
    b, old_name, new_name, removed, changed, added = edited(base)
    result = compare(base, b)
    general = [i for i in result.items if i.fund == GENERAL]
    # The renamed 类 is matched by its code, with both names.
    (renamed,) = result.renamed
    assert (renamed.level, renamed.status, renamed.matched_by) == ("类", "matched", "code")
    assert (renamed.name_a, renamed.name_b) == (old_name, new_name)
    assert renamed.code_a == renamed.code_b is not None
    # Its descendants follow it: matched (款 by code, 项 by the translated path), not added/removed.
    under = [i for i in general if i.path[0] == new_name]
    assert len(under) == sum(1 for i in base.line_items if i.fund == GENERAL and i.path[0] == old_name) + 1
    assert {i.status for i in under if i.name != added.name} == {"matched"}
    assert all(not i.renamed for i in under if i.level != "类")
    # Exactly one removed and one added, with their amounts on one side only.
    (gone,) = result.items_with("removed")
    assert (gone.path_a, gone.a, gone.b, gone.difference) == (removed.path, removed.amount, None, None)
    (new,) = result.items_with("added")
    assert (new.path_b, new.a, new.b) == (added.path, None, Decimal("5.00"))
    # The changed amount: exact difference and % difference of the base.
    row = next(i for i in general if i.path_b == changed.path)
    assert row.b - row.a == Decimal("10.00")
    assert row.difference == Decimal("10.00")
    assert row.difference_pct == (Decimal("10.00") / row.a * 100).quantize(Decimal("0.01"))
    # Tree order: every row's parent comes before it; the added 项 sits under its 款.
    seen: list[list[str]] = []
    for item in general:
        if len(item.path) > 1 and any(p == item.path[:-1] for p in seen):
            assert seen.index(item.path[:-1]) < len(seen)
        seen.append(item.path)
    index = next(n for n, i in enumerate(general) if i.status == "added")
    assert general[index - 1].path[:2] == added.path[:2]
    # Other funds are compared too (identical here).
    assert all(i.status == "matched" and i.difference in (None, Decimal("0.00"))
               for i in result.items if i.fund != GENERAL)


def test_facts_aligned_by_key(base):
    b = base.model_copy(deep=True)
    b.id = "c" * 16
    income = next(f for f in b.facts if f.key == "income.total")
    a_value = income.value_wan
    income.value_wan = income.value = a_value + Decimal("123.45")
    b.facts = [f for f in b.facts if f.key != "sangong.total"]
    result = compare(base, b)
    row = next(f for f in result.facts if f.key == "income.total")
    assert (row.label, row.unit, row.a, row.b) == ("收入总计", "万元", a_value, a_value + Decimal("123.45"))
    assert row.difference == Decimal("123.45")
    assert row.difference_pct == (Decimal("123.45") / a_value * 100).quantize(Decimal("0.01"))
    gone = next(f for f in result.facts if f.key == "sangong.total")
    assert gone.b is None and gone.difference is None and gone.difference_pct is None
    # Counts keep their unit and stay whole.
    people = next((f for f in result.facts if f.key == "staff.total"), None)
    if people is not None:
        assert people.unit == "人" and people.difference == 0
    # Vocabulary order: totals before 三公 before 政府采购.
    keys = [f.key for f in result.facts]
    assert keys.index("income.total") < keys.index("sangong.total") < keys.index("procurement.total")


def test_diff_values_rules():
    assert diff_values(Decimal("3"), Decimal("4")) == (Decimal("1.00"), Decimal("33.33"))
    assert diff_values(Decimal("0.00"), Decimal("4.10")) == (Decimal("4.10"), None)  # base 0: no %
    assert diff_values(None, Decimal("1")) == (None, None)
    assert diff_values(Decimal("2.005"), Decimal("0")) == (Decimal("-2.01"), Decimal("-100.00"))  # half up
    assert diff_values(Decimal("8"), Decimal("5"), money=False) == (Decimal("-3"), Decimal("-37.50"))


def test_rename_in_the_text_through_the_pipeline(tmp_path):
    """Rename a coded 项 everywhere in a generated text; re-import: one renamed item, nothing else moves."""
    gen = generate(4, "chongqing")
    a = load_generated(tmp_path, 4, "chongqing", name="a")
    coded = [i for i in a.line_items if i.level == "项" and i.code]
    names = [i.name for i in a.line_items]
    target = next(i for i in coded if sum(i.name in n for n in names) == 1 and gen.text.count(i.name) >= 1)
    text = gen.text.replace(target.name, target.name + "（新口径）")
    b = load_generated(tmp_path, 4, "chongqing", text=text, name="b")
    assert a.id != b.id
    result = compare(a, b)
    (renamed,) = result.renamed
    assert (renamed.code_a, renamed.code_b, renamed.matched_by) == (target.code, target.code, "code")
    assert (renamed.name_a, renamed.name_b) == (target.name, target.name + "（新口径）")
    assert result.items_with("added") == [] and result.items_with("removed") == []
    assert renamed.a == renamed.b == target.amount and renamed.difference == Decimal("0.00")
    assert all(f.difference in (None, 0) for f in result.facts)


def test_cli_compare(runner, db_path, base):
    b, old_name, new_name, *_ = edited(base)
    with Store(db_path) as store:
        store.save(base)
        store.save(b)
    result = runner.invoke(cli, ["compare", base.id[:8], b.id[:8], "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == compare(base, b).model_dump(mode="json")
    # Wide enough that no cell wraps (at 80 columns Rich wraps long names inside their cells).
    text = runner.invoke(cli, ["compare", base.id[:8], b.id[:8], "--db", str(db_path)], env={"COLUMNS": "240"})
    assert text.exit_code == 0, text.output
    out = text.stdout
    assert f"更名：{old_name} → {new_name}" in out
    assert "新增" in out and "删除" in out
    assert "[bold]新设项目[/bold]" in out  # document text is data, not markup
    assert "收入总计" in out
    narrow = runner.invoke(cli, ["compare", base.id[:8], b.id[:8], "--db", str(db_path)], env={"COLUMNS": "80"})
    assert all(cell_len(line) <= 80 for line in narrow.stdout.splitlines())
    missing = runner.invoke(cli, ["compare", base.id[:8], "nothing", "--db", str(db_path)])
    assert missing.exit_code == 1 and "未找到文档：nothing" in missing.stderr


def test_renamed_parent_carries_children_without_middle_rows(base):
    """Narratives often state 类 and 项 but no 款 row: a 项 still follows its renamed 类."""
    b, old_name, new_name, removed, _, added = edited(base)
    a = base.model_copy(deep=True)
    for doc in (a, b):
        doc.line_items = [i for i in doc.line_items if i.level != "款"]
    result = compare(a, b)
    moved = [i for i in result.items if i.fund == GENERAL and i.level == "项" and i.path_b and i.path_b[0] == new_name]
    assert moved and all(i.status == "matched" and i.matched_by == "path" for i in moved if i.name != added.name)
    assert [i.path_a for i in result.items_with("removed")] == [removed.path]
    assert [i.path_b for i in result.items_with("added")] == [added.path]
