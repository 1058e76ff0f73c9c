"""Fixtures for the import pipeline: schema-only databases, the real files, small CSVs written in tmp_path."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from psg_tui.core.database import create_schema
from psg_tui.importing import import_files

DATA = Path(__file__).parent.parent / "data"
POLICE_FILE = DATA / "police_uk" / "2021-08-cleveland-street.csv"
LOOKUP = DATA / "ons" / "stockton_lsoa_to_ward.csv"
POLICE_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context"
)


def table(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list[tuple]:
    return con.execute(sql, params or {}).fetchall()


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None):
    return con.execute(sql, params or {}).fetchall()[0][0]


def slug(name: str) -> str:
    """An independent slug, to check the SQL one against."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "")).strip("-")


def lookup_rows() -> list[dict[str, str]]:
    with LOOKUP.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    """An empty psg-tui database in memory."""
    connection = duckdb.connect()
    create_schema(connection)
    yield connection
    connection.close()


@pytest.fixture
def stockton(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The 26 Stockton-on-Tees wards and their 120 LSOAs, from the real ONS lookup."""
    import_files(con, "ons-wards", [LOOKUP])
    return con


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a text file into tmp_path (LF endings unless the text has others)."""

    def _write(name: str, text: str, *, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
        return path

    return _write


def police_row(
    *,
    crime_id: str = "",
    month: str = "2021-09",
    lon: str = "-1.316",
    lat: str = "54.565",
    location: str = "On or near High Street",
    lsoa: str = "E01012262",
    lsoa_name: str = "Stockton-on-Tees 014A",
    crime_type: str = "Anti-social behaviour",
    outcome: str = "",
    force: str = "Cleveland Police",
) -> str:
    return ",".join(
        [crime_id, month, force, force, lon, lat, location, lsoa, lsoa_name, crime_type, outcome, ""]
    )
