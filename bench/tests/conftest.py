"""The benchmark scripts import each other by module name, as they do when run from bench/."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The Hypothesis profiles the whole suite runs under (HYPOTHESIS_PROFILE=explore for new examples).
from tests import examples  # noqa: F401
from tests.built_once import built_once_per_run

BENCH = Path(__file__).resolve().parent.parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))


@pytest.fixture(scope="session")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 20,000-incident synthetic force: the generator's shape at a size a test can afford,
    generated once per test run and copied for each pytest-xdist worker."""
    from generate import generate

    return built_once_per_run(
        tmp_path_factory, "db-20k.duckdb", lambda path: generate(path, 20_000, progress=False)
    )
