"""How values look in the dashboard's tables.

Numbers are right-aligned with thousands separators; a change carries an arrow, a
sign *and* a colour, so nothing depends on colour alone. A rise in incidents is bad
(red), a fall good (green).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from rich.text import Text
from textual.content import Content

from psg_tui.core import text
from psg_tui.core.periods import Period
from psg_tui.core.safe_text import visible

_LINE_BREAKS = re.compile(r"[\n\t]")
RAG_STYLE = {
    "red": "bold white on #b00020",
    "amber": "bold black on #ffb300",
    "green": "bold white on #1b7a3a",
}
RAG_LABEL = {"red": " R ", "amber": " A ", "green": " G "}


def literal(value: object, style: str = "", *, lines: bool = False) -> Text:
    """A value from the data or the minutes as the screen shows it: never read as markup, every
    control character made visible (ESC as ␛), on one line unless `lines`, and no longer than
    text.DRAWN_TEXT characters."""
    safe = visible(text.bounded(str(value)))
    return Text(safe if lines else _LINE_BREAKS.sub(" ", safe), style=style)


def choice(value: object, width: int = 60) -> Text:
    """A value as an option of a Select list: literal, and cut with … so a long one stays one line."""
    text = literal(value)
    text.truncate(width, overflow="ellipsis")
    return text


def literal_content(value: object) -> Content:
    """The same, for the places Textual would parse a string as markup (border titles, the
    command palette's help, tooltips)."""
    return Content(_LINE_BREAKS.sub(" ", visible(text.bounded(str(value)))))


def number(value: Any) -> Text:
    if value is None:
        return Text("–", style="dim", justify="right")
    if isinstance(value, float):
        return Text(f"{value:,.1f}", justify="right")
    return Text(f"{value:,}", justify="right")


def change(value: int | None, pct: float | None = None, *, judged: bool = True) -> Text:
    """'▲ +12 (+8%)': up is red, down green, flat dim. Not `judged` (more or less work done, where
    up is not worse): the arrow and sign in bold, no colour."""
    if value is None:
        return Text("–", style="dim", justify="right")
    if value > 0:
        arrow, style = "▲", "bold red"
    elif value < 0:
        arrow, style = "▼", "bold green"
    else:
        arrow, style = "=", "dim"
    if not judged and value:
        style = "bold"
    text = f"{arrow} {value:+,}"
    if pct is not None and value != 0:
        text += f" ({pct:+.0f}%)"
    return Text(text, style=style, justify="right")


def percent(value: float | None) -> Text:
    if value is None:
        return Text("–", style="dim", justify="right")
    if value > 0:
        return Text(f"▲ {value:+.0f}%", style="bold red", justify="right")
    if value < 0:
        return Text(f"▼ {value:+.0f}%", style="bold green", justify="right")
    return Text("= 0%", style="dim", justify="right")


def rag(value: str) -> Text:
    if value in RAG_LABEL:
        return Text(RAG_LABEL[value], style=RAG_STYLE[value])
    return literal(value)


def sparkline(values: list[Any] | None) -> Text:
    if values is not None and not isinstance(values, list):  # a `trend` column that is not a list
        return plain(values)
    return Text(text.sparkline(values or []), style="cyan")


def day(value: date | datetime | None) -> Text:
    if value is None:
        return Text("–", style="dim")
    return Text(value.strftime("%d %b %Y"))


def days_to_expiry(value: int | None) -> Text:
    if value is None:
        return Text("–", style="dim", justify="right")
    style = "bold white on #b00020" if value <= 14 else ""
    suffix = " ⚠" if value <= 14 else ""
    return Text(f"{value:,}d{suffix}", style=style, justify="right")


def days_overdue(value: int | None) -> Text:
    if value is None or value <= 0:
        return Text("–", style="dim", justify="right")
    return Text(f"{value:,}d late", style="bold red", justify="right")


def plain(value: Any) -> Text:
    if value is None:
        return Text("–", style="dim")
    if isinstance(value, (date, datetime)):
        return day(value)
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, list):
        if text.is_counts(value):
            return sparkline(value)
        return literal(", ".join(str(v) for v in value))
    return literal(value)


def column_label(name: str, period: Period) -> str:
    """Header text for a result column; period columns are named after their months."""
    labels = {
        "this_period": period.label,
        "incidents": period.label,
        "previous": period.previous.label,
        "last_year": period.last_year.label,
        "change": "Change",
        "work_change": "Change",
        "change_pct": "vs prev",
        "change_ly_pct": "vs last yr",
        "last_12_months": "12 months",
        "months_with_incidents": "Months",
        "days_to_expiry": "Expires in",
        "days_overdue": "Overdue",
        "fpn_issued": "FPN issued",
        "fpn_paid": "FPN paid",
        "pspo": "PSPO",
        "id": "Id",
        "lsoas": "LSOAs",
        "pspos_in_force": "PSPOs in force",
        "ward_code": "Ward code",
        "rate": "Per 1,000",
        "period_incidents": f"Incidents {period.label}",
        "rate_per_1000": "Per 1,000 residents",
        "previous_rate_per_1000": f"{period.previous.label} per 1,000",
        "imd_edition": "IMD edition",
        "imd_decile": "IMD decile",
        "most_deprived_pct": "% in most deprived 10%",
        "charged_pct": "% charged",
        "investigating_pct": "% under inv.",
        "no_suspect_pct": "% no suspect",
        "no_outcome_yet": "None yet",
        # beside the share they compare with, as the categories panel's year-before column
        "charged_ly_pct": period.last_year.label,
        "no_suspect_ly_pct": period.last_year.label,
        "object_of_search": "Searched for",
        "linked_pct": "% linked to object",
    }
    return labels.get(name, name.replace("_", " ").capitalize())


# Columns drawn as figures by their name: a value that is not a finite number is shown as it is.
NUMBER_COLUMNS = frozenset(
    {"change", "work_change", "change_pct", "change_ly_pct", "days_to_expiry", "days_overdue"}
)


def cell(name: str, value: Any, row: dict[str, Any]) -> Text:
    """Render one result cell by its column name, the convention analysts' panels use too. A
    value that does not fit its name's convention (text in `change`, a list in `rag`) is shown
    plainly, never drawn as something it is not."""
    if name in NUMBER_COLUMNS and value is not None and text.drawable(value) is None:
        return plain(value)
    if name == "rag" and not isinstance(value, str):
        return plain(value)
    pct = row.get("change_pct")
    pct = pct if text.drawable(pct) is not None else None
    if name == "change":
        return change(value, pct)
    if name == "work_change":
        return change(value, pct, judged=False)
    if name in ("change_pct", "change_ly_pct"):
        return percent(value)
    if name == "rag":
        return rag(value)
    if name == "days_to_expiry":
        return days_to_expiry(value)
    if name == "days_overdue":
        return days_overdue(value)
    if name == "trend":
        return sparkline(value)
    return plain(value)
