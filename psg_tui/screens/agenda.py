"""Agenda mode: the meeting in order, one step at a time, with a clock and time boxes.

n/p move through the steps. Everything recorded here goes through the same minutes store
as the tracker, so it is on disk before the screen says so.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.widgets import ContentSwitcher, DataTable, Input, Static

from psg_tui.core.agenda import LONGEST_BOX, Step, build_agenda, clock_text, time_boxes
from psg_tui.core.minutes import ATTENDEE_STATUSES, NOT_RECORDED, Action
from psg_tui.core.minutes.rag import action_rag
from psg_tui.core.settings import load_settings, save_setting
from psg_tui.dialogs.attendee_form import AttendeeForm
from psg_tui.screens.base import ActionsScreen
from psg_tui.screens.context import MeetingContext
from psg_tui.widgets import cells
from psg_tui.widgets.actions_table import fill_actions_table, for_screen, hidden_note, rag_cell
from psg_tui.widgets.area_minutes import AreaMinutesPanel
from psg_tui.widgets.fit import Column, FittedTable
from psg_tui.widgets.footer import SteadyFooter
from psg_tui.widgets.leaving import LeavableInput
from psg_tui.widgets.meeting_bar import MeetingBar

ATTENDANCE_COLUMNS = (
    Column("status", "Status", keep=100),
    Column("name", "Name", keep=90),  # a name is never cut
    Column("agency", "Agency", shrink_to=12, keep=50),
    Column("role", "Role", shrink_to=12, keep=40),
)


class AgendaScreen(ActionsScreen):
    BINDINGS = [
        Binding("n", "step(1)", "Next item"),
        Binding("p", "step(-1)", "Prev item"),
        *ActionsScreen.ACTION_BINDINGS,
        Binding("k", "keep_open", "Still open"),
        Binding("e", "notes", "Notes"),
        Binding("space", "cycle_attendance", "Present/apologies/absent"),
        Binding("plus", "add_attendee", "Add attendee", key_display="+"),
        Binding("enter", "open_area", "Open area view / type the next meeting's date"),
        Binding(
            "greater_than_sign",
            "time_box(1)",
            "Longer time box",
            key_display=">",
            tooltip="a minute more for this kind of item, remembered for the next meeting",
        ),
        Binding(
            "less_than_sign", "time_box(-1)", "Shorter time box", key_display="<", tooltip="a minute less"
        ),
    ]

    def __init__(self, context: MeetingContext) -> None:
        super().__init__(context)
        self.steps: list[Step] = []
        self.position = 0
        self.started: datetime | None = None
        self.step_started: datetime | None = None
        self.boxes = time_boxes(load_settings().get("time_boxes"))

    def compose(self) -> ComposeResult:
        yield MeetingBar()
        yield Static(id="agenda-progress", classes="heading")
        with ContentSwitcher(id="agenda-steps", initial="step-attendance"):
            with Vertical(id="step-attendance"):
                yield Static(
                    "Mark each person present, sending apologies or absent (space); + adds someone.",
                    classes="hint",
                )
                yield FittedTable(id="attendance", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="step-action"):
                yield Static(id="action-detail")
            with VerticalScroll(id="step-area"):
                yield Static(id="area-summary")
                yield AreaMinutesPanel()
            with Vertical(id="step-new"):
                yield Static("Actions raised at this meeting. a adds one.", id="new-hint", classes="hint")
                yield FittedTable(id="new-actions", cursor_type="row", zebra_stripes=True)
            with Vertical(id="step-aob"):
                yield Static(id="aob-detail")
                yield LeavableInput(
                    id="next-meeting", placeholder="Next meeting date, e.g. 31/12/2026, then enter"
                )
        yield SteadyFooter()

    # -- set-up and the clock ----------------------------------------------------

    def on_mount(self) -> None:
        self.decorate()
        self.watch_context("minutes_version", self.redraw, init=False)
        self.set_interval(1.0, self._tick)

    def on_screen_resume(self) -> None:
        self.decorate()
        if not self.steps:
            self.steps = build_agenda(self.context.minutes_store.minutes, self.context.area_order)
            self.started = self.step_started = self.context.clock()
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
        now = self.context.clock()
        meeting = clock_text(now - (self.started or now))
        on_item = now - (self.step_started or now)
        box = self.boxes[self.step.kind]
        over = on_item > box
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
                f"{clock_text(on_item)}/{clock_text(box)}" + (" over time" if over else ""),
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
        self.step_started = self.context.clock()
        self.show_step()

    def show_step(self) -> None:
        step = self.step
        switcher = self.query_one(ContentSwitcher)
        switcher.current = f"step-{step.kind}"
        for scroll in switcher.query(VerticalScroll):
            scroll.scroll_home(animate=False)  # each item starts at its top
        if step.kind == "area" and step.key:
            self.context.area_id = step.key  # the rest of the dashboard follows the meeting
        self.redraw()
        self._progress()
        # The date box takes the keys only when the chair chooses it (enter): n, p and + must
        # keep moving through the agenda on the last item too.
        focus = {"attendance": "#attendance", "new": "#new-actions"}.get(step.kind)
        if focus:
            self.query_one(focus).focus()
        else:
            # focus() lands later, through the app's queue: clear it through the same queue, or
            # a fast chair's previous item (its table) would take the focus back after this
            self.app.call_later(self.set_focus, None)

    def overview_changed(self) -> None:
        self.redraw()  # the area item shows the overview's figures

    def redraw(self, *_: object) -> None:
        if not self.steps:
            return
        getattr(self, f"_draw_{self.step.kind}")()

    # -- each kind of step --------------------------------------------------------

    def _draw_attendance(self) -> None:
        styles = {
            "present": "bold green",
            "apologies": "bold yellow",
            "absent": "dim",
            NOT_RECORDED: "italic",
        }
        rows = [
            (
                person.name,
                {
                    "status": cells.literal(person.status_label, styles.get(person.status, "")),
                    "name": cells.literal(self.context.shown_name(person.name)),
                    "agency": cells.literal(person.agency),
                    "role": cells.literal(self.context.shown(person.role or "–")),
                },
            )
            for person in self.context.minutes_store.minutes.attendees
        ]
        self.query_one("#attendance", FittedTable).fill(ATTENDANCE_COLUMNS, rows)

    def _draw_action(self) -> None:
        action = self.context.minutes_store.minutes.get_action(self.step.key or "")
        detail = self.query_one("#action-detail", Static)
        if action is None:
            detail.update("This action is no longer in the minutes.")
            return
        if action.restricted and self.context.privacy:
            detail.update(
                Text.assemble(
                    cells.literal(action.id, "bold"),
                    " is restricted: hidden while privacy mode is on (h shows it). n moves on.",
                )
            )
            return
        detail.update(self._action_card(action))

    def _action_card(self, action: Action) -> Group:
        shown, shown_name = self.context.shown, self.context.shown_name
        as_of = self.overdue_date
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
            self.context.area_label(action.area) if action.area else "–",
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
                u for u in action.updates if not (self.context.privacy and u.extra.get("restricted") is True)
            ][-6:]
        ]
        keys = Text("d done · u update (a note, or a new status) · k still open · n next item", style="dim")
        return Group(head, Text(""), facts, Text(""), history, *lines, Text(""), keys)

    def _draw_area(self) -> None:
        area_id = self.step.key or ""
        row = self.context.overview_rows.get(area_id, {})
        summary = Text.assemble(cells.literal(self.context.area_label(area_id), "bold"), "   ")
        if row:
            period = self.context.period
            window = self.context.meeting.month_sources(period)
            incidents = (
                f"{row['incidents']:,} incidents in {period.label} "
                if row["incidents"] is not None
                else f"{window.missing(period)} "
            )
            change = (
                cells.change(row["change"], row["change_pct"])
                if row["change"] is not None
                else Text(f"({window.against(period, period.previous)})", style="dim")
            )
            summary.append_text(
                Text.assemble(
                    cells.rag(row["rag"]),
                    f"  {incidents}",
                    change,
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
        minutes = self.context.minutes_store.minutes
        new, hidden = for_screen(
            [a for a in minutes.actions if a.raised >= minutes.meeting.date], self.context.privacy
        )
        hint = "Actions raised at this meeting. a adds one."
        self.query_one("#new-hint", Static).update(f"{hint} {hidden_note(hidden)}".strip())
        fill_actions_table(
            self.query_one("#new-actions", FittedTable),
            new,
            as_of=self.overdue_date,
            area_names=self.context.area_names,
            shown=self.context.shown,
            shown_name=self.context.shown_name,
            select=self.context.minutes.just_added,
        )

    def _draw_aob(self) -> None:
        meeting = self.context.minutes_store.minutes.meeting
        when = f"{meeting.next_meeting:%A %d %B %Y}" if meeting.next_meeting else "not set yet"
        self.query_one("#aob-detail", Static).update(
            Text.assemble(
                "Any other business: raise actions with a.\n\n",
                ("Next meeting: ", "bold"),
                when,
                ("\nenter types the date (31/12/2026 or 2026-12-31); enter again records it", "dim"),
            )
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
        self.context.minutes.add(self.step.key if self.step.kind == "area" else self.context.area_id)

    def action_done(self) -> None:
        if self.step.kind == "action" and self.step.key:
            if self.context.minutes.done(self.step.key):
                self.action_step(1)
            return
        super().action_done()

    def action_keep_open(self) -> None:
        if self.step.kind != "action" or not self.step.key:
            self.notify("k records 'still open' on a carried-forward action.", timeout=3)
            return
        if self.context.minutes.note(self.step.key, "Reviewed at the meeting: still open"):
            self.action_step(1)

    def action_cycle_attendance(self) -> None:
        if self.step.kind != "attendance":
            return
        table: DataTable[Any] = self.query_one("#attendance", DataTable)
        if not table.row_count:
            return
        name = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        person = self.context.minutes_store.minutes.get_attendee(name or "")
        if person is None:
            return
        status = ATTENDEE_STATUSES[(ATTENDEE_STATUSES.index(person.status) + 1) % len(ATTENDEE_STATUSES)]
        self.context.minutes.set_attendee(person.name, person.agency, status, person.role)

    def action_add_attendee(self) -> None:
        if self.step.kind != "attendance":
            return

        def save(name: str, agency: str, status: str, role: str | None) -> str:
            self.context.minutes.store.set_attendee(name, agency, status, role)
            self.context.minutes_version += 1
            return name

        agencies = sorted({a.agency for a in self.context.minutes_store.minutes.attendees})
        self.app.push_screen(AttendeeForm(save, agencies))

    def action_open_area(self) -> None:
        if self.step.kind == "area" and self.step.key:
            self.context.show_area(self.step.key)
        elif self.step.kind == "aob":
            self.query_one("#next-meeting", Input).focus()

    @on(Input.Submitted, "#next-meeting")
    def _next_meeting(self, event: Input.Submitted) -> None:
        if self.context.minutes.set_next_meeting(event.value.strip()):
            event.input.value = ""
            self.set_focus(None)  # the agenda's keys work again

    def action_time_box(self, minutes: int) -> None:
        """Lengthen or shorten this kind of item's time box by a minute; remembered for the next
        meeting in the settings."""
        kind = self.step.kind
        current = int(self.boxes[kind].total_seconds() // 60)
        wanted = min(max(current + minutes, 1), LONGEST_BOX)
        self.boxes[kind] = timedelta(minutes=wanted)
        save_setting("time_boxes", {k: int(v.total_seconds() // 60) for k, v in self.boxes.items()})
        self._progress()
        self.notify(f"{self.step.section}: {wanted} minutes an item (saved in the settings).", timeout=3)
