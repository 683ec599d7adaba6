"""The Textual app: holds the database path and read-only flag, shows the browser screen.

Start-up stays light: the store, importers and heavy libraries are imported
inside the workers that need them, never at module import.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.theme import Theme

from juesuan_tui.screens.browser import BrowserScreen
from juesuan_tui.screens.help import HelpScreen

if TYPE_CHECKING:
    from juesuan_tui.store import Store

APP_TITLE = "决算浏览"


class JuesuanApp(App[None]):
    """决算浏览: browse, search and read stored disclosures."""

    TITLE = APP_TITLE
    # A mode (not get_default_screen): Textual 8.2.8 loads a screen's CSS_PATH only for
    # screens it pushes or builds from MODES.
    MODES = {"browse": BrowserScreen}
    DEFAULT_MODE = "browse"
    BINDINGS = [
        Binding("q", "quit", "退出"),
        Binding("question_mark", "help", "帮助"),
        # Declared here so the footer and palette speak Chinese (Textual's default says "palette").
        Binding("ctrl+p", "command_palette", "跳转", show=False, priority=True),
    ]
    # Only the jump provider of the browser screen: Textual's system commands are in English.
    COMMANDS = set()

    def __init__(self, db_path: str | os.PathLike[str], *, readonly: bool | None = None) -> None:
        self._theme_lookup: dict[str, Theme | None] = {}  # before App.__init__ registers themes
        super().__init__()
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # Switch at once: the tab underline's 0.3 s slide repainted the screen ~20 times
            # per tab switch. TEXTUAL_ANIMATIONS=full brings the animations back.
            self.animation_level = "none"
        self.db_path = Path(db_path)
        # None: let the store decide (it opens read-only when the file or folder is not writable).
        self.requested_readonly = readonly
        self.readonly = bool(readonly)

    def on_ready(self) -> None:
        # Everything imported and composed so far lives as long as the app: keep it out of
        # the garbage collector's full passes, which otherwise stall a repaint now and then.
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()  # another app in the same process (tests) must not inherit our objects

    def get_theme(self, theme_name: str) -> Theme | None:
        # Textual looks the current theme up for every line it paints, copying the dict of
        # all themes each time (a tenth of a repaint); the answer only changes on (un)register.
        try:
            return self._theme_lookup[theme_name]
        except KeyError:
            theme = self._theme_lookup[theme_name] = super().get_theme(theme_name)
            return theme

    def register_theme(self, theme: Theme) -> None:
        super().register_theme(theme)
        self._theme_lookup.clear()

    def unregister_theme(self, theme_name: str) -> None:
        super().unregister_theme(theme_name)
        self._theme_lookup.clear()

    def open_store(self) -> Store:
        """A new Store for the calling thread (sqlite connections are per thread)."""
        from juesuan_tui.store import Store

        return Store(self.db_path, readonly=bool(self.requested_readonly))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="跳转到文档、章节或名词…", id="--command-palette"))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def make_app(db_path: str | os.PathLike[str], *, readonly: bool | None = None) -> JuesuanApp:
    """The app on ``db_path``; ``readonly=True`` forces read-only, None detects it."""
    return JuesuanApp(db_path, readonly=readonly)


def run_app(db_path: str | os.PathLike[str], *, readonly: bool | None = None) -> None:
    """Run the app in the terminal until the user quits."""
    make_app(db_path, readonly=readonly).run()
