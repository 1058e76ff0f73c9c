"""Text from the data made safe to show: the one place that says which characters are unsafe
and what each becomes.

A note in the minutes, a name in the database or a value typed on the command line can hold
anything: ESC, which starts the sequences that recolour, retitle or clear a terminal; BEL,
which rings; bidirectional overrides, which make a line read backwards (the "Trojan Source"
trick); characters that make an HTML page non-conforming. Nothing is dropped silently: a reader
can always see that something was there.

- `visible`: text shown whole, by the dashboard and in the published minutes. Each unsafe
  character becomes a visible marker (␛ for ESC, ⟨U+202E⟩ for an override); tabs and line
  breaks are kept.
- `printable`: a value quoted in a one-line message on the command line. Every control
  character, line breaks too, becomes a backslash escape (`\\x1b`).
- `TERMINAL_CONTROLS`: what the dashboard's last filter (`app/safe_output.py`) drops from
  anything a widget draws without `visible` (every such character is zero cells wide).
"""

from __future__ import annotations

import re
import unicodedata

_C0 = "\x00-\x08\x0b-\x1f"  # C0 controls but tab and line feed
_TAB_AND_LINE_FEED = "\t\n"
_DEL_AND_C1 = "\x7f-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"  # embeddings, overrides and isolates
_BIDI_MARKS = "\u200e\u200f"  # left-to-right and right-to-left marks
# The characters HTML treats as non-characters: U+FDD0..U+FDEF and the last two of every plane.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)
)

_UNSAFE = re.compile(f"[{_C0}{_DEL_AND_C1}{_BIDI}{_NONCHARACTERS}]")
_CONTROLS = re.compile(f"[{_C0}{_TAB_AND_LINE_FEED}{_DEL_AND_C1}{_BIDI_MARKS}{_BIDI}]")
TERMINAL_CONTROLS = re.compile(f"[{_C0}{_TAB_AND_LINE_FEED}{_DEL_AND_C1}{_BIDI}]")


def visible(text: str) -> str:
    """NFC-normalised text with line breaks as `\\n` and every unsafe character made visible."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _UNSAFE.sub(_marker, text)


def _marker(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"⟨U+{code:04X}⟩"


def printable(text: str) -> str:
    """Text that is safe to print to a terminal on one line: each control character becomes a
    visible escape (ESC as \\x1b), so data can never move the cursor, retitle the window or ring."""
    return _CONTROLS.sub(_backslash_escape, text)


def _backslash_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
