from datetime import date

import pytest

from psg_tui.core.errors import UsageError
from psg_tui.core.periods import Period


def test_month_arithmetic_across_years() -> None:
    period = Period.parse("2026-01")
    assert period.previous == Period(2025, 12)
    assert period.last_year == Period(2025, 1)
    assert period.shift(13) == Period(2027, 2)
    assert (period.start, period.end) == (date(2026, 1, 1), date(2026, 1, 31))
    assert Period(2024, 2).end == date(2024, 2, 29)
    assert period.label == "Jan 2026"


@pytest.mark.parametrize("text", ["2026-13", "2026-1", "26-01", "2026-00", "October", ""])
def test_bad_months(text: str) -> None:
    with pytest.raises(UsageError, match="YYYY-MM"):
        Period.parse(text)


def test_parameters_cover_every_panel_name() -> None:
    values = Period(2026, 10).parameters(date(2026, 11, 19))
    assert values["prev_start"] == date(2026, 9, 1)
    assert values["ly_end"] == date(2025, 10, 31)
    assert values["year_start"] == date(2025, 11, 1)
    assert values["trend_start"] == date(2024, 11, 1)
