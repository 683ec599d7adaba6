"""A modal to write a review note (审核意见): its text and status."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from juesuan_tui.widgets.safe_input import SafeInput

from juesuan_tui.format import clean, one_line
from juesuan_tui.models import NOTE_STATUSES


class NoteScreen(ModalScreen[tuple[str, str] | None]):
    """Asks for the note's text and status; dismisses with ``(text, status)`` or None."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "close", "取消"), Binding("ctrl+s", "save", "保存")]

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box", classes="dialog"):
            yield Label(Text("添加审核意见", style="bold"), id="dialog-title")
            yield Static(Text("对象：" + one_line(self.where)), markup=False, id="note-where")
            yield SafeInput(placeholder="意见内容，回车保存", id="note-text")
            with RadioSet(id="note-status"):
                for n, status in enumerate(NOTE_STATUSES):
                    yield RadioButton(status, value=n == 0)
            yield Static(id="dialog-error", markup=False)
            yield Static(Text("回车或 Ctrl+S 保存 · Tab 切换到状态（←→ 选择）· Esc 取消", style="dim"), markup=False)

    def on_mount(self) -> None:
        self.query_one("#dialog-error").display = False
        self.query_one("#note-text", Input).focus()

    @property
    def status(self) -> str:
        pressed = self.query_one(RadioSet).pressed_index
        return NOTE_STATUSES[pressed if pressed >= 0 else 0]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#note-text", Input).value.strip()
        if not text:
            error = self.query_one("#dialog-error", Static)
            error.update(Text("意见内容不能为空", style="bold red"))
            error.display = True
            return
        self.dismiss((clean(text), self.status))

    def action_close(self) -> None:
        self.dismiss(None)
