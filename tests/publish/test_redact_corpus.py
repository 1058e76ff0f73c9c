"""The redaction corpus: every person (listed or not, in every spelling), date of birth, address
and contact detail is gone from a redacted copy, and the places and agencies are still there."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from psg_tui.core.minutes import read_minutes
from psg_tui.core.privacy import ScreenMask, free_texts

from .conftest import run
from .corpus import CORPUS, GROUPS, KEPT, found, leaks, needles

FORMATS = [("export", "--format", "md"), ("export", "--format", "html"), ("show",)]


@pytest.mark.slow
@pytest.mark.parametrize("command", FORMATS, ids=["md", "html", "show"])
def test_the_redacted_corpus_leaks_nothing(command, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "3000")
    code, out, err = run(capsys, "minutes", command[0], str(CORPUS), *command[1:], "--redact")
    assert code == 0, err
    out = html.unescape(out)
    assert {group: found for group, found in leaks(out).items() if found} == {}
    assert [place for place in needles(KEPT) if not found(out, place)] == []
    out = out.replace("\\[", "[").replace("\\]", "]")  # Markdown's escapes
    for label in (
        "[name withheld]",
        "[address withheld]",
        "[date of birth withheld]",
        "[phone number withheld]",
    ):
        assert label in out


@pytest.mark.slow
def test_control_the_unredacted_corpus_holds_every_needle(capsys, monkeypatch):
    """The search finds each needle when it is there, so the test above can fail."""
    monkeypatch.setenv("COLUMNS", "3000")
    code, out, _ = run(capsys, "minutes", "show", str(CORPUS))
    assert code == 0
    missing = {group: [n for n in items if not found(out, n)] for group, items in GROUPS.items()}
    assert {group: items for group, items in missing.items() if items} == {}
    assert all(found(out, place) for place in needles(KEPT))


def test_privacy_mode_masks_the_same_people_and_addresses():
    """On screen names become initials (so initials may stay); nothing else may."""
    minutes = read_minutes(CORPUS)
    mask = ScreenMask.for_minutes(minutes)
    shown = "\n".join(mask.text(text) for text in free_texts(minutes))
    written = "\n".join(free_texts(minutes))
    on_screen_ok = {"DH", "D.H.", "JN"}
    groups = {g: [n for n in items if n not in on_screen_ok] for g, items in GROUPS.items()}
    assert {group: found for group, found in leaks(shown, groups).items() if found} == {}
    places = [place for place in needles(KEPT) if found(written, place)]
    assert len(places) > 12
    assert [place for place in places if not found(shown, place)] == []
    assert "J. S." in shown and "address hidden" in shown  # Mr John Smith of 46 Brigantine Way


def test_redaction_hides_at_least_what_privacy_mode_hides(tmp_path: Path, capsys):
    """Every span privacy mode masks in the sample and the corpus is masked in the redacted copy."""
    from psg_tui.core.personal import Detector  # noqa: F401  (the one detector both use)
    from psg_tui.publish import redact_minutes

    for path in (
        CORPUS,
        Path(__file__).parents[2] / "sample_db" / "minutes" / "2026-10-15-stockton-psg.toml",
    ):
        minutes = read_minutes(path)
        mask = ScreenMask.for_minutes(minutes)
        redacted = "\n".join(free_texts(redact_minutes(minutes)))
        for text in free_texts(minutes):
            for finding in mask._detector.find(text):
                if finding.kind != "person" or len(finding.text) > 3:
                    assert not found(redacted, finding.text), (path.name, finding.text)
