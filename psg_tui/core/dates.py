"""Dates as people in a UK meeting type them: 31/12/2026 (or 31/12/26), and ISO 2026-12-31.

Every date field (an action's due date, the next meeting, `--date`) reads through here, so
each accepts the same forms and says the same thing about a date that cannot be.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

FORMS = "31/12/2026 or 2026-12-31"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})")


class DateError(ValueError):
    """The message names the field and says what is wrong with the date."""


def parse_date(text: str, field: str = "Date") -> date:
    """Day first in the UK forms; a two-digit year is this century (26 is 2026)."""
    typed = text.strip()
    if match := _ISO.fullmatch(typed):
        year, month, day = (int(part) for part in match.groups())
    elif match := _UK.fullmatch(typed):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    else:
        raise DateError(f"{field} '{typed}' is not a date: type it as {FORMS}.")
    if not 1 <= month <= 12:
        raise DateError(f"{field} '{typed}' is not a real date: there is no month {month}.")
    if not 1 <= year <= 9999:
        raise DateError(f"{field} '{typed}' is not a real date: the year {year} is out of range.")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise DateError(
            f"{field} '{typed}' is not a real date: {calendar.month_name[month]} {year} has {days} days."
        )
    return date(year, month, day)
