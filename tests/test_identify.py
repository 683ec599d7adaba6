"""Unit, year, kind and title from the opening lines (and the body as fallback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.identify import identify
from importers.normalize import split_lines
from importers.pipeline import build_document
from importers.sections import segment

SEED_TEXT = (Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt").read_text(encoding="utf-8")


def _identify_text(text: str):
    lines = split_lines(text)
    layout = segment(lines)
    return identify(lines[: layout.cover_end], lines[layout.body_start :])


def test_seed_identity():
    who = _identify_text(SEED_TEXT)
    assert who.unit == "乌鲁木齐市12345政务服务热线中心"
    assert who.year == 2024
    assert who.kind == "单位决算"  # the title says 单位决算 although the body says 部门决算情况说明
    assert who.title == "乌鲁木齐市12345政务服务热线中心2024年单位决算公开"


def test_seed_document_fields(tmp_path):
    from importers.text import load_text

    path = tmp_path / "seed.txt"
    path.write_text(SEED_TEXT, encoding="utf-8")
    doc = load_text(path, extract=False)
    assert (doc.unit, doc.year, doc.kind) == ("乌鲁木齐市12345政务服务热线中心", 2024, "单位决算")
    assert doc.title == "乌鲁木齐市12345政务服务热线中心2024年单位决算公开"


@pytest.mark.parametrize(
    ("opening", "unit", "year", "kind", "title"),
    [
        (["某某市农业农村局2024年度部门决算"], "某某市农业农村局", 2024, "部门决算", "某某市农业农村局2024年度部门决算"),
        (
            ["2023年度某某县疾病预防控制中心单位决算公开说明"],
            "某某县疾病预防控制中心",
            2023,
            "单位决算",
            "2023年度某某县疾病预防控制中心单位决算公开说明",
        ),
        (
            ["某某市", "人力资源和社会保障局", "2022 年度部门决算"],
            "某某市人力资源和社会保障局",
            2022,
            "部门决算",
            "某某市人力资源和社会保障局2022年度部门决算",
        ),
        (["某某局2021年度", "部门决算", "公开"], "某某局", 2021, "部门决算", "某某局2021年度部门决算公开"),
        (
            ["关于某某区财政局2024年度部门决算的说明", "2025年9月"],
            "某某区财政局",
            2024,
            "部门决算",
            "关于某某区财政局2024年度部门决算的说明",
        ),
        (["二〇二四年度某某中心单位决算"], "某某中心", 2024, "单位决算", "二〇二四年度某某中心单位决算"),
        (["附件2", "某某中心2024年度单位决算"], "某某中心", 2024, "单位决算", "某某中心2024年度单位决算"),
        # A PDF put the year on a line of its own after the title.
        (["某某区财政局", "年度部门决算", "2024"], "某某区财政局", 2024, "部门决算", "某某区财政局2024年度部门决算"),
        (["某某縣財政局2024年度部門決算"], "某某县财政局", 2024, "部门决算", "某某县财政局2024年度部门决算"),
    ],
)
def test_title_forms(opening, unit, year, kind, title):
    who = identify(opening, [])
    assert (who.unit, who.year, who.kind, who.title) == (unit, year, kind, title)


def test_year_only_in_the_body():
    who = identify(["某某局部门决算"], ["一、收入支出决算总体情况说明", "2020年度收入总计 10.00 万元。"])
    assert (who.unit, who.year) == ("某某局", 2020)


@pytest.mark.parametrize(
    "field_line", ["编制单位：某某区教育局    单位：万元", "编制单位：某某区教育局 金额单位：万元", "部门：某某区教育局"]
)
def test_unit_from_a_field_line_when_the_title_has_none(field_line):
    who = identify(["决算公开", field_line], ["2019年度收入总计 1.00 万元。"])
    assert who.unit == "某某区教育局"
    assert who.year == 2019


def test_money_unit_line_is_not_a_unit():
    who = identify(["单位：万元"], ["部门：某某街道办事处", "2020年度收入总计 5.00 万元。"])
    assert who.unit == "某某街道办事处"
    assert who.title == "某某街道办事处2020年度部门决算"


def test_kind_from_the_body_when_the_opening_has_none():
    who = identify(["某某中心2024年度决算公开"], ["第一部分 单位概况", "本单位决算公开内容如下。", "2024年度单位决算情况说明"])
    assert who.kind == "单位决算"


def test_document_without_any_title_falls_back_to_the_file_name():
    from datetime import datetime, timezone

    from juesuan_tui.models import Source

    source = Source(
        path="/data/无题.txt", sha256="0" * 64, format="text", imported_at=datetime.now(timezone.utc), importer_version="t"
    )
    doc = build_document("一、收入情况\n本年收入 1.00 万元。\n", source, extract=False)
    assert doc.title == "无题" and doc.unit == "无题"
