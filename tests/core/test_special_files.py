"""Every file psg reads is checked first: a named pipe, a device, a folder or an oversized file
is refused with one line saying which, never a hang or an endless read.

Each test runs under an alarm, so a reader that blocks on a pipe or reads /dev/zero for ever
fails the test instead of hanging the suite.
"""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from psg_tui.cli import main
from psg_tui.core import files
from psg_tui.core.errors import DataError, MissingInputError
from psg_tui.core.evidence_maps import PRIORITIES_ENV, TOPICS_ENV, load_priorities, load_topics
from psg_tui.core.personal import AllowList
from psg_tui.core.queries import load_queries
from tests.importing.conftest import LOOKUP, POLICE_FILE
from tests.minutes.conftest import SPEC_EXAMPLE

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX")

ALARM_SECONDS = 30


class Hung(Exception):
    pass


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Fail, rather than hang, a test whose reader blocks on a pipe or never finishes a device."""

    def ring(signum, frame):
        raise Hung(f"still reading after {ALARM_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(ALARM_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


def run_isolated(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """psg in its own process, with a timeout and 1 GB of memory: a reader that blocks on a pipe
    or reads /dev/zero without end fails in seconds (an alarm cannot stop a read that never blocks)."""

    def small() -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "psg_tui", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=small,
        env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in done.stderr
    return done


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- the helper ---------------------------------------------------------------------------------


def test_a_regular_file_within_its_limit_passes_and_is_read(tmp_path: Path):
    path = tmp_path / "names.txt"
    path.write_bytes(b"Parkfield\n")
    assert files.regular_file(path, 100, "a list").st_size == 10
    assert files.read_bytes(path, 10, "a list") == b"Parkfield\n"
    assert files.read_bytes(path, None, "a list", head=4) == b"Park"


@pytest.mark.parametrize("check", ["regular_file", "read_bytes"])
def test_a_named_pipe_is_refused_by_name(fifo: Path, check: str):
    with pytest.raises(MissingInputError) as caught:
        getattr(files, check)(fifo, files.TOML, "a column map")
    assert caught.value.message == f"{fifo} is a named pipe (FIFO), not a column map."


@pytest.mark.parametrize("check", ["regular_file", "read_bytes"])
def test_a_device_that_never_ends_is_refused(check: str):
    with pytest.raises(MissingInputError, match=r"/dev/zero is a character device, not an allow-list"):
        getattr(files, check)(Path("/dev/zero"), files.NAME_LIST, "an allow-list")


@pytest.mark.parametrize("check", ["regular_file", "read_bytes"])
def test_a_folder_is_refused(tmp_path: Path, check: str):
    with pytest.raises(MissingInputError, match="is a folder, not a panel query file"):
        getattr(files, check)(tmp_path, files.PANEL, "a panel query file")


def test_a_file_past_its_limit_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(files.TOML + 1)  # sparse: nothing is written, the size is what counts
    for check in (files.regular_file, files.read_bytes):
        with pytest.raises(DataError, match=r"is 8 MB, larger than a column map can be \(8 MB\)"):
            check(path, files.TOML, "a column map")


def test_a_missing_file_is_said_by_regular_file_and_left_to_the_caller_by_read_bytes(tmp_path: Path):
    with pytest.raises(MissingInputError, match="There is no file at"):
        files.regular_file(tmp_path / "gone", None, "a database")
    with pytest.raises(FileNotFoundError):
        files.read_bytes(tmp_path / "gone", None, "a database")


def test_read_fd_stops_one_byte_past_the_limit():
    fd = os.open("/dev/zero", os.O_RDONLY)
    try:
        assert len(files.read_fd(fd, 5 * files.MIB)) == 5 * files.MIB + 1
    finally:
        os.close(fd)


# -- every reader ------------------------------------------------------------------------------


EXTRA = {"load-minutes": [SPEC_EXAMPLE], "query": ["area_categories"]}


@pytest.mark.parametrize(
    "command", [["db", "check"], ["db", "upgrade"], ["query"], ["db", "load-minutes"], ["open"]]
)
@pytest.mark.parametrize("special", ["fifo", "folder"])
def test_a_database_that_is_a_pipe_or_folder(
    capsys, tmp_path: Path, fifo: Path, command: list[str], special: str
):
    target = {"fifo": fifo, "folder": tmp_path}[special]
    code, err = run(capsys, *command, target, *EXTRA.get(command[-1], []))
    assert code == 66
    assert f"{target} is a named pipe (FIFO)" in err or f"{target} is a folder" in err
    assert len(err.strip().splitlines()) <= 2  # the problem, and what to do


@pytest.mark.parametrize("command", [["db", "check"], ["query"], ["open"]])
def test_dev_zero_as_the_database_is_refused_in_a_real_process(command: list[str]):
    done = run_isolated(*command, "/dev/zero", *EXTRA.get(command[-1], []))
    assert done.returncode == 66 and "/dev/zero is a character device, not a DuckDB database" in done.stderr


def test_an_import_file_that_is_a_pipe_or_device_changes_nothing(capsys, tmp_path: Path, fifo: Path):
    db = tmp_path / "meeting.duckdb"
    assert main(["db", "init", str(db)]) == 0
    before = digest(db)
    # A good file first: all the files go in together or not at all.
    code, err = run(capsys, "db", "import", db, "ons-wards", LOOKUP, fifo)
    assert code == 66 and f"{fifo} is a named pipe (FIFO), not an import file (CSV or Parquet)" in err
    done = run_isolated("db", "import", db, "ons-wards", LOOKUP, "/dev/zero")
    assert done.returncode == 66 and "/dev/zero is a character device, not an import file" in done.stderr
    assert digest(db) == before
    assert not list(tmp_path.glob("*rejects*"))


def test_an_import_file_too_large_is_refused_before_it_is_read(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    db = tmp_path / "meeting.duckdb"
    assert main(["db", "init", str(db)]) == 0
    monkeypatch.setattr(files, "IMPORT", 1000)
    monkeypatch.setattr("psg_tui.importing.download.IMPORT", 1000)
    code, err = run(capsys, "db", "import", db, "police-uk", POLICE_FILE)
    assert code == 65 and "larger than an import file (CSV or Parquet) can be (1000 bytes)" in err


def test_a_column_map_that_is_a_pipe_or_device(capsys, tmp_path: Path, fifo: Path):
    db = tmp_path / "meeting.duckdb"
    assert main(["db", "init", str(db)]) == 0
    csv = tmp_path / "incidents.csv"
    csv.write_text("id,occurred,category\n1,2026-10-01,ASB\n", encoding="utf-8")
    code, err = run(capsys, "db", "import", db, "incidents", csv, "--source", "council", "--map", fifo)
    assert code == 66 and "is a named pipe (FIFO), not a column map (--map)" in err
    done = run_isolated("db", "import", db, "incidents", csv, "--source", "council", "--map", "/dev/zero")
    assert done.returncode == 66 and "/dev/zero is a character device, not a column map" in done.stderr


def test_allow_names_from_a_pipe_or_dev_zero_is_refused(capsys, tmp_path: Path, fifo: Path):
    code, err = run(capsys, "minutes", "show", SPEC_EXAMPLE, "--redact", "--allow-names", fifo)
    assert code == 66 and "is a named pipe (FIFO), not an allow-list of names" in err
    done = run_isolated("minutes", "show", SPEC_EXAMPLE, "--redact", "--allow-names", "/dev/zero")
    assert done.returncode == 66 and "/dev/zero is a character device, not an allow-list" in done.stderr
    with pytest.raises(MissingInputError):
        AllowList.default([fifo])


def test_the_users_own_allow_list_as_a_pipe_is_passed_over(tmp_path: Path):
    """The data folder's allow-names.txt is optional: a pipe there is ignored, not waited on."""
    folder = tmp_path / "psg-data"  # PSG_DATA_DIR in every test (tests/conftest.py)
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "allow-names.txt")
    assert "stockton" in AllowList.default().words


def test_db_given_to_minutes_show_as_a_pipe(capsys, fifo: Path):
    code, err = run(capsys, "minutes", "show", SPEC_EXAMPLE, "--db", fifo)
    assert code == 66 and "named pipe" in err


@pytest.mark.parametrize("env", [TOPICS_ENV, PRIORITIES_ENV])
def test_topics_and_priorities_files_that_are_pipes_or_devices(
    monkeypatch: pytest.MonkeyPatch, fifo: Path, mini_db: Path, env: str
):
    monkeypatch.setenv(env, str(fifo))
    with pytest.raises(
        MissingInputError, match=f"is a named pipe \\(FIFO\\), not a TOML file \\(named by {env}\\)"
    ):
        (load_topics if env == TOPICS_ENV else load_priorities)()
    panel = ["perception_gap", "--area", "all"] if env == TOPICS_ENV else ["district_change"]
    done = run_isolated("query", mini_db, *panel, env={env: "/dev/zero"})
    assert (
        done.returncode != 0
        and f"/dev/zero is a character device, not a TOML file (named by {env})" in done.stderr
    )


def test_a_panel_file_that_is_a_pipe_is_a_panel_saying_so(tmp_path: Path):
    os.mkfifo(tmp_path / "stuck.sql")
    (tmp_path / "fine.sql").write_text("-- title: Fine\n-- scope: area\nSELECT 1 AS n\n", encoding="utf-8")
    queries = load_queries([tmp_path])
    assert queries["fine"].problem is None
    assert "is a named pipe (FIFO), not a panel query file" in queries["stuck"].problem


def test_psg_query_names_the_panel_file_that_is_a_pipe(
    capsys, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mini_db: Path
):
    folder = tmp_path / "panels"
    folder.mkdir()
    os.mkfifo(folder / "stuck.sql")
    monkeypatch.setenv("PSG_QUERIES_DIR", str(folder))
    code, err = run(capsys, "query", mini_db, "stuck")
    assert code != 0 and "named pipe" in err


def test_minutes_that_are_too_large_are_refused(capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "big.toml"
    path.write_bytes(SPEC_EXAMPLE.read_bytes())
    monkeypatch.setattr(files, "MINUTES", 100)
    code, err = run(capsys, "minutes", "validate", path)
    assert code == 65 and "larger than a minutes file can be (100 bytes)" in err


@pytest.mark.slow
def test_a_named_pipe_as_the_database_does_not_hang_a_real_process(fifo: Path):
    """The whole command, as an analyst runs it: refused in seconds, with no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "psg_tui", "open", str(fifo)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 66, done.stderr
    assert "named pipe" in done.stderr and "Traceback" not in done.stderr
