"""Shared fixtures: databases built in tmp_path from the text files in tests/data and sample_db."""

from __future__ import annotations

import inspect
import os
import shutil
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
    """The Stockton sample, built once per test run through the real import pipeline.

    The pytest-xdist workers share one build (`ensure_sample` makes the others wait for it, as
    two `psg` started at once do) and each copies it, so a test never shares a file with another
    process: seconds of a core per worker saved, at the start when every worker wants it."""
    from psg_tui.importing.sample import ensure_sample

    path = tmp_path_factory.mktemp("sample") / "stockton-sample.duckdb"
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, holding each worker's
    shutil.copyfile(ensure_sample(shared / "shared-sample"), path)
    return path


@pytest.fixture(autouse=True)
def _no_prefetch_on_the_sample(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dashboard on the Stockton sample starts no prefetch (app/prefetch.py).

    Once the overview is drawn the prefetch computes all 29 areas' panels in the background,
    again after every period change, reload and edit: seconds of a core per dashboard, which
    the sample's Pilot and snapshot tests neither wait for nor look at (an area not computed yet
    is loaded by the chair's own query, as on a fast `n`). The prefetch, and the dashboard
    working beside it, are tested on the mini database, where it runs in every Pilot test."""
    if "sample_db" in request.fixturenames:
        from psg_tui.app.prefetch import Prefetch

        monkeypatch.setattr(Prefetch, "restart", lambda self, period: None)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never let a test touch the real user's data folder."""
    monkeypatch.setenv("PSG_DATA_DIR", str(tmp_path / "psg-data"))


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Two pytest-xdist workers per core for `-n auto`.

    A Pilot test spends about half its time asleep: Textual's Pilot waits for the app to go
    idle after every key (at least two 20 ms sleeps a key), so with one worker per core the
    cores stand idle while both workers wait. PYTEST_XDIST_AUTO_NUM_WORKERS still decides."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1)


@pytest.hookimpl(tryfirst=True)  # before -m picks the tests by their marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Seconds a test, so marked slow (left out of the fast loop, `pytest -m "not slow"`):
    a test on the Stockton sample (building it takes seconds, and its dashboard's screens are
    big), a snapshot, and a test that drives the dashboard with Pilot (tests/ui's async tests:
    one to five seconds each)."""
    ui = Path(__file__).parent / "ui"
    for item in items:
        names = getattr(item, "fixturenames", ())
        function = getattr(item, "function", None)
        # A Hypothesis test is a plain function wrapping the test it runs, which may be a Pilot test.
        function = getattr(getattr(function, "hypothesis", None), "inner_test", function)
        pilot = ui in item.path.parents and inspect.iscoroutinefunction(function)
        if "sample_db" in names or "snap_compare" in names or pilot:
            item.add_marker(pytest.mark.slow)
    # The slow tests first (a stable sort: each file's tests stay in order): the pytest-xdist
    # workers then start the long ones at once and share out the quick ones at the end,
    # instead of one worker running the last long Pilot tests alone while the other waits.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
