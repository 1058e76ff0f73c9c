"""An address at street level only, for pages the public reads ('You said, we did').

'Flat 2, 41 Cordwainer Street, Stockton' -> 'Cordwainer Street, Stockton'. House and flat
numbers, flat/unit/room parts, building names and postcodes go; what is kept is the part that
names a street (it ends in a street word: Street, Road, Close, Yard...) and the town after it,
so long as neither holds a digit. An address with no recognisable street gives None: the
caller then says where by area, never by guessing which words are safe.
"""

from __future__ import annotations

import re

from psg_tui.core.personal.patterns import STREET_WORDS

_STREET_WORDS = frozenset(STREET_WORDS.split()) - {"house", "buildings"}  # a building, not a street
_HOUSE_NUMBER = re.compile(r"^(?:(?:no\.?|number)\s*)?\d+[a-z]?(?:\s*[-/]\s*\d+[a-z]?)?\s+", re.IGNORECASE)
_DWELLING = re.compile(r"^(?:flat|apartment|apt\.?|unit|room|maisonette|suite|floor)\b", re.IGNORECASE)
_TOWN = re.compile(r"^[A-Za-z][A-Za-z'’ -]*$")


def street_only(address: str) -> str | None:
    """The street (and town) of `address`, without any house, flat or building detail."""
    parts = [" ".join(part.split()) for part in re.split(r"[,\n;]", address)]
    for i, part in enumerate(parts):
        if not part or _DWELLING.match(part):
            continue
        street = _HOUSE_NUMBER.sub("", part)
        words = street.split()
        if not words or words[-1].casefold().rstrip(".") not in _STREET_WORDS:
            continue
        if any(ch.isdigit() for ch in street) or not _TOWN.match(street):
            return None  # '12-14' left over, or something else numbered: not safe to show
        town = parts[i + 1] if i + 1 < len(parts) else ""
        if town and _TOWN.match(town) and not any(ch.isdigit() for ch in town):
            words_town = town.split()
            if len(words_town) <= 3 and words_town[-1].casefold() not in _STREET_WORDS:
                return f"{street}, {town}"
        return street
    return None
