"""The columns each import kind reads, and recognising a file given under the wrong kind."""

from __future__ import annotations

import re

from psg_tui.importing.common import Layout

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

LAYOUTS: dict[str, Layout] = {
    "police-uk": Layout(exact=POLICE_UK_COLUMNS),
    "pspo-breaches": Layout(
        required=("id", "pspo", "occurred", "area", "prohibition", "outcome"), optional=("location",)
    ),
    "closure-orders": Layout(
        required=("id", "premises", "area", "kind", "issued", "status"),
        optional=("hearing", "expires", "applicant"),
    ),
    "pspos": Layout(required=("id", "name", "made", "expires", "prohibitions", "areas")),
    "incidents": Layout(
        required=("id", "occurred", "category"),
        optional=("area", "lsoa_code", "location", "latitude", "longitude", "outcome", "operation", "source"),
    ),
    "area-lsoas": Layout(required=("area_id", "lsoa_code"), optional=("lsoa_name",)),
    "areas": Layout(required=("id", "name", "kind"), optional=("ward_code", "phase", "operations")),
    "operations": Layout(
        required=("id", "name", "started", "areas"),
        optional=("ended", "target_categories", "lead_agency", "aims"),
    ),
    "interventions": Layout(
        required=("date", "area", "kind", "agency"),
        optional=("operation", "count", "subject", "outcome", "phase", "hours", "id"),
    ),
}
# Kinds whose files may be Parquet as well as CSV.
PARQUET_KINDS = ("incidents", "operations", "interventions")

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


def guess_kind(header: list[str]) -> str | None:
    """The kind whose columns this header has, to suggest when a file was given under another kind."""
    if tuple(header) == POLICE_UK_COLUMNS:
        return "police-uk"
    if ons_columns(header):
        return "ons-wards"
    lowered = {name.strip().lower() for name in header}
    for kind, layout in LAYOUTS.items():
        if layout.exact is None and set(layout.required) <= lowered:
            return kind
    return None
