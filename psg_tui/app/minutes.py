"""The chair's changes to the minutes, shared by the tracker and the area view.

Every method writes through the MinutesStore (on disk, fsync'd) before anything on
screen says it happened; a refused or failed write is shown as an error and changes
nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from psg_tui.core.dates import DateError, parse_date
from psg_tui.core.errors import PsgError
from psg_tui.core.evidence_maps import load_priorities
from psg_tui.core.minutes import Action, MinutesConflictError, MinutesStore
from psg_tui.core.minutes.rag import reckoning_date
from psg_tui.screens.context import MeetingContext

if TYPE_CHECKING:
    from psg_tui.dialogs.action_form import ActionForm


class MinutesHost(MeetingContext, Protocol):
    """What the controller needs of the dashboard: the meeting context, toasts and forms."""

    def notify(
        self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None
    ) -> None: ...
    def push_screen(self, screen: Any, callback: Any = None) -> Any: ...


DEFAULT_DUE = timedelta(days=28)  # a month: the next meeting
RELOAD_HINT = (
    "Nothing was overwritten. Press R to reload the minutes and see the other changes, then make "
    "this change again (r reloads the database, not the minutes)."
)


class MinutesController:
    def __init__(self, app: MinutesHost, store: MinutesStore) -> None:
        self.app = app
        self.store = store
        self._added: tuple[int, str] | None = None

    @property
    def just_added(self) -> str | None:
        """The action added by the latest change, if it was an addition: tables select it, so
        the next d or u acts on what the chair has just raised."""
        if self._added and self._added[0] == self.app.minutes_version:
            return self._added[1]
        return None

    @property
    def file_name(self) -> str:
        return self.store.path.name

    def opening_message(self, resumed: bool, today: date) -> str:
        """What the chair is told as the dashboard opens: which minutes, and how far along."""
        actions = self.store.minutes.actions
        count = f"{len(actions)} action{'' if len(actions) == 1 else 's'}"
        if resumed:
            updated = sum(1 for a in actions if any(u.at.date() == today for u in a.updates))
            return f"Resumed the minutes: {count}, {updated} updated today — {self.store.path}"
        carried = f": {count} carried forward" if actions else ""
        return f"Started the minutes{carried} — {self.store.path}"

    def _changed(self, message: str) -> None:
        self.app.minutes_version += 1
        self.app.notify(message, timeout=4)

    def _known_people(self) -> tuple[list[str], list[str]]:
        """Who and which agencies the form suggests: this meeting's attendees and actions first
        (in the order the chair sees them), then those the database already holds."""
        minutes = self.store.minutes
        people = {a.name for a in minutes.attendees} | {a.owner for a in minutes.actions}
        agencies = {a.agency for a in minutes.attendees} | {a.agency for a in minutes.actions}
        held_people, held_agencies = self.app.meeting.known_names()
        return (
            sorted(people) + [p for p in held_people if p not in people],
            sorted(agencies) + [a for a in held_agencies if a not in agencies],
        )

    def _known_priorities(self) -> list[str]:
        """The priorities file's priorities, then those this meeting's actions already use."""
        try:
            named = [p.name for p in load_priorities().priorities]
        except PsgError:
            named = []  # a broken priorities file is said by the district view; typing still works
        used = sorted({a.priority for a in self.store.minutes.actions if a.priority} - set(named))
        return named + used

    def _form(
        self, heading: str, save: Any, *, action: Action | None = None, area: str | None = None
    ) -> ActionForm:
        # The forms are imported when first opened (or warmed once the overview is drawn).
        from psg_tui.dialogs.action_form import ActionForm

        people, agencies = self._known_people()
        return ActionForm(
            heading,
            save,
            action=action,
            area=area,
            areas=self.app.area_names,
            people=people,
            agencies=agencies,
            priorities=self._known_priorities(),
            default_due=reckoning_date(self.store.minutes) + DEFAULT_DUE,
        )

    def add(self, area: str | None) -> None:
        def save(values: dict[str, Any]) -> str:
            action = self.store.add_action(**values)
            self._added = (self.app.minutes_version + 1, action.id)  # before the tables redraw
            self._changed(f"Added {action.id} to {self.file_name}.")
            return action.id

        self.app.push_screen(self._form("New action", save, area=area))

    def edit(self, action_id: str) -> None:
        action = self.store.action(action_id)

        def save(values: dict[str, Any]) -> str:
            self.store.edit_action(action_id, **values)
            self._changed(f"Saved {action_id} to {self.file_name}.")
            return action_id

        self.app.push_screen(self._form(f"Edit {action_id}", save, action=action))

    def update(self, action_id: str) -> None:
        def save(note: str, status: str | None) -> str:
            self.store.add_update(action_id, note, status)
            self._changed(f"Updated {action_id} in {self.file_name}.")
            return action_id

        from psg_tui.dialogs.update_form import UpdateForm

        self.app.push_screen(UpdateForm(self.store.action(action_id), save))

    def done(self, action_id: str) -> bool:
        action = self.store.minutes.get_action(action_id)
        if action is not None and action.status == "done":
            self.app.notify(f"{action_id} is already done: nothing changed.", timeout=4)
            return False
        if self._try(lambda: self.store.set_status(action_id, "done", "Marked done in the meeting")):
            self._changed(f"{action_id} is done (saved to {self.file_name}).")
            return True
        return False

    def note(self, action_id: str, text: str) -> bool:
        if self._try(lambda: self.store.add_update(action_id, text)):
            self._changed(f"{action_id}: noted (saved to {self.file_name}).")
            return True
        return False

    def set_next_meeting(self, text: str) -> bool:
        try:
            when = parse_date(text, "Next meeting date")
        except DateError as error:
            self.app.notify(str(error), severity="error", timeout=6)
            return False
        if self._try(lambda: self.store.set_meeting(next_meeting=when)):
            self._changed(f"Next meeting {when:%d %B %Y} (saved to {self.file_name}).")
            return True
        return False

    def undo(self) -> None:
        if not self.store.can_undo:
            self.app.notify("Nothing to undo.", timeout=3)
            return
        result: list[str] = []
        if self._try(lambda: result.append(self.store.undo())):
            self._changed(f"Undone: {result[0]}.")

    def set_area_notes(self, area: str, notes: str) -> bool:
        record = self.store.minutes.get_area(area)
        if (record.notes if record else "") == notes:
            return True
        if self._try(lambda: self.store.set_area_notes(area, notes)):
            self.app.minutes_version += 1
            return True
        return False

    def add_decision(self, area: str, text: str) -> bool:
        if self._try(lambda: self.store.add_decision(area, text)):
            self._changed(f"Decision recorded in {self.file_name}.")
            return True
        return False

    def set_attendee(self, name: str, agency: str, status: str, role: str | None) -> bool:
        if self._try(lambda: self.store.set_attendee(name, agency, status, role)):
            self._changed(f"{self.app.shown_name(name)}: {status.replace('-', ' ')} (saved).")
            return True
        return False

    def reload(self) -> None:
        if self._try(self.store.reload):
            self._changed(f"Reloaded {self.file_name} from disk.")

    def _try(self, change: Any) -> bool:
        try:
            change()
        except MinutesConflictError as error:
            # The core's hint says what to do; here it can say which key does it.
            text = f"{error.message}\n{RELOAD_HINT}"
            self.app.notify(text, title="Not saved", severity="error", timeout=12)
            return False
        except PsgError as error:
            self.app.notify(str(error), title="Not saved", severity="error", timeout=12)
            return False
        return True
