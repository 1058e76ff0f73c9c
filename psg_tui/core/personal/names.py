"""Finding the names of people the minutes do not list, in free text, by their shape.

The minutes list attendees and owners; notes also name victims, tenants, relatives and
suspects. A run of capitalised words is taken for a person's name when:

- a rank or honorific comes before it ('Mr John Smith', 'DC Jones', 'Mrs Watson's') or a word
  for a relation or role ('victim Mary Watson', 'her son, Tom', 'tenant Kevin Dunn');
- it starts with a given name ('Mary said', 'Tom Watson', 'Kevin Hall');
- it is two or more capitalised words none of which is an ordinary word, a place or an agency
  ('Zebedee Quarterman'), or a possessive ('Quarterman's flat').

It is a place or a body, not a person, when a street or organisation word follows it ('Capstan
Court', 'Thirteen Group'), or 'Operation'/'Project'/'St' comes before it, or it is on the
allow-list. A single capitalised word that none of this settles ('Watson' alone) is kept, and
reported so that `--review` can ask a person about it. The first word of a sentence is
capitalised anyway, so there it counts only as a given name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from psg_tui.core.personal.lists import (
    FUNCTION_WORDS,
    MONTHS_AND_DAYS,
    ORGANISATION_WORDS,
    PLACE_PREFIXES,
    RELATIONS,
    STREET_ENDINGS,
    SURNAME_PLACES,
    TITLES,
    UPPER_TITLES,
    AllowList,
    common_words,
    given_names,
)
from psg_tui.core.personal.people import PARTICLES

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*'?")
_SENTENCE_END = ".!?:;\n•*"
_CUE_GAP = re.compile(r"^(?:'s)?[ \t]*[,:(\-]?[ \t]*$")
MAX_NAME_WORDS = 4
_CUES = RELATIONS | TITLES | PARTICLES | {"as", "known"}


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    text: str  # without a possessive 's
    key: str
    possessive: bool
    capital: bool  # starts with a capital and is not all capitals (or is a single letter)
    upper: bool  # all capitals, two letters or more
    sentence_start: bool


@dataclass(frozen=True, slots=True)
class NameSpan:
    start: int
    end: int
    kind: str  # "other": someone to mask; "kept": a capitalised word left as it is
    strong: bool  # found by a title, a relation or a given name: its words are learnt
    reason: str
    words: tuple[str, ...]


def words_of(text: str) -> list[Word]:
    """The words a name can be made of or cued by: capitalised ones, and the lower-case titles,
    relation words and particles (other lower-case words only separate them)."""
    result: list[Word] = []
    previous_end = 0
    previous = ""  # the word before, kept or not
    for m in _WORD.finditer(text):
        raw = m.group()
        if raw[0].isupper() or raw.casefold() in _CUES:
            possessive = raw.endswith(("'s", "'S")) and len(raw) > 3
            base = raw[:-2] if possessive else raw.rstrip("'")
            gap = text[previous_end : m.start()]
            before = gap.strip(" \t\"'“”‘’([")
            abbreviation = previous.casefold() in TITLES or previous in UPPER_TITLES or len(previous) == 1
            ends = before and before[-1] in _SENTENCE_END and not (before == "." and abbreviation)
            sentence_start = (not previous and not before) or bool(ends) or "\n" in gap
            capital = base[:1].isupper() and (len(base) == 1 or not base.isupper())
            upper = len(base) > 1 and base.isupper()
            result.append(
                Word(
                    m.start(),
                    m.start() + len(base),
                    base,
                    base.casefold(),
                    possessive,
                    capital,
                    upper,
                    sentence_start,
                )
            )
        previous = raw.rstrip("'")
        previous_end = m.end()
    return result


class NameFinder:
    """Finds runs of capitalised words and judges each (see the module's docstring)."""

    def __init__(self, allow: AllowList) -> None:
        self.allow = allow
        self.given = given_names()
        self.common = common_words()

    def find(
        self, text: str, skip: list[tuple[int, int]], vocabulary: frozenset[str] = frozenset()
    ) -> Iterator[NameSpan]:
        """Name spans in folded `text`, leaving out words inside the `skip` spans."""
        words = [w for w in words_of(text) if not _inside(w, skip)]
        yield from self._judge_all(text, words, vocabulary)

    def _nameish(self, w: Word, *, after_cue: bool = False) -> bool:
        if (w.key in FUNCTION_WORDS and w.key not in PARTICLES) or w.key in MONTHS_AND_DAYS:
            return False
        if w.key in TITLES or w.text in UPPER_TITLES:
            return False
        if w.upper:
            return after_cue or w.key in self.given
        return w.capital and not (len(w.text) == 1 and w.text in "AI")

    def _runs(self, text: str, words: list[Word]) -> Iterator[tuple[int, int]]:
        """[i, j) ranges of words forming one run: name-like words one space or an initial apart."""
        i = 0
        while i < len(words):
            if not self._nameish(words[i]) or self._stop(words[i]):
                i += 1
                continue
            j = i + 1
            while j < len(words):
                gap = text[words[j - 1].end : words[j].start]
                initial = len(words[j - 1].text) == 1 and gap.strip() == "."
                if words[j - 1].possessive or not (gap in (" ", "\t") or initial):
                    break
                if words[j].key in PARTICLES and j + 1 < len(words) and self._nameish(words[j + 1]):
                    j += 1
                    continue
                if not self._nameish(words[j], after_cue=words[i].upper) or self._stop(words[j]):
                    break
                j += 1
            yield i, j
            i = j

    def _stop(self, w: Word) -> bool:
        """A word that ends a name: a place or organisation word, or a prefix of one."""
        return (
            w.key in ORGANISATION_WORDS
            or w.key in STREET_ENDINGS
            or w.key in SURNAME_PLACES
            or (w.key in PLACE_PREFIXES)
        )

    def _cue(self, text: str, words: list[Word], i: int) -> Word | None:
        """The title or relation word just before words[i], if there is one."""
        if i == 0:
            return None
        prev = words[i - 1]
        gap = text[prev.end : words[i].start]
        if prev.key in TITLES or prev.text in UPPER_TITLES:
            return prev if re.fullmatch(r"\.?[ \t]*(?:\d{2,6}[ \t]+)?", gap) else None
        if prev.key in RELATIONS and _CUE_GAP.match(gap):
            return prev
        if prev.key == "as" and i >= 2 and words[i - 2].key == "known":
            return prev
        return None

    def _judge_all(self, text: str, words: list[Word], vocabulary: frozenset[str]) -> Iterator[NameSpan]:
        for i, j in self._runs(text, words):
            run = words[i:j]
            gap = text[words[j - 1].end : words[j].start] if j < len(words) else ""
            after = words[j] if gap in (" ", "'s ", "' ") else None
            cue = self._cue(text, words, i)
            before = (
                words[i - 1] if i and text[words[i - 1].end : words[i].start].strip() in ("", ".") else None
            )
            yield from self._judge(run, cue, before, after, vocabulary)

    def _judge(
        self,
        run: list[Word],
        cue: Word | None,
        before: Word | None,
        after: Word | None,
        vocabulary: frozenset[str],
    ) -> Iterator[NameSpan]:
        place_after = after is not None and after.capital and self._stop(after)
        surname_after = place_after and after is not None and after.key in SURNAME_PLACES
        if cue is not None and not (place_after and not surname_after):
            run = run[:3]
            start = cue.start if cue.key in TITLES or cue.text in UPPER_TITLES else run[0].start
            end = after.end if after is not None and surname_after and len(run) < 3 else run[-1].end
            yield NameSpan(start, end, "other", True, f"after '{cue.text}'", _texts(run))
            return
        if (before is not None and before.key in PLACE_PREFIXES) or (
            place_after and not (surname_after and run[0].key in self.given)
        ):
            return  # 'Operation Shield', 'Capstan Court', 'Thirteen Group'
        if (
            run[0].sentence_start
            and run[0].key not in self.given
            and not (len(run) > 1 and self._unusual(run[0], vocabulary))
        ):
            first, run = run[0], run[1:]  # 'Survey the lanes', 'Tenancy Enforcement': an ordinary first word
            if not run and self._unusual(first, vocabulary):
                yield NameSpan(first.start, first.end, "kept", False, "capitalised word", (first.text,))
            if not run:
                return
        if run[0].key in self.given and not (len(run) == 1 and run[0].key in self.allow.words):
            run = run[:MAX_NAME_WORDS]
            end = after.end if after is not None and surname_after else run[-1].end
            names = _texts(run) + ((after.text,) if after is not None and surname_after else ())
            yield NameSpan(run[0].start, end, "other", True, "given name", names)
            return
        yield from self._by_shape(run, vocabulary)

    def _by_shape(self, run: list[Word], vocabulary: frozenset[str]) -> Iterator[NameSpan]:
        """Runs with no title, relation or given name: split at ordinary words and allowed ones."""
        piece: list[Word] = []
        for w in [*run, None]:
            if w is not None and not self._ordinary(w.key) and w.key not in self.allow.words:
                piece.append(w)
                continue
            if len(piece) >= 2 or (piece and piece[-1].possessive):
                yield NameSpan(
                    piece[0].start, piece[-1].end, "other", False, "capitalised words", _texts(piece)
                )
            elif piece and self._unusual(piece[0], vocabulary):
                yield NameSpan(piece[0].start, piece[0].end, "kept", False, "capitalised word", _texts(piece))
            piece = []

    def _ordinary(self, word_key: str, vocabulary: frozenset[str] = frozenset()) -> bool:
        """An ordinary word, or one the minutes also write in lower case ('Town-centre', 'Thursdays')."""
        common = self.common

        def ordinary(p: str) -> bool:
            return (
                p in common
                or p in vocabulary
                or (p.endswith("s") and (p[:-1] in common or p[:-1] in vocabulary))
            )

        return all(ordinary(p) for p in word_key.split("-") if p)

    def _unusual(self, w: Word, vocabulary: frozenset[str]) -> bool:
        """Not an ordinary word or an allowed name."""
        return not self._ordinary(w.key, vocabulary) and w.key not in self.allow.words


def _texts(words: list[Word]) -> tuple[str, ...]:
    return tuple(w.text for w in words)


def _inside(w: Word, spans: list[tuple[int, int]]) -> bool:
    return any(s <= w.start and w.end <= e for s, e in spans)
