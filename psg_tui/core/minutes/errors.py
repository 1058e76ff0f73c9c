"""What can go wrong with a minutes file, each with the message a chair can act on."""

from __future__ import annotations

from dataclasses import dataclass

from psg_tui.core.errors import DataError, LockedError, PsgError, UsageError


@dataclass(frozen=True)
class Problem:
    """One mistake in a minutes file or in a change: where it is and what is wrong.

    `where` names the table ("[meeting]", "actions[3] A-0012"; numbered from 1 as they appear
    in the file), `field` the key, `line`/`column` the place in the file when known.
    """

    message: str
    where: str = ""
    field: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        place = ""
        if self.line is not None:
            place = f"line {self.line}" + (f", column {self.column}" if self.column else "") + ": "
        return f"{place}{self.where + ': ' if self.where else ''}{self.message}"


class MinutesError(DataError):
    """A minutes file that cannot be read: every problem found, not just the first."""

    def __init__(self, source: str, problems: list[Problem], hint: str | None = None) -> None:
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        heading = f"{source} is not valid minutes ({count} problem{'s' if count != 1 else ''}):"
        lines = [heading, *(f"  {p}" for p in self.problems)]
        super().__init__(
            "\n".join(lines),
            hint
            or "Correct the file in a text editor (psg-tui never overwrites a file with mistakes), "
            f"then check it with `psg minutes validate {source}`.",
        )


class MinutesInputError(UsageError):
    """A change the store refused because a field is wrong; `problems` name each field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(
            "; ".join(p.message for p in self.problems), "Nothing was saved; correct it and try again."
        )


class MinutesLockedError(LockedError):
    """Another psg-tui has the same minutes open."""


class MinutesConflictError(PsgError):
    """The file changed on disk under an open store; saving would overwrite someone's work."""

    exit_code = 75
