"""Asked before q ends a meeting that is under way: nothing is lost, but the room should know."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class QuitConfirm(ModalScreen[bool]):
    """q or y quits (so q q quits); n or ctrl+g stays, as ctrl+g cancels every form. esc is
    the screen blank here as everywhere: the question is still there when the blank lifts."""

    BINDINGS = [
        Binding("q,y", "answer(True)", "Quit", priority=True),
        Binding("n,ctrl+g", "answer(False)", "Stay", priority=True),
    ]
    DEFAULT_CSS = """
    QuitConfirm { align: center middle; }
    QuitConfirm > Vertical {
        width: 90%; max-width: 80; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    """

    def __init__(self, minutes: Path) -> None:
        super().__init__()
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Leave the meeting?", style="bold"))
            yield Static(
                Text.assemble(
                    "The meeting is in progress. Every change is already saved in\n",
                    (str(self.minutes), "underline"),
                    "\nand psg resumes it when opened again with the same minutes.",
                )
            )
            yield Static(Text("\nq or y quits · n or ctrl+g stays · esc hides the screen", style="bold"))

    def action_answer(self, quit_: bool) -> None:
        self.dismiss(quit_)
