"""The columns publishers fix (data.police.uk, the ONS lookups, the IoD files), and telling
their files apart by header."""

from __future__ import annotations

import re

from psg_tui.importing.common import Layout, header_key

POLICE_UK_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)

# data.police.uk's outcomes files: each crime's outcome events, by Crime ID.
POLICE_UK_OUTCOMES_COLUMNS = (*POLICE_UK_COLUMNS[:9], "Outcome type")  # the street columns up to LSOA name
# data.police.uk's stop-and-search files (one per force and month, no LSOA).
POLICE_UK_STOP_SEARCH_COLUMNS = (
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
)
# The three files a police.uk download holds for a force and month, by the end of their names
# (YYYY-MM-FORCE-street.csv, ...): the part each is, and its columns.
POLICE_UK_PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "street": ("-street.csv", POLICE_UK_COLUMNS),
    "outcomes": ("-outcomes.csv", POLICE_UK_OUTCOMES_COLUMNS),
    "stop-and-search": ("-stop-and-search.csv", POLICE_UK_STOP_SEARCH_COLUMNS),
}


def police_uk_part(header: list[str]) -> str | None:
    """Which police.uk file a header is ('street', 'outcomes', 'stop-and-search'), or None."""
    given = tuple(header_key(name) for name in header)
    return next(
        (
            part
            for part, (_, columns) in POLICE_UK_PARTS.items()
            if given == tuple(header_key(name) for name in columns)
        ),
        None,
    )


def police_uk_layout(header: list[str]) -> Layout | None:
    """The columns of the police.uk file this header is (street, outcomes, stop-and-search), or None."""
    part = police_uk_part(header)
    return Layout(exact=POLICE_UK_PARTS[part][1]) if part else None


# The IMD file's LSOA code column says which LSOAs it is on: 2011 (IoD2019) or 2021 (IoD2025).
IMD_LSOA_2011 = ("LSOA code (2011)", "LSOA11CD", "lsoa11_code")
IMD_LSOA_2021 = ("LSOA code (2021)", "LSOA21CD", "lsoa21_code", "lsoa")

ONS_COLUMN = re.compile(r"^(LSOA|WD)(\d{2})(CD|NM)$", re.IGNORECASE)


def ons_columns(header: list[str]) -> dict[str, int] | None:
    """Positions of the LSOA code/name and ward code/name columns of an ONS lookup, any year.

    ONS lookups name their columns by year (LSOA11CD/WD19CD, LSOA21CD/WD24CD, ...); the newest
    ward year wins if a file carries several.
    """
    found: dict[tuple[str, str], tuple[str, int]] = {}
    for position, name in enumerate(header):
        match = ONS_COLUMN.match(name.strip())
        if not match:
            continue
        key = (match.group(1).upper(), match.group(3).upper())
        year = match.group(2)
        if key not in found or year > found[key][0]:
            found[key] = (year, position)
    wanted = [("LSOA", "CD"), ("LSOA", "NM"), ("WD", "CD"), ("WD", "NM")]
    if not all(key in found for key in wanted):
        return None
    if (
        found[("LSOA", "CD")][0] != found[("LSOA", "NM")][0]
        or found[("WD", "CD")][0] != found[("WD", "NM")][0]
    ):
        return None
    return {
        "lsoa_code": found[("LSOA", "CD")][1],
        "lsoa_name": found[("LSOA", "NM")][1],
        "ward_code": found[("WD", "CD")][1],
        "ward_name": found[("WD", "NM")][1],
    }
