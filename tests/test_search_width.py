"""Search finds a phrase in whichever width the disclosure printed it: （一） or (一), ３ or 3."""

from __future__ import annotations

import pytest

from juesuan_tui.store import width_variants


@pytest.fixture
def stored(store, full_doc):
    section = next(s for s in full_doc.walk_sections() if s.id == "2.1.1")
    section.text = "（二）采购项目共３项，其中(一)类货物采购120.00万元。"
    store.save(full_doc)
    return store


def test_variants_cover_the_printed_forms():
    assert width_variants("(一)类") == ["(一)类", "（一）类"]
    assert width_variants("（二）采购") == ["（二）采购", "(二)采购"]
    assert width_variants("共3项") == ["共3项", "共３项"]
    assert width_variants("政府采购") == ["政府采购"]


@pytest.mark.parametrize("query, printed", [
    ("(二)采购", "（二）采购"),      # half-width query, full-width print
    ("（一）类货物", "(一)类货物"),  # full-width query, half-width print
    ("共3项", "共３项"),            # digits
    ("(二", "（二"),                # under three characters: the LIKE path
])
def test_a_query_in_the_other_width_finds_the_section(stored, query, printed):
    hits = stored.search(query)
    assert [(h.section_id, h.section_title) for h in hits] == [("2.1.1", "政府采购情况")]
    assert printed in hits[0].snippet


def test_absent_text_still_finds_nothing(stored):
    assert stored.search("(三)采购") == []
    assert stored.search("共4项") == []
