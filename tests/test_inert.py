"""Text that would act in a terminal or a Markdown viewer is shown, never obeyed."""

from __future__ import annotations

from pathlib import Path

from juesuan_tui.cli import cli
from juesuan_tui.export_md import paragraph_lines, table
from juesuan_tui.inert import printable
from juesuan_tui.store import Store

RLO, LRI, PDI = "\u202e", "\u2066", "\u2069"


def test_controls_and_bidi_controls_become_visible_escapes():
    assert printable(f"收入{RLO}总计\x1b[31m{LRI}3,361.40{PDI}\r\n") == "收入\\u202e总计\\x1b[31m\\u20663,361.40\\u2069\n"
    assert printable("财政拨款收入\t3,300.15万元\n（一）") == "财政拨款收入\t3,300.15万元\n（一）"


def test_markdown_images_and_html_stay_text():
    lines = paragraph_lines("见![图](http://example.invalid/a.png)及<img src=x onerror=y>。\n# 不是标题")
    assert lines[0] == "见!\\[图](http://example.invalid/a.png)及&lt;img src=x onerror=y>。"
    assert lines[2] == "\\# 不是标题"
    assert table(["名词"], [["![x](y)<b>"]])[2] == "| !\\[x](y)&lt;b> |"


def test_cli_show_and_markdown_export_of_hostile_text(runner, seed_path, tmp_path):
    text = seed_path.read_text(encoding="utf-8")
    marker = "主要职能"
    assert marker in text
    hostile = text.replace(marker, f"{marker}{RLO}反转![图](http://example.invalid/t.png)", 1)
    source = tmp_path / "hostile.txt"
    source.write_text(hostile, encoding="utf-8")
    db = tmp_path / "j.db"
    assert runner.invoke(cli, ["import", str(source), "--db", str(db)]).exit_code == 0

    with Store(db) as store:
        (summary,) = store.list_documents()
        doc_id = summary.id
        section = next(s for s in store.get(doc_id).walk_sections() if RLO in s.raw)
    shown = runner.invoke(cli, ["show", doc_id, "-s", section.id, "--raw", "--db", str(db)])
    assert shown.exit_code == 0
    assert RLO not in shown.stdout and "\\u202e反转" in shown.stdout

    md = runner.invoke(cli, ["export", doc_id, "--format", "md", "--db", str(db)])
    assert md.exit_code == 0
    assert RLO not in md.stdout and "![" not in md.stdout
    assert "\\u202e反转!\\[图](http://example.invalid/t.png)" in md.stdout
    assert Path(source).read_text(encoding="utf-8") == hostile  # the file itself is data, untouched
