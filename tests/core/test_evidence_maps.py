"""The topics and priorities files: the shipped defaults, an analyst's override, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from psg_tui.core.errors import DataError
from psg_tui.core.evidence_maps import (
    PRIORITIES_ENV,
    TOPICS_ENV,
    load_priorities,
    load_topics,
    parse_priorities,
    parse_topics,
)
from psg_tui.core.interventions import INTERVENTION_KINDS


def test_the_default_topics_map_the_surveys_topics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOPICS_ENV, raising=False)
    topics = load_topics()
    assert list(topics.topics) == ["drugs", "asb-victim", "feel-less-safe", "street-drinking", "sex-work"]
    assert topics.topics["drugs"].categories == ("Drugs",)
    assert topics.topics["asb-victim"].categories == ("Anti-social behaviour",)
    assert topics.topics["feel-less-safe"].every_category
    assert topics.topics["street-drinking"].categories == ("Street drinking",)
    assert topics.topics["sex-work"].categories == ("On-street sex work",)
    assert not topics.warnings and "(the default)" in topics.source
    assert {"topic": "drugs", "category": "Drugs"} in topics.as_parameter()


def test_the_default_priorities_are_six_and_name_only_real_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PRIORITIES_ENV, raising=False)
    priorities = load_priorities()
    assert len(priorities.priorities) == 6 and not priorities.warnings
    assert all(k in INTERVENTION_KINDS for p in priorities.priorities for k in p.kinds)
    # the sample minutes' wordings find their priority
    assert priorities.of_action("Drugs and alcohol").name == "Drugs and alcohol"
    assert priorities.of_action("  anti-social BEHAVIOUR and feelings of safety ").name.startswith(
        "Anti-social"
    )
    assert priorities.of_action("Environmental crime and the look of the place").name.startswith(
        "Anti-social"
    )
    assert priorities.of_action("Parking") is None and priorities.of_action(None) is None
    first = priorities.category_parameter()[0]
    assert first == {
        "position": 1,
        "priority": priorities.priorities[0].name,
        "category": "Anti-social behaviour",
    }


def test_an_override_file_replaces_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "topics.toml"
    mine.write_text('[topics.litter]\nlabel = "Litter"\ncategories = ["Fly-tipping"]\ncolour = "red"\n')
    monkeypatch.setenv(TOPICS_ENV, str(mine))
    topics = load_topics()
    assert list(topics.topics) == ["litter"] and topics.source == str(mine)
    assert topics.warnings == (
        f"{mine}: topics.litter.colour is not a key this file uses (label, categories).",
    )


def test_a_broken_file_names_the_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "priorities.toml"
    mine.write_text('[[priorities]]\nname = "ASB"\ncategories = [Anti-social behaviour]\n')
    monkeypatch.setenv(PRIORITIES_ENV, str(mine))
    with pytest.raises(DataError, match=rf"{mine} is not valid TOML: .*line 3"):
        load_priorities()
    monkeypatch.setenv(PRIORITIES_ENV, str(tmp_path / "missing.toml"))
    with pytest.raises(DataError, match=r"missing.toml \(named by PSG_PRIORITIES\) does not exist"):
        load_priorities()


def test_wrong_shapes_are_refused_and_unknown_keys_warned() -> None:
    with pytest.raises(DataError, match=r"topics\.drugs has no categories"):
        parse_topics("t.toml", '[topics.drugs]\nlabel = "x"\n')
    with pytest.raises(DataError, match="categories must be a list"):
        parse_topics("t.toml", '[topics.drugs]\ncategories = "Drugs"\n')
    with pytest.raises(DataError, match="no \\[\\[priorities\\]\\] tables"):
        parse_priorities("p.toml", "")
    with pytest.raises(DataError, match="priority 2 has no name"):
        parse_priorities("p.toml", '[[priorities]]\nname = "A"\n[[priorities]]\nkinds = []\n')
    with pytest.raises(DataError, match="priority 'a' is listed twice"):
        parse_priorities("p.toml", '[[priorities]]\nname = "A"\n[[priorities]]\nname = " a "\n')
    found = parse_priorities("p.toml", 'title = "x"\n[[priorities]]\nname = "A"\nkinds = ["patrol", "hug"]\n')
    assert found.warnings == (
        "p.toml: 'title' is not a key this file uses (only [[priorities]]).",
        "p.toml: priority 'A' names kind 'hug', which is not an intervention kind.",
    )


def test_an_edited_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "topics.toml"
    mine.write_text('[topics.a]\ncategories = ["Drugs"]\n')
    monkeypatch.setenv(TOPICS_ENV, str(mine))
    first = load_topics()
    assert load_topics() is first  # unchanged: not parsed again
    mine.write_text('[topics.b]\ncategories = ["Burglary", "Robbery"]\n')
    assert list(load_topics().topics) == ["b"]
    mine.unlink()
    with pytest.raises(DataError, match="does not exist"):
        load_topics()
