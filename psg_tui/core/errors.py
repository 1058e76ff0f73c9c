"""Errors a user can act on: what went wrong, where, and what to do about it."""

from __future__ import annotations


class PsgError(Exception):
    """An expected failure, reported to the user without a traceback.

    `exit_code` follows sysexits loosely so scripts can tell failures apart:
    2 usage, 65 bad input data, 66 missing input, 73 cannot create output,
    75 temporarily unavailable (locked).
    """

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class UsageError(PsgError):
    exit_code = 2


class DataError(PsgError):
    exit_code = 65


class QueryStopped(DataError):
    """A query stopped on purpose: superseded by a newer load, or the database reopened or closed.
    Nothing failed, so the dashboard does not report it."""


class QueryTooSlow(DataError):
    """A panel's query ran past its time budget and was stopped: that panel says so, the
    others are not held up (see `Meeting.run`)."""

    def __init__(self, message: str, hint: str | None = None, *, seconds: float) -> None:
        super().__init__(message, hint)
        self.seconds = seconds


class MissingInputError(PsgError):
    exit_code = 66


class OutputError(PsgError):
    exit_code = 73


class LockedError(PsgError):
    exit_code = 75
