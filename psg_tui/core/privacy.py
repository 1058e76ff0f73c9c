"""Privacy mode: what the screen shows when people who should not see personal details can.

People's names become initials ('Sam Patel' -> 'S. P.', a surname alone -> 'P.'), wherever
they appear, and street addresses (a house or flat number and a street) become 'address
hidden'. The names come from the minutes and the database's action register; the matching
is the redaction's, so a name part counts as a whole word in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ADDRESS_HIDDEN = "address hidden"
_STREET_WORDS = (
    "street|st|road|rd|close|way|court|ct|lane|ln|avenue|ave|terrace|drive|dr|place|crescent|grove|"
    "walk|yard|square|row|gardens|view|parade|mews|hill|wynd|green|park|chare|bank|gate|rise|vale"
)
# '14 Sextant Close', 'Flat 2, 14a Dovecot Street, Stockton', '3-5 High Street'
_ADDRESS = re.compile(
    rf"(?:\b(?i:flat|apartment|unit)\s+\w+,?\s+)?\b\d+[a-zA-Z]?(?:\s*[-–]\s*\d+[a-zA-Z]?)?,?\s+"
    rf"(?:[A-Z][\w'’-]*\s+){{0,4}}(?i:{_STREET_WORDS})\b(?:,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)?"
)


def initials(name: str) -> str:
    from psg_tui.publish.redact import without_titles  # only when privacy mode is first used

    words = [w for w in without_titles(name) if any(ch.isalpha() for ch in w)]
    return " ".join(f"{w.lstrip('(').strip()[0].upper()}." for w in words) or "–"


def hide_addresses(text: str) -> str:
    return _ADDRESS.sub(ADDRESS_HIDDEN, text)


class ScreenMask:
    """Masks the people it knows of, and any street address, in text shown on screen."""

    def __init__(self, names: Iterable[str]) -> None:
        from psg_tui.publish.redact import name_key, name_variants, names_pattern

        self._key = name_key
        replacements: dict[str, str] = {}
        for name in names:
            if not name or not name.strip():
                continue
            for variant in name_variants(name):
                replacements.setdefault(name_key(variant), initials(variant))
        self._replacements = replacements
        self._pattern = names_pattern(sorted(replacements, key=len, reverse=True))

    def text(self, value: str) -> str:
        masked = hide_addresses(value)
        if self._pattern is None:
            return masked
        return self._pattern.sub(lambda m: self._replacements.get(self._key(m.group()), "–"), masked)

    def name(self, value: str) -> str:
        """A field that holds a person's name: always initials, known to the mask or not."""
        return initials(value)
