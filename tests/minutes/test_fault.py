"""Killed mid-save: SIGKILL a process saving changes in a loop, again and again.

After every kill the file must parse and hold every change the process confirmed (printed
after the store method returned). The notes are numbered, so we can also check that what
is on disk is exactly an unbroken run 0..N: nothing lost, nothing doubled, nothing torn.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from psg_tui.core.minutes import read_minutes

from .conftest import make_minutes

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

WRITER = """
import sys
from psg_tui.core.minutes import MinutesStore
store = MinutesStore.open(sys.argv[1], user="Fault Test")
ids = [a.id for a in store.minutes.actions]
n = int(sys.argv[2])
while True:
    store.add_update(ids[n % len(ids)], f"note {n}")
    print(n, flush=True)
    n += 1
"""

TIME_BUDGET = 12.0  # seconds of killing
MAX_KILLS = 80


def numbered_notes(path: Path) -> list[int]:
    minutes = read_minutes(path)  # raises if the file is torn or invalid
    return sorted(
        int(u.note.split()[1]) for a in minutes.actions for u in a.updates if u.note.startswith("note ")
    )


def test_killed_saves_never_lose_a_confirmed_change(tmp_path: Path):
    from psg_tui.core.minutes.codec import dump_minutes

    path = tmp_path / "minutes.toml"
    path.write_text(dump_minutes(make_minutes(20)), encoding="utf-8")
    rng = random.Random(20261120)
    confirmed: set[int] = set()
    kills = torn_saves = 0
    next_note = 0
    deadline = time.monotonic() + TIME_BUDGET
    while time.monotonic() < deadline and kills < MAX_KILLS:
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(next_note)], stdout=subprocess.PIPE, text=True
        )
        time.sleep(rng.uniform(0.15, 0.45))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        kills += 1
        complete = out.split("\n")[:-1]  # a line cut short by the kill was not confirmed
        confirmed.update(int(line) for line in complete)
        torn_saves += any(tmp_path.glob(".minutes.toml.*.tmp"))

        on_disk = numbered_notes(path)
        assert confirmed <= set(on_disk), f"confirmed changes lost after kill {kills}"
        assert on_disk == list(range(len(on_disk))), "history has a gap or a duplicate"
        next_note = len(on_disk)

    assert len(confirmed) >= 200, f"only {len(confirmed)} confirmed saves in {kills} kills"
    # the next open removes temporary files that killed saves left behind
    from psg_tui.core.minutes import MinutesStore

    with MinutesStore.open(path, user="Fault Test"):
        assert not any(tmp_path.glob(".minutes.toml.*.tmp"))
    print(
        f"{kills} kills, {len(confirmed)} confirmed saves, {torn_saves} kills left a half-written temp file"
    )
