"""Reading and writing the minutes TOML (format version 1, as SPEC.md shows it).

Written with tomli-w, one table at a time, so every attendee, area, action and update gets
its own `[[...]]` header (tomli-w alone would fold short ones into inline arrays), date-times
are written `2026-11-20T10:42:00` as in the spec, and an action's text can be kept between
saves: saving one change re-renders one action, not the whole file.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w

from psg_tui.core import bounded_toml, files
from psg_tui.core.errors import MissingInputError
from psg_tui.core.minutes.errors import MinutesError, Problem
from psg_tui.core.minutes.locate import Locator, table_around
from psg_tui.core.minutes.model import FORMAT, VERSION, Action, AreaRecord, Attendee, Meeting, Minutes, Update
from psg_tui.core.minutes.validate import read_document

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# The format itself nests 5 deep (actions > updates > an extra table > a list); the writer and the
# exports recurse, so a file nested hundreds deep (past bounded_toml.MAX_DEPTH) is refused on reading.
USED_DEPTH = 5
_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


# -- reading ---------------------------------------------------------------------------------


def read_minutes(path: Path) -> Minutes:
    """Read and check a minutes file; MinutesError lists every problem found."""
    return parse_minutes_bytes(read_bytes(path), str(path))


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a pipe, device, folder or a file too large for minutes is refused before
    any read could hang on it or fill memory."""
    path = Path(path)
    try:
        return files.read_bytes(path, files.MINUTES, "a minutes file")
    except FileNotFoundError:
        raise MissingInputError(
            f"There are no minutes at {path}.",
            "Check the path, or start them with `psg minutes new FILE` (--carry-from the previous minutes).",
        ) from None


def comments_warning(name: str, lines: Sequence[int]) -> str | None:
    """What to tell someone whose hand-written comments the next save will drop (None: none)."""
    if not lines:
        return None
    many = len(lines) != 1
    shown = ", ".join(str(n) for n in lines[:5]) + (", ..." if len(lines) > 5 else "")
    return (
        f"{name} has {len(lines)} comment{'s' if many else ''} (line{'s' if many else ''} {shown}): "
        "psg-tui does not keep comments, so the next change saved will drop them. Move what they "
        "say into notes or an update, or keep a copy of the file."
    )


def parse_minutes_bytes(data: bytes, source: str) -> Minutes:
    """Decode and read; a UTF-8 byte-order mark (Notepad writes one) is skipped, and not written back."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise MinutesError(
            source, [Problem("the file is not UTF-8 text (save it as UTF-8)", line=line, column=column)]
        ) from None
    return parse_minutes(text, source)


def parse_minutes(text: str, source: str = "<minutes>") -> Minutes:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise MinutesError(source, [Problem("the file is empty")])
    try:
        doc = bounded_toml.loads(text)
    except bounded_toml.TooDeep as exc:
        raise MinutesError(
            source,
            [Problem(str(exc), field=exc.key)],
            f"Minutes need at most {USED_DEPTH} levels; remove the nested value from the file.",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        place = _TOML_PLACE.search(message)
        line, column = (int(place.group(1)), int(place.group(2))) if place else (None, None)
        reason = _TOML_PLACE.sub("", message)
        where, field = table_around(text, line) if line else ("", None)
        what = f"{field} is not valid TOML" if field else "not valid TOML"
        raise MinutesError(source, [Problem(f"{what}: {reason}", where, field, line, column)]) from None
    minutes, problems = read_document(doc, Locator(text))
    if minutes is None:
        newer = any(p.field == "version" and "newer" in p.message for p in problems)
        raise MinutesError(
            source, problems, "Upgrade psg-tui (pip install --upgrade psg-tui) to open it." if newer else None
        )
    return minutes


# -- writing ---------------------------------------------------------------------------------


def meeting_table(m: Meeting) -> dict[str, Any]:
    table: dict[str, Any] = {
        "title": m.title,
        "date": m.date,
        "chair": m.chair,
        "classification": m.classification,
        "period_start": m.period_start,
        "period_end": m.period_end,
    }
    if m.database is not None:
        table["database"] = m.database
    if m.next_meeting is not None:
        table["next_meeting"] = m.next_meeting
    return {**table, **m.extra}


def attendee_table(a: Attendee) -> dict[str, Any]:
    table: dict[str, Any] = {"name": a.name, "agency": a.agency}
    if a.role is not None:
        table["role"] = a.role
    return {**table, "status": a.status, **a.extra}


def area_table(a: AreaRecord) -> dict[str, Any]:
    return {"area": a.area, "notes": a.notes, "decisions": list(a.decisions), **a.extra}


def action_table(a: Action) -> dict[str, Any]:
    """The action's own keys, in the spec's order; its updates are written separately."""
    table: dict[str, Any] = {"id": a.id, "title": a.title}
    if a.area is not None:
        table["area"] = a.area
    table.update(owner=a.owner, agency=a.agency, raised=a.raised, due=a.due, status=a.status)
    if a.priority is not None:
        table["priority"] = a.priority
    table["restricted"] = a.restricted
    return {**table, **a.extra}


def update_table(u: Update) -> dict[str, Any]:
    table: dict[str, Any] = {"at": u.at, "by": u.by}
    if u.status is not None:
        table["status"] = u.status
    return {**table, "note": u.note, **u.extra}


def to_document(m: Minutes) -> dict[str, Any]:
    """The minutes as the plain dict tomllib would read back."""
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if m.last_action_id is not None:
        doc["last_action_id"] = m.last_action_id
    doc["meeting"] = meeting_table(m.meeting)
    doc["attendees"] = [attendee_table(a) for a in m.attendees]
    doc["areas"] = [area_table(a) for a in m.areas]
    doc["actions"] = [{**action_table(a), "updates": [update_table(u) for u in a.updates]} for a in m.actions]
    return {**doc, **m.extra}


class _IsoDateTime(datetime):
    """A datetime that tomli-w writes as 2026-11-20T10:42:00, the spec's form, not with a space."""

    def __str__(self) -> str:
        return self.isoformat()


def _prepare(value: Any) -> Any:
    if isinstance(value, datetime):
        return _IsoDateTime.combine(value.date(), value.timetz())
    if isinstance(value, Mapping):
        return {k: _prepare(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(v) for v in value]
    return value


def _has_crlf(value: Any) -> bool:
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, Mapping):
        return any(_has_crlf(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_crlf(v) for v in value)
    return False


def _dumps(table: Mapping[str, Any]) -> str:
    # Multi-line strings read better, but tomli-w turns "\r\n" into "\n" inside them: keep escapes then.
    return tomli_w.dumps(_prepare(table), multiline_strings=not _has_crlf(table))


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _is_sub_table(value: Any) -> bool:
    return isinstance(value, Mapping) or _is_table_array(value)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else tomli_w.dumps({key: 0})[: -len(" = 0\n")]


def _table_text(name: str, table: Mapping[str, Any], *, array: bool) -> str:
    """A table under a header we write, then its sub-tables under theirs.

    Left to itself tomli-w folds a short array of tables into an inline array, which would
    be wrong where we put it (after another table's header) and unlike the spec.
    """
    literals = {k: v for k, v in table.items() if not _is_sub_table(v)}
    parts = [(f"[[{name}]]\n" if array else f"[{name}]\n") + (_dumps(literals) if literals else "")]
    for key, value in table.items():
        if isinstance(value, Mapping):
            parts.append(_table_text(f"{name}.{_key(key)}", value, array=False))
        elif _is_table_array(value):
            parts.extend(_table_text(f"{name}.{_key(key)}", item, array=True) for item in value)
    return "\n".join(parts)


def render_action(a: Action) -> str:
    table = action_table(a)
    if a.updates:
        table["updates"] = [update_table(u) for u in a.updates]
    return _table_text("actions", table, array=True)


class ActionTextCache:
    """Rendered `[[actions]]` blocks by action object: actions are immutable, so a block stays right."""

    def __init__(self) -> None:
        self._texts: dict[int, tuple[Action, str]] = {}

    def render(self, actions: Iterable[Action]) -> list[str]:
        texts: dict[int, tuple[Action, str]] = {}
        out = []
        for action in actions:
            hit = self._texts.get(id(action))
            text = hit[1] if hit is not None and hit[0] is action else render_action(action)
            texts[id(action)] = (action, text)  # holding the action keeps its id from being reused
            out.append(text)
        self._texts = texts
        return out


def dump_minutes(m: Minutes, cache: ActionTextCache | None = None) -> str:
    """The minutes as TOML text, keys in the spec's order, then any extra keys they came with."""
    head: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if m.last_action_id is not None:
        head["last_action_id"] = m.last_action_id
    head.update((k, v) for k, v in m.extra.items() if not _is_sub_table(v))
    parts = [_dumps(head), _table_text("meeting", meeting_table(m.meeting), array=False)]
    parts.extend(_table_text("attendees", attendee_table(a), array=True) for a in m.attendees)
    parts.extend(_table_text("areas", area_table(a), array=True) for a in m.areas)
    parts.extend(cache.render(m.actions) if cache else [render_action(a) for a in m.actions])
    for key, value in m.extra.items():
        if isinstance(value, Mapping):
            parts.append(_table_text(_key(key), value, array=False))
        elif _is_table_array(value):
            parts.extend(_table_text(_key(key), item, array=True) for item in value)
    return "\n".join(parts)
