"""A redacted copy of the minutes, for circulation beyond the meeting.

Every person named in the file (attendees, the chair, action owners, update authors) is
replaced by their role or agency wherever their name appears: in the fields that hold it and
in free text, as the full name, any part of it, its initials or a near spelling, whatever the
case, accents or invisible characters ('Heron' goes but 'Dana' inside 'Danaher' stays).
People the file does not list (victims, relatives, tenants) become '[name withheld]', found by
their titles, relations, given names and the shape of their names; dates of birth, phone
numbers, e-mail addresses, postcodes, house-numbered addresses, vehicle registrations, NHS
numbers and National Insurance numbers are withheld too. The
detector is the one privacy mode uses (`psg_tui.core.personal`), so a redacted copy hides at
least what the screen hides. Restricted actions, areas and updates are left out altogether.
Redaction works on the model, before anything is rendered, so no output format can leak what
it removed into a title, an attribute or a comment.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from psg_tui.core.minutes import Action, AreaRecord, Attendee, Minutes, Update
from psg_tui.core.personal import KEPT, OTHER, PERSON, AllowList, Detector, Finding, People, key, substitute
from psg_tui.core.personal.patterns import (
    ADDRESS,
    DOB,
    EMAIL,
    NHS_NUMBER,
    NI_NUMBER,
    OLD_DATE,
    PHONE,
    POSTCODE,
    VEHICLE,
)
from psg_tui.core.privacy import located_texts

WITHHELD = "[name withheld]"
MEMBER = "Partnership member"
DETAIL_LABELS = {
    ADDRESS: "[address withheld]",
    DOB: "[date of birth withheld]",
    OLD_DATE: "[date withheld]",
    EMAIL: "[e-mail withheld]",
    PHONE: "[phone number withheld]",
    POSTCODE: "[postcode withheld]",
    VEHICLE: "[vehicle registration withheld]",
    NHS_NUMBER: "[NHS number withheld]",
    NI_NUMBER: "[NI number withheld]",
}


def person_label(attendee: Attendee) -> str:
    """'Chair (Cleveland Police)' from a role, '<agency> officer' without one."""
    role, agency = (attendee.role or "").strip(), attendee.agency.strip()
    if not role:
        return f"{agency} officer"
    if "(" in role:
        return f"{role}, {agency}"  # 'Sergeant, Operation Shield (town centre), Cleveland Police'
    return f"{role} ({agency})"


@dataclass(frozen=True)
class ReviewItem:
    """A word a redacted copy kept that may be a name, or a person it withheld the file does not list."""

    kind: str  # "kept" or "withheld"
    text: str
    where: str  # the first place it appears: 'action A-0033 title', 'area x notes'
    count: int
    reason: str


class Redactor:
    """Knows every person in one meeting's minutes and what to call each of them instead."""

    def __init__(self, minutes: Minutes, allow: AllowList | None = None) -> None:
        people = People()
        for attendee in minutes.attendees:
            people.add(attendee.name, person_label(attendee), if_new=False)
        chairs = [a for a in minutes.attendees if (a.role or "").casefold().startswith("chair")]
        people.add(minutes.meeting.chair, person_label(chairs[0]) if chairs else "Chair")
        for owner, agency in dict.fromkeys((a.owner, a.agency.strip()) for a in minutes.actions):
            people.add(owner, f"{agency} officer")
        for by in dict.fromkeys(u.by for a in minutes.actions for u in a.updates):
            people.add(by, MEMBER)
        self.detector = Detector(people, allow, old_before=minutes.meeting.date.year - 10)
        self._minutes = minutes
        texts = list(located_texts(minutes))
        self.detector.learn_vocabulary(text for _, text in texts)
        self._withheld: dict[
            str, list[Any]
        ] = {}  # unlisted people: key -> [as written, where, count, reason]
        for where, text in texts:  # someone named once in full is withheld wherever a part recurs
            for finding in self.detector.find(text):
                if finding.kind == OTHER:
                    self.detector.learn(finding, WITHHELD)
                    entry = self._withheld.setdefault(
                        key(finding.text), [finding.text, where, 0, finding.reason]
                    )
                    entry[2] += 1
        # A role or agency could itself contain someone's name; the labels are scrubbed first.
        self._labels = {
            label: substitute(label, self.detector.find(label), lambda _f: WITHHELD)
            for label in set(people.labels.values())
            if label
        }

    @property
    def names(self) -> list[str]:
        """Every name and name part that is redacted (folded, lower case), longest first."""
        return sorted(self.detector.people.labels, key=len, reverse=True)

    def _label(self, finding: Finding) -> str:
        if finding.kind == PERSON:
            return self._labels.get(finding.label, WITHHELD) if finding.label else WITHHELD
        return DETAIL_LABELS.get(finding.kind, WITHHELD)

    def scrub(self, text: str) -> str:
        """`text` with every personal detail replaced."""
        return substitute(text, self.detector.find(text), self._label)

    def scrub_optional(self, text: str | None) -> str | None:
        return None if text is None else self.scrub(text)

    def review(self) -> list[ReviewItem]:
        """The capitalised words a redacted copy keeps that may be names, then the people it
        withholds whom the minutes do not list (each once: where first, how often)."""
        kept: dict[str, list[Any]] = {}
        for where, text in located_texts(unrestricted(self._minutes)):
            for f in self.detector.scan(text):
                if f.kind == KEPT:
                    kept.setdefault(key(f.text), [f.text, where, 0, f.reason])[2] += 1
        items = [ReviewItem("kept", *entry) for entry in kept.values()]
        items += [ReviewItem("withheld", *entry) for entry in self._withheld.values()]
        return sorted(items, key=lambda i: (i.kind != "kept", i.text.casefold()))


def _restricted(item: AreaRecord | Update) -> bool:
    return item.extra.get("restricted") is True


def unrestricted(minutes: Minutes) -> Minutes:
    """The minutes without the actions, areas and updates marked restricted."""
    actions = tuple(
        replace(a, updates=tuple(u for u in a.updates if not _restricted(u)))
        for a in minutes.actions
        if not a.restricted
    )
    return replace(minutes, areas=tuple(a for a in minutes.areas if not _restricted(a)), actions=actions)


def redact_minutes(minutes: Minutes, redactor: Redactor | None = None) -> Minutes:
    """A copy with names replaced and restricted items removed; unknown fields are dropped.

    Pass a `redactor` built from the whole file when `minutes` has already been filtered.
    """
    r = redactor or Redactor(minutes)
    m = minutes.meeting
    meeting = replace(
        m,
        title=r.scrub(m.title),
        chair=r.scrub(m.chair),
        database=r.scrub_optional(m.database),
        extra={},
    )
    attendees = tuple(
        replace(a, name=r.scrub(a.name), agency=r.scrub(a.agency), role=None, extra={})
        for a in minutes.attendees
    )
    areas = tuple(
        replace(
            a,
            area=r.scrub(a.area),
            notes=r.scrub(a.notes),
            decisions=tuple(r.scrub(d) for d in a.decisions),
            extra={},
        )
        for a in minutes.areas
        if not _restricted(a)
    )
    actions = tuple(_redact_action(a, r) for a in minutes.actions if not a.restricted)
    return Minutes(meeting, attendees, areas, actions, None, {})


def _redact_action(a: Action, r: Redactor) -> Action:
    updates = tuple(
        replace(u, by=r.scrub(u.by), note=r.scrub(u.note), extra={}) for u in a.updates if not _restricted(u)
    )
    return replace(
        a,
        id=r.scrub(a.id),
        title=r.scrub(a.title),
        owner=r.scrub(a.owner),
        agency=r.scrub(a.agency),
        area=r.scrub_optional(a.area),
        priority=r.scrub_optional(a.priority),
        updates=updates,
        extra={},
    )
