"""Export what is on screen: a modal asks for the file (its extension picks CSV, XLSX or
Markdown), a worker writes it, a notification says where it went."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from juesuan_tui.widgets.safe_input import SafeInput

from juesuan_tui.exporting import Sheet, WriteError, write_atomic
from juesuan_tui.format import clean, one_line
from juesuan_tui.messages import WriteFinished

FORMATS = {".csv": "CSV（UTF-8，带 BOM）", ".xlsx": "Excel 工作簿", ".md": "Markdown"}


class ExportError(Exception):
    """A file that cannot be written; ``str()`` is one line of Chinese naming the file."""


def export_bytes(sheets: Sequence[Sheet], suffix: str) -> bytes:
    """The file content for ``suffix``: CSV holds the first sheet, XLSX and Markdown all of them."""
    from juesuan_tui import exporting

    if suffix == ".csv":
        return exporting.to_csv(sheets[0])
    if suffix == ".xlsx":
        return exporting.to_xlsx(list(sheets))
    if suffix == ".md":
        return "\n".join(exporting.to_markdown(sheet) for sheet in sheets).encode("utf-8")
    raise ExportError(f"不支持的扩展名“{suffix or '（无）'}”：请用 {' / '.join(FORMATS)}")


def resolve_path(text: str, base: Path | None = None) -> Path:
    """The path typed by the user: ``~`` expanded, relative to ``base`` (the current folder)."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else (base or Path.cwd()) / path


def write_export(path: Path, sheets: Sequence[Sheet]) -> Path:
    """Write ``sheets`` to ``path`` atomically (a temporary file in the same folder, then a
    rename), so a failure never leaves half a file. Raises ``ExportError``."""
    if not sheets:
        raise ExportError("没有可导出的内容")
    data = export_bytes(sheets, path.suffix.lower())
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"{path}: 这是一个文件夹，请输入文件名")
    if not folder.is_dir():
        raise ExportError(f"{path}: 文件夹不存在")
    try:
        write_atomic(path, data)
    except WriteError as exc:
        raise ExportError(str(exc)) from None
    return path


class ExportScreen(ModalScreen[str | None]):
    """Asks where to write ``sheets``; writes in a worker; dismisses with the path written."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "close", "取消")]

    def __init__(self, sheets: Sequence[Sheet], what: str, file_name: str) -> None:
        super().__init__()
        self.sheets = list(sheets)
        self.what = what
        self.file_name = file_name

    def compose(self) -> ComposeResult:
        rows = sum(len(sheet.rows) for sheet in self.sheets)
        with Vertical(id="dialog-box", classes="dialog"):
            yield Label(Text("导出当前视图", style="bold"), id="dialog-title")
            description = Text(one_line(self.what))
            description.append(f"（{len(self.sheets)} 张表，{rows} 行）" if len(self.sheets) > 1 else f"（{rows} 行）",
                               style="dim")
            yield Static(description, markup=False)
            hint = "文件路径（扩展名决定格式：" + "、".join(f"{k} {v}" for k, v in FORMATS.items()) + "）："
            if len(self.sheets) > 1:
                hint += "CSV 只含第一张表。"
            yield Static(Text(hint, style="dim"), markup=False, id="export-hint")
            yield SafeInput(value=self.file_name, id="export-path")
            yield Static(id="dialog-error", markup=False)
            yield Static(Text("回车导出 · Esc 取消", style="dim"), markup=False)

    def on_mount(self) -> None:
        self.query_one("#dialog-error").display = False
        self.query_one("#export-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.show_error("请输入文件路径")
            return
        self.write(resolve_path(text))

    @work(thread=True, exclusive=True, group="export")
    def write(self, path: Path) -> None:
        try:
            written = write_export(path, self.sheets)
        except ExportError as exc:
            self.post_message(WriteFinished(one_line(str(exc)), error=True))
        except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
            self.post_message(WriteFinished(one_line(f"{path}: 导出失败（{type(exc).__name__}: {exc}）"), error=True))
        else:
            self.post_message(WriteFinished(str(written)))

    def on_write_finished(self, message: WriteFinished) -> None:
        message.stop()
        if message.error:
            self.show_error(message.text)
            return
        self.app.notify(f"已导出到 {clean(message.text)}", title="导出", markup=False)
        self.dismiss(message.text)

    def show_error(self, text: str) -> None:
        error = self.query_one("#dialog-error", Static)
        error.update(Text(clean(text), style="bold red"))
        error.display = True

    def action_close(self) -> None:
        self.dismiss(None)
