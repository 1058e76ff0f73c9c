"""The personal-details detector that redaction and privacy mode share (psg_tui.core.personal)."""

from __future__ import annotations

import pytest

from psg_tui.core.personal import AllowList, Detector, Folded, People, fold, key
from psg_tui.core.personal.patterns import find as find_details


def detector(*names: str, allow: list[str] | None = None) -> Detector:
    people = People()
    for name in names:
        people.add(name, f"<{name}>", if_new=False)
    return Detector(people, AllowList(allow) if allow is not None else None, old_before=2016)


def found(text: str, *names: str, allow: list[str] | None = None) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in detector(*names, allow=allow).scan(text)]


def masked(text: str, *names: str) -> list[str]:
    return [f.text for f in detector(*names).find(text)]


def test_folding_keeps_a_map_back_to_the_text_as_written():
    text = "Zo\u200bë Bron\u00adtë, Ｊｏｓｅ, Маry, Sørensen, Łukasz, Straße"
    folded = Folded(text)
    assert folded.text == "Zoe Bronte, Jose, Mary, Sorensen, Lukasz, Strasse"
    start = folded.text.index("Bronte")
    assert text[slice(*folded.span(start, start + 6))] == "Bron\u00adtë"  # the soft hyphen goes with it
    assert key("O’Brien-NAKAMURA") == key("o'brien nakamura") == "o brien nakamura"
    assert key("DanaHeron") == "dana heron" and fold("plain ascii") == "plain ascii"


@pytest.mark.parametrize(
    "text",
    [
        "Dana Heron",
        "dana heron",
        "HERON",
        "Heron's",
        "Dána Hérón",
        "Da\u200bna He\u00adron",
        "Dana\u200dHeron",
        "Insp. Dana Heron",
        "DH",
        "D.H.",
        "D. H.",
    ],
)
def test_a_listed_person_in_every_spelling(text):
    (finding,) = detector("Dana Heron").find(f"ask {text} today")
    assert finding.kind == "person" and finding.label == "<Dana Heron>"
    assert finding.text.replace("'s", "") == text.replace("'s", "")


def test_near_spellings_of_long_name_parts_and_their_limits():
    d = detector("Nadia Sørensen", "Aoife McLaughlin", "Helen Marsh")
    assert [f.text for f in d.find("Sorenson, Soerensen and McLaughlan")] == [
        "Sorenson",
        "Soerensen",
        "McLaughlan",
    ]
    assert d.find("Marsh") and not d.find("March and Harsh")  # four letters or a month: only exact
    assert not d.find("Sorenberg")  # two letters away


def test_a_part_two_people_share_stands_for_neither():
    d = detector("Sam Patel", "Sam Heron")
    (finding,) = d.find("Sam said")
    assert finding.label is None
    assert d.find("Sam Patel")[0].label == "<Sam Patel>"


def test_whole_words_only():
    assert masked("Danaher Street, Samphire Road, Heronsgate", "Dana Heron", "Sam Patel") == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("victim Mary Watson said", "Mary Watson"),
        ("her son, Tom Watson, was there", "Tom Watson"),
        ("tenant Bartholomew Quayle left", "Bartholomew Quayle"),
        ("Mr John Smith of the flats", "Mr John Smith"),
        ("report by DC Hollis today", "DC Hollis"),
        ("PC 1234 Smith attended", "PC 1234 Smith"),
        ("Mrs Watson's door", "Mrs Watson"),
        ("seen with Kevin Dunn again", "Kevin Dunn"),
        ("Kevin Hall and others", "Kevin Hall"),
        ("then Ignatius Fairbrother agreed", "Ignatius Fairbrother"),
        ("at Quarterman's flat", "Quarterman"),
        ("Mary said so", "Mary"),
        ("KEVIN DUNN is bailed", "KEVIN DUNN"),
        ("known as Tiny", "Tiny"),
    ],
)
def test_people_the_minutes_do_not_list(text, person):
    (finding,) = detector().find(text)
    assert (finding.kind, finding.text) == ("other", person)


@pytest.mark.parametrize(
    "text",
    [
        "Operation Shield patrols past Lighterman's Yard and the Cordwainer Street arcade",
        "Closure order at Capstan Court expired; Thirteen Group to secure it",
        "Outreach with A Way Out and Change Grow Live on Tuesday nights before Christmas",
        "Project Harmony clear phase in Parkfield and Oxbridge; Bonfire Night plan agreed",
        "Hearing at Teesside Magistrates' Court; Victim Support informed",
        "Survey the back lanes behind Sextant Close for alley gates",
        "St Mary's Church hall, Victoria Road and the Victoria estate",
        "On or near Parking Area; On or near Shopping Area",
        "Town-centre PSPO expires February 2027: ASB team to plan the renewal",
    ],
)
def test_places_agencies_and_ordinary_words_are_not_people(text):
    assert masked(text) == []


def test_the_allow_list_keeps_places_and_never_overrides_a_listed_persons_name():
    assert found("met at Quarrington Grange", allow=[]) == [("other", "Quarrington Grange")]
    assert found("met at Quarrington Grange", allow=["Quarrington Grange"]) == []
    # a phrase of two or more words keeps a listed person's first name; the name in full still goes
    assert masked("Mandale and Victoria; Victoria Jones", "Victoria Jones") == ["Victoria Jones"]
    assert masked("Victoria", "Victoria Jones") == ["Victoria"]


def test_a_capitalised_word_nothing_settles_is_kept_for_review():
    kinds = found("spoke to Watson about it")
    assert kinds == [("kept", "Watson")]
    assert found("Survey done.") == []  # an ordinary word starting a sentence


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("victim (DOB 01/02/1980) seen", "dob", "DOB 01/02/1980"),
        ("d.o.b. 14.7.92 given", "dob", "d.o.b. 14.7.92"),
        ("born 3 March 1946 in", "dob", "born 3 March 1946"),
        ("date of birth: 1st February 1980.", "dob", "date of birth: 1st February 1980"),
        ("order of 14/03/1999 noted", "old-date", "14/03/1999"),
        ("call 07700 900461 now", "phone", "07700 900461"),
        ("tel +44 (0)1642 526000.", "phone", "+44 (0)1642 526000"),
        ("or (01642) 526 000,", "phone", "(01642) 526 000"),
        ("free on 0800 555 0199", "phone", "0800 555 0199"),
        ("mail mary.watson@example.com today", "email", "mary.watson@example.com"),
        ("postcode TS18 3QT.", "postcode", "TS18 3QT"),
        ("postcode ts18 1ab.", "postcode", "ts18 1ab"),
        ("at 12 Elm Road.", "address", "12 Elm Road"),
        ("near 14 Sextant Close", "address", "14 Sextant Close"),
        ("Flat 3, 5 Capstan Court, Stockton", "address", "Flat 3, 5 Capstan Court, Stockton"),
        ("left No. 7 Acacia Ave for", "address", "No. 7 Acacia Ave"),
        ("at 12 elm road", "address", "12 elm road"),
        ("owns 3-5 High Street", "address", "3-5 High Street"),
        ("Mrs Thorpe at Flat 3 before", "address", "Flat 3"),
    ],
)
def test_details_with_a_shape(text, kind, value):
    assert [(text[s:e], k) for s, e, k in find_details(text, old_before=2016) if k == kind][:1] == [
        (value, kind)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "5 more on the road; 3 close calls; 2 went green",
        "14 sites to be cleared by 30 October; up 20% and by 10 or more",
        "hearing on 2026-11-20 at 10:30; action A-0041; AWO ref 114; called 999",
        "Eleven letters sent on 14 March 2024",
    ],
)
def test_numbers_that_are_not_personal_details(text):
    assert list(find_details(text, old_before=2016)) == []


def test_a_scan_is_remembered_until_the_detector_learns_a_name():
    d = detector()
    (first,) = d.find("victim Mary Watson")
    assert d.find("Watson's door") == []  # 'Watson' alone is only kept for review
    d.learn(first, "[name withheld]")
    assert [f.text for f in d.find("Watson's door")] == ["Watson"]


def test_no_place_in_the_sample_database_is_taken_for_a_person(sample_db):
    """Privacy mode runs on every text a panel shows: police.uk locations, categories, outcomes,
    premises, PSPO names. None of the sample's thousands is a person the minutes do not list."""
    import duckdb

    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE data_type = 'VARCHAR' "
            "AND column_name NOT IN ('id', 'owner', 'source', 'lsoa', 'crime_id', 'area_id', 'ward_code')"
        ).fetchall()
        values = {
            v for t, c in columns for (v,) in con.execute(f'SELECT DISTINCT "{c}" FROM "{t}"').fetchall() if v
        }
        names = [n for (n,) in con.execute("SELECT name FROM areas").fetchall()]
    finally:
        con.close()
    assert len(values) > 2000
    d = Detector(People(), AllowList.default(extra=names))
    people = sorted({f.text for v in values for f in d.find(v) if f.kind == "other"})
    assert people == []
