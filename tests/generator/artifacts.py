"""Extraction artifacts: page-break splits inside paragraphs and PDF line wrapping (domain.md §8)."""

from __future__ import annotations

import random
import re

from .render import Block

# A continuation line must not look like a heading, or the sectioner would be right to cut there.
_HEADING_LIKE = re.compile(
    r"^\s*(第[一二三四五六七八九十]+部|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|\d+\s*[.、．](?!\d)|- |目\s*录|[①-⑳]|\|)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NO_LINE_START = set("，。；：、）)%,.:;！？”》")
_NUMERIC = set("0123456789,.")


def _is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def _break_points(text: str) -> list[tuple[int, int]]:
    """(cut, resume) positions where a page break may fall: inside a CJK word, or between a
    number and 万元 (dropping the space a spaced layout puts there)."""
    out = []
    # Not before the first punctuation: a fragment like "十、上缴上级支" or "2024年度收" would pass for
    # a heading or lose its sentence; page ends seen in real files fall inside running text.
    first = min((i for i, ch in enumerate(text) if ch in "，,：:。；;"), default=len(text))
    for i in range(max(3, first + 2), len(text) - 3):
        if "*" in text[i - 2:i + 2] or _HEADING_LIKE.match(text[i:]):
            continue
        if _is_cjk(text[i - 1]) and _is_cjk(text[i]):
            out.append((i, i))
        elif text.startswith("万元", i) and text[i - 1].isdigit():
            out.append((i, i))
        elif text.startswith("万元", i) and text[i - 1] == " " and text[i - 2].isdigit():
            out.append((i - 1, i))
    return out


def page_breaks(blocks: list[Block], rng: random.Random, count: int) -> None:
    """Split ``count`` paragraphs at a random point with a blank line, as PDF page ends do."""
    paras = [b for b in blocks if b.kind == "para" and len(b.text) > 24 and "\n" not in b.text]
    for block in rng.sample(paras, k=min(count, len(paras))):
        points = _break_points(block.text)
        if points:
            cut, resume = rng.choice(points)
            block.text = f"{block.text[:cut]}\n\n{block.text[resume:]}"


def _can_wrap(text: str, i: int) -> bool:
    if text[i] in _NO_LINE_START or text[i].isspace() or text[i - 1].isspace():
        return False
    if text[i - 1] in _NUMERIC and text[i] in _NUMERIC | {"%"}:
        return False  # never inside a number
    if "*" in text[i - 2:i + 2]:
        return False
    return not _HEADING_LIKE.match(text[i:])


def wrap(text: str, width: int) -> str:
    """Hard-wrap a paragraph at about ``width`` characters, the way PDF text layers come out."""
    lines, start = [], 0
    while len(text) - start > width:
        cut = start + width
        while cut > start + width // 2 and not _can_wrap(text, cut):
            cut -= 1
        if cut == start + width // 2:
            cut = start + width
            while cut < len(text) - 1 and not _can_wrap(text, cut):
                cut += 1
            if cut >= len(text) - 1:
                break
        lines.append(text[start:cut])
        start = cut
    lines.append(text[start:])
    return "\n".join(lines)


def assemble(blocks: list[Block], spacing: str) -> str:
    """Join blocks: ``loose`` puts blank lines between paragraphs (the seed), ``tight`` does not."""
    out: list[str] = []
    previous = None
    for block in blocks:
        if previous is not None:
            tight = spacing == "tight" or (block.kind == previous.kind and block.kind in ("grid", "toc", "cover"))
            out.append("\n" if tight else "\n\n")
        out.append(block.text)
        previous = block
    return "".join(out) + "\n"
