"""Limits: files over the size limit are refused before they are read (argument, environment,
``juesuan import --max-size``); PDF page and object counts and Excel cell counts are bounded."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from rel_support import SEED, SEED_TEXT

import importers
from importers import limits
from importers.errors import ImportRefused
from juesuan_tui.cli import cli
from juesuan_tui.store import Store


def test_parse_and_format_sizes():
    assert limits.parse_size("50M") == limits.parse_size("50 MB") == limits.parse_size("50") == 50 * 1024**2
    assert limits.parse_size("800k") == 800 * 1024
    assert limits.parse_size("1.5G") == int(1.5 * 1024**3)
    assert limits.parse_size("123B") == 123
    for bad in ("", "abc", "-5M", "0", "5 parsecs"):
        with pytest.raises(ValueError):
            limits.parse_size(bad)
    assert limits.format_size(50 * 1024**2) == "50 MB"
    assert limits.format_size(1536) == "1.5 KB"
    assert limits.format_size(512) == "512 B"
    assert limits.DEFAULT_MAX_BYTES == 50 * 1024**2


def test_max_bytes_argument_refuses_larger_files(tmp_path):
    size = SEED.stat().st_size
    with pytest.raises(ImportRefused) as info:
        importers.load(SEED, max_bytes=size - 1)
    assert "文件过大" in info.value.reason and limits.format_size(size - 1) in info.value.reason
    assert str(info.value).startswith(f"{SEED}: ") and "\n" not in str(info.value)
    assert importers.load(SEED, max_bytes=size).unit  # the limit itself is allowed


def test_the_default_limit_is_50_mb_and_nothing_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 51 MB on paper, nothing on disk
        fh.truncate(51 * 1024 * 1024)
    monkeypatch.delenv(limits.MAX_SIZE_ENV, raising=False)
    started = time.monotonic()
    with pytest.raises(ImportRefused, match=r"文件过大（51 MB，上限 50 MB）"):
        importers.load(path)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("suffix", [".txt", ".pdf", ".xlsx"])
def test_every_format_obeys_the_size_limit(tmp_path, suffix):
    path = tmp_path / f"big{suffix}"
    path.write_bytes(b"x" * 5000)
    with pytest.raises(ImportRefused, match="文件过大"):
        importers.load(path, max_bytes=4096)


def test_the_size_limit_from_the_environment(monkeypatch):
    monkeypatch.setenv(limits.MAX_SIZE_ENV, "4K")
    with pytest.raises(ImportRefused, match=r"上限 4 KB"):
        importers.load(SEED)
    monkeypatch.setenv(limits.MAX_SIZE_ENV, "lots")
    with pytest.raises(ImportRefused, match=limits.MAX_SIZE_ENV):
        importers.load(SEED)
    monkeypatch.setenv(limits.MAX_SIZE_ENV, "1M")
    assert importers.load(SEED).unit


def test_cli_max_size(runner, db_path, tmp_path, monkeypatch):
    monkeypatch.delenv(limits.MAX_SIZE_ENV, raising=False)
    small = runner.invoke(cli, ["import", str(SEED), "--db", str(db_path), "--max-size", "4K", "--json"])
    assert small.exit_code == 1
    report = json.loads(small.stdout)
    assert report["imported"] == [] and "文件过大" in report["failed"][0]["error"]
    errors = [line for line in small.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith(f"导入失败 {SEED}: 文件过大")
    assert limits.MAX_SIZE_ENV not in __import__("os").environ  # restored after the command
    with Store(db_path) as store:
        assert store.count() == 0

    ok = runner.invoke(cli, ["import", str(SEED), "--db", str(db_path), "--max-size", "1M"])
    assert ok.exit_code == 0, ok.output
    with Store(db_path) as store:
        assert store.count() == 1

    bad = runner.invoke(cli, ["import", str(SEED), "--db", str(db_path), "--max-size", "huge"])
    assert bad.exit_code == 2 and "huge" in bad.stderr


# --------------------------------------------------------------------------- PDF and Excel bounds


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory) -> Path:
    from fixtures_build import text_pdf

    path = tmp_path_factory.mktemp("pdf") / "seed.pdf"
    built = text_pdf(path, SEED_TEXT)
    assert built.pages >= 3
    return path


def test_pdf_page_count_is_bounded(seed_pdf):
    from importers.pdf import load_pdf

    with pytest.raises(ImportRefused, match=r"PDF 过大（\d+ 页，上限 2 页）"):
        load_pdf(seed_pdf, max_pages=2)


def test_an_announced_page_count_is_refused_before_the_pages_are_read(tmp_path, seed_pdf):
    data = seed_pdf.read_bytes()
    assert b"/Count " in data
    path = tmp_path / "many-pages.pdf"
    path.write_bytes(data.replace(b"/Count ", b"/Count 9999999", 1))
    started = time.monotonic()
    with pytest.raises(ImportRefused, match=r"PDF 过大（9999999\d* 页"):
        importers.load(path)
    assert time.monotonic() - started < 5


def test_pdf_object_count_is_bounded(seed_pdf, monkeypatch):
    import importers.pdf as pdf

    monkeypatch.setattr(pdf, "MAX_OBJECTS", 10)
    with pytest.raises(ImportRefused, match="PDF 对象过多（超过 10 个）"):
        importers.load(seed_pdf)
    monkeypatch.setattr(pdf, "MAX_OBJECTS", 250_000)
    doc = importers.load(seed_pdf)
    assert doc.unit == "乌鲁木齐市12345政务服务热线中心"


def test_excel_cell_count_is_bounded(tmp_path, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    import importers.excel as excel

    book = openpyxl.Workbook()
    sheet = book.active
    for r in range(1, 41):
        sheet.append([f"行{r}", *(f"{r * c}.00" for c in range(1, 10))])
    path = tmp_path / "big.xlsx"
    book.save(path)
    monkeypatch.setattr(excel, "MAX_CELLS", 100)
    with pytest.raises(ImportRefused, match="Excel 文件过大"):
        importers.load(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, suffix):
    """256 MB of zeros packs into a few hundred KB: refused from the zip directory alone."""
    import zipfile

    path = tmp_path / f"bomb{suffix}"
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml" if suffix == ".xlsx" else "word/document.xml", "w") as member:
            for _ in range(limits.MAX_UNPACKED // len(chunk) + 1):
                member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    started = time.monotonic()
    with pytest.raises(ImportRefused, match="解压后过大.*压缩炸弹"):
        importers.load(path)
    assert time.monotonic() - started < 2


def test_archive_limits_apply_to_real_workbooks(tmp_path, monkeypatch):
    from fixtures_build import general_budget_workbook

    path = general_budget_workbook(tmp_path / "t.xlsx", "某某市某某服务中心", 2024, [["201", "一般公共服务支出", 10.0]])
    monkeypatch.setattr(limits, "MAX_UNPACKED", 1024)
    with pytest.raises(ImportRefused, match="解压后过大"):
        importers.load(path)
    monkeypatch.setattr(limits, "MAX_UNPACKED", 256 * 1024 * 1024)
    monkeypatch.setattr(limits, "MAX_MEMBERS", 3)
    with pytest.raises(ImportRefused, match="压缩包内文件过多"):
        importers.load(path)
    monkeypatch.setattr(limits, "MAX_MEMBERS", 10_000)
    assert importers.load(path).tables
