"""The one detector of personal details that redacted exports and the screen's privacy mode share.

`Detector.scan(text)` finds, in the text as written:

- the people the minutes list (`People`): full names, parts, initials, near spellings;
- people they do not list, by the shape of their names (`names.py`);
- e-mail addresses, phone numbers, dates of birth, postcodes, house-numbered addresses,
  vehicle registrations, NHS numbers and National Insurance numbers (`patterns.py`);
- and, for `--review`, the capitalised words it kept that might still be names.

Matching runs on folded text (`fold.py`), so accents, invisible characters and look-alike
letters do not hide a name; every finding is a span of the original text, so what replaces it
takes the invisible characters with it. Redaction and privacy mode only choose what to write
in place of each finding: they cannot disagree about what is personal.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from psg_tui.core.personal import patterns
from psg_tui.core.personal.fold import CAMEL, Folded, key
from psg_tui.core.personal.lists import ACRONYMS, TITLES, UPPER_TITLES, AllowList, common_words
from psg_tui.core.personal.names import NameFinder
from psg_tui.core.personal.people import People

# A run of letters or digits: (start, end, its key).
Atom = tuple[int, int, str]

PERSON = "person"  # someone the minutes list: `label` stands for them (None: a form two people share)
OTHER = "other"  # someone they do not list
KEPT = "kept"  # a capitalised word left as it is, for a person to review
DETAILS = (
    patterns.EMAIL,
    patterns.PHONE,
    patterns.DOB,
    patterns.OLD_DATE,
    patterns.POSTCODE,
    patterns.ADDRESS,
    patterns.VEHICLE,
    patterns.NHS_NUMBER,
    patterns.NI_NUMBER,
)

_ATOM = re.compile(r"[^\W_]+")
_JOIN = re.compile(r"[\s'.\-]{0,3}")
_INITIALS = re.compile(r"(?<![\w.'-])(?:[A-Z]\.[ \t]?){2,3}(?![\w])|(?<![\w.'-])[A-Z]{2,3}(?!\w|'[^s])")
_NEAR = re.compile(r"\b[Oo]n or near[ \t]+([^\n,;()]+)")
_ANY_WORD = re.compile(r"[^\W_]")
_CAPITAL = re.compile(r"[A-Z]")  # folded text: a name's capital is ASCII by now
_REMEMBERED = 50_000  # texts whose findings are kept


@dataclass(frozen=True, slots=True)
class Finding:
    start: int  # in the text as written
    end: int
    kind: str  # PERSON, OTHER, KEPT or one of DETAILS
    text: str  # as written
    label: str | None = None  # PERSON: what stands for them
    reason: str = ""  # OTHER and KEPT: why
    strong: bool = False  # OTHER: found by a title, a relation or a given name
    words: tuple[str, ...] = ()  # OTHER: the words of the name

    @property
    def masked(self) -> bool:
        return self.kind != KEPT


class Detector:
    """Finds personal details in text (see the module's docstring)."""

    def __init__(
        self, people: People | None = None, allow: AllowList | None = None, *, old_before: int | None = None
    ) -> None:
        self.people = people or People()
        self.allow = allow if allow is not None else AllowList.default()
        self.old_before = old_before
        self.vocabulary: frozenset[str] = frozenset()  # words the text at hand also writes in lower case
        self._names = NameFinder(self.allow)
        self._common = common_words()
        self._seen: dict[str, list[Finding]] = {}

    def learn_vocabulary(self, texts: Iterable[str]) -> None:
        """Lower-case words of the document: a capitalised one of them is an ordinary word."""
        words = {w for text in texts for w in _ATOM.findall(Folded(text).text) if w.islower() and len(w) > 2}
        if not words <= self.vocabulary:
            self.vocabulary = self.vocabulary | words
            self.forget()

    def forget(self) -> None:
        """Drop remembered scans: the people or words they were made with have changed."""
        self._seen.clear()

    def learn(self, finding: Finding, label: str | None) -> None:
        """Mask a person found by their name's shape wherever their name or a part of it appears,
        the database's names of places and operations included."""
        self.forget()
        self.people.add(" ".join(finding.words), label, if_new=True)
        parts = set()
        for word in finding.words:
            if word.casefold() not in self._common and key(word) not in self.allow.base_words:
                self.people.add_part(word, label)
                parts.add(key(word))
        if parts and self.allow.data_naming(parts):  # 'Quigley surveillance' once Mrs Quigley is withheld
            self.allow = self.allow.without_data_naming(parts)
            self._names = NameFinder(self.allow)

    def find(self, text: str) -> list[Finding]:
        """What to mask in `text`, in order, never overlapping."""
        return [f for f in self.scan(text) if f.masked]

    def scan(self, text: str) -> list[Finding]:
        """Everything found in `text`: what to mask and the capitalised words kept, in order.

        Results are remembered (owners, agencies and areas recur on every action) until the
        detector learns another name."""
        found = self._seen.get(text)
        if found is None:
            found = self._scan(text)
            if len(self._seen) >= _REMEMBERED:
                self._seen.clear()
            self._seen[text] = found
        return found

    def _scan(self, text: str) -> list[Finding]:
        if not text or not _ANY_WORD.search(text):
            return []
        folded = Folded(text)
        t = folded.text
        details = _merged(patterns.find(t, old_before=self.old_before))
        blocked = [(s, e) for s, e, _ in details]
        atoms = _atoms(t)
        protected = self._protected(t, atoms)
        known = self._known(t, atoms, blocked, protected)
        spans: list[tuple[int, int, str, dict[str, Any]]] = [(s, e, kind, {}) for s, e, kind in details]
        for s, e, label in known:
            spans.append((s, e, PERSON, {"label": label}))
        skip = blocked + [(s, e) for s, e, _ in protected]
        names = self._names.find(t, skip, self.vocabulary) if _CAPITAL.search(t) else ()
        for name in names:
            inside = [k for k in known if k[0] < name.end and name.start < k[1]]
            if name.kind == KEPT:
                if not inside:
                    spans.append((name.start, name.end, KEPT, {"reason": name.reason}))
                continue
            if _all_known(t, name.start, name.end, inside):
                continue
            spans = [sp for sp in spans if not (sp[2] == PERSON and sp[0] < name.end and name.start < sp[1])]
            extra = {"reason": name.reason, "strong": name.strong, "words": name.words}
            spans.append((name.start, name.end, OTHER, extra))
        return self._findings(folded, spans)

    def _findings(self, folded: Folded, spans: list[tuple[int, int, str, dict[str, Any]]]) -> list[Finding]:
        result: list[Finding] = []
        end = -1
        for s, e, kind, extra in sorted(spans, key=lambda sp: (sp[0], -sp[1])):
            if s < end:
                continue  # inside one already taken
            start, stop = folded.span(s, e)
            result.append(Finding(start, stop, kind, folded.original[start:stop], **extra))
            end = e
        return result

    def _protected(self, t: str, atoms: list[Atom]) -> list[tuple[int, int, str]]:
        """Allow-listed names of two or more words, and police.uk's 'On or near ...' places."""
        found = [(m.start(1), m.end(1), "near") for m in _NEAR.finditer(t)]
        longest = self.allow.longest
        if longest > 1:
            phrases, firsts = self.allow.phrases, self.allow.firsts
            i = 0
            while i < len(atoms):
                for n in range(min(longest, len(atoms) - i) if atoms[i][2] in firsts else 1, 1, -1):
                    if _joined(t, atoms, i, n) and " ".join(a[2] for a in atoms[i : i + n]) in phrases:
                        found.append((atoms[i][0], atoms[i + n - 1][1], "allowed"))
                        i += n - 1
                        break
                i += 1
        return found

    def _known(
        self, t: str, atoms: list[Atom], blocked: list[tuple[int, int]], protected: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str | None]]:
        """The people the minutes list: each form as written, its initials, near spellings."""
        allowed = [(s, e) for s, e, why in protected if why == "allowed"]
        found: list[tuple[int, int, str | None]] = []
        near = self.people.has_near
        i = 0
        while i < len(atoms):
            n, label = self._form_at(t, atoms, i)
            s, e = atoms[i][0], atoms[i + max(n, 1) - 1][1]
            if n:
                if i and _is_title(t[atoms[i - 1][0] : atoms[i - 1][1]]) and _joined(t, atoms, i - 1, 2):
                    s = atoms[i - 1][0]  # 'PC Liam Dunmore' goes whole, rank and all
                if not (n == 1 and any(a <= s and e <= b for a, b in allowed)):
                    found.append((s, e, label))  # one word of an allowed place is not the person
            elif near and self._near_ok(t, atoms[i]) and (part := self.people.near(atoms[i][2])):
                found.append((s, e, self.people.labels[part]))
            i += max(n, 1)
        taken = [(s, e) for s, e, _ in found]
        for m in _INITIALS.finditer(t):
            letters = re.sub(r"[^A-Z]", "", m.group())
            known = letters in self.people.initials and letters not in ACRONYMS
            if known and not _overlaps(m.start(), m.end(), taken):
                found.append((m.start(), m.end(), self.people.initials[letters]))
        found = [_whole_words(t, s, e, label) for s, e, label in found if not _overlaps(s, e, blocked)]
        return _adjacent_merged(t, found)

    def _form_at(self, t: str, atoms: list[Atom], i: int) -> tuple[int, str | None]:
        """How many atoms from atoms[i] make a listed person's name form (0: none), and its label."""
        labels = self.people.labels
        longest = min(self.people.longest, len(atoms) - i) if atoms[i][2] in self.people.firsts else 1
        for n in range(longest, 0, -1):
            if n == 1:
                form = atoms[i][2]
            elif _joined(t, atoms, i, n):
                form = " ".join(a[2] for a in atoms[i : i + n])
            else:
                continue
            if form in labels:
                return n, labels[form]
        return 0, None

    def _near_ok(self, t: str, atom: tuple[int, int, str]) -> bool:
        word = t[atom[0] : atom[1]]
        return (
            len(word) >= 5
            and word[0].isupper()
            and not word.isupper()
            and atom[2] not in self._common
            and atom[2] not in self.allow.words
        )


def substitute(text: str, findings: Iterable[Finding], label_of: Callable[[Finding], str]) -> str:
    """`text` with each masked finding (in order, not overlapping) replaced by `label_of(finding)`."""
    out, at = [], 0
    for f in findings:
        if f.masked:
            out += [text[at : f.start], label_of(f)]
            at = f.end
    return "".join(out) + text[at:] if out else text


def _atoms(t: str) -> list[Atom]:
    """Runs of letters and digits, with 'McDonald' split as 'Mc' 'Donald' (and keys made alike)."""
    atoms: list[Atom] = []
    for m in _ATOM.finditer(t):
        word, start = m.group(), m.start()
        cuts = [c.start() for c in CAMEL.finditer(word)] if not word.islower() else []
        for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True):
            atoms.append((start + a, start + b, word[a:b].casefold()))
    return atoms


def _whole_words(t: str, s: int, e: int, label: str | None) -> tuple[int, int, str | None]:
    """A match inside a word written in camel case ('McLaughlan') takes the whole word."""
    while s > 0 and t[s - 1].isalpha():
        s -= 1
    while e < len(t) and t[e].isalpha():
        e += 1
    return s, e, label


def _adjacent_merged(t: str, found: list[tuple[int, int, str | None]]) -> list[tuple[int, int, str | None]]:
    """'Zoe Bronty' (a name part and a near spelling side by side) as one person, not two."""
    merged: list[tuple[int, int, str | None]] = []
    for s, e, label in sorted(found):
        if merged and label is not None and merged[-1][2] == label and t[merged[-1][1] : s] == " ":
            merged[-1] = (merged[-1][0], e, label)
        else:
            merged.append((s, e, label))
    return merged


def _joined(t: str, atoms: list[Atom], i: int, n: int) -> bool:
    """Atoms i..i+n-1 are written as one name: apart by a space, a hyphen, an apostrophe or '. '."""
    return all(_JOIN.fullmatch(t, atoms[k - 1][1], atoms[k][0]) for k in range(i + 1, i + n))


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in spans)


def _all_known(t: str, s: int, e: int, known: list[tuple[int, int, str | None]]) -> bool:
    """Every word of t[s:e] (ranks aside) is a listed person's name or part of one."""
    covered = [(a, b) for a, b, _ in known]
    for m in _ATOM.finditer(t, s, e):
        if not any(a <= m.start() and m.end() <= b for a, b in covered) and not _is_title(m.group()):
            return False
    return bool(covered)


def _is_title(word: str) -> bool:
    return word.casefold() in TITLES or word in UPPER_TITLES


def _merged(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping details as one, named by the longest ('12 Elm Road, Stockton TS18 1AB': an address)."""
    merged: list[tuple[int, int, str, int]] = []
    for s, e, kind in sorted(spans):
        if merged and s < merged[-1][1]:
            ps, pe, pkind, plen = merged[-1]
            kind_, length = (kind, e - s) if e - s > plen else (pkind, plen)
            merged[-1] = (ps, max(pe, e), kind_, length)
        else:
            merged.append((s, e, kind, e - s))
    return [(s, e, kind) for s, e, kind, _ in merged]
