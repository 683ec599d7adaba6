"""Query safety: search text is a literal phrase. Quotes, FTS5 operators and SQL fragments give
results or "没有找到", never an error or an injection (Store.search and ``juesuan search``)."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan_tui.cli import cli
from juesuan_tui.store import Store

NASTY = [
    '"', '""', '"""', "'", "''", '"政府采购', '政府采购"', 'a"b"c', "AND", "OR", "NOT", "NEAR", "near(", "NEAR(a b, 2)",
    "政府 AND 采购", "政府 OR 采购", "政府 NOT 采购", "政府*", "*", "**", "^政府", "^", "title:政府", ":", "text:", "{title}: 采购",
    "(", ")", "(政府", "政府)", "+", "-", "-政府", "'; DROP TABLE documents; --", "\"; DROP TABLE sections; --",
    "1' OR '1'='1", "%", "_", "%政府%", "\\", "\\\"", "[", "]", "[bold]", "\x00", "政\x00府采购", "\n", "\t政府采购\t",
    "　", "政府采购" * 200, "x" * 5000, "🙂🙂🙂", "\ud7ff\ue000", "NEAR/3", "MATCH", "sections_fts", "rank", "bm25(",
]

# Text that holds the dangerous characters itself, so literal phrases of it must be found.
SPECIAL_TEXT = (
    '第一段有"双引号"和\'单引号\'，AND 与 OR 以及 NOT、NEAR(a b) 都是文字；星号*与^符号、冒号: 也是。\n'
    "第二段：'; DROP TABLE documents; -- 这只是一句话。百分号 % 下划线 _ 反斜杠 \\ 方括号 [bold] 都保留。"
)


@pytest.fixture
def search_store(tmp_path, make_doc):
    path = tmp_path / "search.db"
    doc = make_doc(doc_id="5" * 16)
    doc.sections[1].children[0].children[0].text = SPECIAL_TEXT
    store = Store(path)
    store.save(doc)
    store.save(make_doc(doc_id="6" * 16, year=2023))
    yield store
    store.close()


def _intact(store: Store) -> None:
    assert store.count() == 2
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} >= {
            "documents", "sections", "sections_fts", "facts"}
    finally:
        conn.close()


@pytest.mark.parametrize("query", NASTY, ids=range(len(NASTY)))
def test_store_search_treats_any_text_as_a_phrase(search_store, query):
    hits = search_store.search(query, limit=100)
    needle = query.strip()
    for hit in hits:
        section = next(s for s in search_store.get(hit.document_id).walk_sections() if s.id == hit.section_id)
        assert needle.casefold() in f"{section.title}\n{section.text}".casefold()
    _intact(search_store)


@pytest.mark.parametrize("query", ['"双引号"', "AND 与 OR", "NEAR(a b)", "星号*与^", "冒号:", "DROP TABLE documents",
                                   "'; DROP TABLE documents; --", "% 下划线 _", "反斜杠 \\", "[bold]"])
def test_operators_inside_the_text_are_found_literally(search_store, query):
    hits = search_store.search(query)
    assert [(h.document_id, h.section_id) for h in hits] == [("5" * 16, "2.1.1")]
    assert query.strip() in hits[0].snippet or query.strip().split()[0] in hits[0].snippet


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60))
def test_arbitrary_queries_never_fail(search_store, query):
    hits = search_store.search(query, limit=5)
    assert isinstance(hits, list) and len(hits) <= 5


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.integers(0, len(SPECIAL_TEXT)), length=st.integers(1, 12))
def test_every_substring_of_the_text_finds_its_section(search_store, start, length):
    query = SPECIAL_TEXT[start : start + length]
    if not query.strip() or "\n" in query:
        return
    hits = search_store.search(query, limit=100)
    assert ("5" * 16, "2.1.1") in {(h.document_id, h.section_id) for h in hits}, query


@pytest.mark.parametrize("query", NASTY[:48], ids=range(48))
def test_cli_search_answers_or_says_nothing_found(runner, search_store, query):
    path = str(search_store.path)
    # "--" ends the options, so a query may start with "-" (as with every command-line tool).
    result = runner.invoke(cli, ["search", "--db", path, "--", query])
    assert result.exit_code == 0, result.output
    assert "错误" not in result.stderr and "Traceback" not in result.output
    if not result.stdout:
        assert result.stderr.startswith("没有找到")
    json_result = runner.invoke(cli, ["search", "--json", "--db", path, "--", query])
    assert json_result.exit_code == 0
    _intact(search_store)


def test_list_and_resolve_filters_are_literal_too(runner, search_store):
    path = str(search_store.path)
    for text in ("%", "_", "'; DROP TABLE documents; --", '"', "*"):
        assert runner.invoke(cli, ["list", text, "--db", path]).exit_code == 0
        shown = runner.invoke(cli, ["show", text, "--db", path])
        assert shown.exit_code == 1 and shown.stderr.startswith("错误：") and shown.stderr.count("\n") == 1
    _intact(search_store)
