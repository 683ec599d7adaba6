"""Document text made inert for a terminal or a file: controls shown as escapes.

C0 controls (except tab and newline), DEL and C1 controls would move the cursor
or start escape sequences; bidirectional embeddings, overrides and isolates would
reorder what a reader sees ("Trojan Source"). Each is shown as its escape
(``\\x1b``, ``\\u202e``) so nothing is hidden and nothing acts.
"""

from __future__ import annotations

import re

__all__ = ["printable"]

_INERT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """CRLF → LF; control and bidi-control characters shown as ``\\xNN`` / ``\\uNNNN``."""
    return _INERT.sub(_escape, text.replace("\r\n", "\n"))
