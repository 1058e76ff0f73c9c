"""Privacy mode: what the screen shows when people who should not see personal details can.

People's names become initials ('Sam Patel' -> 'S. P.', a surname alone -> 'P.'), wherever
they appear: the people the minutes and the database's action register list, and people
they do not list whom free text names ('Mr John Smith', 'victim Mary Watson'). Street
addresses (a house or flat number and a street) become 'address hidden', and dates of birth,
phone numbers, e-mail addresses, postcodes, vehicle registrations, NHS numbers and National
Insurance numbers are hidden too. The detector is the one the
redacted exports use (`psg_tui.core.personal`), so a redacted copy hides at least this.

It runs on every redraw, so each text's masked form is remembered: the first screen costs a
scan, the next ones a dictionary read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from psg_tui.core.minutes import Minutes
from psg_tui.core.personal import (
    OTHER,
    PERSON,
    AllowList,
    Detector,
    Finding,
    People,
    substitute,
    without_titles,
)
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

ADDRESS_HIDDEN = "address hidden"
HIDDEN = {
    ADDRESS: ADDRESS_HIDDEN,
    DOB: "DOB hidden",
    OLD_DATE: "date hidden",
    EMAIL: "e-mail hidden",
    PHONE: "phone hidden",
    POSTCODE: "postcode hidden",
    VEHICLE: "vehicle reg hidden",
    NHS_NUMBER: "NHS number hidden",
    NI_NUMBER: "NI number hidden",
}
_REMEMBERED = 20_000  # texts whose masked form is kept; the screen shows far fewer at once


def initials(name: str) -> str:
    words = [w for w in without_titles(name) if any(ch.isalpha() for ch in w)]
    return " ".join(f"{next(ch for ch in w if ch.isalpha()).upper()}." for w in words) or "–"


def located_texts(minutes: Minutes) -> Iterator[tuple[str, str]]:
    """Every piece of free text in the minutes, where people they do not list can be named,
    with where it is ('action A-0033, title')."""
    yield "meeting title", minutes.meeting.title
    for area in minutes.areas:
        yield f"area {area.area}, notes", area.notes
        for i, decision in enumerate(area.decisions, 1):
            yield f"area {area.area}, decision {i}", decision
    for action in minutes.actions:
        yield f"action {action.id}, title", action.title
        for i, update in enumerate(action.updates, 1):
            yield f"action {action.id}, update {i}", update.note


def free_texts(minutes: Minutes) -> Iterator[str]:
    return (text for _, text in located_texts(minutes))


def _hidden(finding: Finding) -> str:
    if finding.kind in (PERSON, OTHER):
        letters = [ch for ch in finding.text if ch.isalpha()]
        if len(letters) <= 3 and all(ch.isupper() for ch in letters) and "." not in finding.text:
            return finding.text  # initials already ('DH'): what privacy mode shows anyway
        return initials(finding.text)
    return HIDDEN.get(finding.kind, "–")


class ScreenMask:
    """Masks people, addresses and contact details in text shown on screen."""

    def __init__(
        self, names: Iterable[str] = (), texts: Iterable[str] = (), allow: AllowList | None = None
    ) -> None:
        self._detector = Detector(People(), allow)
        self._names: set[str] = set()
        self._texts: set[str] = set()
        self._shown: dict[str, str] = {}
        self.add(names, texts)

    @classmethod
    def for_minutes(
        cls, minutes: Minutes, more_names: Iterable[str] = (), places: Iterable[str] = ()
    ) -> ScreenMask:
        """The mask for a meeting: its people, the people its free text names, and `places`
        (the database's area names) with the allow-list."""
        mask = cls(allow=AllowList.default(extra=places))
        mask.update(minutes, more_names)
        return mask

    def update(self, minutes: Minutes, more_names: Iterable[str] = ()) -> None:
        """The minutes changed: learn their new people and new free text (what it read before
        it does not read again, so an edit costs a scan of the edited text)."""
        names = [minutes.meeting.chair, *(a.name for a in minutes.attendees)]
        for action in minutes.actions:
            names += [action.owner, *(u.by for u in action.updates)]
        self.add([*names, *more_names], free_texts(minutes))

    def add(self, names: Iterable[str], texts: Iterable[str]) -> None:
        """More people and free text; what was read before is not read again."""
        new_names = {n for n in names if n and n.strip() and n not in self._names}
        for name in new_names:
            self._detector.people.add(name, None, if_new=False)
        if new_names:
            self._names |= new_names
            self._detector.forget()
        new_texts = {t for t in texts if t and t not in self._texts}
        self._texts |= new_texts
        before = self._detector.vocabulary
        self._detector.learn_vocabulary(new_texts)
        learnt = False
        for text in new_texts:  # a victim named in full in one note is masked where only a part recurs
            for finding in self._detector.find(text):
                if finding.kind == OTHER:
                    self._detector.learn(finding, None)
                    learnt = True
        if new_names or learnt or self._detector.vocabulary is not before:
            self._shown.clear()

    def text(self, value: str) -> str:
        shown = self._shown.get(value)
        if shown is None:
            shown = self._mask(value)
            if len(self._shown) >= _REMEMBERED:
                self._shown.clear()
            self._shown[value] = shown
        return shown

    def _mask(self, value: str) -> str:
        return substitute(value, self._detector.find(value), _hidden)

    def name(self, value: str) -> str:
        """A field that holds a person's name: always initials, known to the mask or not."""
        return initials(value)


def hide_addresses(text: str) -> str:
    """`text` with its house-numbered addresses (only) hidden, as privacy mode shows them."""
    found = [f for f in Detector(People(), AllowList()).find(text) if f.kind == ADDRESS]
    return substitute(text, found, lambda _f: ADDRESS_HIDDEN)
