"""Reporting periods. police.uk data is monthly, so a period is one calendar month."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from psg_tui.core.errors import UsageError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
TREND_MONTHS = 24
# Months a period can be: a period's dates, and those of the months around it, must exist.
FIRST_YEAR, LAST_YEAR = 1900, 9998


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _MONTH.match(text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise UsageError(f"'{text}' is not a month.", "Give the period as YYYY-MM, for example 2026-10.")
        if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            raise UsageError(
                f"'{text}' is out of range.", f"Give a month from {FIRST_YEAR}-01 to {LAST_YEAR}-12."
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return self.shift(1).start - timedelta(days=1)

    def shift(self, months: int) -> Period:
        index = self.year * 12 + (self.month - 1) + months
        return Period(index // 12, index % 12 + 1)

    @property
    def previous(self) -> Period:
        return self.shift(-1)

    @property
    def last_year(self) -> Period:
        return self.shift(-12)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return self.start.strftime("%b %Y")

    def parameters(self, as_of: date) -> dict[str, date]:
        """Every named parameter a panel query may use, for this period."""
        return {
            "period_start": self.start,
            "period_end": self.end,
            "prev_start": self.previous.start,
            "prev_end": self.previous.end,
            "ly_start": self.last_year.start,
            "ly_end": self.last_year.end,
            "year_start": self.shift(-11).start,
            "trend_start": self.shift(1 - TREND_MONTHS).start,
            "as_of": as_of,
        }
