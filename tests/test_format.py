"""Display formatting: locale-independent amounts, CJK-aware fitting, control characters."""

from __future__ import annotations

import locale
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from juesuan_tui.format import DASH, amount, bar, clean, fit, one_line, percent, share, truncate, wrap_offsets


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("1234.56"), "1,234.56"),
        (D("3361.40"), "3,361.40"),  # trailing zero kept as printed
        (D("0.00"), "0.00"),
        (D("-502.40"), "-502.40"),
        (D("1234567"), "1,234,567"),
        (D("12"), "12"),
        (None, DASH),
    ],
)
def test_amount(value, text):
    assert amount(value) == text


def test_amount_signed_marks_increases_only():
    assert amount(D("512.51"), signed=True) == "+512.51"
    assert amount(D("-0.25"), signed=True) == "-0.25"
    assert amount(D("0.00"), signed=True) == "0.00"


def test_amount_ignores_the_locale():
    """A German locale would print 1.234,56; the format must not follow it."""
    saved = locale.setlocale(locale.LC_ALL)
    for name in ("de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8"):
        try:
            locale.setlocale(locale.LC_ALL, name)
            break
        except locale.Error:
            continue
    try:
        assert amount(D("1234.56")) == "1,234.56"
    finally:
        locale.setlocale(locale.LC_ALL, saved)


def test_percent_and_share():
    assert percent(D("47.80")) == "47.80%"
    assert percent(D("494.34"), signed=True) == "+494.34%"
    assert percent(None) == DASH
    assert share(D("512.51"), D("1577.40")) == D("32.49")
    assert share(D("1"), D("0")) is None
    assert share(None, D("3")) is None


def test_truncate_never_splits_a_wide_character():
    text = "政府办公厅（室）及相关机构事务"
    for width in range(0, 33):
        cut = truncate(text, width)
        assert cell_len(cut) <= width
        if cell_len(text) > width and width >= 1:
            assert cut.endswith("…")
            assert text.startswith(cut[:-1])
    # 7 cells: three CJK characters (6) + the ellipsis (1); a fourth would overflow.
    assert truncate("一般公共服务支出", 7) == "一般公…"
    assert truncate("一般公共服务支出", 16) == "一般公共服务支出"


@given(st.text(alphabet="ab中文（）12 ", max_size=30), st.integers(min_value=0, max_value=40))
def test_fit_is_exactly_the_width(text, width):
    for align in ("left", "right", "center"):
        assert cell_len(fit(text, width, align)) == width


def test_clean_strips_control_characters_but_keeps_text():
    raw = "红\x1b[31m字\x1b[0m\x07\x9b行\r\n第二\t行"
    assert clean(raw) == "红[31m字[0m行\n第二\t行"
    assert one_line("  a\n b\tc  ") == "a b c"
    assert clean(None) == ""


def test_bar_fills_in_proportion():
    assert bar(D("0"), 8) == " " * 8
    assert bar(D("1"), 8) == "█" * 8
    assert bar(D("0.5"), 8) == "████    "
    assert bar(D("2"), 4) == "████"  # clamped
    assert bar(None, 3) == "   "
    assert len(bar(D("0.33"), 10)) == 10


def _lines(text: str, width: int) -> list[str]:
    cuts = [0, *wrap_offsets(text, width), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def test_wrap_breaks_between_cjk_characters_not_inside_numbers():
    text = "2. 负责拟订 12345 热线受理、办理、反馈、督办、回访（重办）、考核评价机制并组织实施。"
    lines = _lines(text, 20)
    assert lines[0] == "2. 负责拟订 12345 热"  # filled to the edge, not pushed down whole
    assert all(cell_len(line.rstrip()) <= 20 for line in lines)
    assert "".join(lines) == text
    assert not any(line[0] in "，。、；：）”%" for line in lines[1:])  # no closing mark starts a line
    assert not any(line.rstrip()[-1] in "（“" for line in lines[:-1])  # no opening mark ends one
    assert any("3,361.40" in line for line in _lines("支出总计为 3,361.40 万元，比上年增加", 12))


@given(st.text(alphabet="ab1.中文字（）、，。 %", max_size=60), st.integers(min_value=2, max_value=30))
def test_wrap_keeps_every_character_and_fits_the_width(text, width):
    lines = _lines(text, width)
    assert "".join(lines) == text
    assert all(cell_len(line.rstrip()) <= width for line in lines)
