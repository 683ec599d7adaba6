"""Bytes → text: byte-order mark first, then strict UTF-8, then GB18030.

Refuses empty files, binary data and text whose multi-byte characters are
broken in every candidate encoding. Reasons are Chinese and one line, ready
for :class:`importers.errors.ImportRefused`.
"""

from __future__ import annotations

import re
import unicodedata

# (mark, codec used to decode the rest, encoding recorded)
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)

# C0 controls other than \t \n \v \f \r, plus DEL. In UTF-8 and GB18030 these
# bytes never occur inside a multi-byte character, so they are real controls.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

# Characters outside the usual ranges of a Chinese disclosure; only these get
# the (slower) Unicode category test.
_UNCOMMON = re.compile(
    r"[^\t\n\r\f\v\x20-\x7e\u00a0-\u024f\u2000-\u206f\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
)
_SAMPLE = 4096  # characters examined for "is this text at all"


class DecodeError(ValueError):
    """Bytes that are not an acceptable text; ``reason`` is one Chinese line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode a disclosure's bytes; returns ``(text, encoding)``.

    The text is returned as decoded (line ends untouched, BOM removed).
    Raises :class:`DecodeError` for empty, whitespace-only, binary or
    undecodable input.
    """
    if not raw:
        raise DecodeError("文件为空")
    text, encoding = _decode(raw)
    if not text.strip():
        raise DecodeError("文件只有空白，没有文字内容")
    _check_is_text(text)
    return text, encoding


def _decode(raw: bytes) -> tuple[str, str]:
    for mark, codec, name in _BOMS:
        if raw.startswith(mark):
            try:
                return raw[len(mark):].decode(codec), name
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"文件以 {name.upper()} 字节序标记开头，但第 {exc.start + len(mark)} 字节处的字符不完整或已损坏"
                ) from None

    if b"\x00" in raw:
        guessed = _bomless_utf16(raw)
        if guessed is not None:
            return guessed
        raise DecodeError("二进制文件（含空字节），不是文本")

    controls = len(raw.translate(None, _TEXT_BYTES))  # only the control bytes remain
    if controls > max(8, len(raw) // 100):
        raise DecodeError(f"二进制数据：含 {controls} 个控制字符，不是文本")

    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise DecodeError(
            f"文本被截断或已损坏：第 {utf8_error.start} 字节处的多字节字符不完整，UTF-8 与 GB18030 均无法解码"
        ) from None
    if _mostly_utf8(raw):
        # GB18030 accepts many byte strings; a UTF-8 file with a broken
        # character would come out as plausible-looking nonsense.
        raise DecodeError(f"UTF-8 文本在第 {utf8_error.start} 字节处被截断或已损坏（多字节字符不完整）")
    return text, "gb18030"


def _bomless_utf16(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: zero bytes mostly on one parity (the high bytes of ASCII)."""
    if len(raw) % 2:
        return None
    even_zeros, odd_zeros = raw[0::2].count(0), raw[1::2].count(0)
    for zeros, other, codec in ((odd_zeros, even_zeros, "utf-16-le"), (even_zeros, odd_zeros, "utf-16-be")):
        if other * 10 <= zeros and zeros >= max(2, len(raw) // 40):
            try:
                return raw.decode(codec), codec
            except UnicodeDecodeError:
                return None
    return None


def _mostly_utf8(raw: bytes) -> bool:
    """Many well-formed UTF-8 sequences and only a few broken ones."""
    valid = len(_UTF8_MULTIBYTE.findall(raw))
    broken = raw.decode("utf-8", "replace").count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    return valid >= 4 and broken * 20 <= valid


def _check_is_text(text: str) -> None:
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(8, len(text) // 100):
        raise DecodeError(f"二进制数据：含 {controls} 个控制字符，不是文本")
    sample = text[:_SAMPLE]
    odd = sum(1 for ch in _UNCOMMON.findall(sample) if unicodedata.category(ch)[0] == "C")
    if odd * 10 > len(sample):
        raise DecodeError("内容大部分不是文字（私用区、未分配或控制字符过多），不是文本")
