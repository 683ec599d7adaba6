"""Normalisation: a matching form for finding values, a display form for reading.

The printed text is never changed in place; these functions return copies.

- :func:`fold` / :func:`canonical_name`: the matching form and the form names are
  compared and shown in (traditional characters become simplified here).
- :func:`split_lines`: the document's lines (the unit of ``Section.line_start``).
- :func:`clean_line`, :func:`is_page_furniture`, :func:`display_paragraphs`:
  the display form of a block of lines (markdown debris and page furniture gone,
  paragraphs that a page break split re-joined).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

# PDF text layers emit CJK radicals (U+2E80 block) that NFKC leaves alone.
_RADICALS = str.maketrans({
    "\u2ed4": "门", "\u2ecb": "车", "\u2ee2": "长", "\u2ec5": "见", "\u2ed7": "雨",
    "\u2ee9": "黄", "\u2eea": "黾", "\u2ebc": "月", "\u2ec4": "西", "\u2ecf": "阝",
    "\u2ed6": "阝", "\u2ea0": "民", "\u2ead": "示", "\u2eb2": "罒", "\u2ec6": "角",
    "\u2ec8": "讠", "\u2ed8": "青", "\u2edd": "食", "\u2ee0": "饣", "\u2ee3": "马",
    "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟", "\u2eeb": "齐", "\u2eed": "齿",
    "\u2ef3": "龟", "\u2ec0": "衤",
})

_HAS_RADICAL = re.compile("[\u2e80-\u2eff]")

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Whitespace with a CJK character on at least one side is layout, not content.
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}（）()：:，,。；;、“”%])\s+|\s+(?=[{_CJK}（）()：:，,。；;、“”%])")

# Frequent characters that exist only in traditional script (never in a
# simplified text). One of them present means the string is worth converting;
# simplified texts pay one regex scan and nothing else.
_TRADITIONAL_HINTS = "".join(sorted(set(
    "佔來個們備傳債價億優儲內別則動務勞勵區參員問單嚴國團執報夥學實專對導屬幹廳後徑態應戶採撫"
    "據擴數於時會條業構標機檢欄權氣沒況減準滿濟災為烏無熱營獎現環產異當療發眾碼礎稅稱積節築籤"
    "糧級細組結絡經綜維網線編縣總績繫繳續義聯職臺與華萬處號術衛補裝見規訂計訓託設訴註評詞詢詳"
    "說調論諮議護變讓負貨責買費貼賃資質購車軟較輛輸轉辦農這進遊運過達還郵鄉醫釋錄長門開關陳際"
    "險雖離電響頁項預領題額類養餘體魯點齊決撥財報齡"
)))
_TRADITIONAL = re.compile(f"[{_TRADITIONAL_HINTS}]")


def is_traditional(text: str) -> bool:
    """True when ``text`` contains characters used only in traditional script."""
    return _TRADITIONAL.search(text) is not None


def to_simplified(text: str) -> str:
    """Traditional → simplified script (character and phrase level, no regional
    vocabulary changes). Texts without traditional characters are returned as is."""
    if not is_traditional(text):
        return text
    import zhconv  # lazy: the dictionary loads only for traditional texts

    return zhconv.convert(text, "zh-hans")


# Runs that NFKC may change. ASCII, CJK unified ideographs and 、。 are
# NFKC-stable and never compose with a neighbour except an ASCII letter before
# a combining mark, so the ASCII character before a run goes with it.
_NFKC_UNSTABLE = re.compile(r"[\x00-\x7f]?[^\x00-\x7f\u4e00-\u9fff\u3001\u3002]+")


def _nfkc_run(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, normalising only the runs that
    can change (a Chinese text is mostly stable, so this is several times faster)."""
    return _NFKC_UNSTABLE.sub(_nfkc_run, text)


def fold(text: str) -> str:
    """The matching form: NFKC (full-width digits, ％, ：, （）, U+3000 → ASCII),
    radical look-alikes mapped, traditional characters made simplified,
    whitespace next to CJK characters removed.

    Full-width parentheses become ASCII ``()``; callers that need names in
    their canonical form use :func:`canonical_name`.
    """
    text = nfkc(text)
    if _HAS_RADICAL.search(text):
        text = text.translate(_RADICALS)
    text = to_simplified(text)
    return _SPACE_NEAR_CJK.sub("", text)


_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]+")  # not whitespace to str.split


def fold_compact(text: str) -> str:
    """:func:`fold` with every whitespace and zero-width character removed
    (the form a document's id is computed from)."""
    text = nfkc(text)
    if _HAS_RADICAL.search(text):
        text = text.translate(_RADICALS)
    compact = "".join(to_simplified(text).split())
    return _ZERO_WIDTH.sub("", compact) if _ZERO_WIDTH.search(compact) else compact


def canonical_name(name: str) -> str:
    """A name as it should be shown and compared: folded, with full-width （）."""
    return fold(name).replace("(", "（").replace(")", "）").strip()


# --- lines -----------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?")


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF (the form every line index refers to)."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def split_lines(text: str) -> list[str]:
    """The document's lines: newlines normalised, split on LF only.

    (``str.splitlines`` would also split on form feeds and U+2028, which are
    content here.) ``Section.line_start``/``line_end`` index this list.
    """
    return normalize_newlines(text).removeprefix("\ufeff").split("\n")


# --- display form ----------------------------------------------------------

_BULLET = re.compile(r"^[ \t\u3000]*(?:[-*+•·▪●◆■][ \t\u3000]+)+")
_MARKUP_STARTS = frozenset("-*+•·▪●◆■#")
_MD_HEADING = re.compile(r"^[ \t\u3000]*#{1,6}[ \t\u3000]*")
_BOLD = "**"

# Page furniture: "- 1 -", "— 12 —", "第 3 页", "第3页 共25页", "3/25", "Page 3 of 25".
_FURNITURE = re.compile(
    r"^\s*(?:"
    r"[-–—－]\s*\d{1,4}\s*[-–—－]"
    r"|(?:共\s*\d{1,4}\s*页\s*[,，]?\s*)?第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r")\s*$",
    re.IGNORECASE,
)

# Sentence-final punctuation: a paragraph ending here is complete.
_TERMINAL = set("。！？!?；;：:…")
_CLOSERS = set("”’」』）)】]\"'")
_NUMBER_END = re.compile(r"\d[%％]?$")
_NUMBER_START = re.compile(r"^[-−]?\d")
_WIDE = re.compile(rf"[{_CJK}\u3000-\u303f\uff00-\uffef“”‘’]")


def is_grid_line(line: str) -> bool:
    """A flattened table row (tab-separated cells, or ``|`` cells of an HTML conversion)."""
    return "\t" in line or line.count("|") >= 2


def is_page_furniture(line: str) -> bool:
    """Page numbers a converter left in the text (removed from display, never from raw)."""
    return bool(_FURNITURE.match(line))


def clean_line(line: str) -> str:
    """Display cleaning of one line: markdown bullets, ``#`` and ``**bold**`` removed.

    Grid lines keep their tabs (empty leading cells matter); other lines are stripped.
    """
    line = line.rstrip("\r\n")
    if line.lstrip(" \t\u3000")[:1] in _MARKUP_STARTS:
        line = _MD_HEADING.sub("", _BULLET.sub("", line))
    if _BOLD in line:
        line = line.replace(_BOLD, "")
    if is_grid_line(line):
        return line.rstrip(" \u3000")
    return line.strip()


def _ends_sentence(text: str) -> bool:
    text = text.rstrip()
    while text and text[-1] in _CLOSERS:
        if len(text) >= 2 and text[-2] in _TERMINAL:
            return True
        text = text[:-1]
    return bool(text) and text[-1] in _TERMINAL


_LEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,2}[.、．](?!\d))")


def _is_prose(text: str) -> bool:
    """Long enough or punctuated like a sentence (captions, labels and headings are neither)."""
    text = _LEADING_NUMBER.sub("", text, count=1)
    return len(text) >= 20 or any(c in text for c in "，,。、；;")


def _joiner(left: str, right: str) -> str:
    if _WIDE.match(left[-1]) or _WIDE.match(right[0]):
        return ""
    return " "


def display_paragraphs(lines: Iterable[str], starts_item: Callable[[str], bool] | None = None) -> list[str]:
    """Display paragraphs of a block of raw lines.

    Lines are cleaned (:func:`clean_line`), page furniture and blank lines
    dropped, and a paragraph that a page break split mid-sentence is joined
    to the next one: when it reads as prose, does not end in sentence
    punctuation, the next one does not start a new item (``starts_item``,
    e.g. a numbered line), neither is a grid line, and the break is not
    between two numbers. A section's heading line is not passed in here.
    """
    out: list[str] = []
    open_ = False  # may the last paragraph take a continuation?
    for raw in lines:
        if not raw.strip() or is_page_furniture(raw):
            continue
        line = clean_line(raw)
        if not line.strip():
            continue
        grid = is_grid_line(line)
        new_item = not grid and starts_item is not None and starts_item(line)
        if (
            open_
            and not grid
            and not new_item
            and not (_NUMBER_END.search(out[-1]) and _NUMBER_START.match(line))
        ):
            out[-1] = out[-1] + _joiner(out[-1], line) + line
        else:
            out.append(line)
        last = out[-1]
        open_ = not grid and not _ends_sentence(last) and _is_prose(last)
    return out


def display_text(lines: Iterable[str], starts_item: Callable[[str], bool] | None = None) -> str:
    """:func:`display_paragraphs` joined with newlines (one paragraph per line)."""
    return "\n".join(display_paragraphs(lines, starts_item))


_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")


def compact_cjk(text: str) -> str:
    """Spaces a PDF put between two CJK characters removed (for titles)."""
    return _SPACE_BETWEEN_CJK.sub("", text).strip()
