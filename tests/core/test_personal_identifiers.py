"""Vehicle registrations, NHS numbers and National Insurance numbers are personal details, and a
name the minutes withhold is withheld in the database's text too."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from psg_tui.core.minutes import read_minutes
from psg_tui.core.personal import DETAILS, AllowList, Detector
from psg_tui.core.personal.patterns import NHS_NUMBER, NI_NUMBER, VEHICLE, nhs_check_digit_ok
from psg_tui.core.personal.patterns import find as find_details
from psg_tui.core.privacy import ScreenMask
from psg_tui.importing.kinds.operations import subject_problem
from psg_tui.publish import OperationOutputs, prepare, render_html, render_markdown
from tests.publish.conftest import AS_OF, SAMPLE


def details(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], kind) for s, e, kind in find_details(text)]


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("Silver Astra AB12 CDE seen twice", "AB12 CDE", VEHICLE),
        ("van ab12cde outside", "ab12cde", VEHICLE),
        ("reg. A123 BCD parked", "A123 BCD", VEHICLE),
        ("the old Escort ABC 123D", "ABC 123D", VEHICLE),
        ("NHS no. 943 476 5919 given", "943 476 5919", NHS_NUMBER),
        ("nhs 9434765919", "9434765919", NHS_NUMBER),
        ("NI QQ 12 34 56 C on file", "QQ 12 34 56 C", NI_NUMBER),
        ("ni number ab123456c", "ab123456c", NI_NUMBER),
    ],
)
def test_identifiers_with_a_shape(text: str, value: str, kind: str) -> None:
    assert details(text) == [(value, kind)]
    assert kind in DETAILS


@pytest.mark.parametrize(
    "text",
    [
        "NHS 943 476 5918 (a wrong check digit)",
        "cp12 was late",  # a lower-case 'registration' whose letters are a word
        "A19 ASB hotspot",  # a road and an abbreviation
        "ASB up 12 on 2026",
        "TS18 1AB",  # a postcode, found as one
        "action A-0001 and SUBJ-0001",
        "DF 12 34 56 A",  # D is never a National Insurance prefix letter
    ],
)
def test_lookalikes_are_not_identifiers(text: str) -> None:
    assert not [kind for _, kind in details(text) if kind in (VEHICLE, NHS_NUMBER, NI_NUMBER)]


def test_the_nhs_check_digit() -> None:
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765918")
    assert not nhs_check_digit_ok("943476591")
    # remainder 1 makes a check digit of 10: no such NHS number exists
    assert not any(nhs_check_digit_ok("000000006" + d) for d in "0123456789")


def test_privacy_mode_hides_them() -> None:
    mask = ScreenMask(["Sam Patel"])
    shown = mask.text("Sam saw AB12 CDE; NHS 943 476 5919; NI QQ 12 34 56 C")
    assert shown == "S. saw vehicle reg hidden; NHS NHS number hidden; NI NI number hidden"


def test_a_redacted_copy_withholds_them_in_every_format() -> None:
    minutes = read_minutes(SAMPLE)
    area = minutes.areas[0]
    note = " Car AB12 CDE again; NHS number 943 476 5919; NI QQ 12 34 56 C."
    minutes = replace(minutes, areas=[replace(area, notes=area.notes + note), *minutes.areas[1:]])
    view = prepare(minutes, as_of=AS_OF, redact=True)
    for page in (render_markdown(view).replace("\\[", "[").replace("\\]", "]"), render_html(view)):
        for planted in ("AB12 CDE", "943 476 5919", "QQ 12 34 56 C"):
            assert planted not in page
        assert "[vehicle registration withheld]" in page and "[NHS number withheld]" in page
        assert "[NI number withheld]" in page


@pytest.mark.parametrize(
    "subject",
    ["AB12 CDE", "943 476 5919", "QQ 12 34 56 C", "john smith 7", "mary watson 3", "jane 17"],
)
def test_the_subject_check_refuses_identifiers_and_lower_case_names(subject: str) -> None:
    assert subject_problem(subject) is not None


@pytest.mark.parametrize("subject", ["S-0042", "SUBJ 17", "Y/123", "subj 17", "SUBJ-0001", "CPW-2026-014"])
def test_references_are_still_subjects(subject: str) -> None:
    assert subject_problem(subject) is None


# -- the database's names go through the minutes' known names -----------------------------------


def _quigley_minutes():
    minutes = read_minutes(SAMPLE)
    area = minutes.areas[0]
    note = " Spoke to Mrs Quigley about the noise."
    return replace(minutes, areas=[replace(area, notes=area.notes + note), *minutes.areas[1:]])


def test_an_operation_name_loses_a_surname_the_minutes_withhold() -> None:
    operation = OperationOutputs(
        "op-q", "Quigley surveillance", "Cleveland Police", date(2026, 6, 1), None, ()
    )
    # the command line allows every operation's and area's name as a place
    allow = AllowList.default((), ["Quigley surveillance", "Operation Shield", "Mandale and Victoria"])
    view = prepare(_quigley_minutes(), as_of=AS_OF, redact=True, operations=(operation,), allow=allow)
    assert [op.name for op in view.operations or ()] == ["[name withheld] surveillance"]
    for page in (render_markdown(view), render_html(view)):
        assert "Quigley" not in page
        assert "Operation Shield" in page  # a place name that names nobody is kept


def test_a_database_name_naming_nobody_the_minutes_withhold_stays_allowed() -> None:
    allow = AllowList.default((), ["Mandale and Victoria", "Quigley surveillance"])
    detector = Detector(allow=allow)
    assert detector.find("Mandale and Victoria") == []
    assert detector.find("Quigley surveillance") == []  # nothing says Quigley is a person yet
    (mrs,) = detector.find("Mrs Quigley called")
    detector.learn(mrs, None)
    assert [f.text for f in detector.find("Quigley surveillance")] == ["Quigley"]
    assert detector.find("Mandale and Victoria") == []
    assert "Mandale and Victoria" in detector.allow.data and "Quigley surveillance" not in detector.allow.data


def test_privacy_mode_masks_the_surname_in_the_databases_names_too() -> None:
    mask = ScreenMask.for_minutes(_quigley_minutes(), places=["Quigley surveillance"])
    assert mask.text("Quigley surveillance") == "Q. surveillance"
