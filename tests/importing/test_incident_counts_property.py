"""incident_counts after any sequence of imports equals area_incidents counted, exactly.

Hypothesis draws sequences of imports into a small district (three wards, six LSOAs): police.uk
months imported and imported again with other rows (with and without --replace, so some are
refused), extracts whose rows move between months, a hotspot and its LSOAs, a ward lookup that
moves an LSOA, and the ONS 2011 -> 2021 lookup placing a code no area held. After every step,
refused or not, the kept counts and the raw rows counted must agree in both directions.
"""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psg_tui.core.database import create_schema
from psg_tui.core.errors import PsgError
from psg_tui.importing import import_files
from tests.examples import PER_DATABASE
from tests.importing.conftest import POLICE_HEADER, police_row
from tests.importing.test_incident_counts import differences

WARDS = "LSOA11CD,LSOA11NM,WD19CD,WD19NM\n"
LSOAS = {  # code: (name, ward code, ward name)
    "E01000001": ("Stockton-on-Tees 001A", "E05000001", "North"),
    "E01000002": ("Stockton-on-Tees 001B", "E05000001", "North"),
    "E01000003": ("Stockton-on-Tees 002A", "E05000002", "South"),
    "E01000004": ("Stockton-on-Tees 002B", "E05000002", "South"),
    "E01000005": ("Stockton-on-Tees 003A", "E05000003", "East"),
    "E01000006": ("Stockton-on-Tees 003B", "E05000003", "East"),
}
UNPLACED = ("E01000099", "Stockton-on-Tees 009Z")  # of the district, held by no area
ELSEWHERE = ("E01020000", "County Durham 001A")  # skipped by police.uk imports
PLACES = [(code, name) for code, (name, _, _) in LSOAS.items()] + [UNPLACED, ELSEWHERE, ("", "")]
MONTHS = ("2021-07", "2021-08", "2021-09")
CATEGORIES = ("Anti-social behaviour", "Burglary", "Drugs")
AREAS = ("north", "south", "east", "high-street")
EXTRACT = "id,occurred,category,area,lsoa_code,location,latitude,longitude,outcome,operation\n"

place = st.sampled_from(PLACES)
category = st.sampled_from(CATEGORIES)
police = st.tuples(
    st.just("police-uk"),
    st.sampled_from(MONTHS),
    st.lists(st.tuples(place, category), min_size=2, max_size=8),
    st.booleans(),  # --replace
)
held = st.sampled_from([(code, name) for code, (name, _, _) in LSOAS.items()])
extract = st.tuples(
    st.just("incidents"),
    st.sampled_from(("council-asb", "council-asb", "housing")),
    st.lists(
        st.tuples(
            st.sampled_from(("A1", "A2")),  # few ids, so later files move rows between months
            st.sampled_from(MONTHS),
            st.integers(1, 28),
            category,
            st.sampled_from((*AREAS, "")),
            st.one_of(held, held, place),
        ),
        min_size=1,
        max_size=2,
        unique_by=lambda row: row[0],
    ),
)
hotspot = st.tuples(st.just("hotspot"), st.lists(st.sampled_from(sorted(LSOAS)), min_size=1, max_size=3))
wards = st.tuples(
    st.just("ons-wards"), st.sampled_from(sorted(LSOAS)), st.sampled_from(("North", "South", "East"))
)
lookup = st.tuples(st.just("lsoa-changes"), st.sampled_from(sorted(LSOAS)))
steps = st.lists(st.one_of(police, police, extract, extract, hotspot, wards, lookup), min_size=2, max_size=8)


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _wards_file(folder: Path, moved: str | None = None, to: str | None = None) -> Path:
    codes = {"North": "E05000001", "South": "E05000002", "East": "E05000003"}
    lines = []
    for code, (name, ward_code, ward) in LSOAS.items():
        if code == moved and to:
            ward_code, ward = codes[to], to
        lines.append(f"{code},{name},{ward_code},{ward}\n")
    return _file(folder, "wards.csv", WARDS + "".join(lines))


def _run(con: duckdb.DuckDBPyConnection, folder: Path, step: tuple) -> None:
    kind = step[0]
    if kind == "police-uk":
        _, month, rows, replace = step
        body = "".join(
            police_row(month=month, lsoa=code, lsoa_name=name, crime_type=what) + "\n"
            for (code, name), what in rows
        )
        path = _file(folder, f"{month}-cleveland-street.csv", f"{POLICE_HEADER}\n{body}")
        import_files(con, kind, [path], replace=replace)
    elif kind == "incidents":
        _, source, rows = step
        body = "".join(
            f"{ref},{month}-{day:02d},{what},{area},{code},,,,,\n"
            for ref, month, day, what, area, (code, _) in rows
        )
        import_files(con, kind, [_file(folder, "extract.csv", EXTRACT + body)], source=source)
    elif kind == "hotspot":
        import_files(
            con, "areas", [_file(folder, "areas.csv", "id,name,kind\nhigh-street,High Street,hotspot\n")]
        )
        links = "".join(f"high-street,{code}\n" for code in step[1])
        import_files(con, "area-lsoas", [_file(folder, "links.csv", "area_id,lsoa_code\n" + links)])
    elif kind == "ons-wards":
        import_files(con, kind, [_wards_file(folder, step[1], step[2])], replace=True)
    else:
        code, name = UNPLACED
        text = f"LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND\n{step[1]},{LSOAS[step[1]][0]},{code},{name},S\n"
        import_files(con, kind, [_file(folder, "lookup.csv", text)])


@pytest.mark.slow
@PER_DATABASE
@given(steps)
def test_counts_equal_the_raw_rows_after_every_import(sequence: list[tuple]) -> None:
    con = duckdb.connect()
    with tempfile.TemporaryDirectory() as folder:
        try:
            create_schema(con)
            import_files(con, "ons-wards", [_wards_file(Path(folder))])
            for step in sequence:
                # A refused file (a shrinking month without --replace, nothing storable) changes nothing.
                with contextlib.suppress(PsgError):
                    _run(con, Path(folder), step)
                assert differences(con) == [], step
        finally:
            con.close()
