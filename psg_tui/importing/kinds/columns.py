"""The columns each import kind reads, and recognising a file given under the wrong kind."""

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


# The IMD file's LSOA code column says which LSOAs it is on: 2011 (IoD2019) or 2021 (IoD2025).
IMD_LSOA_2011 = ("LSOA code (2011)", "LSOA11CD", "lsoa11_code")
IMD_LSOA_2021 = ("LSOA code (2021)", "LSOA21CD", "lsoa21_code", "lsoa")

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
    # ONS mid-year LSOA estimates (sapelsoasyoa: `LSOA 2021 Code`, `Total`; before mid-2021,
    # 2011 LSOAs: `LSOA Code`, `All Ages`) or a plain lsoa,population CSV.
    "population": Layout(
        required=("lsoa", "population"),
        optional=("year", "source"),
        aliases={
            "lsoa": ("lsoa_code", "LSOA 2021 Code", "LSOA21CD", "LSOA code (2021)", "LSOA Code", "LSOA11CD"),
            "population": ("Total", "All Ages", "all_ages"),
        },
    ),
    # English Indices of Deprivation, File 1 (IMD) or File 7 (all scores, ranks and deciles).
    "imd": Layout(
        required=("lsoa_code", "imd_rank", "imd_decile"),
        optional=("edition",),
        aliases={
            "lsoa_code": IMD_LSOA_2011 + IMD_LSOA_2021,
            "imd_rank": (
                "Index of Multiple Deprivation (IMD) Rank",
                "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)",
                "IMD_Rank",
            ),
            "imd_decile": (
                "Index of Multiple Deprivation (IMD) Decile",
                "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)",
                "IMD_Decile",
            ),
        },
    ),
    "lsoa-changes": Layout(required=("lsoa11cd", "lsoa21cd", "chgind"), optional=("lsoa11nm", "lsoa21nm")),
    "survey": Layout(
        required=("wave", "area", "topic", "respondents", "agreeing"),
        optional=("wave_date",),
        aliases={"wave_date": ("date",)},
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
    if police_uk_part(header):
        return "police-uk"
    if ons_columns(header):
        return "ons-wards"
    lowered = {name.strip().lower() for name in header}
    for kind, layout in LAYOUTS.items():
        if layout.exact is None and all(
            any(n.lower() in lowered for n in layout.names(c)) for c in layout.required
        ):
            return kind
    return None
