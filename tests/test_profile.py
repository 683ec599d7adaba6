"""单位概况: functions, departments, subordinate units, staffing; and extract_all."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from importers.extract.facts import facts_from_text
from importers.extract.profile import (
    departments_from_text,
    functions_from_text,
    staffing_from_facts,
    subordinates_from_text,
)

SEED = Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt"


@pytest.fixture(scope="module")
def seed():
    from importers import load

    return load(SEED)


def test_seed_profile(seed):
    profile = seed.profile
    assert len(profile.functions) == 5
    assert profile.functions[0] == "负责受理市民诉求事项，转办、交办、督办并协调日常诉求事务的处置。"
    assert profile.functions[-1] == "负责热线平台工作人员的业务培训和管理工作。"
    assert profile.departments == ["综合科", "运行服务科", "协调考评科", "财务科"]
    assert profile.department_count == 4
    assert (profile.subordinate_units, profile.subordinate_count) == ([], 0)
    s = profile.staffing
    assert (s.total, s.active, s.retired_cadre, s.retired) == (35, 32, 0, 3)
    assert (s.active_change, s.retired_cadre_change, s.retired_change) == (2, 0, 0)
    assert s.establishment is None  # not printed in the seed
    assert s.sentence.startswith("乌鲁木齐市 12345 政务服务热线中心 2024 年度，实有人数 35 人")
    assert s.total == s.active + s.retired_cadre + s.retired


def test_functions_numbered_with_continuations_and_inline_items():
    text = ("主要职能\n第三条 本局的主要职责是：\n（一）贯彻执行国家有关法律；研\n究拟订本区财政发展战略。\n"
            "（二）承担财政收支管理的责任。（三）负责会计管理工作。\n4. 完成交办的其他任务。")
    assert functions_from_text(text, heading="主要职能") == [
        "贯彻执行国家有关法律；研究拟订本区财政发展战略。",
        "承担财政收支管理的责任。",
        "负责会计管理工作。",
        "完成交办的其他任务。",
    ]


def test_functions_as_sentences_when_not_numbered():
    text = "负责全市热线工作；负责平台运行维护。承办上级交办的其他事项。"
    assert functions_from_text(text) == ["负责全市热线工作。", "负责平台运行维护。", "承办上级交办的其他事项。"]


@pytest.mark.parametrize(("text", "names", "count"), [
    ("本单位下设 4 个科室，分别是：综合科、运行服务科、协调考评科、财务科。", ["综合科", "运行服务科", "协调考评科", "财务科"], 4),
    ("局机关内设机构3个：办公室、预算科、国库科。", ["办公室", "预算科", "国库科"], 3),
    ("下设四个职能科室，分别为：办公室，业务科。", ["办公室", "业务科"], 4),
    ("内设科室包括：综合股、财务股等。", ["综合股", "财务股"], None),
    ("本单位设有2个处室。", [], 2),
    ("本单位为独立核算的事业单位。", [], None),
])
def test_departments(text, names, count):
    assert departments_from_text(text) == (names, count)


@pytest.mark.parametrize(("text", "names", "count"), [
    ("乌鲁木齐市某中心无下属预算单位，下设 4 个科室。", [], 0),
    ("本部门决算包括 3 个下属单位，分别是：甲中心、乙所、丙站。", ["甲中心", "乙所", "丙站"], 3),
    ("本部门下属单位2个，包括：甲中心、乙所。", ["甲中心", "乙所"], 2),
    ("本部门包括二个二级预算单位。", [], 2),
    ("下设 4 个科室。", [], None),
])
def test_subordinates(text, names, count):
    assert subordinates_from_text(text) == (names, count)


def test_staffing_from_facts_with_establishment_and_decreases():
    facts = facts_from_text("编制40人，实有人数35人，其中：在职人员32人，减少2人；离休人员1人；退休人员2人，增加1人。", block="staffing")
    s = staffing_from_facts(facts)
    assert (s.establishment, s.total, s.active, s.active_change, s.retired_cadre, s.retired, s.retired_change) == (
        40, 35, 32, -2, 1, 2, 1)
    assert s.retired_cadre_change is None
    assert [f.value for f in facts if f.key == "staff.establishment"] == [D("40")]


def test_extract_all_fills_in_place_and_is_repeatable(seed):
    from importers.extract import extract_all

    doc = seed.model_copy(deep=True)
    doc.facts, doc.line_items = [], []
    extract_all(doc)
    assert [f.model_dump() for f in doc.facts] == [f.model_dump() for f in seed.facts]
    assert [i.model_dump() for i in doc.line_items] == [i.model_dump() for i in seed.line_items]
    assert doc.profile == seed.profile
    extract_all(doc)  # a second run replaces, never appends
    assert len(doc.facts) == len(seed.facts) and len(doc.line_items) == len(seed.line_items)
    # The document survives a JSON round trip (what the store saves).
    from juesuan_tui.models import Document

    again = Document.model_validate_json(doc.model_dump_json())
    assert again.facts == doc.facts and again.profile == doc.profile


def test_optional_extractors_are_guarded():
    from importers.extract import _optional

    assert _optional("no_such_module_here", "f") is None
    assert callable(_optional("facts", "extract_facts"))
