"""One writer at a time: a second import, load-minutes or init waits or is refused, never lost;
copies left by a killed import are removed (and said) by the next import or dashboard."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from psg_tui.cli import main
from psg_tui.commands.dashboard import _remove_copies_left_by_stopped_writers
from psg_tui.core.database import open_database
from psg_tui.core.write_lock import lock_path, working_copies
from psg_tui.importing import import_into_database
from psg_tui.importing.sample import sample_minutes_path
from tests.importing.conftest import LOOKUP, POLICE_FILE, POLICE_HEADER, scalar

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_AREAS = ROOT / "sample_db" / "areas.csv"
MINUTES = sample_minutes_path()  # 15 actions in the sample's areas


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "meeting.duckdb"
    assert main(["db", "init", str(path)]) == 0
    import_into_database(path, "ons-wards", [LOOKUP])
    import_into_database(path, "areas", [SAMPLE_AREAS])
    return path


@pytest.fixture(scope="module")
def big_month(tmp_path_factory) -> Path:
    """About 110,000 Stockton rows of one month: an import that takes a moment."""
    with POLICE_FILE.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in list(csv.reader(handle))[1:] if r[8].startswith("Stockton-on-Tees")]
    path = tmp_path_factory.mktemp("big") / "2021-08-cleveland-street.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(POLICE_HEADER.split(","))
        for _ in range(48):
            writer.writerows(rows)
    return path


def psg(*args: object, wait: float | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    if wait is not None:
        env["PSG_WRITE_LOCK_WAIT"] = str(wait)
    return subprocess.Popen(
        [sys.executable, "-m", "psg_tui", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def wait_for_copy(db: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not working_copies(db):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import never made its working copy"
        time.sleep(0.002)


def counts(db: Path) -> tuple[int, int]:
    con = open_database(db)
    try:
        return scalar(con, "SELECT count(*) FROM incidents"), scalar(con, "SELECT count(*) FROM actions")
    finally:
        con.close()


@pytest.mark.parametrize("run", range(4))
def test_load_minutes_during_an_import_is_never_lost(db: Path, big_month: Path, run: int) -> None:
    """Both are real processes; load-minutes starts while the import is working on its copy."""
    importing = psg("db", "import", db, "police-uk", big_month)
    wait_for_copy(db, importing)
    loading = psg("db", "load-minutes", db, MINUTES)
    load_out, load_err = loading.communicate(timeout=120)
    _, import_err = importing.communicate(timeout=120)
    assert importing.returncode == 0, import_err
    assert loading.returncode == 0, load_err
    assert "Loaded 15 action(s)" in load_out
    assert counts(db) == (2271 * 48, 15)  # neither write lost the other's


def test_a_second_writer_that_cannot_wait_is_refused_with_75_naming_the_holder(
    db: Path, big_month: Path
) -> None:
    importing = psg("db", "import", db, "police-uk", big_month)
    wait_for_copy(db, importing)
    loading = psg("db", "load-minutes", db, MINUTES, wait=0)
    _, load_err = loading.communicate(timeout=120)
    importing.communicate(timeout=120)
    assert loading.returncode == 75
    assert f"is being changed by `psg db import police-uk` (process {importing.pid} on" in load_err
    assert "Traceback" not in load_err
    assert importing.returncode == 0
    assert counts(db) == (2271 * 48, 0)  # refused, so nothing claimed to be loaded was lost


HOLD = textwrap.dedent(
    """
    import sys
    from psg_tui.core.write_lock import database_write_lock
    with database_write_lock(sys.argv[1], "psg db import police-uk"):
        print("held", flush=True)
        sys.stdin.readline()
    """
)


@pytest.mark.parametrize(
    "command",
    [
        ["db", "import", "{db}", "police-uk", str(POLICE_FILE)],
        ["db", "load-minutes", "{db}", str(MINUTES)],
        ["db", "init", "{new}"],
    ],
    ids=["import", "load-minutes", "init"],
)
def test_every_writer_takes_the_same_lock(db: Path, tmp_path: Path, command, monkeypatch, capsys) -> None:
    new = tmp_path / "new.duckdb"
    target = new if "init" in command else db
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(target)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("PSG_WRITE_LOCK_WAIT", "0.2")
        args = [part.format(db=db, new=new) for part in command]
        assert main(args) == 75
        err = capsys.readouterr().err
        assert f"(process {holder.pid} on" in err and "psg db import police-uk" in err
    finally:
        holder.communicate("\n", timeout=30)
    assert not new.exists()
    assert counts(db) == (0, 0)


def test_a_second_writer_waits_for_a_short_one(db: Path, capsys) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD + "\nimport time\n", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    releaser = subprocess.Popen(
        [sys.executable, "-c", f"import time, os; time.sleep(0.5); os.kill({holder.pid}, 15)"]
    )
    started = time.monotonic()
    assert main(["db", "load-minutes", str(db), str(MINUTES)]) == 0
    assert time.monotonic() - started >= 0.3
    releaser.wait(timeout=30)
    holder.wait(timeout=30)
    assert counts(db) == (0, 15)


def test_two_spellings_of_the_database_share_one_lock(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.duckdb"
    link.symlink_to(db)
    assert lock_path(link) == lock_path(db)
    import_into_database(link, "police-uk", [POLICE_FILE])
    assert link.is_symlink() and counts(db) == (2271, 0)


def kill_an_import(db: Path, big_month: Path) -> Path:
    importing = psg("db", "import", db, "police-uk", big_month)
    wait_for_copy(db, importing)
    copies = working_copies(db)
    importing.send_signal(signal.SIGKILL)
    importing.wait(timeout=30)
    assert copies and all(c.exists() for c in copies)
    return copies[0]


def test_a_killed_import_leaves_the_database_whole_and_the_next_import_removes_its_copy(
    db: Path, big_month: Path, capsys
) -> None:
    copy = kill_an_import(db, big_month)
    assert counts(db) == (0, 0)
    assert main(["db", "import", str(db), "police-uk", str(POLICE_FILE)]) == 0
    out = capsys.readouterr().out
    assert f"Removed {copy.name}" in out and "a write that was stopped" in out
    assert working_copies(db) == []


def test_the_next_dashboard_start_removes_a_killed_imports_copy_and_says_so(
    db: Path, big_month: Path, capsys
) -> None:
    copy = kill_an_import(db, big_month)
    _remove_copies_left_by_stopped_writers(db)
    assert f"psg: Removed {copy.name}" in capsys.readouterr().err
    assert not copy.exists()
    assert counts(db) == (0, 0)


def test_a_running_writers_copy_is_never_removed(db: Path, capsys) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = db.with_name(f".{db.name}.import-{sleeper.pid}.tmp")
        live.write_bytes(b"a copy being written")
        _remove_copies_left_by_stopped_writers(db)
        import_into_database(db, "police-uk", [POLICE_FILE])
        assert live.exists()
        assert "Removed" not in capsys.readouterr().err
    finally:
        sleeper.kill()
        sleeper.wait()


def test_no_cleanup_while_another_writer_holds_the_lock(db: Path, capsys) -> None:
    stale = db.with_name(f".{db.name}.import-999999999.tmp")
    stale.write_bytes(b"left by a killed import")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        _remove_copies_left_by_stopped_writers(db)
        assert stale.exists()
    finally:
        holder.communicate("\n", timeout=30)
    _remove_copies_left_by_stopped_writers(db)
    assert not stale.exists()
    assert "Removed .meeting.duckdb.import-999999999.tmp" in capsys.readouterr().err
    assert lock_path(db).read_text() == ""  # the holder's note is cleared when it lets go
