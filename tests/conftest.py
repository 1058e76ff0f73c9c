"""Shared fixtures: databases built in tmp_path from the text files in tests/data and sample_db."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from hypothesis import settings

from psg_tui.core.database import create_schema
from psg_tui.importing.derived import refresh_derived
from tests.built_once import built_once

DATA = Path(__file__).parent / "data"

# The property tests run the same examples on every run of the suite (CI among them), so a red
# run is one a developer can repeat; `HYPOTHESIS_PROFILE=explore pytest` looks for new examples.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


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
