"""Shared fixtures: databases built in tmp_path from the text files in tests/data and sample_db."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from psg_tui.core.database import create_schema
from psg_tui.importing.derived import refresh_derived
from tests import examples  # noqa: F401  (registers and loads the Hypothesis profiles)
from tests.built_once import built_once

DATA = Path(__file__).parent / "data"


@built_once
def build_mini(path: Path) -> Path:
    con = duckdb.connect(str(path))
    try:
        create_schema(con)
        con.execute((DATA / "mini.sql").read_text(encoding="utf-8"))
        refresh_derived(con)
    finally:
        con.close()
    return path


@pytest.fixture
def mini_db(tmp_path: Path) -> Path:
    """Two wards and a hotspot with hand-countable figures (see tests/data/mini.sql)."""
    return build_mini(tmp_path / "mini.duckdb")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Stockton sample, built once per test run through the real import pipeline."""
    from psg_tui.importing.sample import build_sample

    path = tmp_path_factory.mktemp("sample") / "stockton-sample.duckdb"
    build_sample(path)
    return path


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never let a test touch the real user's data folder."""
    monkeypatch.setenv("PSG_DATA_DIR", str(tmp_path / "psg-data"))
