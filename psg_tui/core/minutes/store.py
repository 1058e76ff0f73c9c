"""One open minutes file: every change is on disk before the caller is told it happened.

Each change builds the new state, writes it durably, and only then becomes `minutes`; if
the write fails or the file changed under us, the change is not applied and the caller gets
a PsgError to show. The file is locked while open so a second psg-tui is told, not allowed
to overwrite; anything else that edits the file is caught by comparing the bytes on disk
with the bytes we last read or wrote, under an OS lock held until the rename (see lock.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from psg_tui.core.errors import MissingInputError, UsageError
from psg_tui.core.minutes.changes import (
    EDITABLE_FIELDS,
    MEETING_FIELDS,
    as_date,
    check_action,
    describe_edit,
    local_now,
    tidy,
    trimmed,
    with_action,
)
from psg_tui.core.minutes.codec import (
    ActionTextCache,
    attendee_table,
    dump_minutes,
    meeting_table,
    parse_minutes,
    parse_minutes_bytes,
    read_bytes,
)
from psg_tui.core.minutes.errors import MinutesConflictError, MinutesInputError, Problem
from psg_tui.core.minutes.files import remove_stale_temps, write_atomic
from psg_tui.core.minutes.locate import comment_lines
from psg_tui.core.minutes.lock import FileLock, held_for_replace, real_path, refuse_other_names
from psg_tui.core.minutes.model import (
    ACTION_STATUSES,
    Action,
    AreaRecord,
    Attendee,
    Minutes,
    Update,
    index_of,
    replace_item,
)
from psg_tui.core.minutes.validate import Table, read_attendee, read_meeting

UNDO_DEPTH = 100


class MinutesStore:
    """The open minutes of one meeting. Treat `minutes` as read-only: change it through the methods.

    Not thread-safe: call it from one thread (a save takes a few milliseconds, so the UI
    thread is fine). Every method that changes something raises a PsgError and leaves both
    `minutes` and the file as they were if the change cannot be saved.
    """

    def __init__(
        self, path: Path, minutes: Minutes, data: bytes, lock: FileLock, user: str, clock: Any
    ) -> None:
        self.path = path  # as given: what messages and the screen call the file
        self.real_path = path  # what is locked and saved: `path` with every symlink followed
        self.minutes = minutes
        self.user = user
        self.clock = clock
        self._on_disk = data
        self._lock = lock
        self._undo: list[tuple[Minutes, str]] = []
        self._cache = ActionTextCache()
        self._cache.render(minutes.actions)
        self._closed = False
        self.created = False  # open() started a new file rather than resuming one
        # Lines of the file as opened that held comments: the first save drops them (say so).
        self.comment_lines: tuple[int, ...] = ()

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        create: Minutes | None = None,
        user: str,
        clock: Callable[[], datetime] = datetime.now,
    ) -> MinutesStore:
        """Resume the minutes at `path`, or start them from `create` if there is no file yet.

        A file with mistakes raises MinutesError and is left untouched; a file another
        psg-tui has open raises MinutesLockedError.
        """
        given, path = Path(path), real_path(Path(path))  # a symlink meets the real file's lock
        if not user.strip():
            raise UsageError("Say who is keeping the minutes (user).", "It is recorded against every change.")
        if not path.parent.is_dir():
            raise MissingInputError(
                f"The folder {path.parent} does not exist.", "Create it first, or choose another path."
            )
        lock = FileLock.acquire(path)
        try:
            remove_stale_temps(path)
            comments: list[int] = []
            created = False
            if path.exists():
                refuse_other_names(given, os.stat(path))  # after the temps: a killed create leaves one
                data = read_bytes(path)
                minutes = parse_minutes_bytes(data, str(given))
                comments = comment_lines(data.decode("utf-8"))
            elif create is not None:
                data = dump_minutes(create).encode("utf-8")
                parse_minutes(data.decode("utf-8"), str(given))  # never write what we could not read back
                write_atomic(path, data, exclusive=True)
                minutes, created = create, True
            else:
                raise MissingInputError(
                    f"There are no minutes at {path}.",
                    "Check the path, or start them with `psg minutes new FILE` (--carry-from the previous minutes).",
                )
        except BaseException:
            lock.release()
            raise
        store = cls(given, minutes, data, lock, user, clock)
        store.real_path = path  # saves replace the real file, so a symlink stays a symlink
        store.created = created
        store.comment_lines = tuple(comments)
        return store

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Let go of the file so another psg-tui may open it. Safe to call twice."""
        self._closed = True
        self._lock.release()

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> MinutesStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reload(self) -> Minutes:
        """Adopt what is on disk now (after a conflict): the undo history is dropped."""
        data = read_bytes(self.real_path)
        minutes = parse_minutes_bytes(data, str(self.path))
        self.minutes, self._on_disk, self._undo = minutes, data, []
        return minutes

    # -- saving ----------------------------------------------------------------------------

    def _commit(self, new: Minutes, description: str) -> None:
        before = self.minutes
        self._save(new, description)
        self._undo.append((before, description))
        del self._undo[:-UNDO_DEPTH]

    def _save(self, new: Minutes, description: str) -> None:
        if self._closed:
            raise UsageError(f"The minutes {self.path} are closed, so '{description}' was not saved.")
        data = dump_minutes(new, self._cache).encode("utf-8")
        write_atomic(self.real_path, data, guard=lambda: self._unchanged_on_disk(description))
        self.minutes, self._on_disk = new, data

    @contextlib.contextmanager
    def _unchanged_on_disk(self, description: str) -> Iterator[None]:
        """Held across the rename: the file is still the one we last read or wrote."""
        with held_for_replace(self.real_path) as current:
            if current != self._on_disk:
                what = "was deleted or moved" if current is None else "was changed by another program"
                raise MinutesConflictError(
                    f"{self.path} {what} since psg-tui last saved it, so '{description}' was not saved.",
                    "Nothing was overwritten. Reload the minutes to see the other changes, then make this one again.",
                )
            yield

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def undo_description(self) -> str | None:
        return self._undo[-1][1] if self._undo else None

    def undo(self) -> str:
        """Put back the state before the last change (saved like any change); returns what was undone."""
        if not self._undo:
            raise UsageError("There is nothing to undo.")
        previous, description = self._undo[-1]
        self._save(previous, f"undo {description}")
        self._undo.pop()
        return description

    # -- actions ---------------------------------------------------------------------------

    def _now(self) -> datetime:
        return local_now(self.clock)

    def _index(self, action_id: str) -> int:
        index = index_of(self.minutes.actions, "id", action_id)
        if index is None:
            raise UsageError(f"There is no action {action_id} in these minutes.")
        return index

    def action(self, action_id: str) -> Action:
        return self.minutes.actions[self._index(action_id)]

    def add_action(
        self,
        *,
        title: str,
        owner: str,
        agency: str,
        due: date | str,
        area: str | None = None,
        priority: str | None = None,
        restricted: bool = False,
        note: str = "",
        by: str | None = None,
    ) -> Action:
        """Raise a new action with the next free id; its first update records who raised it."""
        now = self._now()
        action = Action(
            id=self.minutes.next_action_id(),
            title=trimmed(title),
            owner=trimmed(owner),
            agency=trimmed(agency),
            raised=now.date(),
            due=as_date("due", due),
            area=trimmed(area) or None,
            priority=trimmed(priority) or None,
            restricted=restricted,
            updates=(Update(now, by or self.user, trimmed(note) or "Action raised", "open"),),
        )
        check_action(action)
        self._commit(
            dataclasses.replace(self.minutes, actions=(*self.minutes.actions, action)), f"add {action.id}"
        )
        return action

    def edit_action(self, action_id: str, *, note: str = "", by: str | None = None, **fields: Any) -> Action:
        """Change an action's details; its history says what changed ("Reassigned from ...")."""
        unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
        if unknown:
            raise UsageError(f"Cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE_FIELDS)}.")
        index = self._index(action_id)
        old = self.minutes.actions[index]
        changes = {k: tidy(k, v) for k, v in fields.items()}
        changes = {k: v for k, v in changes.items() if getattr(old, k) != v}
        if not changes and not note.strip():
            return old
        new = dataclasses.replace(old, **changes)
        text = "; ".join(filter(None, [describe_edit(old, new), trimmed(note)]))
        new = dataclasses.replace(new, updates=(*new.updates, Update(self._now(), by or self.user, text)))
        check_action(new)
        self._commit(with_action(self.minutes, index, new), f"edit {action_id}")
        return new

    def add_update(
        self, action_id: str, note: str, status: str | None = None, *, by: str | None = None
    ) -> Action:
        """Add to an action's history, moving it to `status` if given."""
        index = self._index(action_id)
        old = self.minutes.actions[index]
        note = trimmed(note)
        if status is not None and status not in ACTION_STATUSES:
            raise MinutesInputError(
                [Problem(f"status '{status}' is not one of {', '.join(ACTION_STATUSES)}", field="status")]
            )
        if not note and status is None:
            raise MinutesInputError([Problem("the update is blank", field="note")])
        moved = status if status is not None and status != old.status else None
        update = Update(self._now(), by or self.user, note, moved)
        new = dataclasses.replace(old, status=status or old.status, updates=(*old.updates, update))
        check_action(new)
        verb = f"mark {action_id} {status}" if moved else f"update {action_id}"
        self._commit(with_action(self.minutes, index, new), verb)
        return new

    def set_status(self, action_id: str, status: str, note: str = "", *, by: str | None = None) -> Action:
        """Move an action to `status` (e.g. done); nothing is written if it is already there and no note."""
        old = self.action(action_id)
        if old.status == status and not note.strip():
            return old
        return self.add_update(action_id, note, status, by=by)

    # -- attendance, areas, meeting ----------------------------------------------------------

    def set_attendee(self, name: str, agency: str, status: str, role: str | None = None) -> Attendee:
        """Add an attendee or change one already listed (matched by name)."""
        name = trimmed(name)
        index = index_of(self.minutes.attendees, "name", name)
        old = self.minutes.attendees[index] if index is not None else None
        new = Attendee(name, trimmed(agency), status, trimmed(role) or None, old.extra if old else {})
        problems: list[Problem] = []
        read_attendee(Table(attendee_table(new), "", (), problems, None))
        if problems:
            raise MinutesInputError(problems)
        if new == old:
            return new
        attendees = self.minutes.attendees
        attendees = (*attendees, new) if index is None else replace_item(attendees, index, new)
        self._commit(dataclasses.replace(self.minutes, attendees=attendees), f"mark {name} {status}")
        return new

    def remove_attendee(self, name: str) -> None:
        index = index_of(self.minutes.attendees, "name", name)
        if index is None:
            raise UsageError(f"{name} is not on the attendance list.")
        attendees = tuple(a for i, a in enumerate(self.minutes.attendees) if i != index)
        self._commit(dataclasses.replace(self.minutes, attendees=attendees), f"remove {name} from attendance")

    def _set_area(self, area: str, description: str, **changes: Any) -> AreaRecord:
        area = trimmed(area)
        if not area:
            raise MinutesInputError([Problem("area is blank", field="area")])
        index = index_of(self.minutes.areas, "area", area)
        old = self.minutes.areas[index] if index is not None else AreaRecord(area)
        new = dataclasses.replace(old, **changes)
        if new == old and index is not None:
            return new
        areas = (*self.minutes.areas, new) if index is None else replace_item(self.minutes.areas, index, new)
        self._commit(dataclasses.replace(self.minutes, areas=areas), description)
        return new

    def set_area_notes(self, area: str, notes: str) -> AreaRecord:
        return self._set_area(area, f"notes on {area}", notes=notes.strip())

    def add_decision(self, area: str, text: str) -> AreaRecord:
        text = trimmed(text)
        if not text:
            raise MinutesInputError([Problem("the decision is blank", field="decisions")])
        record = self.minutes.get_area(area)
        decisions = (*(record.decisions if record else ()), text)
        return self._set_area(area, f"decision on {area}", decisions=decisions)

    def set_decisions(self, area: str, decisions: Sequence[str]) -> AreaRecord:
        """Replace an area's decisions (to edit or remove one)."""
        cleaned = tuple(d for d in (trimmed(x) for x in decisions) if d)
        return self._set_area(area, f"decisions on {area}", decisions=cleaned)

    def set_meeting(self, **fields: Any) -> None:
        """Change the meeting's details, e.g. next_meeting=date(2026, 12, 18); None clears an optional one."""
        unknown = sorted(set(fields) - set(MEETING_FIELDS))
        if unknown:
            raise UsageError(f"Cannot set {', '.join(unknown)}; meeting fields: {', '.join(MEETING_FIELDS)}.")
        meeting = dataclasses.replace(self.minutes.meeting, **{k: tidy(k, v) for k, v in fields.items()})
        problems: list[Problem] = []
        read_meeting(Table(meeting_table(meeting), "", (), problems, None))
        if problems:
            raise MinutesInputError(problems)
        if meeting == self.minutes.meeting:
            return
        self._commit(dataclasses.replace(self.minutes, meeting=meeting), f"set {', '.join(sorted(fields))}")
