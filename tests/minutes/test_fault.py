"""Killed mid-save: SIGKILL a process saving changes in a loop, again and again.

After every kill the file must parse and hold every change the process confirmed (printed
after the store method returned). The notes are numbered, so we can also check that what
is on disk is exactly an unbroken run 0..N: nothing lost, nothing doubled, nothing torn.
"""

from __future__ import annotations

import random
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from psg_tui.core.minutes import read_minutes

from .conftest import make_minutes

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")]

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


def _first_line(process: subprocess.Popen[str], timeout: float) -> str:
    """The process's first line of output (with its newline), or "" if none comes in time."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            return ""
    return process.stdout.readline()


def test_killed_saves_never_lose_a_confirmed_change(tmp_path: Path):
    from psg_tui.core.minutes.codec import dump_minutes

    path = tmp_path / "minutes.toml"
    path.write_text(dump_minutes(make_minutes(20)), encoding="utf-8")
    rng = random.Random(20261120)
    confirmed: set[int] = set()
    kills = torn_saves = 0
    next_note = 0
    deadline = time.monotonic() + TIME_BUDGET
    hard_deadline = deadline + 2 * TIME_BUDGET  # a loaded machine starts writers slowly: kill on
    while kills < MAX_KILLS and time.monotonic() < hard_deadline:
        if time.monotonic() > deadline and len(confirmed) >= 200:
            break
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(next_note)], stdout=subprocess.PIPE, text=True
        )
        # The kill lands at a random moment of the saving, not of Python starting up (which on a
        # loaded machine can outlast any fixed delay): wait for the first confirmed save.
        first = _first_line(writer, timeout=30.0)
        time.sleep(rng.uniform(0.05, 0.35))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        kills += 1
        complete = (first + out).split("\n")[:-1]  # a line cut short by the kill was not confirmed
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


RIVAL = """
import os, sys
from psg_tui.core.minutes import MinutesConflictError, MinutesStore
path, tag = sys.argv[1], sys.argv[2]
store = MinutesStore.open(path, user=tag)
os.unlink(str(store.real_path) + ".lock")  # let the other writer in too: only the save lock stands between them
print("ready", flush=True)
n = 0
while True:
    try:
        store.add_update("A-0001", f"{tag} {n}")
    except MinutesConflictError:
        store.reload()
        continue
    print(n, flush=True)
    n += 1
"""


def test_two_writers_killed_mid_save_past_a_deleted_lock_lose_nothing(tmp_path: Path):
    """Two stores on one file (the lock file deleted), each SIGKILLed at random and restarted,
    one of them through a symlink: the file always parses, every confirmed note is in it, and
    a writer killed holding the save lock never blocks the other (the kernel drops it)."""
    from psg_tui.core.minutes.codec import dump_minutes

    path = tmp_path / "minutes.toml"
    path.write_text(dump_minutes(make_minutes(1)), encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(path.name)
    rng = random.Random(19_4)
    confirmed: set[str] = set()
    kills = 0
    deadline = time.monotonic() + TIME_BUDGET / 2
    hard_deadline = deadline + TIME_BUDGET  # a loaded machine saves slowly: go on until 100 are confirmed
    while time.monotonic() < deadline or (len(confirmed) < 100 and time.monotonic() < hard_deadline):
        kills += 1
        writers = []
        for tag, name in ((f"A{kills}", path), (f"B{kills}", link)):
            writer = subprocess.Popen(
                [sys.executable, "-c", RIVAL, str(name), tag],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            assert writer.stdout.readline().strip() == "ready"
            writers.append((tag, writer))
        time.sleep(rng.uniform(0.1, 0.3))
        for tag, writer in rng.sample(writers, 2):
            writer.send_signal(signal.SIGKILL)
            out, err = writer.communicate()
            assert not err, f"writer {tag} failed a save: {err}"  # not lost, but still wrong
            confirmed.update(f"{tag} {line}" for line in out.split("\n")[:-1])
        on_disk = {u.note for u in read_minutes(path).get_action("A-0001").updates}
        assert confirmed <= on_disk, (
            f"confirmed saves lost after round {kills}: {sorted(confirmed - on_disk)[:3]}"
        )
        assert link.is_symlink()
    assert len(confirmed) >= 100, f"only {len(confirmed)} confirmed saves in {kills} rounds"
    print(f"{kills} rounds of two writers killed, {len(confirmed)} confirmed saves, none lost")
