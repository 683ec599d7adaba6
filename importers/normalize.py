"""Normalisation: a matching form for finding values, a display form for reading.

The printed text is never changed in place; these functions return copies.
"""

from __future__ import annotations

import re
import unicodedata

# PDF text layers emit CJK radicals (U+2E80 block) that NFKC leaves alone.
_RADICALS = str.maketrans({
    "\u2ed4": "门", "\u2ecb": "车", "\u2ee2": "长", "\u2ec5": "见", "\u2ed7": "雨",
    "\u2ee9": "黄", "\u2eea": "黾", "\u2ebc": "月", "\u2ec4": "西", "\u2ecf": "阝",
    "\u2ed6": "阝", "\u2ea0": "民", "\u2ead": "示", "\u2eb2": "罒", "\u2ec6": "角",
    "\u2ec8": "讠", "\u2ed8": "青", "\u2edd": "食", "\u2ee0": "饣", "\u2ee3": "马",
    "\u2ee4": "鬼", "\u2ee5": "鱼", "\u2ee6": "鸟", "\u2eeb": "齐", "\u2eed": "齿",
    "\u2ef3": "龟", "\u2ec0": "衤",
})

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Whitespace with a CJK character on at least one side is layout, not content.
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}（）()：:，,。；;、“”%])\s+|\s+(?=[{_CJK}（）()：:，,。；;、“”%])")


def fold(text: str) -> str:
    """The matching form: NFKC (full-width digits, ％, ：, （）, U+3000 → ASCII),
    radical look-alikes mapped, whitespace next to CJK characters removed.

    Full-width parentheses become ASCII ``()``; callers that need names in
    their canonical form use :func:`canonical_name`.
    """
    text = unicodedata.normalize("NFKC", text).translate(_RADICALS)
    return _SPACE_NEAR_CJK.sub("", text)


def canonical_name(name: str) -> str:
    """A name as it should be shown and compared: folded, with full-width （）."""
    return fold(name).replace("(", "（").replace(")", "）").strip()
