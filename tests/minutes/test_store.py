"""MinutesStore: every change is on disk, with who and when, before the method returns."""

from __future__ import annotations

import errno
import os
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from psg_tui.core.errors import MissingInputError, OutputError, UsageError
from psg_tui.core.minutes import (
    MinutesConflictError,
    MinutesInputError,
    MinutesStore,
    Update,
    read_minutes,
)
from psg_tui.core.minutes import files as files_module
from psg_tui.core.minutes.codec import dump_minutes

from .conftest import Clock, make_minutes


def on_disk(store: MinutesStore):
    return read_minutes(store.path)


def test_add_action_is_on_disk_with_the_next_id_and_its_history(store: MinutesStore):
    action = store.add_action(
        title="Serve CPW at 12 Example Street", owner="Sam Patel", agency="Stockton Council", due="2026-12-04"
    )
    assert action.id == "A-0004"
    assert action.raised == date(2026, 11, 20)
    assert action.due == date(2026, 12, 4)
    assert action.updates == (Update(datetime(2026, 11, 20, 10, 1), "Dana Heron", "Action raised", "open"),)
    assert on_disk(store).get_action("A-0004") == action
    assert store.minutes.get_action("A-0004") == action


def test_new_ids_count_past_actions_closed_in_earlier_meetings(tmp_path: Path):
    path = tmp_path / "carried.toml"
    path.write_text(dump_minutes(replace(make_minutes(2), last_action_id="A-0041")), encoding="utf-8")
    with MinutesStore.open(path, user="Dana Heron") as carried:
        assert carried.add_action(title="t", owner="o", agency="a", due=date(2027, 1, 1)).id == "A-0042"
        assert carried.add_action(title="t2", owner="o", agency="a", due=date(2027, 1, 1)).id == "A-0043"


def test_reassigning_records_who_it_was_and_who_it_is(store: MinutesStore):
    action = store.edit_action("A-0001", owner="Jo Bell", agency="Thirteen Housing", due=date(2026, 12, 14))
    note = action.updates[-1].note
    assert note == (
        "Reassigned from Sam Patel (Stockton-on-Tees Borough Council) to Jo Bell (Thirteen Housing); "
        "Due date moved from 2026-11-30 to 2026-12-14"
    )
    assert action.updates[-1].by == "Dana Heron" and action.updates[-1].status is None
    assert on_disk(store).get_action("A-0001") == action


def test_an_edit_that_changes_nothing_writes_nothing(store: MinutesStore):
    before = store.path.read_bytes()
    same = store.edit_action("A-0001", owner="Sam Patel", title="Action number 1")
    assert same is store.minutes.get_action("A-0001")
    assert store.path.read_bytes() == before
    assert not store.can_undo


def test_bad_input_is_refused_naming_the_field(store: MinutesStore):
    before = store.path.read_bytes()
    with pytest.raises(MinutesInputError) as caught:
        store.add_action(title="  ", owner="o", agency="a", due=date(2027, 1, 1))
    assert caught.value.problems[0].field == "title"
    with pytest.raises(MinutesInputError) as caught:
        store.edit_action("A-0001", due="2026-13-01")
    assert caught.value.problems[0].field == "due"
    with pytest.raises(UsageError):
        store.edit_action("A-0001", status="done")  # status changes go through set_status
    with pytest.raises(UsageError):
        store.set_status("A-0099", "done")
    with pytest.raises(MinutesInputError):
        store.set_status("A-0001", "finished")
    with pytest.raises(MinutesInputError):
        store.add_update("A-0001", "   ")
    assert store.path.read_bytes() == before


def test_closing_an_action_records_the_status_move(store: MinutesStore):
    done = store.set_status("A-0002", "done", "CPW served 18 Nov", by="Sam Patel")
    assert done.status == "done"
    assert done.updates[-1] == Update(datetime(2026, 11, 20, 10, 1), "Sam Patel", "CPW served 18 Nov", "done")
    assert on_disk(store).get_action("A-0002").status == "done"
    before = store.path.read_bytes()
    assert store.set_status("A-0002", "done") is done  # already done, no note: nothing to record
    assert store.path.read_bytes() == before


def test_an_update_without_a_status_keeps_the_status(store: MinutesStore):
    updated = store.add_update("A-0002", "Chased by email")
    assert updated.status == "in-progress"
    assert updated.updates[-1].status is None and updated.updates[-1].note == "Chased by email"


def test_attendance_areas_and_meeting(store: MinutesStore):
    store.set_attendee("Sam Patel", "Stockton-on-Tees Borough Council", "present")
    store.set_attendee("Jo Bell", "Thirteen Housing", "present", role="Housing officer")
    store.remove_attendee("Dana Heron")
    store.set_area_notes("norton", "Quiet month.")
    store.add_decision("stockton-town-centre", "Review CCTV at Dovecot Street")
    store.set_meeting(next_meeting="2026-12-18")
    m = on_disk(store)
    assert [(a.name, a.status) for a in m.attendees] == [("Sam Patel", "present"), ("Jo Bell", "present")]
    assert m.get_area("norton").notes == "Quiet month."
    assert m.get_area("stockton-town-centre").decisions[-1] == "Review CCTV at Dovecot Street"
    assert m.meeting.next_meeting == date(2026, 12, 18)
    with pytest.raises(MinutesInputError):
        store.set_attendee("Jo Bell", "Thirteen Housing", "late")
    with pytest.raises(MinutesInputError):
        store.set_meeting(period_end=date(2026, 9, 1))
    with pytest.raises(UsageError):
        store.remove_attendee("Nobody")
    assert on_disk(store) == store.minutes


def test_undo_puts_back_each_earlier_state(store: MinutesStore):
    states = [store.minutes]
    store.add_action(title="t", owner="o", agency="a", due=date(2027, 1, 1))
    states.append(store.minutes)
    store.set_status("A-0004", "in-progress")
    states.append(store.minutes)
    store.set_attendee("Jo Bell", "Thirteen Housing", "present")
    assert store.undo() == "mark Jo Bell present"
    assert on_disk(store) == store.minutes == states[2]
    assert store.undo() == "mark A-0004 in-progress"
    assert on_disk(store) == states[1]
    assert store.undo() == "add A-0004"
    assert on_disk(store) == states[0]
    with pytest.raises(UsageError):
        store.undo()


def test_unknown_keys_survive_edits(tmp_path: Path, clock: Clock):
    path = tmp_path / "m.toml"
    text = dump_minutes(make_minutes()).replace('id = "A-0001"', 'id = "A-0001"\ncase_ref = "CR-7"', 1)
    path.write_text(text + '\n[review]\nby = "auditor"\n', encoding="utf-8")
    with MinutesStore.open(path, user="Dana Heron", clock=clock) as store:
        store.edit_action("A-0001", title="Renamed")
    m = read_minutes(path)
    assert m.get_action("A-0001").extra == {"case_ref": "CR-7"}
    assert m.extra == {"review": {"by": "auditor"}}


def test_a_failed_write_changes_nothing(store: MinutesStore, monkeypatch: pytest.MonkeyPatch):
    before_bytes, before_state = store.path.read_bytes(), store.minutes

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module.os, "fsync", disk_full)
    with pytest.raises(OutputError) as caught:
        store.add_update("A-0001", "will not fit")
    assert "No space left" in caught.value.message and "not made" in caught.value.message
    assert store.minutes is before_state
    assert store.path.read_bytes() == before_bytes
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["minutes.toml", "minutes.toml.lock"]
    monkeypatch.undo()
    store.add_update("A-0001", "fits now")
    assert on_disk(store).get_action("A-0001").updates[-1].note == "fits now"


def test_a_file_changed_under_the_store_is_not_overwritten(store: MinutesStore):
    edited = store.path.read_text(encoding="utf-8").replace("Action number 1", "Edited in a text editor")
    store.path.write_text(edited, encoding="utf-8")
    before_state = store.minutes
    with pytest.raises(MinutesConflictError) as caught:
        store.add_update("A-0001", "lost?")
    assert "changed by another program" in caught.value.message
    assert store.path.read_text(encoding="utf-8") == edited
    assert store.minutes is before_state
    assert store.reload().get_action("A-0001").title == "Edited in a text editor"
    store.add_update("A-0001", "after reload")
    m = on_disk(store)
    assert m.get_action("A-0001").title == "Edited in a text editor"
    assert m.get_action("A-0001").updates[-1].note == "after reload"


def test_a_hand_broken_file_under_the_store_is_not_overwritten_even_by_undo(store: MinutesStore):
    store.add_update("A-0001", "first")
    store.path.write_text("this is = = not toml", encoding="utf-8")
    with pytest.raises(MinutesConflictError):
        store.set_status("A-0001", "done")
    with pytest.raises(MinutesConflictError):
        store.undo()
    assert store.can_undo  # the undo was not used up
    assert store.path.read_text(encoding="utf-8") == "this is = = not toml"


def test_a_deleted_file_is_a_conflict_not_a_silent_recreate(store: MinutesStore):
    store.path.unlink()
    with pytest.raises(MinutesConflictError, match="deleted or moved"):
        store.add_update("A-0001", "x")
    assert not store.path.exists()


def test_create_starts_a_file_and_resume_ignores_create(tmp_path: Path):
    path = tmp_path / "new.toml"
    with pytest.raises(MissingInputError):
        MinutesStore.open(path, user="Dana Heron")
    with MinutesStore.open(path, create=make_minutes(1), user="Dana Heron") as store:
        assert read_minutes(path) == store.minutes == make_minutes(1)
    with MinutesStore.open(path, create=make_minutes(5), user="Dana Heron") as store:
        assert len(store.minutes.actions) == 1


def test_saves_keep_the_file_mode_and_clean_up_after_a_killed_save(minutes_file: Path):
    os.chmod(minutes_file, 0o600)
    stale = minutes_file.with_name(".minutes.toml.abc123.tmp")
    stale.write_text("half a file", encoding="utf-8")
    with MinutesStore.open(minutes_file, user="Dana Heron") as store:
        assert not stale.exists()
        store.add_update("A-0001", "x")
        assert os.stat(minutes_file).st_mode & 0o777 == 0o600
    assert sorted(p.name for p in minutes_file.parent.iterdir()) == ["minutes.toml"]


def test_a_closed_store_refuses_changes(store: MinutesStore):
    store.close()
    with pytest.raises(UsageError, match="closed"):
        store.add_update("A-0001", "x")
    store.close()  # twice is fine


def test_times_are_local_to_the_second(minutes_file: Path):
    aware = datetime(2026, 11, 20, 10, 42, 7, 123456, tzinfo=UTC)
    with MinutesStore.open(minutes_file, user="Dana Heron", clock=lambda: aware) as store:
        at = store.add_update("A-0001", "x").updates[-1].at
    assert at.tzinfo is None and at.microsecond == 0
    assert at == aware.astimezone().replace(tzinfo=None, microsecond=0)
