"""The shape every minutes form shares: ctrl+s saves (and only a successful save closes it),
ctrl+g or the Cancel button cancels, errors show in the form and move the cursor to the field
at fault. Escape is not cancel: it is the screen blank everywhere, and a form under the blank
is kept with what was typed, so a chair who hides the screen mid-sentence loses nothing."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from psg_tui.dialogs.private_input import DOT, PrivateInput, dotted_name, dotted_text
from psg_tui.widgets.cells import literal
from psg_tui.widgets.shown import shown_for

KEYS_HINT = "ctrl+s saves · ctrl+g cancels · esc hides the screen"


class FormScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+g", "cancel", "Cancel", priority=True),
    ]
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > Vertical {
        width: 90%; max-width: 96; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormScreen #form-error { color: $error; height: auto; }
    FormScreen .buttons { height: auto; align-horizontal: right; }
    FormScreen Button { margin-left: 2; }
    """

    @property
    def private(self) -> bool:
        """Privacy mode was on when the form opened (h does nothing while it is open)."""
        return shown_for(self).privacy

    def shown(self, text: str) -> str:
        return shown_for(self).shown(text)

    def shown_name(self, name: str) -> str:
        return shown_for(self).shown_name(name)

    def text_input(self, value: str = "", *, person: bool = False, **options: Any) -> Input:
        """A field the chair types in. In privacy mode names and addresses in it show as dots
        (a person field as initials and dots) and it offers no suggestions, which would show
        other people's names in full; the value saved is what was typed."""
        if not self.private:
            return Input(value, **options)
        if person:
            options.pop("suggester", None)
        dots = dotted_name if person else partial(dotted_text, masked=self._masked)
        return PrivateInput(value, dots=dots, person=person, **options)

    def _masked(self, text: str) -> str:
        """Free text as the screen's mask shows it, less the names typed in this form's person
        fields (a role 'Deputy to Mary Watson' typed beside the name Mary Watson)."""
        names = {
            word.casefold()
            for field in self.query(PrivateInput)
            if field.person
            for word in field.value.split()
            if len(word) > 1
        }
        return " ".join(
            DOT if w.casefold().strip(".,;:'’()") in names else w for w in self.shown(text).split()
        )

    def form_heading(self, heading: str) -> Static:
        """The form's heading (it may hold an id from the file: shown as text, never markup)."""
        text = Text.assemble(literal(heading, "bold"), ("  " + KEYS_HINT, "dim"))
        if self.private:
            text.append("\nPrivacy mode: names and addresses show as dots here; they are saved as typed.")
        return Static(text)

    def form_buttons(self) -> ComposeResult:
        yield Static("", id="form-error", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
            yield Button("Cancel (ctrl+g)", id="cancel", compact=True)

    def show_error(self, text: str, field: str | None = None) -> None:
        self.query_one("#form-error", Static).update(text)
        if field is not None and self.query(f"#{field}"):
            self.query_one(f"#{field}").focus()

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
