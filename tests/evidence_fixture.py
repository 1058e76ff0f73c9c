"""Residents and deprivation for the mini partnership (tests/data/mini.sql), for rate tests.

E01000001 (North 001A): 1,500 residents, IMD 2025 decile 1 (2019: decile 3)
E01000002 (North 001B): 2,500 residents, IMD 2025 decile 4 (2019: decile 5)
E01000003 (South 001A):   800 residents, IMD 2025 decile 2
"""

from __future__ import annotations

from pathlib import Path

import duckdb

POPULATION = (
    "INSERT INTO population VALUES ('E01000001', 1500, 2022, 'test'), "
    "('E01000002', 2500, 2022, 'test'), ('E01000003', 800, 2022, 'test')"
)
IMD = """INSERT INTO imd VALUES
    ('E01000001', 2025, 'E01000001', 100, 1), ('E01000002', 2025, 'E01000002', 12000, 4),
    ('E01000003', 2025, 'E01000003', 5000, 2),
    ('E01000001', 2019, 'E01000001', 9000, 3), ('E01000002', 2019, 'E01000002', 15000, 5)"""


def add(db: Path, *statements: str) -> Path:
    con = duckdb.connect(str(db))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()
    return db


def with_evidence(db: Path) -> Path:
    """The mini database with the residents and deprivation above."""
    return add(db, POPULATION, IMD)
