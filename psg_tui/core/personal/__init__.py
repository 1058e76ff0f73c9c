"""Personal details in free text: the one detector behind redacted exports and privacy mode.

No UI here. `Detector` finds the people a meeting's minutes list (`People`), people they do
not list, and addresses, dates of birth, phone numbers, e-mail addresses and postcodes;
`AllowList` holds the place and agency names it must never take for a person.
"""

from psg_tui.core.personal.detector import DETAILS, KEPT, OTHER, PERSON, Detector, Finding, substitute
from psg_tui.core.personal.fold import Folded, fold, key
from psg_tui.core.personal.lists import AllowList, read_allow_file, user_allow_file
from psg_tui.core.personal.people import People, initials_of, name_variants, without_titles

__all__ = [
    "DETAILS",
    "KEPT",
    "OTHER",
    "PERSON",
    "AllowList",
    "Detector",
    "Finding",
    "Folded",
    "People",
    "fold",
    "initials_of",
    "key",
    "name_variants",
    "read_allow_file",
    "substitute",
    "user_allow_file",
    "without_titles",
]
