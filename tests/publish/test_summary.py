"""RAG, agency matching and the counts every format shows, on the sample and the hostile meeting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from psg_tui.core.errors import UsageError
from psg_tui.core.minutes import Action, read_minutes
from psg_tui.core.safe_text import visible
from psg_tui.publish import Rag, prepare, rag, resolve_agency

from .conftest import AS_OF, SAMPLE, hostile


def _action(status: str, due: date) -> Action:
    return Action("A-0001", "t", "o", "a", date(2026, 1, 1), due, status)


@pytest.mark.parametrize(
    ("status", "days", "expected"),
    [
        ("done", -30, Rag.BLUE),  # done wins over overdue
        ("dropped", -30, Rag.GREY),
        ("open", -1, Rag.RED),
        ("blocked", -1, Rag.RED),
        ("blocked", 30, Rag.AMBER),  # blocked is never green, however far off its due date
        ("in-progress", 0, Rag.AMBER),  # due today is not overdue
        ("open", 7, Rag.AMBER),
        ("open", 8, Rag.GREEN),
        ("done", 30, Rag.BLUE),
    ],
)
def test_rag(status: str, days: int, expected: Rag):
    assert rag(_action(status, AS_OF + timedelta(days=days)), AS_OF) is expected


def test_agency_matching_forgives_case_spacing_and_punctuation():
    minutes = read_minutes(SAMPLE)
    assert (
        resolve_agency(minutes, "  stockton on tees   BOROUGH council ") == "Stockton-on-Tees Borough Council"
    )
    assert resolve_agency(minutes, "cleveland police") == "Cleveland Police"


def test_unknown_agency_lists_the_known_ones():
    with pytest.raises(UsageError) as caught:
        resolve_agency(read_minutes(SAMPLE), "Cleveland Polise")
    message = caught.value.message
    assert "Did you mean 'Cleveland Police'?" in message
    for agency in ("A Way Out", "Thirteen Group", "Probation Service", "Cleveland Fire Brigade"):
        assert agency in message
    with pytest.raises(UsageError):
        resolve_agency(read_minutes(SAMPLE), "   ")


def _counts(view) -> dict[str, tuple[int, ...]]:
    return {
        c.agency: (c.actions, c.new, c.completed, c.dropped, c.still_open, c.overdue)
        for c in (*view.summary, view.total)
    }


def test_sample_grouping_and_counts():
    view = prepare(read_minutes(SAMPLE), as_of=AS_OF)
    #                         actions, new, completed, dropped, open, overdue
    assert _counts(view) == {
        "A Way Out": (1, 0, 0, 0, 1, 1),
        "Change Grow Live": (1, 0, 1, 0, 0, 0),
        "Cleveland Fire Brigade": (2, 1, 1, 0, 1, 0),
        "Cleveland Police": (4, 1, 2, 0, 2, 0),
        "Probation Service": (1, 1, 0, 0, 1, 0),
        "Stockton-on-Tees Borough Council": (4, 2, 0, 0, 4, 2),
        "Thirteen Group": (2, 0, 1, 0, 1, 1),
        "All agencies": (15, 5, 5, 0, 10, 4),
    }
    council = next(g for g in view.action_groups if g.agency.startswith("Stockton"))
    # open actions first, soonest due first; overdue ones say by how much
    assert [r.action.id for r in council.rows] == ["A-0033", "A-0040", "A-0044", "A-0048"]
    assert [r.rag for r in council.rows] == [Rag.RED, Rag.RED, Rag.GREEN, Rag.GREEN]
    assert council.rows[0].due_note == "overdue by 8 days"
    assert council.rows[0].latest.note == "Quote still awaited; chased 13 October."
    police = next(g for g in view.action_groups if g.agency == "Cleveland Police")
    assert [r.rag for r in police.rows] == [Rag.AMBER, Rag.AMBER, Rag.BLUE, Rag.BLUE]
    attendance = {a.agency: (len(a.present), len(a.apologies), len(a.absent)) for a in view.attendance}
    assert attendance["Cleveland Police"] == (3, 1, 0)
    assert attendance["Probation Service"] == (0, 1, 0)


def test_sample_redacted_and_filtered():
    redacted = prepare(read_minutes(SAMPLE), as_of=AS_OF, redact=True)
    assert _counts(redacted)["All agencies"] == (13, 4, 5, 0, 8, 3)  # A-0038 and A-0043 are restricted
    assert "A Way Out" not in _counts(redacted) and "Probation Service" not in _counts(redacted)
    assert redacted.marking == "OFFICIAL-SENSITIVE — REDACTED COPY"
    only = prepare(read_minutes(SAMPLE), as_of=AS_OF, agency="thirteen GROUP")
    assert [g.agency for g in only.action_groups] == ["Thirteen Group"]
    assert [r.action.id for r in only.action_groups[0].rows] == ["A-0041", "A-0032"]
    assert len(only.attendance) == 7  # attendance and notes stay; only the actions are filtered


def test_hostile_grouping_is_forgiving_and_counts_every_status():
    view = prepare(hostile(), as_of=AS_OF)
    rags = {r.action.id: r.rag for g in view.action_groups for r in g.rows}
    assert rags == {
        "A-0001": Rag.RED,
        "A-0002": Rag.BLUE,
        "A-0003": Rag.AMBER,
        "A-0004": Rag.GREY,
        "A-0005": Rag.GREEN,
        "A-0006": Rag.GREEN,
        "A-0007": Rag.AMBER,
    }
    police = next(g for g in view.action_groups if g.agency == "Cleveland Police")
    assert [r.action.id for r in police.rows] == ["A-0007", "A-0004"]  # '  cleveland   POLICE ' joins it
    assert _counts(view)["All agencies"] == (7, 0, 1, 1, 5, 1)
    assert _counts(prepare(hostile(), as_of=AS_OF, redact=True))["All agencies"] == (6, 0, 1, 1, 4, 1)


def test_clean_makes_control_and_bidi_characters_visible():
    assert visible("a\x1b[2Jb\x07c\x00") == "a␛[2Jb␇c␀"
    assert visible("x\u202ey\x85z\x7f") == "x⟨U+202E⟩y⟨U+0085⟩z␡"
    assert visible("one\r\ntwo\rthree\ttab") == "one\ntwo␍three\ttab"
    assert visible("Zoe\u0308 🚓👮🏽‍♀️ שלום") == "Zoë 🚓👮🏽‍♀️ שלום"  # NFC; emoji and RTL text untouched
