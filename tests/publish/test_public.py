"""The residents' 'You said, we did' page: its figures against hand counts, and its leak test.

The database is the mini partnership (tests/data/mini.sql, with mini_interventions.sql and
tests/evidence_fixture.py) with a survey of the district and planted personal details: a closure
order's flat and house number and applicant, subjects and outcomes naming people, a survey topic
and an incident category naming people the minutes name. The minutes are the redaction corpus
(tests/publish/data/victims-and-variants.toml), which names victims, relatives, tenants and every
attendee in every spelling. None of it may reach the page; a control shows the same search finds
every needle on a page built without the guards.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import duckdb
import html5lib
import pytest

from psg_tui.core.minutes import read_minutes
from psg_tui.core.personal.street import street_only
from psg_tui.publish import public
from psg_tui.publish.public import read_public, render_public
from tests.core.test_area_interventions import with_interventions
from tests.evidence_fixture import with_evidence

from .conftest import SAMPLE, run
from .corpus import CORPUS, GROUPS, found, leaks

SURVEY = """INSERT INTO survey VALUES
    ('Spring 2026', DATE '2026-04-01', 'all', 'drugs', 200, 102),
    ('Spring 2026', DATE '2026-04-01', 'all', 'feel-less-safe', 200, 126),
    ('Spring 2026', DATE '2026-04-01', 'all', 'asb-victim', 200, 74),
    ('Autumn 2025', DATE '2025-10-01', 'all', 'drugs', 200, 90),
    ('Autumn 2025', DATE '2025-10-01', 'all', 'feel-less-safe', 200, 110),
    ('Autumn 2025', DATE '2025-10-01', 'north-ward', 'drugs', 10, 9),
    ('Winter 2027', DATE '2027-01-01', 'all', 'drugs', 100, 99)"""
# What only the database's personal fields hold (and the planted texts below): never on the page.
PLANTED = (
    "INSERT INTO closure_orders VALUES ('CO-9', 'Flat 9, 77 Lanyard Street, Stockton', 'north-ward', 'order', "
    "DATE '2026-10-12', DATE '2026-10-12', DATE '2027-01-10', 'granted', 'PC Liam Dunmore')",
    "INSERT INTO closure_orders VALUES ('CO-10', 'The Anchor, 3 Capstan Court, Stockton TS18 1AB', 'south-ward', "
    "'notice', DATE '2026-10-20', DATE '2026-10-22', DATE '2026-10-22', 'notice-served', 'Council')",
    "INSERT INTO interventions VALUES ('I99', DATE '2026-10-14', 'day', DATE '2026-10-01', 'north-ward', NULL, "
    "'cpw', 1, 'Council', 'SUBJ-PLANTED-42', 'Warned Jane Doe of 46 Brigantine Way', NULL, NULL)",
    "INSERT INTO pspo_breaches VALUES ('B9', 'P1', DATE '2026-10-21', 'north-hotspot', '15 Quay Lane', "
    "'Drinking alcohol when asked to stop', 'prosecution')",
    "INSERT INTO survey VALUES ('Spring 2026', DATE '2026-04-01', 'all', 'kevin-dunn', 200, 20)",
    "INSERT INTO incidents VALUES ('x:1', 'council-asb', 'X1', 'council-asb', DATE '2026-10-01', "
    "TIMESTAMP '2026-10-05 00:00', 'day', 'Harassment of Mary Watson', 'south-ward', NULL, '4 Rope Walk', "
    "NULL, NULL, NULL, NULL)",
)
DB_NEEDLES = (
    "77 Lanyard",
    "Flat 9",
    "Liam Dunmore",
    "SUBJ-PLANTED-42",
    "Jane Doe",
    "3 Capstan",
    "TS18 1AB",
    "15 Quay Lane",
    "4 Rope Walk",
    "The Anchor",
)


def _db(tmp_path: Path, *statements: str) -> Path:
    db = with_evidence(with_interventions(tmp_path / "public.duckdb"))
    con = duckdb.connect(str(db))
    try:
        con.execute(SURVEY)
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()
    return db


def _october(path: Path, source: Path = SAMPLE) -> Path:
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"period_start = \d{4}-\d\d-\d\d", "period_start = 2026-10-01", text)
    text = re.sub(r"period_end = \d{4}-\d\d-\d\d", "period_end = 2026-10-31", text)
    path.write_text(text, encoding="utf-8")
    return path


def _text(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_street_only_keeps_the_street_and_town() -> None:
    assert street_only("Flat 2, 41 Cordwainer Street, Stockton") == "Cordwainer Street, Stockton"
    assert street_only("No. 5 Quay Lane, Thornaby") == "Quay Lane, Thornaby"
    assert street_only("12-14 Dovecot Street") == "Dovecot Street"
    assert street_only("The Crown, 3 High St, Stockton TS18 1AB") == "High St"
    assert street_only("Unit 4 Parkway Centre") is None
    assert street_only("Rose House, Yarm") is None


def test_the_page_counts_what_was_said_done_and_changed(tmp_path: Path) -> None:
    page = read_public(_db(tmp_path), read_minutes(_october(tmp_path / "m.toml")))
    assert page.marking == "OFFICIAL"
    said = page.said
    assert said is not None and (said.wave, said.previous_wave) == (
        "Spring 2026",
        "Autumn 2025",
    )  # not 2027's
    shares = {c.topic: (c.share, c.previous, c.change) for c in said.concerns}
    assert shares == {
        "feel less safe than a year ago": (63, 55, 8),
        "concerned about drug use or dealing": (51, 45, 6),
        "have been a victim of anti-social behaviour": (37, None, None),
    }
    # October: patrols 4 + 5, engagement 3, CPW 2 (a month's), CPN 1
    assert {d.what: d.count for d in page.done} == {
        "Patrols": 9,
        "Engagement": 3,
        "Community protection warnings (CPW)": 2,
        "Community protection notices (CPN)": 1,
    }
    assert page.patrols == 9
    assert [term for term, _ in page.meanings] == ["CPW", "CPN", "FPN", "PSPO"]  # FPN: a breach's
    assert page.closures == ()
    assert page.orders_in_force == 1  # CO-1, granted in September, expires 28 November
    assert [(e.what, e.count) for e in page.enforcement] == [
        ("Warnings", 1),
        ("Fixed penalty notices issued", 1),
    ]
    # Only September and October have incidents: counts for the year, no comparison.
    assert not page.compared
    assert {c.category: (c.recent, c.before) for c in page.changed} == {
        "Anti-social behaviour": (8, None),
        "Shoplifting": (7, None),
        "Burglary": (4, None),
        "Fly-tipping": (1, None),
        "Street drinking": (1, None),
    }
    assert page.notes == (
        "The database holds 2 of the 12 months to October 2026.",
        "There is no full year before to compare with.",
    )


def test_a_full_two_years_gives_the_twelve_month_change(tmp_path: Path) -> None:
    every_month = (
        "INSERT INTO incidents SELECT 'm:' || m, 'police-uk', NULL, 'police-uk:x', CAST(m AS DATE), "
        "CAST(m AS TIMESTAMP), 'month', 'Burglary', 'south-ward', 'E01000003', NULL, NULL, NULL, NULL, NULL "
        "FROM generate_series(TIMESTAMP '2024-11-01', TIMESTAMP '2026-10-01', INTERVAL 1 MONTH) t(m)"
    )
    page = read_public(_db(tmp_path, every_month), read_minutes(_october(tmp_path / "m.toml")))
    assert page.compared and page.notes == ()
    changed = {c.category: (c.recent, c.before, c.change_pct) for c in page.changed}
    assert changed["Burglary"] == (16, 12, 33)  # 12 + Sep 3 + Oct 1, against 12
    assert changed["Shoplifting"] == (7, 3, 133)  # 5 + 2 against October 2025's 3
    assert changed["Anti-social behaviour"] == (8, 0, None)  # no percentage from nothing
    assert (page.total_recent, page.total_before) == (33, 15)
    assert "+120%" in _text(render_public(page))


def test_patrols_are_counted_once_and_the_terms_are_explained(tmp_path: Path) -> None:
    """Joint patrols are patrols: one row, not a row each and a sentence adding them up again."""
    db = _db(
        tmp_path,
        "UPDATE interventions SET kind = 'joint-patrol' WHERE kind = 'patrol' AND count = 4",
        "INSERT INTO interventions (id, occurred, precision, month, area_id, kind, count, agency)"
        " VALUES ('cbo-1', DATE '2026-10-20', 'day', DATE '2026-10-01', 'north-ward', 'cbo', 1, 'Police')",
    )
    page = read_public(db, read_minutes(_october(tmp_path / "m.toml")))
    done = {d.what: d.count for d in page.done}
    assert done["Patrols, 4 of them by more than one agency together"] == 9
    assert not any("atrol" in what for what in done if not what.startswith("Patrols"))
    text = _text(render_public(page))
    assert text.count("Patrols") == 1 and "includes" not in text
    assert "CBO a criminal behaviour order" not in text  # said with a capital, in full
    assert "CBO A criminal behaviour order: an order a court makes when it convicts someone" in text
    assert "CPW A community protection warning: a written warning" in text
    assert "CPN A community protection notice: a legal notice given when a warning has been ignored" in text
    assert "FPN A fixed penalty notice: a fine that can be paid instead of going to court." in text


def test_without_a_survey_the_section_is_left_out(tmp_path: Path) -> None:
    db = _db(tmp_path, "DELETE FROM survey")
    page = read_public(db, read_minutes(_october(tmp_path / "m.toml")))
    assert page.said is None
    text = _text(render_public(page))
    assert "What you told us" not in text and "What we did" in text and "What changed" in text


def test_the_public_page_leaks_nothing(tmp_path: Path, capsys) -> None:
    db = _db(tmp_path, *PLANTED)
    minutes = _october(tmp_path / "corpus.toml", CORPUS)
    out = tmp_path / "public.html"
    code, said, err = run(
        capsys, "minutes", "export", str(minutes), "--format", "public", "--db", str(db), "-o", str(out)
    )
    assert code == 0, err
    assert "marked OFFICIAL" in said
    page = out.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(page)
    text = html.unescape(page)
    assert {group: hits for group, hits in leaks(text).items() if hits} == {}
    assert [needle for needle in DB_NEEDLES if found(text, needle)] == []
    assert "OFFICIAL-SENSITIVE" not in text and "OFFICIAL" in text
    # What residents may read is there: the street, the counts, the survey.
    visible = _text(page)
    assert "Closure order granted, 12 October 2026: Lanyard Street, Stockton" in visible
    assert "Closure notice served, 20 October 2026: Capstan Court " in visible
    assert "prosecutions: 1" in visible and "Patrols 9" in visible
    assert "51%" in visible and "63%" in visible


def test_control_the_search_finds_every_needle_without_the_guards(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    """The same search finds what the test above looks for, so that test can fail: the minutes'
    people are all in the unredacted minutes, and a page built with the guards switched off
    shows the planted premises and the names in the database's texts."""
    db = _db(tmp_path, *PLANTED)
    minutes = _october(tmp_path / "corpus.toml", CORPUS)
    code, unredacted, _ = run(capsys, "minutes", "export", str(minutes), "--format", "html")
    assert code == 0
    missing = {
        g: [n for n in items if not found(html.unescape(unredacted), n)] for g, items in GROUPS.items()
    }
    assert {group: items for group, items in missing.items() if items} == {}
    monkeypatch.setattr(public, "street_only", lambda premises: premises)
    monkeypatch.setattr(public._Guard, "text", lambda self, value: value)
    monkeypatch.setattr(public._Guard, "place", lambda self, value: value)
    unguarded = html.unescape(render_public(read_public(db, read_minutes(minutes))))
    for needle in ("77 Lanyard", "Flat 9", "3 Capstan", "TS18 1AB", "Mary Watson", "kevin dunn"):
        assert found(unguarded, needle), needle


def test_a_name_in_the_title_is_withheld(tmp_path: Path, capsys) -> None:
    db = _db(tmp_path)
    text = _october(tmp_path / "m.toml").read_text(encoding="utf-8")
    text = re.sub(
        r'^title = ".*"$', 'title = "Dana Heron\'s Problem-Solving Group"', text, count=1, flags=re.M
    )
    minutes = tmp_path / "titled.toml"
    minutes.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "minutes", "export", str(minutes), "--format", "public", "--db", str(db))
    assert code == 0, err
    assert not found(html.unescape(out), "Heron") and not found(html.unescape(out), "Dana")
    assert "Problem-Solving Group" in out


def test_the_public_page_needs_a_database_and_refuses_member_options(tmp_path: Path, capsys) -> None:
    minutes = _october(tmp_path / "m.toml", CORPUS)  # names no database
    code, _out, err = run(capsys, "minutes", "export", str(minutes), "--format", "public")
    assert code != 0 and "--db DB" in err and "Traceback" not in err
    db = _db(tmp_path)
    code, _out, err = run(
        capsys, "minutes", "export", str(minutes), "--format", "public", "--db", str(db), "--agency", "Police"
    )
    assert code != 0 and "--agency is not for the public page" in err


@pytest.mark.parametrize("hostile_title", ['<script>alert("t")</script> & "Quotes"'])
def test_the_page_is_escaped(tmp_path: Path, hostile_title: str) -> None:
    minutes = read_minutes(_october(tmp_path / "m.toml"))
    from dataclasses import replace

    minutes = replace(minutes, meeting=replace(minutes.meeting, title=hostile_title))
    page = render_public(read_public(_db(tmp_path), minutes))
    assert "<script>" not in page and "&lt;script&gt;" in page
    html5lib.HTMLParser(strict=True).parse(page)
