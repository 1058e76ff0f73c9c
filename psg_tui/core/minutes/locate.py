"""Where things are in the text of a minutes file: tables, keys, comments, the table round a line.

tomllib gives no line numbers for values, so `Locator` finds them by scanning the text for the
table headers (`[[actions]]` …) and keys. It is only trusted when the headers it found agree
with the parsed document; otherwise messages name the action and field without a line.

Every pattern here runs on each line of a file someone may have built to be slow: none may
backtrack (possessive quantifiers, disjoint alternatives), so a scan is linear in the text.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

# [[actions]], [ meeting ], [[actions.updates]] # comment — possessive, so a 40 KB line of
# spaces that never closes fails in one pass instead of trying every split of the spaces.
_HEADER = re.compile(r"""^[ \t]*+(\[\[?+)([A-Za-z0-9_\-."' \t]++)\]\]?+[ \t]*+(?:#.*+)?$""")
LISTS = ("attendees", "areas", "actions")


class Locator:
    """Line numbers of tables and keys in the text of a minutes file."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.blocks: dict[tuple[Any, ...], tuple[int, int]] = {}
        headers = [(n, m) for n, line in enumerate(self.lines, 1) if (m := _HEADER.match(line))]
        self.blocks[()] = (1, headers[0][0] - 1 if headers else len(self.lines))
        counts = dict.fromkeys(LISTS, 0)
        self.update_counts: dict[int, int] = {}
        for i, (start, match) in enumerate(headers):
            end = headers[i + 1][0] - 1 if i + 1 < len(headers) else len(self.lines)
            is_array = match.group(1) == "[["
            name = re.sub(r"\s+", "", match.group(2))
            if is_array and name in counts:
                counts[name] += 1
                self.blocks[(name, counts[name])] = (start, end)
                if name == "actions":
                    self.update_counts[counts[name]] = 0
            elif is_array and name == "actions.updates" and counts["actions"]:
                owner = counts["actions"]
                self.update_counts[owner] += 1
                self.blocks[("actions", owner, "updates", self.update_counts[owner])] = (start, end)
            elif not is_array and name == "meeting":
                self.blocks[("meeting",)] = (start, end)
        self.counts = counts

    def forget(self, prefix: tuple[Any, ...]) -> None:
        """Drop blocks under `prefix`: the headers did not match the parsed document."""
        for path in [p for p in self.blocks if p[: len(prefix)] == prefix and len(p) > len(prefix)]:
            del self.blocks[path]

    def line(self, path: tuple[Any, ...], key: str | None = None) -> int | None:
        block = self.blocks.get(path)
        if block is None:
            return None
        if key is not None:
            pattern = re.compile(
                rf"""^[ \t]*+(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')[ \t]*+="""
            )
            for number in range(block[0], block[1] + 1):
                if pattern.match(self.lines[number - 1]):
                    return number
        return block[0] if path else None


_KEY = re.compile(r"""^[ \t]*+([A-Za-z0-9_\-]++|"[^"\n]*+"|'[^'\n]*+')[ \t]*+=""")
_NAMED_BY = {"attendees": "name", "areas": "area", "actions": "id"}


def table_around(text: str, line: int) -> tuple[str, str | None]:
    """The table and key a syntax error at `line` sits in, as other messages name them:
    ("actions[2] A-0002", "due"), ("[meeting]", "chair"), ("", None) before any table.

    A file that does not parse has no document to check against, so this reads the text.
    tomllib stops at the first error, so the lines above it parse on their own unless a
    value is still open there (a list, a string): then the error belongs to the key that
    opened it, above; otherwise to the key on the error line itself, if any.
    """
    lines = text.splitlines()
    line = max(1, min(line, len(lines)))
    fresh = _parses("\n".join(lines[: line - 1]))
    headers = [(n, m) for n, row in enumerate(lines, 1) if (m := _HEADER.match(row))]
    counts = dict.fromkeys(LISTS, 0)
    where, start, owner, updates = "", 1, "", 0  # owner: the action an update belongs to
    for i, (number, match) in enumerate(headers):
        if number > line or (number == line and not fresh):
            break
        end = headers[i + 1][0] - 1 if i + 1 < len(headers) else len(lines)
        name, start = re.sub(r"\s+", "", match.group(2)), number
        if match.group(1) == "[[" and name in counts:
            counts[name] += 1
            where = f"{name}[{counts[name]}]" + _named(lines, start, end, _NAMED_BY[name])
            owner, updates = (where if name == "actions" else ""), 0
        elif match.group(1) == "[[" and name == "actions.updates" and owner:
            updates += 1
            where = f"{owner} updates[{updates}]"
        else:
            where = f"[{name}]"
    keys = (_KEY.match(lines[n - 1]) for n in ([line] if fresh else range(line - 1, start - 1, -1)))
    field = next((key.group(1).strip("\"'") for key in keys if key), None)
    return where, field


def _parses(text: str) -> bool:
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return False
    return True


def _named(lines: list[str], start: int, end: int, key: str) -> str:
    pattern = re.compile(rf"""^[ \t]*+{key}[ \t]*+=[ \t]*+(?:"([^"\n]*+)"|'([^'\n]*+)')""")
    for number in range(start, end + 1):
        if match := pattern.match(lines[number - 1]):
            value = (match.group(1) or match.group(2) or "").strip()
            return f" {value}" if value else ""
    return ""


# Where a comment could start, or a string that may hold a '#' that is not one.
_COMMENT_OR_STRING = re.compile(r"""#|\"\"\"|'''|"|'""")
_STRING_REST = {
    '"': re.compile(r'(?:[^"\\\n]|\\.)*+"'),
    "'": re.compile(r"[^'\n]*+'"),
    '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*+"{3,5}', re.DOTALL),
    "'''": re.compile(r"(?:[^']|'(?!''))*+'{3,5}"),
}


def comment_lines(text: str) -> list[int]:
    """The lines that hold a TOML comment (`#` outside any string), for a file that parsed.

    The writer cannot keep comments (tomllib drops them when reading), so the store warns.
    One pass; each string is skipped by one possessive match, so this is linear in the text.
    """
    found: list[int] = []
    pos, line, counted = 0, 1, 0
    while match := _COMMENT_OR_STRING.search(text, pos):
        token = match.group()
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if token == "#":
            found.append(line)
            end = text.find("\n", match.end())
            pos = len(text) if end < 0 else end
            continue
        rest = _STRING_REST[token].match(text, match.end())
        if rest is None:
            break  # an unterminated string: tomllib has already refused the file
        pos = rest.end()
    return found
