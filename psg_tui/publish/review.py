"""`--redact --review`: what a redacted copy kept that may be a name, for a person to confirm.

The detector cannot know every surname: a capitalised word it could not place ('Watson' alone,
'Tenancy' at the start of a sentence) is kept. The review lists each such word once, where it
first appears and how often, then the people it withheld whom the minutes do not list, so that a
place taken for a person can be added to the allow-list.
"""

from __future__ import annotations

from pathlib import Path

from psg_tui.core.safe_text import visible
from psg_tui.core.text import one_line
from psg_tui.publish.redact import ReviewItem
from psg_tui.publish.text import plural


def _rows(items: list[ReviewItem]) -> list[str]:
    width = min(30, max((len(one_line(visible(i.text))) for i in items), default=0))
    rows = []
    for item in items:
        times = f", {item.count} times" if item.count > 1 else ""
        rows.append(f"  {one_line(visible(item.text)):<{width}}  {item.where}{times} ({item.reason})")
    return rows


def review_text(items: tuple[ReviewItem, ...], allow_file: Path) -> str:
    kept = [i for i in items if i.kind == "kept"]
    withheld = [i for i in items if i.kind == "withheld"]
    lines = [f"Review of the redacted copy: {plural(len(kept), 'word')} kept that may be a name."]
    if kept:
        lines += [
            "Kept (check that none of these is a person; if one is, edit the minutes or add the full name "
            "to an attendee or owner):",
            *_rows(kept),
        ]
    else:
        lines.append("Kept: nothing that looks like a name.")
    if withheld:
        lines += [
            f"Withheld as people the minutes do not list ({len(withheld)}; a place or agency among them "
            f"can be added, one a line, to {allow_file}):",
            *_rows(withheld),
        ]
    return "\n".join(lines) + "\n"
