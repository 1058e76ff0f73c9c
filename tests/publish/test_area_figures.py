"""Each area's figures beside its notes in the minutes: counts, rate per 1,000 and deprivation,
from the same query as the area view (queries/area_context.sql), in every format."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from tests.evidence_fixture import with_evidence

from .conftest import run

MINUTES = """format = "psg-minutes"
version = 1

[meeting]
title = "Mini PSG"
date = 2026-11-19
chair = "Dana Heron"
classification = "OFFICIAL-SENSITIVE"
period_start = 2026-10-01
period_end = 2026-10-31

[[attendees]]
name = "Dana Heron"
agency = "Cleveland Police"
role = "Chair"
status = "present"

[[areas]]
area = "north-ward"
notes = "Shoplifting up on the High Street."
decisions = []

[[areas]]
area = "south-ward"
notes = "Quiet month."
decisions = []
"""
NORTH = (
    "Oct 2026: 10 incidents; 2.5 per 1,000 residents (Sep 2026: 1.5); "
    "IMD 2025 decile 2.9, 37.5% in the most deprived 10%"
)
SOUTH = (
    "Oct 2026: 2 incidents; IMD 2025 decile 2.0, 0.0% in the most deprived 10%; "
    "no rate: 800 residents, under 1,000, too few for a rate to mean anything"
)
FORMATS = [("show",), ("export", "--format", "md"), ("export", "--format", "html")]


@pytest.fixture
def minutes(tmp_path: Path) -> Path:
    path = tmp_path / "mini.toml"
    path.write_text(MINUTES, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", FORMATS, ids=["show", "md", "html"])
@pytest.mark.parametrize("redact", [False, True], ids=["full", "redacted"])
def test_each_area_has_its_figures(
    command, redact, minutes: Path, mini_db: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    db = with_evidence(mini_db)
    extra = ["--redact"] if redact else []
    code, out, err = run(capsys, "minutes", *command[:1], str(minutes), *command[1:], "--db", str(db), *extra)
    assert code == 0, err
    text = " ".join(html.unescape(out).replace("\\", "").split())
    assert NORTH in text and SOUTH in text
    assert text.index("North Ward") < text.index(NORTH) < text.index("South Ward") < text.index(SOUTH)


def test_without_population_the_figures_say_why_there_is_no_rate(
    minutes: Path, mini_db: Path, capsys
) -> None:
    code, out, _ = run(capsys, "minutes", "export", str(minutes), "--format", "md", "--db", str(mini_db))
    assert code == 0
    assert "Oct 2026: 10 incidents; no population or deprivation data imported" in out


def test_without_a_database_there_are_no_figures(minutes: Path, capsys) -> None:
    code, out, _ = run(capsys, "minutes", "export", str(minutes), "--format", "md")
    assert code == 0
    assert "incidents" not in out and "per 1,000" not in out


def test_a_period_longer_than_a_month_has_no_figures(minutes: Path, mini_db: Path, capsys) -> None:
    minutes.write_text(
        MINUTES.replace("period_start = 2026-10-01", "period_start = 2026-09-01"), encoding="utf-8"
    )
    code, out, _ = run(
        capsys, "minutes", "export", str(minutes), "--format", "md", "--db", str(with_evidence(mini_db))
    )
    assert code == 0
    assert "per 1,000" not in out
