"""What every dashboard screen shares: the app's meeting state and the chair's action keys."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from typing import Any, cast

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.dom import DOMNode
from textual.events import ScreenResume
from textual.screen import Screen
from textual.widgets import DataTable

from psg_tui.core.minutes.rag import reckoning_date
from psg_tui.screens.context import MeetingContext
from psg_tui.widgets.actions_table import for_screen, selected_action_id
from psg_tui.widgets.area_minutes import AreaMinutesPanel, NotesArea
from psg_tui.widgets.cells import literal
from psg_tui.widgets.meeting_bar import MeetingBar


class PsgScreen(Screen[None]):
    """A dashboard screen: it shows the meeting its context holds, and asks that context for
    every change (see context.py)."""

    def __init__(self, context: MeetingContext) -> None:
        super().__init__()
        self.context = context

    def decorate(self) -> None:
        self.context.decorate_bar(self.query_one(MeetingBar))

    def keys_as_shown(self) -> AbstractContextManager[None]:
        """Within: the keys enabled are this screen's, shown or not (its footer asks in here)."""
        return self.context.keys_as_on(self)

    @property
    def overdue_date(self) -> date:
        """What overdue and RAG are reckoned from on every screen: the meeting's date."""
        return reckoning_date(self.context.minutes_store.minutes)

    def area_heading(self, tail: str, *, loading: bool = False) -> Text:
        """'Mandale and Victoria   area 1 of 29 by concern   <tail>' for the current area."""
        app = self.context
        area_id = app.area_id or ""
        position = app.area_position(area_id)
        text = Text.assemble(
            literal(app.area_label(area_id), "bold"), f"   {position}" if position else "", f"   {tail}"
        )
        if loading:
            text.append("   loading…", style="dim italic")
        return text

    def show_area_minutes(self, area_id: str) -> None:
        """This meeting's actions, notes and decisions for the area (and areas inside it)."""
        app = self.context
        minutes = app.minutes_store.minutes
        inside = app.areas_within(area_id)
        actions, hidden = for_screen(
            sorted(
                (a for a in minutes.actions if a.area in inside), key=lambda a: (not a.is_open, a.due, a.id)
            ),
            app.privacy,
        )
        private = app.privacy
        self.query_one(AreaMinutesPanel).show(
            minutes,
            actions,
            area_id,
            as_of=self.overdue_date,
            area_names=app.area_names,
            shown=app.shown if private else None,
            shown_name=app.shown_name if private else None,
            select=app.minutes.just_added,
            hidden=hidden,
        )

    def watch_context(self, attribute: str, callback: Callable[..., Any], *, init: bool = True) -> None:
        """Call `callback` when the context's reactive `attribute` changes. The context is a
        Textual node (the app, or a test's stand-in app), which its protocol cannot say."""
        self.watch(cast(DOMNode, self.context), attribute, callback, init=init)

    def on_mount(self) -> None:
        self.watch_context("privacy", self._privacy_changed, init=False)

    # -- styles kept while away --------------------------------------------------------
    # Textual restyles every node of a screen as it is shown again (a few hundred on the area
    # view: a third of the first `n`, and as much on every `o` then `n`), in case the styles
    # changed while it was away. Here it is skipped when nothing they depend on did: the
    # stylesheet's version (a theme change; Textual restyles for that itself as it switches),
    # the app's classes and pseudo-classes, the screen's own classes.

    _styled_as: tuple[object, ...] | None = None  # what the styles were computed for

    def _style_inputs(self) -> tuple[object, ...]:
        app = self.app
        return (app._css_update_count, app.classes, app.pseudo_classes, self.classes)

    def styles_settled(self) -> None:
        """Its styles are current now (a screen built unseen, once styled)."""
        self._styled_as = self._style_inputs()

    def _on_screen_suspend(self) -> None:
        self.styles_settled()

    def _on_screen_resume(self, event: ScreenResume) -> None:
        # Runs before Screen's own handler (the MRO's order), which reads the flag.
        if event.refresh_styles and self._styled_as == self._style_inputs():
            event.refresh_styles = False

    def _privacy_changed(self, _on: bool) -> None:
        self.decorate()
        self.privacy_changed()

    def privacy_changed(self) -> None:
        """Redraw whatever shows names or addresses."""

    def overview_changed(self) -> None:
        """The overview's figures (the app's `overview_rows`) were loaded again."""


class ActionsScreen(PsgScreen):
    """A screen listing the meeting's actions in a table: a, enter, d, u and ctrl+z act on it."""

    ACTION_BINDINGS = [
        Binding("a", "add", "Add action"),
        Binding("d", "done", "Done"),
        Binding("u", "update", "Update"),
        Binding("ctrl+z", "undo", "Undo"),
    ]
    actions_table_id = ""
    nothing_selected = "No action is selected."

    def selected(self) -> str | None:
        action_id = selected_action_id(self.query_one(f"#{self.actions_table_id}", DataTable))
        if action_id is None:
            self.notify(self.nothing_selected, timeout=3)
        return action_id

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == self.actions_table_id:
            self.action_edit()

    def action_add(self) -> None:
        self.context.minutes.add(self.context.area_id)

    def action_edit(self) -> None:
        if (action_id := self.selected()) is not None:
            self.context.minutes.edit(action_id)

    def action_done(self) -> None:
        if (action_id := self.selected()) is not None:
            self.context.minutes.done(action_id)

    def action_update(self) -> None:
        if (action_id := self.selected()) is not None:
            self.context.minutes.update(action_id)

    def action_undo(self) -> None:
        self.context.minutes.undo()

    # -- an area's notes and decisions, where the screen shows them -----------------

    def action_notes(self) -> None:
        if self.context.privacy:
            self.notify("Privacy mode is on: press h to show the notes before editing them.", timeout=4)
            return
        notes = self.query(NotesArea)
        if not notes or not notes.first().display:
            self.notify("There are no notes to write on this screen.", timeout=3)
            return
        notes.first().focus()
        notes.first().scroll_visible()

    @on(AreaMinutesPanel.NotesChanged)
    def _notes_changed(self, event: AreaMinutesPanel.NotesChanged) -> None:
        self.context.minutes.set_area_notes(event.area, event.notes)

    @on(AreaMinutesPanel.DecisionAdded)
    def _decision_added(self, event: AreaMinutesPanel.DecisionAdded) -> None:
        if self.context.minutes.add_decision(event.area, event.text):
            self.query_one(AreaMinutesPanel).clear_decision_input()
