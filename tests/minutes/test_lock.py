"""Two instances on one minutes file: the second is told who has it, and no change is lost."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from psg_tui.core.errors import LockedError
from psg_tui.core.minutes import MinutesLockedError, MinutesStore, read_minutes

HOLDER = """
import sys
from psg_tui.core.minutes import MinutesStore
store = MinutesStore.open(sys.argv[1], user="Other Chair")
store.add_update("A-0001", "from the other instance")
print("ready", flush=True)
sys.stdin.readline()
store.add_update("A-0001", "second from the other instance")
store.close()
print("closed", flush=True)
"""


def test_second_instance_in_another_process_is_told_and_nothing_is_lost(minutes_file: Path):
    other = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(minutes_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout.readline().strip() == "ready"
        with pytest.raises(MinutesLockedError) as caught:
            MinutesStore.open(minutes_file, user="Dana Heron")
        assert isinstance(caught.value, LockedError) and caught.value.exit_code == 75
        assert f"process {other.pid} on {socket.gethostname()}" in caught.value.message
        assert "already open in another psg-tui" in caught.value.message
        other.stdin.write("go\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "closed"
    finally:
        other.kill()
        other.wait()
    with MinutesStore.open(minutes_file, user="Dana Heron") as store:
        store.add_update("A-0001", "mine")
    notes = [u.note for u in read_minutes(minutes_file).get_action("A-0001").updates]
    assert notes[-3:] == ["from the other instance", "second from the other instance", "mine"]


def test_second_store_in_the_same_process_is_refused_until_the_first_closes(minutes_file: Path):
    first = MinutesStore.open(minutes_file, user="Dana Heron")
    with pytest.raises(MinutesLockedError, match=f"process {os.getpid()}"):
        MinutesStore.open(minutes_file, user="Sam Patel")
    first.add_update("A-0001", "still mine")
    first.close()
    assert not minutes_file.with_name("minutes.toml.lock").exists()
    with MinutesStore.open(minutes_file, user="Sam Patel") as second:
        assert second.minutes.get_action("A-0001").updates[-1].note == "still mine"


def test_a_lock_left_by_a_killed_instance_does_not_block(minutes_file: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(minutes_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "ready"
    holder.kill()
    holder.wait()
    assert minutes_file.with_name("minutes.toml.lock").exists()  # left behind, but no longer locked
    with MinutesStore.open(minutes_file, user="Dana Heron") as store:
        assert store.minutes.get_action("A-0001").updates[-1].note == "from the other instance"
