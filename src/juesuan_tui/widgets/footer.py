"""Textual's footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """A ``Footer`` that skips rebuilding itself for the same keys.

    Textual's footer remounts every key (each restyled twice) whenever any binding
    source changes, which happens several times at start-up with identical keys.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def _keys(self) -> tuple:
        """Everything ``compose`` reads, as comparable data (every binding, shown or not)."""
        return (getattr(self, "_bindings_ready", None), self.show_command_palette, self.compact,
                tuple((key, binding, enabled, tooltip)
                      for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()))

    async def recompose(self) -> None:
        if self.is_attached:
            keys = self._keys()
            if keys == self._shown:
                return
            self._shown = keys
        await super().recompose()
