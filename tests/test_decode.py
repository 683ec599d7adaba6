"""Decoding and refusing files: encodings, empty, binary, truncated, missing, too large."""

from __future__ import annotations

import hashlib
import os
import random
from pathlib import Path

import pytest

import importers
from importers.decode import DecodeError, decode_bytes
from importers.errors import ImportRefused
from importers.text import load_text

SEED = Path(__file__).resolve().parent / "fixtures" / "urumqi-12345-2024-juesuan.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")


def _fails(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return True
    return False


def _refusal(path: Path, **kwargs) -> ImportRefused:
    with pytest.raises(ImportRefused) as info:
        load_text(path, extract=False, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert info.value.reason and message == f"{path}: {info.value.reason}"
    return info.value


@pytest.mark.parametrize(
    ("encode", "expected"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: t.encode("gb18030"), "gb18030"),
        (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16-le"),
        (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_each_encoding_is_detected_and_decoded_exactly(encode, expected):
    text, encoding = decode_bytes(encode(SEED_TEXT))
    assert encoding == expected
    assert text == SEED_TEXT  # BOM removed, nothing else changed


def test_utf16_without_bom_is_recognised_by_its_zero_bytes():
    text, encoding = decode_bytes(SEED_TEXT.encode("utf-16-le"))
    assert (text, encoding) == (SEED_TEXT, "utf-16-le")


def test_crlf_is_kept_in_the_decoded_text():
    text, _ = decode_bytes(SEED_TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert "\r\n" in text and text.replace("\r\n", "\n") == SEED_TEXT


def test_load_records_encoding_hash_size_and_version(tmp_path):
    from juesuan_tui import __version__

    raw = SEED_TEXT.encode("gb18030")
    path = tmp_path / "决算.txt"
    path.write_bytes(raw)
    doc = load_text(path, extract=False)
    assert doc.source.encoding == "gb18030"
    assert doc.source.format == "text"
    assert doc.source.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.source.size == len(raw)
    assert doc.source.importer_version == __version__
    assert Path(doc.source.path) == path.resolve()
    assert doc.text == SEED_TEXT


@pytest.mark.parametrize(("content", "words"), [(b"", "为空"), (b" \r\n\t\n \xe3\x80\x80\n", "空白")])
def test_empty_and_whitespace_only_files_are_refused(tmp_path, content, words):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert words in _refusal(path).reason


def test_binary_with_zero_bytes_is_refused(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "二进制" in _refusal(path).reason


def test_binary_without_zero_bytes_is_refused(tmp_path):
    rng = random.Random(7)
    data = bytes(b for b in rng.randbytes(8192) if b)
    path = tmp_path / "noise.txt"
    path.write_bytes(data)
    assert "二进制" in _refusal(path).reason


def test_text_with_many_control_characters_is_refused():
    with pytest.raises(DecodeError) as info:
        decode_bytes(("收入\x01\x02\x03\x04" * 200).encode("utf-8"))
    assert "控制字符" in info.value.reason


def test_decoded_text_that_is_mostly_not_text_is_refused():
    private_use = "".join(chr(0xE000 + i % 3000) for i in range(2000))
    with pytest.raises(DecodeError) as info:
        decode_bytes(b"\xff\xfe" + private_use.encode("utf-16-le"))
    assert "不是文字" in info.value.reason


@pytest.mark.parametrize("codec", ["utf-8", "gb18030"])
def test_text_cut_mid_character_is_refused(tmp_path, codec):
    raw = SEED_TEXT.encode(codec)
    cut = len(raw) - 1
    while raw[cut - 1] < 0x80:  # end inside the last multi-byte character
        cut -= 1
    data = raw[:cut]
    assert _fails(data, "utf-8") and _fails(data, "gb18030")  # beyond repair in every candidate
    path = tmp_path / f"cut-{codec}.txt"
    path.write_bytes(data)
    refusal = _refusal(path)
    assert "截断" in refusal.reason


def test_broken_utf8_is_refused_rather_than_read_as_gb18030():
    raw = ("决算公开说明" * 4).encode("utf-8")
    # Lose two bytes where the remainder happens to be valid GB18030 (mojibake).
    damaged = next(
        cut
        for i in range(1, len(raw) - 2)
        if _fails(cut := raw[:i] + raw[i + 2 :], "utf-8") and not _fails(cut, "gb18030")
    )
    with pytest.raises(DecodeError) as info:
        decode_bytes(damaged)
    assert "UTF-8" in info.value.reason


def test_real_gb18030_text_is_not_mistaken_for_broken_utf8():
    text, encoding = decode_bytes("财政拨款收入3,300.15万元，占100.00%。".encode("gb18030"))
    assert encoding == "gb18030" and text.startswith("财政拨款收入")


def test_truncated_utf16_after_a_bom_is_refused():
    with pytest.raises(DecodeError) as info:
        decode_bytes(b"\xff\xfe" + SEED_TEXT.encode("utf-16-le")[:-1])
    assert "UTF-16-LE" in info.value.reason


def test_missing_file_and_folder_are_refused(tmp_path):
    assert "不存在" in _refusal(tmp_path / "nope.txt").reason
    assert "文件夹" in _refusal(tmp_path).reason


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(SEED_TEXT.encode("utf-8"))
    assert "过大" in _refusal(path, max_bytes=1000).reason


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(SEED_TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        assert "权限" in _refusal(path).reason
    finally:
        path.chmod(0o600)


def test_load_dispatches_by_suffix(tmp_path):
    for suffix in (".txt", ".md", ".TEXT"):
        path = tmp_path / f"seed{suffix}"
        path.write_text(SEED_TEXT, encoding="utf-8")
        assert importers.load(path).unit == "乌鲁木齐市12345政务服务热线中心"
    assert {".txt", ".md", ".text"} <= set(importers.SUPPORTED_SUFFIXES)

    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK\x03\x04")
    with pytest.raises(ImportRefused, match="Word 文件损坏"):
        importers.load(docx)
    other = tmp_path / "a.jpg"
    other.write_bytes(b"\xff\xd8")
    with pytest.raises(ImportRefused, match="不支持的文件类型"):
        importers.load(other)
    with pytest.raises(ImportRefused, match="不存在"):
        importers.load(tmp_path / "missing.txt")


def test_refusal_is_one_line_even_when_the_reason_has_newlines():
    err = ImportRefused("a/b.txt", "第一行\n第二行\r\n")
    assert str(err) == "a/b.txt: 第一行 第二行"


def test_a_parser_failure_becomes_a_refusal(tmp_path, monkeypatch):
    import importers.pipeline as pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(pipeline, "segment", broken)
    path = tmp_path / "seed.txt"
    path.write_text(SEED_TEXT, encoding="utf-8")
    refusal = _refusal(path)
    assert refusal.reason.startswith("解析失败：RuntimeError")


def test_suffix_lists_partition_the_known_formats():
    known = set(importers.KNOWN_SUFFIXES)
    assert set(importers.SUPPORTED_SUFFIXES) | set(importers.PLANNED_SUFFIXES) == known
    assert not set(importers.SUPPORTED_SUFFIXES) & set(importers.PLANNED_SUFFIXES)
    assert {".txt", ".md", ".pdf", ".xlsx", ".xls", ".docx"} <= set(importers.SUPPORTED_SUFFIXES)
