"""--redact: no personal name, or part of one, survives anywhere; restricted items are gone."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from psg_tui.core.minutes import read_minutes
from psg_tui.publish import Redactor, redact_minutes

from .conftest import AS_OF, RESTRICTED_TEXT, SAMPLE, hostile, names_to_check, run, surviving

FORMATS = [("export", "--format", "md"), ("export", "--format", "html"), ("show",)]


def test_names_become_roles_or_agencies():
    r = Redactor(hostile())
    assert r.scrub("Insp. Dana Heron") == "Chair (Cleveland Police)"
    assert r.scrub("Sam Patel") == "Stockton-on-Tees Borough Council officer"
    assert (
        r.scrub("ask heron, then SAM")
        == "ask Chair (Cleveland Police), then Stockton-on-Tees Borough Council officer"
    )
    assert r.scrub("Kit Secretowner") == "Probation Service officer"  # an owner who did not attend
    assert r.scrub("Morgan") == "Partnership member"  # an update's author, in no other role


def test_whole_words_only_in_any_case():
    r = Redactor(hostile())
    kept = "Danaher Street, Samphire Road, the same van, Heronsgate"
    assert r.scrub(kept) == kept
    assert "Dana" not in r.scrub("DANA-led review; dana's call")
    zoe = "Watch Manager (Fire & Rescue <Service>)"
    assert r.scrub("O’Brien, o'brien, Brien, NAKAMURA, zoë") == ", ".join([zoe] * 5)


def test_a_part_two_people_share_names_neither():
    minutes = hostile()
    twin = minutes.attendees[0].__class__("Sam Heron", "Thirteen Group", "present")
    minutes = minutes.__class__(minutes.meeting, (*minutes.attendees, twin), minutes.areas, minutes.actions)
    r = Redactor(minutes)
    assert r.scrub("Heron") == "[name withheld]"
    assert r.scrub("Dana Heron") == "Chair (Cleveland Police)"


def test_redact_minutes_drops_restricted_items():
    m = redact_minutes(hostile())
    assert [a.id for a in m.actions] == ["A-0001", "A-0002", "A-0003", "A-0004", "A-0006", "A-0007"]
    assert [a.area for a in m.areas] == ["town-centre<script>"]
    assert [u.by for u in m.actions[0].updates] == ["Partnership member"]  # the restricted update is gone


@pytest.mark.parametrize("source", ["sample", "hostile"])
@pytest.mark.parametrize("command", FORMATS, ids=["md", "html", "show"])
def test_no_name_survives_anywhere(
    source, command, hostile_file: Path, sample_file: Path, capsys, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "3000")  # so the terminal never wraps a name across lines
    path = hostile_file if source == "hostile" else sample_file
    code, out, err = run(
        capsys, "minutes", *command[:1], str(path), *command[1:], "--redact", "--as-of", "2026-11-08"
    )
    assert code == 0, err
    names = names_to_check(path)
    assert len(names) > 20
    assert surviving(out, names) == []
    assert surviving(html.unescape(out), names) == []  # nothing hidden in entities either
    for text in RESTRICTED_TEXT:
        assert text not in out
    if source == "sample":
        for restricted in ("A-0038", "A-0043", "AWO ref 114", "IOM cohort"):
            assert restricted not in out
        assert "A-0041" in out  # and the rest is still there
    else:
        for word in ("Danaher", "Samphire", "same"):  # names inside other words survive
            assert word in out
        assert "Check the van" in out
    assert "REDACTED COPY" in out


def test_html_redacted_title_attributes_and_comments(hostile_file: Path, capsys):
    code, out, _ = run(capsys, "minutes", "export", str(hostile_file), "--format", "html", "--redact")
    assert code == 0
    title = out[out.index("<title>") : out.index("</title>")]
    assert "REDACTED COPY" in title and "Chair (Cleveland Police)" in html.unescape(title)
    assert "Dana" not in title and "Heron" not in title
    assert "<!--" not in out  # the template's own comments are Jinja comments and vanish


def test_unredacted_copy_still_has_names_and_restricted_items(hostile_file: Path, capsys):
    """The control: the same check does find names when they are there."""
    code, out, _ = run(
        capsys, "minutes", "export", str(hostile_file), "--format", "md", "--as-of", "2026-11-08"
    )
    assert code == 0
    assert set(surviving(out, names_to_check(hostile_file))) >= {"Dana Heron", "Heron", "Sam", "Secretowner"}
    assert all(text in out for text in RESTRICTED_TEXT)


def test_names_come_from_the_whole_file_even_when_filtered_to_one_agency(hostile_file: Path, capsys):
    code, out, _ = run(
        capsys,
        "minutes",
        "export",
        str(hostile_file),
        "--format",
        "md",
        "--redact",
        "--agency",
        "stockton-on-tees borough council",
    )
    assert code == 0
    assert "Zoë" not in out and "Morgan" not in out  # named in the council's action, not council people
    assert surviving(out, names_to_check(hostile_file)) == []
    assert "A-0001" in out and "A-0002" not in out


def test_redacted_sample_keeps_agencies_readable():
    m = redact_minutes(read_minutes(SAMPLE))
    assert m.meeting.chair == "Chair (Neighbourhood Inspector, Stockton), Cleveland Police"
    assert {a.owner for a in m.actions} >= {"ASB Team Leader (Stockton-on-Tees Borough Council)"}
    assert AS_OF  # the fixed date is used by the CLI tests above
