"""Minutes files built to break the reader: each gets a clear message, never a traceback or a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from psg_tui.cli import main
from psg_tui.core.errors import MissingInputError
from psg_tui.core.minutes import MinutesError, MinutesInputError, MinutesStore, read_minutes
from psg_tui.core.minutes.codec import dump_minutes

from .conftest import make_minutes
from .test_validate import line_of, nth_replace

GOOD = dump_minutes(make_minutes(3))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("depth", [300, 500, 5000])
def test_deeply_nested_values_are_refused_by_show_validate_and_the_store(tmp_path: Path, capsys, depth: int):
    path = tmp_path / "deep.toml"
    nested = "nested = " + "[" * depth + "]" * depth + "\n"
    path.write_text(GOOD.replace("version = 1\n", "version = 1\n" + nested, 1), encoding="utf-8")
    for command in ("validate", "show"):
        code, _, err = run(capsys, "minutes", command, str(path))
        assert code == 65 and "Traceback" not in err
        assert "nested" in err and "deep" in err
    with pytest.raises(MinutesError, match="nested"):
        MinutesStore.open(path, user="Dana Heron")  # at 300 tomllib reads it, but a save could not write it


def test_modest_nesting_in_extra_keys_still_round_trips(tmp_path: Path):
    path = tmp_path / "m.toml"
    path.write_text(
        GOOD.replace("version = 1\n", "version = 1\nkept = [[1, 2], [3, [4, 5]]]\n", 1), encoding="utf-8"
    )
    with MinutesStore.open(path, user="Dana Heron") as store:
        store.add_update("A-0001", "saved with the extra key")
    assert read_minutes(path).extra["kept"] == [[1, 2], [3, [4, 5]]]


def test_a_byte_order_mark_is_accepted_and_dropped_at_the_next_save(tmp_path: Path, capsys):
    path = tmp_path / "notepad.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    code, out, _ = run(capsys, "minutes", "validate", str(path))
    assert code == 0 and out.startswith("valid: 3 actions")
    with MinutesStore.open(path, user="Dana Heron") as store:
        store.add_update("A-0001", "first save after Notepad")  # no false 'changed by another program'
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert read_minutes(path).get_action("A-0001").updates[-1].note == "first save after Notepad"


def test_a_byte_order_mark_in_the_middle_is_still_an_error(tmp_path: Path):
    path = tmp_path / "m.toml"
    path.write_text(GOOD.replace("[meeting]", "\ufeff[meeting]"), encoding="utf-8")
    with pytest.raises(MinutesError, match="not valid TOML"):
        read_minutes(path)


def test_a_due_date_before_the_raised_date_names_the_action_and_field(tmp_path: Path):
    text = nth_replace(GOOD, "due = 2026-11-30", "due = 2026-10-01", 2)
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MinutesError) as caught:
        read_minutes(path)
    message = caught.value.message
    assert "actions[2] A-0002: due 2026-10-01 is before raised 2026-10-16" in message
    assert f"line {line_of(text, 'due = 2026-10-01')}" in message


def test_the_store_refuses_to_move_a_due_date_before_the_raised_date(store: MinutesStore):
    before = store.path.read_bytes()
    with pytest.raises(MinutesInputError, match="due 2026-10-15 is before raised 2026-10-16"):
        store.edit_action("A-0001", due=date(2026, 10, 15))
    assert store.path.read_bytes() == before


@pytest.mark.parametrize(
    "line",
    ["[" + " " * 40_000 + "x", "[[" + "\t " * 20_000 + "y", "[" + "a " * 20_000 + "]" + " " * 20_000 + "z"],
    ids=["spaces", "tabs", "words"],
)
def test_a_long_line_that_looks_like_a_header_is_read_in_linear_time(tmp_path: Path, line: str):
    """Valid TOML: the line is inside a multi-line note, but the line finder scans every line."""
    text = GOOD.replace('notes = "Street drinking down."', f'notes = """\n{line}\n"""') + (
        "\n[[areas]]\narea = 3\n"  # a mistake, so the line finder has to look for it
    )
    started = time.perf_counter()
    with pytest.raises(MinutesError, match="area 3 is not text"):
        read_minutes(_write(tmp_path, text))
    assert time.perf_counter() - started < 2.0  # was 375 s for 10 KB of spaces: cubic


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("command", ["validate", "show"])
def test_a_named_pipe_as_the_minutes_is_refused_without_hanging(tmp_path: Path, command: str):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "psg_tui", "minutes", command, str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 66, done.stderr
    assert "named pipe" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_the_store_refuses_a_named_pipe(tmp_path: Path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(MissingInputError, match="named pipe"):
        MinutesStore.open(fifo, user="Dana Heron")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.toml"]


@pytest.mark.parametrize(
    "option",
    [["--date", "0001-01-01"], ["--date", "9999-12-31"], ["--period", "0000-01"], ["--period", "9999-12"]],
    ids=lambda o: o[1],
)
def test_minutes_new_with_a_date_that_has_no_period_is_a_usage_error(tmp_path: Path, capsys, option):
    out = tmp_path / "new.toml"
    code, _, err = run(capsys, "minutes", "new", str(out), "--title", "T", "--chair", "C", *option)
    assert code == 2 and "Traceback" not in err
    assert "between 1900 and 2999" in err
    assert not out.exists()


def test_minutes_whose_meeting_date_is_out_of_range_are_reported(tmp_path: Path):
    text = GOOD.replace("date = 2026-11-20", "date = 0001-01-01")
    with pytest.raises(MinutesError, match=r"\[meeting\]: date 0001-01-01 is not between 1900 and 2999"):
        read_minutes(_write(tmp_path, text))
