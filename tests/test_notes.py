"""Review notes: anchors by stable references, survival and re-anchoring across `import --replace`,
filters, authors, read-only databases, the 审核意见 exports and the schema migration."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from juesuan_tui.cli import cli
from juesuan_tui.models import Document
from juesuan_tui.notes import AnchorError, author_from_env, describe, find_fact, find_item, make_note, reanchor
from juesuan_tui.store import SCHEMA_VERSION, Store
from tests.generator import generate


@pytest.fixture
def disclosure(tmp_path) -> Path:
    """A generated Chongqing disclosure (its 项 are printed with codes)."""
    path = tmp_path / "决算.txt"
    path.write_text(generate(4, "chongqing").text, encoding="utf-8")
    return path


@pytest.fixture
def doc(disclosure) -> Document:
    from importers import load

    return load(disclosure)


def invoke(runner, *args, db):
    result = runner.invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result


def listed(runner, db, *args) -> list[dict]:
    return json.loads(invoke(runner, "note", "list", *args, "--json", db=db).stdout)


def test_notes_survive_import_replace(runner, db_path, disclosure, doc, monkeypatch):
    monkeypatch.setenv("JUESUAN_AUTHOR", "审核员甲")
    invoke(runner, "import", str(disclosure), db=db_path)
    coded = next(i for i in doc.line_items if i.level == "项" and i.code)
    sangong = next(s for s in doc.walk_sections() if "三公" in s.title)
    invoke(runner, "note", "add", doc.id[:8], "整体意见", db=db_path)
    invoke(runner, "note", "add", doc.id[:8], "三公说明请补充", "--section", sangong.id, db=db_path)
    invoke(runner, "note", "add", doc.id[:8], "核对收入总计", "--fact", "income.total", "--status", "已核实", db=db_path)
    added = invoke(runner, "note", "add", doc.id[:8], "与附表不符", "--item", coded.code, db=db_path)
    assert added.stdout.startswith("已添加意见 #4：")
    before = listed(runner, db_path)
    assert [n["anchor"] for n in before] == ["document", "section", "fact", "item"]
    assert before[1]["section"] == sangong.id and before[1]["section_path"][-1] == sangong.heading
    assert (before[2]["fact_key"], before[2]["fact_value"]) == ("income.total", format(
        next(f.value for f in doc.facts if f.key == "income.total"), "f"))
    assert (before[3]["item_code"], before[3]["item_path"]) == (coded.code, coded.path)
    assert {n["author"] for n in before} == {"审核员甲"}

    result = invoke(runner, "import", str(disclosure), "--replace", db=db_path)
    assert "替换 1" in result.stdout
    after = listed(runner, db_path)
    assert after == before  # same ids, texts, statuses, anchors; nothing orphaned
    assert not any(n["orphaned"] for n in after)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM notes WHERE document_id = ?", (doc.id,)).fetchone()[0] == 4
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def reparsed(doc: Document) -> Document:
    """The same disclosure as a changed importer might return it: other section ids, facts and
    items in another order, and the 政府采购 total no longer extracted."""
    new = doc.model_copy(deep=True)
    for section in new.walk_sections():
        section.id = "r" + section.id
    for fact in new.facts:
        fact.section = "r" + fact.section if fact.section else None
    for item in new.line_items:
        item.section = "r" + item.section if item.section else None
    new.facts = [f for f in reversed(new.facts) if f.key != "procurement.total"]
    new.line_items = list(reversed(new.line_items))
    return new


def test_reanchor_follows_the_target_and_flags_orphans(db_path, doc):
    section = next(s for s in doc.walk_sections() if "三公" in s.title)
    item = next(i for i in doc.line_items if i.level == "项" and i.code)
    with Store(db_path) as store:
        store.save(doc)
        notes = [
            store.add_note(make_note(doc, "章节意见", section=section, author="甲")),
            store.add_note(make_note(doc, "三公意见", fact=find_fact(doc, "sangong.total"), author="甲")),
            store.add_note(make_note(doc, "科目意见", item=item, author="乙")),
            store.add_note(make_note(doc, "采购意见", fact=find_fact(doc, "procurement.total"), author="乙")),
        ]
        assert store.save(reparsed(doc), replace=True) == "replaced"
        moved = {n.text: n for n in store.notes(document_id=doc.id)}
        assert moved["章节意见"].section == "r" + section.id and not moved["章节意见"].orphaned
        fact = next(f for f in doc.facts if f.key == "sangong.total")
        assert moved["三公意见"].section == "r" + fact.section and not moved["三公意见"].orphaned
        assert moved["科目意见"].section == "r" + item.section and moved["科目意见"].item_path == item.path
        # The vanished anchor: still on the document, flagged, its references kept for display.
        orphan = moved["采购意见"]
        assert orphan.orphaned and orphan.document_id == doc.id and orphan.fact_key == "procurement.total"
        assert describe(orphan).endswith("（原位置已不存在）")
        assert [n.id for n in store.notes(orphaned=True)] == [notes[3].id]
        # Importing the original again finds it.
        store.save(doc, replace=True)
        assert store.notes(orphaned=True) == []
        assert store.note(notes[0].id).section == section.id


def test_reanchor_is_pure_and_prefers_same_value(doc):
    fact = next(f for f in doc.facts if f.key == "income.total")
    note = make_note(doc, "意见", fact=fact, author="甲")
    assert reanchor(note, doc) == note.model_copy(update={"orphaned": False})
    renamed = doc.model_copy(deep=True)
    next(s for s in renamed.walk_sections() if s.id == fact.section).title += "（修订）"
    # The heading path changed: a section note cannot be found any more …
    section_note = make_note(doc, "章节", section=doc.section(fact.section), author="甲")
    assert reanchor(section_note, renamed).orphaned
    # … but the fact is still found by key and label.
    assert not reanchor(note, renamed).orphaned
    # Two statements of the same key and label: the one with the noted value wins.
    twice = doc.model_copy(deep=True)
    other = fact.model_copy(update={"value": fact.value + 1, "value_wan": fact.value + 1, "section": None})
    twice.facts.insert(0, other)
    assert reanchor(note, twice).section == fact.section
    moved = make_note(twice, "意见", fact=twice.facts[0], author="甲")
    assert moved.fact_value == fact.value + 1 and reanchor(moved, twice).section is None


def test_anchor_lookups(doc):
    coded = next(i for i in doc.line_items if i.level == "项" and i.code)
    assert find_item(doc, coded.code) == coded
    assert find_item(doc, " / ".join(coded.path)) == coded
    if sum(i.name == coded.name for i in doc.line_items) == 1:
        assert find_item(doc, coded.name) == coded
    common = next(i.name for i in doc.line_items if sum(j.name == i.name for j in doc.line_items) > 1) \
        if any(sum(j.name == i.name for j in doc.line_items) > 1 for i in doc.line_items) else None
    if common:
        with pytest.raises(AnchorError, match="匹配多个科目"):
            find_item(doc, common)
    assert find_item(doc, "一般公共预算：" + coded.code) == coded
    with pytest.raises(AnchorError, match="没有科目"):
        find_item(doc, "9999999")
    assert find_fact(doc, "收入总计").key == "income.total"
    with pytest.raises(AnchorError, match="匹配多个数据"):
        find_fact(doc, "经费")
    with pytest.raises(AnchorError, match="没有数据"):
        find_fact(doc, "不存在的数据")


def test_filters_status_and_authors(runner, db_path, disclosure, doc, monkeypatch):
    invoke(runner, "import", str(disclosure), db=db_path)
    monkeypatch.setenv("JUESUAN_AUTHOR", "甲")
    invoke(runner, "note", "add", doc.id[:8], "第一条", db=db_path)
    monkeypatch.delenv("JUESUAN_AUTHOR")
    monkeypatch.setenv("USER", "user-乙")
    invoke(runner, "note", "add", doc.id[:8], "第二条", "--fact", "收入总计", db=db_path)
    assert [n["author"] for n in listed(runner, db_path)] == ["甲", "user-乙"]
    assert [n["text"] for n in listed(runner, db_path, "--author", "甲")] == ["第一条"]
    assert listed(runner, db_path, "--status", "已核实") == []
    invoke(runner, "note", "set", "2", "--status", "已核实", db=db_path)
    verified = listed(runner, db_path, doc.id[:8], "--status", "已核实")
    assert [(n["id"], n["status"]) for n in verified] == [(2, "已核实")]
    assert verified[0]["updated_at"] is not None and verified[0]["where"].startswith("数据 收入总计")
    text = invoke(runner, "note", "list", db=db_path).stdout
    assert "#1  [待核实]" in text and "#2  [已核实]" in text and "— 甲" in text
    missing = runner.invoke(cli, ["note", "set", "99", "--status", "已核实", "--db", str(db_path)])
    assert missing.exit_code == 1 and missing.stderr.strip() == f"错误：没有审核意见 #99（数据库 {db_path}）"
    both = runner.invoke(cli, ["note", "add", doc.id[:8], "x", "--fact", "收入总计", "--section", "1", "--db", str(db_path)])
    assert both.exit_code == 1 and "只能选一个" in both.stderr
    assert author_from_env({"JUESUAN_AUTHOR": " 丙 ", "USER": "u"}) == "丙"
    assert author_from_env({"USER": "u"}) == "u"


def test_note_add_on_a_readonly_database(runner, db_path, disclosure, doc):
    invoke(runner, "import", str(disclosure), db=db_path)
    os.chmod(db_path, stat.S_IRUSR | stat.S_IRGRP)
    try:
        result = runner.invoke(cli, ["note", "add", doc.id[:8], "意见", "--db", str(db_path)])
        assert result.exit_code == 1
        assert result.stderr.strip() == f"错误：数据库为只读：{db_path}"
        assert runner.invoke(cli, ["note", "list", "--db", str(db_path)]).exit_code == 0
    finally:
        os.chmod(db_path, stat.S_IRUSR | stat.S_IWUSR)


def test_note_exports(runner, db_path, disclosure, doc, tmp_path, monkeypatch):
    monkeypatch.setenv("JUESUAN_AUTHOR", "甲")
    invoke(runner, "import", str(disclosure), db=db_path)
    invoke(runner, "note", "add", doc.id[:8], "=1+1 看起来像公式", "--fact", "income.total", db=db_path)
    invoke(runner, "note", "add", doc.id[:8], "第二条", "--status", "已核实", db=db_path)
    raw = invoke(runner, "note", "export", db=db_path).stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0][:8] == ["编号", "文档ID", "单位", "年度", "对象", "位置", "意见", "状态"]
    assert rows[1][:4] == ["1", doc.id, doc.unit, str(doc.year)]
    assert rows[1][6] == "'=1+1 看起来像公式" and rows[1][4] == "数据"
    assert [r[7] for r in rows[1:]] == ["待核实", "已核实"]
    out = tmp_path / "审核意见.xlsx"
    invoke(runner, "note", "export", "--format", "xlsx", "--status", "待核实", "-o", str(out), db=db_path)
    sheet = load_workbook(out)["审核意见"]
    assert sheet.max_row == 2 and sheet["G2"].value == "'=1+1 看起来像公式" and sheet["A2"].value == 1
    md = invoke(runner, "note", "export", doc.id[:8], "--format", "md", db=db_path).stdout
    assert md.startswith("## 审核意见") and md.count("\n| ") == 3
    # The same table through `export --table notes`.
    same = invoke(runner, "export", "--format", "csv", "--table", "notes", db=db_path).stdout_bytes
    assert same == raw


def test_migration_adds_notes_to_an_existing_database(db_path, full_doc):
    with Store(db_path) as store:
        store.save(full_doc)
    conn = sqlite3.connect(db_path)
    conn.executescript("DROP TABLE notes; PRAGMA user_version = 1;")
    conn.close()
    with Store(db_path) as store:  # an older database: migrated in place, data kept
        assert store.version == SCHEMA_VERSION >= 2
        assert store.get(full_doc.id) == full_doc
        note = store.add_note(make_note(full_doc, "迁移后可用", author="甲"))
        assert store.notes() == [note]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_deleting_a_document_deletes_its_notes(store, full_doc, make_doc):
    other = make_doc(doc_id="9" * 16)
    store.save(full_doc)
    store.save(other)
    store.add_note(make_note(full_doc, "一", author="甲"))
    kept = store.add_note(make_note(other, "二", author="甲"))
    assert store.delete(full_doc.id)
    assert store.notes() == [kept]
    with pytest.raises(KeyError):
        store.add_note(make_note(full_doc, "文档已删除", author="甲"))
