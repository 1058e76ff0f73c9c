"""The people a meeting's minutes name, in every form their names can take in free text.

Each person is known by their name as written, without a rank, each part of it alone
('Heron', 'O'Brien', 'Nakamura'), first and last name without the middle ones, their
initials ('DH', 'D. H.') and, for parts of five letters or more, spellings one letter away
('Sorenson' for 'Sorensen', 'Mueller' for 'Müller' once folded to 'Muller'). Everything is
looked up by its folded key (see `fold.key`), so accents, case and invisible characters do not
matter. A form two people share stands for neither of them: its label is None.

Lookups are dictionary reads, never a regex of every name, so a file of 20,000 actions with
as many owners is redacted in time proportional to its length.
"""

from __future__ import annotations

import re

from psg_tui.core.personal.fold import CAMEL, fold, key
from psg_tui.core.personal.lists import TITLES, UPPER_TITLES

# Particles are not a first name or surname standing alone ('a white van' is not a person).
PARTICLES = frozenset(
    [
        "da",
        "de",
        "del",
        "della",
        "der",
        "den",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "bin",
        "binti",
        "ibn",
        "al",
        "el",
        "st",
    ]
)
FUZZY_LENGTH = 5  # parts this long or longer also match spellings one edit away


def without_titles(name: str) -> list[str]:
    """The words of a name without a leading rank or honorific ('Insp. Dana Heron' -> Dana, Heron)."""
    tokens = name.split()
    while len(tokens) > 1 and (
        tokens[0].rstrip(".").casefold() in TITLES or tokens[0].rstrip(".") in UPPER_TITLES
    ):
        tokens.pop(0)
    return tokens


def name_variants(name: str) -> list[str]:
    """The ways a person's name can appear: as written, without a rank, and each part alone."""
    tokens = without_titles(name)
    variants = [name.strip(), " ".join(tokens)]
    if len(tokens) > 2:
        variants.append(f"{tokens[0]} {tokens[-1]}")  # 'John Smith' for John Paul Smith
    for token in tokens:
        token = token.strip('.,;:()[]"')
        pieces = [token, *re.split(r"[-'‐‑’‘ʼ`]", fold(token))]  # O'Brien-Nakamura -> O, Brien, Nakamura
        pieces += re.split(r"-", fold(token)) + CAMEL.split(fold(token))[1:]  # McLaughlin -> Laughlin
        variants += [p for p in pieces if _letters(p) >= 2 and key(p) not in PARTICLES]
    return [v for v in dict.fromkeys(variants) if key(v)]


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def initials_of(name: str) -> str:
    """'DH' for Dana Heron; '' for a name of one word."""
    words = [w for w in without_titles(fold(name)) if any(ch.isalpha() for ch in w)]
    if len(words) < 2:
        return ""
    return "".join(next(ch for ch in w if ch.isalpha()).upper() for w in words)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance of at most one (one letter added, lost, changed or swapped)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]])
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class People:
    """Name forms -> what stands for the person (None where a form names two people)."""

    def __init__(self) -> None:
        self.labels: dict[str, str | None] = {}
        self.initials: dict[str, str | None] = {}
        self.longest = 1  # words in the longest form
        self.firsts: set[str] = set()  # the first words of forms of two or more words
        self._near: dict[str, set[str]] = {}  # a part with one letter deleted -> the parts

    def __contains__(self, form: str) -> bool:
        return key(form) in self.labels

    def label(self, form: str) -> str | None:
        return self.labels.get(key(form))

    def add(self, name: str, label: str | None, *, if_new: bool = True) -> None:
        """Add a person; `if_new`: only as a new spelling when the name is already known."""
        if not key(name):
            return
        known = key(" ".join(without_titles(name)))
        if if_new and known in self.labels:
            form = key(name)
            self.labels.setdefault(form, self.labels[known])  # "Insp. Dana Heron" for attendee Dana Heron
            self._count(form)
            return
        for variant in name_variants(name):
            self._set(self.labels, key(variant), label)
        if letters := initials_of(name):
            self._set(self.initials, letters, label)

    def add_part(self, part: str, label: str | None) -> None:
        """A word that stands for someone on its own (a surname found in free text)."""
        if _letters(part) >= 2 and key(part) not in PARTICLES:
            self._set(self.labels, key(part), label)

    def _set(self, table: dict[str, str | None], form: str, label: str | None) -> None:
        # a form two people share names neither of them
        table[form] = label if table.get(form, label) == label else None
        if table is self.labels:
            self._count(form)
        if table is self.labels and " " not in form and len(form) >= FUZZY_LENGTH:
            for near in _deletions(form) | {form}:
                self._near.setdefault(near, set()).add(form)

    def _count(self, form: str) -> None:
        words = form.split()
        if len(words) > 1:
            self.longest = max(self.longest, len(words))
            self.firsts.add(words[0])

    @property
    def has_near(self) -> bool:
        return bool(self._near)

    def near(self, word_key: str) -> str | None:
        """The known part one edit away from `word_key` (same first letter), if exactly one is."""
        if len(word_key) < FUZZY_LENGTH:
            return None
        found = set()
        for probe in _deletions(word_key) | {word_key}:
            for part in self._near.get(probe, ()):
                if part[0] == word_key[0] and _within_one_edit(part, word_key):
                    found.add(part)
        return found.pop() if len(found) == 1 else None
