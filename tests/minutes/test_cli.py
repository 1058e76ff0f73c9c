"""`psg minutes new|validate` and `psg db load-minutes`, through the real command line."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from psg_tui.cli import main
from psg_tui.core.database import init_db
from psg_tui.core.minutes import Minutes, MinutesStore, read_minutes
from psg_tui.core.minutes.codec import dump_minutes

from .conftest import make_minutes


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """Five actions: A-0001 open, A-0002 in-progress, A-0003 done, A-0004 blocked, A-0005 dropped."""
    path = tmp_path / "2026-11-20.toml"
    path.write_text(dump_minutes(make_minutes(5)), encoding="utf-8")
    return path


def test_new_first_meeting(tmp_path: Path, capsys):
    out = tmp_path / "first.toml"
    code = main(
        [
            "minutes",
            "new",
            str(out),
            "--title",
            "Norton PSG",
            "--chair",
            "Insp. Heron",
            "--date",
            "2026-03-05",
        ]
    )
    assert code == 0
    m = read_minutes(out)
    assert (m.meeting.title, m.meeting.chair, m.meeting.date) == (
        "Norton PSG",
        "Insp. Heron",
        date(2026, 3, 5),
    )
    assert (m.meeting.period_start, m.meeting.period_end) == (date(2026, 2, 1), date(2026, 2, 28))
    assert m.meeting.classification == "OFFICIAL-SENSITIVE"
    assert m.actions == () and m.attendees == ()
    assert "Started" in capsys.readouterr().out


def test_new_needs_title_and_chair_without_a_previous_meeting(tmp_path: Path, capsys):
    assert main(["minutes", "new", str(tmp_path / "x.toml"), "--title", "T"]) == 2
    assert "--chair" in capsys.readouterr().err
    assert not (tmp_path / "x.toml").exists()


def test_new_with_a_bad_date_or_period(tmp_path: Path, capsys):
    base = ["minutes", "new", str(tmp_path / "x.toml"), "--title", "T", "--chair", "C"]
    assert main([*base, "--date", "2026-02-30"]) == 2
    assert main([*base, "--period", "2026-13"]) == 2
    err = capsys.readouterr().err
    assert "'2026-02-30' is not a real date" in err and "'2026-13' is not a month" in err
    assert "Traceback" not in err


def test_new_never_overwrites(previous: Path, capsys):
    before = previous.read_bytes()
    assert main(["minutes", "new", str(previous), "--title", "T", "--chair", "C"]) == 73
    assert "already exists" in capsys.readouterr().err
    assert previous.read_bytes() == before


def test_carry_forward_keeps_open_actions_with_their_history(previous: Path, tmp_path: Path, capsys):
    out = tmp_path / "next.toml"
    code = main(["minutes", "new", str(out), "--carry-from", str(previous), "--date", "2026-12-18"])
    assert code == 0
    old, new = read_minutes(previous), read_minutes(out)
    assert [a.id for a in new.actions] == ["A-0001", "A-0002", "A-0004"]
    assert new.actions == tuple(old.get_action(i) for i in ("A-0001", "A-0002", "A-0004"))  # history kept
    assert [(a.name, a.agency, a.role, a.status) for a in new.attendees] == [
        ("Dana Heron", "Cleveland Police", "Chair", "not-recorded"),  # until marked, never "absent"
        ("Sam Patel", "Stockton-on-Tees Borough Council", None, "not-recorded"),
    ]
    assert new.areas == ()
    meeting = new.meeting
    assert (meeting.title, meeting.chair, meeting.classification) == (
        old.meeting.title,
        old.meeting.chair,
        old.meeting.classification,
    )
    assert (meeting.date, meeting.period_start, meeting.period_end) == (
        date(2026, 12, 18),
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    assert new.last_action_id == "A-0005"  # A-0005 was dropped, so its number is not reused
    assert "Carried forward 3 open action(s)" in capsys.readouterr().out
    with MinutesStore.open(out, user="Dana Heron") as store:
        assert store.add_action(title="t", owner="o", agency="a", due=date(2027, 1, 8)).id == "A-0006"


def test_carry_forward_overrides(previous: Path, tmp_path: Path):
    out = tmp_path / "next.toml"
    argv = ["minutes", "new", str(out), "--carry-from", str(previous), "--title", "Renamed PSG",
            "--chair", "Tom Ashworth", "--classification", "OFFICIAL", "--period", "2026-06"]  # fmt: skip
    assert main(argv) == 0
    meeting = read_minutes(out).meeting
    assert (meeting.title, meeting.chair, meeting.classification) == (
        "Renamed PSG",
        "Tom Ashworth",
        "OFFICIAL",
    )
    assert (meeting.period_start, meeting.period_end) == (date(2026, 6, 1), date(2026, 6, 30))


def test_carry_from_a_broken_file_writes_nothing(tmp_path: Path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text('format = "psg-minutes"\nversion = 1\n', encoding="utf-8")
    out = tmp_path / "next.toml"
    assert main(["minutes", "new", str(out), "--carry-from", str(broken)]) == 65
    assert "[meeting] is missing" in capsys.readouterr().err
    assert not out.exists()


def test_validate_good_file(previous: Path, capsys):
    assert main(["minutes", "validate", str(previous)]) == 0
    assert capsys.readouterr().out.strip() == "valid: 5 actions, 3 open"


def test_validate_lists_every_problem(previous: Path, capsys):
    text = previous.read_text(encoding="utf-8")
    text = text.replace('status = "blocked"', 'status = "stuck"').replace(
        'agency = "Cleveland Police"', "agency = 1"
    )
    previous.write_text(text.replace("due = 2026-11-30", 'due = "2026-13-01"', 1), encoding="utf-8")
    assert main(["minutes", "validate", str(previous)]) == 65
    err = capsys.readouterr().err
    assert "(3 problems)" in err
    assert "actions[1] A-0001: due '2026-13-01' is not a date" in err
    assert "actions[4] A-0004: status 'stuck' is not one of" in err
    assert "attendees[1] Dana Heron: agency 1 is not text" in err
    assert "Traceback" not in err


def test_validate_missing_file(tmp_path: Path):
    assert main(["minutes", "validate", str(tmp_path / "nope.toml")]) == 66


# -- load-minutes --------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with the Stockton wards, so the minutes' areas exist."""
    from psg_tui.importing import import_into_database
    from tests.importing.conftest import LOOKUP

    path = tmp_path / "psg.duckdb"
    init_db(path)
    import_into_database(path, "ons-wards", [LOOKUP])
    return path


def rows(db: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        result = con.execute(
            "SELECT id, status, meeting, area_id, raised FROM actions ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    return {r[0]: r[1:] for r in result}


def write(path: Path, minutes: Minutes) -> Path:
    path.write_text(dump_minutes(minutes), encoding="utf-8")
    return path


def test_load_minutes_replaces_not_duplicates(db: Path, previous: Path, capsys):
    assert main(["db", "load-minutes", str(db), str(previous)]) == 0
    assert main(["db", "load-minutes", str(db), str(previous)]) == 0
    loaded = rows(db)
    label = "2026-11-20 Stockton Town Centre Problem-Solving Group"
    assert sorted(loaded) == ["A-0001", "A-0002", "A-0003", "A-0004", "A-0005"]
    assert loaded["A-0001"] == ("open", label, "stockton-town-centre", date(2026, 10, 16))
    assert loaded["A-0002"][2] is None  # no area
    assert "Loaded 5 action(s)" in capsys.readouterr().out


def test_the_newest_meeting_wins_for_a_carried_action(db: Path, previous: Path, tmp_path: Path):
    assert (
        main(
            [
                "minutes",
                "new",
                str(tmp_path / "dec.toml"),
                "--carry-from",
                str(previous),
                "--date",
                "2026-12-18",
            ]
        )
        == 0
    )
    with MinutesStore.open(tmp_path / "dec.toml", user="Dana Heron") as store:
        store.set_status("A-0001", "done", "Served")
    december = tmp_path / "dec.toml"
    assert main(["db", "load-minutes", str(db), str(previous)]) == 0
    assert main(["db", "load-minutes", str(db), str(december)]) == 0
    after = rows(db)
    assert after["A-0001"][:2] == ("done", "2026-12-18 Stockton Town Centre Problem-Solving Group")
    assert after["A-0003"][1].startswith("2026-11-20")  # closed in November, not carried: kept
    # loading November again must not put back its older row for A-0001
    assert main(["db", "load-minutes", str(db), str(previous)]) == 0
    assert rows(db) == after


def test_a_meeting_that_dropped_an_action_no_longer_lists_it(db: Path, previous: Path):
    assert main(["db", "load-minutes", str(db), str(previous)]) == 0
    m = read_minutes(previous)
    write(previous, Minutes(m.meeting, m.attendees, m.areas, m.actions[:2]))
    assert main(["db", "load-minutes", str(db), str(previous)]) == 0
    assert sorted(rows(db)) == ["A-0001", "A-0002"]


def test_load_minutes_broken_file_leaves_the_database_alone(db: Path, previous: Path, capsys):
    assert main(["db", "load-minutes", str(db), str(previous)]) == 0
    previous.write_text("not = [toml", encoding="utf-8")
    assert main(["db", "load-minutes", str(db), str(previous)]) == 65
    assert len(rows(db)) == 5
    assert "line 1" in capsys.readouterr().err


def test_load_minutes_into_a_locked_database(db: Path, previous: Path, capsys):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb,sys; c=duckdb.connect(sys.argv[1]); print('ready', flush=True); "
         "sys.stdin.readline()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert main(["db", "load-minutes", str(db), str(previous)]) == 75
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert "is locked" in err and "Traceback" not in err


def test_load_minutes_missing_database(tmp_path: Path, previous: Path):
    assert main(["db", "load-minutes", str(tmp_path / "nope.duckdb"), str(previous)]) == 66


def test_load_minutes_with_no_actions_clears_that_meeting(db: Path, previous: Path):
    assert main(["db", "load-minutes", str(db), str(previous)]) == 0
    m = read_minutes(previous)
    write(previous, Minutes(m.meeting, m.attendees, m.areas, ()))
    assert main(["db", "load-minutes", str(db), str(previous)]) == 0
    assert rows(db) == {}


def test_load_minutes_into_inside_the_callers_transaction(db: Path):
    from psg_tui.core.minutes import load_minutes_into

    con = duckdb.connect(str(db))
    try:
        con.execute("BEGIN TRANSACTION")
        assert load_minutes_into(con, make_minutes(2), transaction=False) == 2
        con.execute("ROLLBACK")
        assert con.execute("SELECT count(*) FROM actions").fetchall() == [(0,)]
    finally:
        con.close()
