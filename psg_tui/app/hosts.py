"""What the app's controllers (freshness, navigation, sharing) ask of the app they serve, in
common: each declares the rest of what it needs as a Protocol extending this one."""

from __future__ import annotations

from typing import Protocol

from textual.notifications import SeverityLevel


class Notifies(Protocol):
    """Says something to the chair in a toast (Textual's `App.notify`)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None: ...
