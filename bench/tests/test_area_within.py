"""schema.sql's faster area_within gives exactly the pairs of the original NOT EXISTS form."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from psg_tui.core.database import create_schema
from tests.examples import IN_MEMORY

# The definition area_within had before the benchmarks (commit 4285617), kept as the reference.
ORIGINAL = """
    SELECT inner_area.id AS area_id, outer_area.id AS within_id
    FROM areas inner_area, areas outer_area
    WHERE inner_area.id = outer_area.id
       OR (EXISTS (SELECT 1 FROM area_lsoas x WHERE x.area_id = inner_area.id)
           AND NOT EXISTS (
               SELECT 1 FROM area_lsoas x
               WHERE x.area_id = inner_area.id
                 AND x.lsoa_code NOT IN (SELECT y.lsoa_code FROM area_lsoas y WHERE y.area_id = outer_area.id)))
"""

AREAS = [f"a{i}" for i in range(6)]
LSOAS = [f"E0100000{i}" for i in range(6)]
# Memberships may name areas missing from `areas` (orphans psg db check reports): both must ignore them.
memberships = st.sets(st.tuples(st.sampled_from([*AREAS, "orphan"]), st.sampled_from(LSOAS)), max_size=20)


@pytest.fixture(scope="module")
def schema() -> Iterator[duckdb.DuckDBPyConnection]:
    """One in-memory database with the schema (building it is most of an example's time); each
    example works in a transaction it rolls back, so it starts from empty tables."""
    con = duckdb.connect()
    try:
        create_schema(con)
        yield con
    finally:
        con.close()


@IN_MEMORY
@given(areas=st.sets(st.sampled_from(AREAS), min_size=1), members=memberships)
def test_same_pairs_as_the_original_definition(
    schema: duckdb.DuckDBPyConnection, areas: set[str], members: set[tuple[str, str]]
) -> None:
    con = schema
    con.execute("BEGIN")
    try:
        assert con.execute("SELECT count(*) FROM areas").fetchone() == (0,)
        con.executemany("INSERT INTO areas (id, name, kind) VALUES (?, ?, 'custom')", [(a, a) for a in areas])
        if members:
            con.executemany("INSERT INTO area_lsoas (area_id, lsoa_code) VALUES (?, ?)", sorted(members))
        ours = con.execute("SELECT area_id, within_id FROM area_within ORDER BY ALL").fetchall()
        theirs = con.execute(f"SELECT * FROM ({ORIGINAL}) ORDER BY ALL").fetchall()
        assert ours == theirs
    finally:
        con.execute("ROLLBACK")
