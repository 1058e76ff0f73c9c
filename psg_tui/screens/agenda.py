"""Agenda mode: the meeting in order, one step at a time, with a clock and time boxes.

n/p move through the steps. Everything recorded here goes through the same minutes store
as the tracker, so it is on disk before the screen says so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Footer, Input, Static

from psg_tui.core.agenda import Step, build_agenda, clock_text
from psg_tui.core.minutes import ATTENDEE_STATUSES, Action
from psg_tui.core.minutes.rag import action_rag
from psg_tui.dialogs.attendee_form import AttendeeForm
from psg_tui.screens.base import ActionsScreen
from psg_tui.widgets import cells
from psg_tui.widgets.actions_table import fill_actions_table, for_screen, hidden_note, rag_cell
from psg_tui.widgets.area_minutes import AreaMinutesPanel
from psg_tui.widgets.meeting_bar import MeetingBar


class AgendaScreen(ActionsScreen):
    BINDINGS = [
        Binding("n", "step(1)", "Next item"),
        Binding("p", "step(-1)", "Prev item"),
        *ActionsScreen.ACTION_BINDINGS,
        Binding("k", "keep_open", "Still open"),
        Binding("e", "notes", "Notes"),
        Binding("space", "cycle_attendance", "Present/apologies/absent"),
        Binding("plus", "add_attendee", "Add attendee", key_display="+"),
        Binding("enter", "open_area", "Open area view"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[Step] = []
        self.position = 0
        self.started: datetime | None = None
        self.step_started: datetime | None = None

    def compose(self) -> ComposeResult:
        yield MeetingBar()
        yield Static(id="agenda-progress", classes="heading")
        with ContentSwitcher(id="agenda-steps", initial="step-attendance"):
            with Vertical(id="step-attendance"):
                yield Static(
                    "Mark each person present, sending apologies or absent (space); + adds someone.",
                    classes="hint",
                )
                yield DataTable(id="attendance", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="step-action"):
                yield Static(id="action-detail")
            with VerticalScroll(id="step-area"):
                yield Static(id="area-summary")
                yield AreaMinutesPanel()
            with Vertical(id="step-new"):
                yield Static("Actions raised at this meeting. a adds one.", id="new-hint", classes="hint")
                yield DataTable(id="new-actions", cursor_type="row", zebra_stripes=True)
            with Vertical(id="step-aob"):
                yield Static(id="aob-detail")
                yield Input(id="next-meeting", placeholder="Next meeting date, YYYY-MM-DD, then enter")
        yield Footer()

    # -- set-up and the clock ----------------------------------------------------

    def on_mount(self) -> None:
        self.decorate()
        self.watch(self.psg, "minutes_version", self.redraw, init=False)
        self.set_interval(1.0, self._tick)

    def on_screen_resume(self) -> None:
        self.decorate()
        if not self.steps:
            self.steps = build_agenda(self.psg.minutes_store.minutes, self.psg.area_order)
            self.started = self.step_started = self.psg.clock()
        self.show_step()

    def privacy_changed(self) -> None:
        self.redraw()

    @property
    def step(self) -> Step:
        return self.steps[self.position]

    def _tick(self) -> None:
        if self.steps:
            self._progress()

    def _progress(self) -> None:
        now = self.psg.clock()
        meeting = clock_text(now - (self.started or now))
        on_item = now - (self.step_started or now)
        over = on_item > self.step.time_box
        done = (self.position + 1) / len(self.steps)
        bar_width = 12
        filled = round(done * bar_width)
        text = Text.assemble(
            ("█" * filled, "bold green"),
            ("░" * (bar_width - filled), "dim"),
            f" {self.position + 1}/{len(self.steps)} ",
            (self.step.label, "bold"),
            f" · {meeting} · item ",
            (
                f"{clock_text(on_item)}/{clock_text(self.step.time_box)}" + (" over time" if over else ""),
                "bold black on #ffb300" if over else "",
            ),
        )
        self.query_one("#agenda-progress", Static).update(text)

    # -- moving through the agenda -----------------------------------------------

    def action_step(self, delta: int) -> None:
        target = self.position + delta
        if not 0 <= target < len(self.steps):
            self.notify(
                "That is the end of the agenda." if delta > 0 else "This is the first item.", timeout=2
            )
            return
        self.position = target
        self.step_started = self.psg.clock()
        self.show_step()

    def show_step(self) -> None:
        step = self.step
        self.query_one(ContentSwitcher).current = f"step-{step.kind}"
        if step.kind == "area" and step.key:
            self.psg.area_id = step.key  # the rest of the dashboard follows the meeting
        self.redraw()
        self._progress()
        focus = {"attendance": "#attendance", "new": "#new-actions", "aob": "#next-meeting"}.get(step.kind)
        if focus:
            self.query_one(focus).focus()

    def redraw(self, *_: object) -> None:
        if not self.steps:
            return
        getattr(self, f"_draw_{self.step.kind}")()

    # -- each kind of step --------------------------------------------------------

    def _draw_attendance(self) -> None:
        table: DataTable[Any] = self.query_one("#attendance", DataTable)
        current = table.cursor_row
        table.clear(columns=not table.columns)
        if not table.columns:
            for key, label in (
                ("status", "Status"),
                ("name", "Name"),
                ("agency", "Agency"),
                ("role", "Role"),
            ):
                table.add_column(label, key=key)
        styles = {"present": "bold green", "apologies": "bold yellow", "absent": "dim"}
        for person in self.psg.minutes_store.minutes.attendees:
            table.add_row(
                cells.literal(person.status, styles.get(person.status, "")),
                cells.literal(self.psg.shown_name(person.name)),
                cells.literal(person.agency),
                cells.literal(self.psg.shown(person.role or "–")),
                key=person.name,
            )
        if table.row_count:
            table.move_cursor(row=min(current, table.row_count - 1))

    def _draw_action(self) -> None:
        action = self.psg.minutes_store.minutes.get_action(self.step.key or "")
        detail = self.query_one("#action-detail", Static)
        if action is None:
            detail.update("This action is no longer in the minutes.")
            return
        if action.restricted and self.psg.privacy:
            detail.update(
                Text.assemble(
                    cells.literal(action.id, "bold"),
                    " is restricted: hidden while privacy mode is on (h shows it). n moves on.",
                )
            )
            return
        detail.update(self._action_card(action))

    def _action_card(self, action: Action) -> Group:
        shown, shown_name = self.psg.shown, self.psg.shown_name
        as_of = self.psg.meeting.as_of
        head = Text.assemble(
            rag_cell(action_rag(action, as_of)),
            " ",
            cells.literal(action.id, "bold"),
            "  ",
            cells.literal(shown(action.title), "bold"),
        )
        facts = Text.assemble(
            ("Owner ", "dim"),
            cells.literal(f"{shown_name(action.owner)} ({action.agency})   "),
            ("Due ", "dim"),
            (f"{action.due:%d %b %Y}", "bold red" if action.is_overdue(as_of) else ""),
            "   ",
            ("Status ", "dim"),
            (action.status, "bold"),
            "   ",
            ("Area ", "dim"),
            self.psg.area_label(action.area) if action.area else "–",
        )
        history = Text("History", style="bold underline")
        lines = [
            Text.assemble(
                (f"{u.at:%d %b %Y %H:%M}  ", "dim"),
                cells.literal(f"{shown_name(u.by)}: "),
                cells.literal(f"[{u.status}] " if u.status else ""),
                cells.literal(shown(u.note), lines=True),
            )
            for u in [
                u for u in action.updates if not (self.psg.privacy and u.extra.get("restricted") is True)
            ][-6:]
        ]
        keys = Text("d done · u update (a note, or a new status) · k still open · n next item", style="dim")
        return Group(head, Text(""), facts, Text(""), history, *lines, Text(""), keys)

    def _draw_area(self) -> None:
        area_id = self.step.key or ""
        row = self.psg.overview_rows.get(area_id, {})
        summary = Text.assemble(cells.literal(self.psg.area_label(area_id), "bold"), "   ")
        if row:
            summary.append_text(
                Text.assemble(
                    cells.rag(row["rag"]),
                    f"  {row['incidents']:,} incidents in {self.psg.period.label} ",
                    cells.change(row["change"], row["change_pct"]),
                    f" · closure orders {row['active_orders']} ({row['expiring_orders']} expiring)"
                    f" · PSPO breaches {row['breaches']} · actions {row['open_actions']} open, "
                    f"{row['overdue_actions']} overdue",
                )
            )
        summary.append(
            "\nenter opens the full area view (m comes back here) · e notes · a adds an action", style="dim"
        )
        self.query_one("#area-summary", Static).update(summary)
        self.show_area_minutes(area_id)

    def _draw_new(self) -> None:
        minutes = self.psg.minutes_store.minutes
        new, hidden = for_screen(
            [a for a in minutes.actions if a.raised >= minutes.meeting.date], self.psg.privacy
        )
        hint = "Actions raised at this meeting. a adds one."
        self.query_one("#new-hint", Static).update(f"{hint} {hidden_note(hidden)}".strip())
        fill_actions_table(
            self.query_one("#new-actions", DataTable),
            new,
            as_of=self.psg.meeting.as_of,
            area_names=self.psg.area_names,
            shown=self.psg.shown,
            shown_name=self.psg.shown_name,
            select=self.psg.minutes.just_added,
        )

    def _draw_aob(self) -> None:
        meeting = self.psg.minutes_store.minutes.meeting
        when = f"{meeting.next_meeting:%A %d %B %Y}" if meeting.next_meeting else "not set yet"
        self.query_one("#aob-detail", Static).update(
            Text.assemble("Any other business: raise actions with a.\n\n", ("Next meeting: ", "bold"), when)
        )

    # -- recording --------------------------------------------------------------

    def selected(self) -> str | None:
        if self.step.kind == "action":
            return self.step.key
        table_id = {"area": "meeting-actions", "new": "new-actions"}.get(self.step.kind)
        if table_id is None:
            self.notify("There is no action on this item.", timeout=3)
            return None
        self.actions_table_id = table_id
        return super().selected()

    def action_add(self) -> None:
        self.psg.minutes.add(self.step.key if self.step.kind == "area" else self.psg.area_id)

    def action_done(self) -> None:
        if self.step.kind == "action" and self.step.key:
            if self.psg.minutes.done(self.step.key):
                self.action_step(1)
            return
        super().action_done()

    def action_keep_open(self) -> None:
        if self.step.kind != "action" or not self.step.key:
            self.notify("k records 'still open' on a carried-forward action.", timeout=3)
            return
        if self.psg.minutes.note(self.step.key, "Reviewed at the meeting: still open"):
            self.action_step(1)

    def action_cycle_attendance(self) -> None:
        if self.step.kind != "attendance":
            return
        table: DataTable[Any] = self.query_one("#attendance", DataTable)
        if not table.row_count:
            return
        name = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        person = self.psg.minutes_store.minutes.get_attendee(name or "")
        if person is None:
            return
        status = ATTENDEE_STATUSES[(ATTENDEE_STATUSES.index(person.status) + 1) % len(ATTENDEE_STATUSES)]
        self.psg.minutes.set_attendee(person.name, person.agency, status, person.role)

    def action_add_attendee(self) -> None:
        if self.step.kind != "attendance":
            return

        def save(name: str, agency: str, status: str, role: str | None) -> str:
            self.psg.minutes.store.set_attendee(name, agency, status, role)
            self.psg.minutes_version += 1
            return name

        agencies = sorted({a.agency for a in self.psg.minutes_store.minutes.attendees})
        self.app.push_screen(AttendeeForm(save, agencies))

    def action_open_area(self) -> None:
        if self.step.kind == "area" and self.step.key:
            self.psg.show_area(self.step.key)

    @on(Input.Submitted, "#next-meeting")
    def _next_meeting(self, event: Input.Submitted) -> None:
        if self.psg.minutes.set_next_meeting(event.value.strip()):
            event.input.value = ""
