"""A redacted copy of the minutes, for circulation beyond the meeting.

Every person named in the file (attendees, the chair, action owners, update authors) is
replaced by their role or agency wherever their name appears: in the fields that hold it and
in free text, as the full name or any part of it standing alone (whole words, any case), so
'Heron' goes but 'Dana' inside 'Danaher' stays. Restricted actions, areas and updates are left
out altogether. Redaction works on the model, before anything is rendered, so no output
format can leak what it removed into a title, an attribute or a comment.
"""

from __future__ import annotations

import re
from dataclasses import replace

from psg_tui.core.minutes import Action, AreaRecord, Attendee, Minutes, Update

WITHHELD = "[name withheld]"
MEMBER = "Partnership member"

# Ranks and honorifics: kept out of the name parts, so "Insp." alone is not a name. Particles are
# not a first name or surname standing alone ('a white van' is not a person).
_TITLE_WORDS = (
    "insp inspector ch chief supt superintendent sgt sergeant pc pcso dc ds di dci dsi det detective "
    "cllr councillor mr mrs ms miss mx dr prof rev sir dame lady lord"
)
_PARTICLE_WORDS = "da de del della der den di du la le van von bin binti ibn al el st"
_TITLES = frozenset(_TITLE_WORDS.split())
_PARTICLES = frozenset(_PARTICLE_WORDS.split())
_APOSTROPHES = "'’‘ʼ`"
_APOSTROPHE_CLASS = "[" + re.escape(_APOSTROPHES) + "]"
_SPLIT_PART = re.compile(f"[-‐‑{_APOSTROPHES}]")


def _key(text: str) -> str:
    text = re.sub(f"[{_APOSTROPHES}]", "'", text)
    return " ".join(text.casefold().split())


def _without_titles(name: str) -> list[str]:
    tokens = name.split()
    while len(tokens) > 1 and tokens[0].rstrip(".").casefold() in _TITLES:
        tokens.pop(0)
    return tokens


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def name_variants(name: str) -> list[str]:
    """The ways a person's name can appear: as written, without a rank, and each part alone."""
    tokens = _without_titles(name)
    variants = [name.strip(), " ".join(tokens)]
    for token in tokens:
        token = token.strip('.,;:()[]"')
        pieces = [token, *re.split("[-‐‑]", token), *_SPLIT_PART.split(token)]  # O'Brien-Nakamura
        variants += [p for p in pieces if _letters(p) >= 2 and p.casefold() not in _PARTICLES]
    return [v for v in dict.fromkeys(variants) if v]


def name_key(text: str) -> str:
    """How a name or name part is looked up: case, apostrophes and spacing folded."""
    return _key(text)


def names_pattern(variants: list[str]) -> re.Pattern[str] | None:
    """One regex finding any of `variants` as whole words, in any case (give them longest first)."""
    if not variants:
        return None

    def pattern(variant: str) -> str:
        words = [re.escape(word) for word in variant.split()]
        return r"\s+".join(w.replace("'", _APOSTROPHE_CLASS) for w in words)

    alternatives = "|".join(pattern(v) for v in variants)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def without_titles(name: str) -> list[str]:
    """The words of a name without a leading rank or honorific ('Insp. Dana Heron' -> Dana, Heron)."""
    return _without_titles(name)


def person_label(attendee: Attendee) -> str:
    """'Chair (Cleveland Police)' from a role, '<agency> officer' without one."""
    role, agency = (attendee.role or "").strip(), attendee.agency.strip()
    if not role:
        return f"{agency} officer"
    if "(" in role:
        return f"{role}, {agency}"  # 'Sergeant, Operation Shield (town centre), Cleveland Police'
    return f"{role} ({agency})"


class Redactor:
    """Knows every person in one meeting's minutes and what to call each of them instead."""

    def __init__(self, minutes: Minutes) -> None:
        labels: dict[str, str] = {}  # every name and name part (as a key) -> what replaces it

        def add(name: str, label: str, *, if_new: bool = True) -> None:
            """Add a person; `if_new`: not when the name is one already known (or part of one)."""
            known = labels.get(_key(" ".join(_without_titles(name))))
            if if_new and known is not None:
                labels.setdefault(_key(name), known)  # "Insp. Dana Heron" for attendee Dana Heron
                return
            for variant in name_variants(name):
                key = _key(variant)
                # a part two people share (two called Sam) names neither of them
                labels[key] = label if labels.get(key, label) == label else WITHHELD

        for attendee in minutes.attendees:
            add(attendee.name, person_label(attendee), if_new=False)
        chairs = [a for a in minutes.attendees if (a.role or "").casefold().startswith("chair")]
        add(minutes.meeting.chair, person_label(chairs[0]) if chairs else "Chair")
        for action in minutes.actions:
            add(action.owner, f"{action.agency.strip()} officer")
        for action in minutes.actions:
            for update in action.updates:
                add(update.by, MEMBER)
        self._variants = sorted(labels, key=len, reverse=True)
        self._pattern = names_pattern(self._variants)
        # A role or agency could itself contain someone's name; the labels are scrubbed first.
        self._labels = {k: self._sub(v, lambda _m: WITHHELD) for k, v in labels.items()}

    def _sub(self, text: str, replacement) -> str:
        return self._pattern.sub(replacement, text) if self._pattern else text

    @property
    def names(self) -> list[str]:
        """Every name and name part that is redacted (lower case), longest first."""
        return list(self._variants)

    def scrub(self, text: str) -> str:
        """`text` with every name, or part of a name, replaced by that person's role or agency."""
        return self._sub(text, lambda m: self._labels.get(_key(m.group()), WITHHELD))

    def scrub_optional(self, text: str | None) -> str | None:
        return None if text is None else self.scrub(text)


def _restricted(item: AreaRecord | Update) -> bool:
    return item.extra.get("restricted") is True


def redact_minutes(minutes: Minutes, redactor: Redactor | None = None) -> Minutes:
    """A copy with names replaced and restricted items removed; unknown fields are dropped.

    Pass a `redactor` built from the whole file when `minutes` has already been filtered.
    """
    r = redactor or Redactor(minutes)
    m = minutes.meeting
    meeting = replace(
        m, title=r.scrub(m.title), chair=r.scrub(m.chair), database=r.scrub_optional(m.database), extra={}
    )
    attendees = [
        replace(a, name=r.scrub(a.name), agency=r.scrub(a.agency), role=None, extra={})
        for a in minutes.attendees
    ]
    areas = [
        replace(
            a,
            area=r.scrub(a.area),
            notes=r.scrub(a.notes),
            decisions=[r.scrub(d) for d in a.decisions],
            extra={},
        )
        for a in minutes.areas
        if not _restricted(a)
    ]
    actions = [_redact_action(a, r) for a in minutes.actions if not a.restricted]
    return Minutes(meeting, attendees, areas, actions, None, {})


def _redact_action(a: Action, r: Redactor) -> Action:
    updates = [
        replace(u, by=r.scrub(u.by), note=r.scrub(u.note), extra={}) for u in a.updates if not _restricted(u)
    ]
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
