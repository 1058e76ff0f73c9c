"""The area view's part of the minutes: this meeting's actions for the area, its notes and
decisions. Notes are saved as they are typed (after a pause) and on leaving the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label, Static, TextArea

from psg_tui.core.minutes import Action, Minutes
from psg_tui.widgets.actions_table import fill_actions_table, hidden_note
from psg_tui.widgets.cells import literal
from psg_tui.widgets.fit import FittedTable
from psg_tui.widgets.leaving import LeavableInput

SAVE_AFTER_IDLE = 1.5  # seconds of no typing before the notes are saved
# This meeting's actions: what a narrow screen keeps longest comes first (the RAG as a short word).
MEETING_COLUMNS = ("rag", "id", "title", "owner", "agency", "due", "status")
MEETING_KEEP = ("title", "owner", "agency", "rag", "due", "status", "id")
LEAVE_TO = "#area-scroll"  # leaving the notes or the decision box: the area view's panels, if shown


class NotesArea(TextArea):
    """A TextArea that tells its panel when it loses focus, so nothing typed is left unsaved.
    Escape is the screen blank here as everywhere (the notes stay as typed under it): ctrl+g
    leaves the field, and so does tab."""

    BINDINGS = [Binding("ctrl+g", "leave", "Leave the notes")]

    class Left(Message):
        pass

    def on_blur(self) -> None:
        self.post_message(self.Left())

    def action_leave(self) -> None:
        leave_to = self.screen.query(LEAVE_TO)
        if leave_to:
            leave_to.first().focus()
        else:
            self.screen.set_focus(None)


def tidy_notes(text: str) -> str:
    """Notes as saved: no blank lines (a stray enter, pressed to edit an action while the notes
    had the focus, must not put one in the minutes) and no spaces at the ends of lines."""
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


class AreaMinutesPanel(Vertical):
    DEFAULT_CSS = """
    AreaMinutesPanel {
        height: auto;
        border: round $accent;
        border-title-style: bold;
        padding: 0 1;
    }
    AreaMinutesPanel #meeting-actions { height: auto; max-height: 12; overflow-x: hidden; }  /* fitted: never wider */
    AreaMinutesPanel NotesArea { height: 6; border: round $secondary; }
    AreaMinutesPanel Label { color: $text-muted; margin-top: 1; }
    AreaMinutesPanel .left-out { color: $text-muted; }
    """

    class NotesChanged(Message):
        def __init__(self, area: str, notes: str) -> None:
            super().__init__()
            self.area = area
            self.notes = notes

    class DecisionAdded(Message):
        def __init__(self, area: str, text: str) -> None:
            super().__init__()
            self.area = area
            self.text = text

    def __init__(self) -> None:
        super().__init__(id="area-minutes")
        self.border_title = "This meeting: actions, notes and decisions (saved as you go)"
        self._timer: Timer | None = None
        self._loading = False
        self.area: str | None = None

    def compose(self) -> ComposeResult:
        yield FittedTable(id="meeting-actions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="meeting-actions-left-out", classes="left-out")
        yield Static("", id="meeting-actions-empty", classes="empty")
        yield Label("Notes (saved as you type)")
        yield NotesArea(id="area-notes", soft_wrap=True)
        yield Static("", id="notes-masked", markup=False)
        yield Label("Decisions")
        yield Static("", id="decisions", markup=False)
        yield LeavableInput(
            id="decision-input",
            placeholder="Type a decision and press enter to record it (ctrl+g leaves)",
            leave_to=LEAVE_TO,
        )

    def show(
        self,
        minutes: Minutes,
        actions: list[Action],
        area: str,
        *,
        as_of: date,
        area_names: dict[str, str],
        shown: Callable[[str], str] | None = None,
        shown_name: Callable[[str], str] | None = None,
        select: str | None = None,
        hidden: int = 0,
    ) -> None:
        """`shown`/`shown_name` are given in privacy mode: the notes are then shown masked and
        cannot be edited until privacy mode is off, and notes marked restricted are not shown.
        `hidden` restricted actions were left out of `actions`."""
        table = self.query_one("#meeting-actions", FittedTable)
        fill_actions_table(
            table,
            actions,
            as_of=as_of,
            area_names=area_names,
            columns=MEETING_COLUMNS,
            keep=MEETING_KEEP,
            shown=shown or str,
            shown_name=shown_name or str,
            select=select,
        )
        table.display = bool(actions)
        self._note_left_out()
        empty = self.query_one("#meeting-actions-empty", Static)
        note = hidden_note(hidden)
        empty.update(note or "No actions for this area in these minutes yet: press a to add one.")
        empty.display = not actions or bool(note)
        record = minutes.get_area(area)
        withheld = shown is not None and record is not None and record.extra.get("restricted") is True
        notes = self.query_one(NotesArea)
        moved = area != self.area
        if moved and self.area is not None and (self._timer is not None or notes.has_focus):
            self._save_notes()  # what was typed belongs to the area it was typed for
        self.area = area
        if (moved or not notes.has_focus) and notes.text != (record.notes if record else ""):
            self._loading = True
            notes.load_text(record.notes if record else "")
            self._loading = False
        masked = self.query_one("#notes-masked", Static)
        masked.update(
            literal("(restricted notes: hidden in privacy mode)")
            if withheld
            else literal((shown or str)(record.notes if record else "") or "(no notes)", lines=True)
        )
        masked.display = shown is not None
        notes.display = shown is None
        decisions = [(shown or str)(d) for d in (record.decisions if record and not withheld else ())]
        self.query_one("#decisions", Static).update(
            Text("\n").join(literal(f"• {d}") for d in decisions)
            if decisions
            else Text("None yet.", style="dim")
        )

    @on(FittedTable.Refitted, "#meeting-actions")
    def _note_left_out(self) -> None:
        table = self.query_one("#meeting-actions", FittedTable)
        left_out = [c.label for c in table.left_out] if table.display else []
        note = self.query_one("#meeting-actions-left-out", Static)
        note.update(f"{', '.join(left_out)} not shown at this width: t (the tracker) shows them.")
        note.display = bool(left_out)

    @on(TextArea.Changed, "#area-notes")
    def _typed(self) -> None:
        if self._loading:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_AFTER_IDLE, self._save_notes)

    @on(NotesArea.Left)
    def _left(self) -> None:
        self._save_notes()

    def _save_notes(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.area is not None:
            self.post_message(self.NotesChanged(self.area, tidy_notes(self.query_one(NotesArea).text)))

    @on(Input.Submitted, "#decision-input")
    def _decided(self, event: Input.Submitted) -> None:
        if event.value.strip() and self.area is not None:
            self.post_message(self.DecisionAdded(self.area, event.value.strip()))

    def clear_decision_input(self) -> None:
        self.query_one("#decision-input", Input).value = ""
