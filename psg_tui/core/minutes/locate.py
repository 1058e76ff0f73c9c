"""Where things are in the text of a minutes file: tables, keys, comments, the table round a line.

tomllib gives no line numbers for values, so `Locator` finds them by scanning the text for the
table headers (`[[actions]]` …) and keys. It is only trusted when the headers it found agree
with the parsed document; otherwise messages name the action and field without a line.

Every pattern here runs on each line of a file someone may have built to be slow: none may
backtrack (possessive quantifiers, disjoint alternatives), so a scan is linear in the text.
"""

from __future__ import annotations

import re
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
