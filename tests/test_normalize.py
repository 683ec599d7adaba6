"""Matching form (fold), traditional → simplified, and the display form of lines."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from importers.normalize import (
    canonical_name,
    clean_line,
    compact_cjk,
    display_paragraphs,
    fold,
    is_page_furniture,
    is_traditional,
    nfkc,
    split_lines,
    to_simplified,
)
from importers.sections import starts_numbered

SEED_TEXT = (Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt").read_text(encoding="utf-8")


# --- matching form -------------------------------------------------------------


def test_fold_widths_radicals_and_spacing():
    assert fold("（一）１２３％：，") == "(一)123%:,"
    assert fold("部\u2ed4 \u2ecb辆") == "部门车辆"
    assert fold("2024 年度收入总计 3,361.40 万元") == "2024年度收入总计3,361.40万元"
    assert fold("a b") == "a b"  # spaces between Latin words stay


def test_canonical_name_keeps_full_width_parentheses():
    assert canonical_name(" 因公出国(境)费 ") == "因公出国（境）费"
    assert canonical_name("乌鲁木齐市 12345 政务服务热线中心") == "乌鲁木齐市12345政务服务热线中心"


def test_traditional_text_folds_to_simplified():
    assert is_traditional("財政撥款收入支出決算總表")
    assert fold("財政撥款收入支出決算總表") == "财政拨款收入支出决算总表"
    assert canonical_name("因公出國(境)費") == "因公出国（境）费"


def test_simplified_text_is_not_converted():
    assert not is_traditional(SEED_TEXT)
    assert to_simplified(SEED_TEXT) is SEED_TEXT


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aeAE1 \u0301\u0308（）：，％１２\u3000一二决算\u4e00\uff21\u2460\u3220\u1100\u1161\uac00\u00c5\u212b."), max_size=30))
def test_fast_nfkc_equals_unicodedata(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


# --- lines ----------------------------------------------------------------------


def test_split_lines_normalises_line_ends_only():
    assert split_lines("a\r\nb\rc\nd\x0ce\u2028f") == ["a", "b", "c", "d\x0ce\u2028f"]
    assert split_lines("\ufeff一\n") == ["一", ""]


def test_clean_line_removes_markdown_debris():
    assert clean_line("- 一、**财政拨款收入**：指同级财政当年拨付的资金。") == "一、财政拨款收入：指同级财政当年拨付的资金。"
    assert clean_line(" - (一) 一般公共预算") == "(一) 一般公共预算"
    assert clean_line("## 第一部分 单位概况") == "第一部分 单位概况"
    assert clean_line("-3.50") == "-3.50"  # a negative number is not a bullet
    assert clean_line("\t\t年初预算数\t全年预算数") == "\t\t年初预算数\t全年预算数"  # grid cells kept


def test_page_furniture():
    for line in ("- 1 -", "— 12 —", "第 3 页", "第3页 共25页", "共 25 页 第 3 页", "3/25", "Page 3 of 25"):
        assert is_page_furniture(line), line
    for line in ("1. 负责受理", "2024", "12345", "一、收入", "第三部分 名词解释", "- 一、主要职能"):
        assert not is_page_furniture(line), line


def test_compact_cjk_removes_spaces_between_cjk_only():
    assert compact_cjk("实现全媒 体渠道受 理") == "实现全媒体渠道受理"
    assert compact_cjk("2024 年 12345 热线") == "2024 年 12345 热线"


# --- display paragraphs -------------------------------------------------------------


def _display(text: str) -> list[str]:
    return display_paragraphs(text.split("\n"), starts_numbered)


def test_page_break_inside_a_word_is_rejoined():
    got = _display("与上年相比，增加 2,744.89 万元，增\n\n长 494.34%，主要原因是：人员经费增加。")
    assert got == ["与上年相比，增加 2,744.89 万元，增长 494.34%，主要原因是：人员经费增加。"]


def test_page_break_between_number_and_unit_is_rejoined():
    got = _display("项目支出 2,729.00 万元，占 82.69%；上缴上级支出 0.00\n\n万元，占 0.00%。")
    assert got == ["项目支出 2,729.00 万元，占 82.69%；上缴上级支出 0.00万元，占 0.00%。"]


def test_page_furniture_between_the_halves_is_dropped():
    got = _display("2.本年热线项目经费预算由政府基金调整到一般公\n\n- 7 -\n\n共预算资金。")
    assert got == ["2.本年热线项目经费预算由政府基金调整到一般公共预算资金。"]


def test_two_numbers_are_never_joined():
    assert _display("本年收入合计为下列各项之和，共计 12\n\n34") == ["本年收入合计为下列各项之和，共计 12", "34"]
    assert _display("合计\t12\n\n34\n\n56") == ["合计\t12", "34", "56"]


def test_complete_sentences_headings_captions_and_grids_stay_apart():
    text = "\n".join(
        [
            "本单位无其他需说明的事项。",
            "按照规定，本年度主要工作包括以下几个方面的内容",
            "一、主要职能",
            "项目支出绩效自评表",
            "(2024 年度)",
            "项目名称\t热线服务项目",
            "主管部门\t某局",
        ]
    )
    assert _display(text) == text.split("\n")


def test_prose_is_not_glued_into_a_grid_line():
    assert _display("具体情况见下表，其中包括主要的项目支出安排情况\n\n项目\t金额") == [
        "具体情况见下表，其中包括主要的项目支出安排情况",
        "项目\t金额",
    ]


def test_markdown_is_removed_from_display():
    got = _display("- 一、**财政拨款收入**：指同级财政当年拨付的资金。\n- 二、**事业收入**：指事业单位的收入。")
    assert got == ["一、财政拨款收入：指同级财政当年拨付的资金。", "二、事业收入：指事业单位的收入。"]
