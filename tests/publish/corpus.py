"""What the redaction corpus (data/victims-and-variants.toml) holds: what must go, what must stay.

Each needle is searched for in the folded output (accents, invisible characters and look-alike
letters folded as the detector folds them), as a whole word in any case, so a name that
survives with a zero-width space inside it, or with its accents, still counts as a leak.
"""

from __future__ import annotations

import re
from pathlib import Path

from psg_tui.core.personal import fold

CORPUS = Path(__file__).parent / "data" / "victims-and-variants.toml"

# People the minutes do not list: victims, relatives, a neighbour, a tenant, an owner, an officer.
UNLISTED = """Mary Watson|Mary|Watson|Tom Watson|Tom|Kevin Dunn|Kevin|Dunn|Eileen Thorpe|Eileen|Thorpe|
John Smith|John|Smith|Lily|Hollis|Bartholomew Quayle|Bartholomew|Quayle|Brenda Quayle|Brenda|
Ignatius Fairbrother|Ignatius|Fairbrother"""
# Attendees as the file lists them, and as notes misspell them.
LISTED = """Dana Heron|Dana|Heron|Zoë Brontë|Zoë|Brontë|José Núñez|José|Núñez|Nadia Sørensen|Nadia|
Sørensen|Grzegorz Wójcik|Grzegorz|Wójcik|Aoife McLaughlin|Aoife|McLaughlin"""
VARIANTS = """Zoe Bronte|Zoe|Bronte|Jose Nunez|Jose|Nunez|Sorensen|Sorenson|Soerensen|Wojcik|Bronty|Nunyez|
McLaughlan|DH|D.H.|JN"""
DATES_OF_BIRTH = "01/02/1980|3 March 1946|14.7.92|1st February 1980|2001-05-06"
ADDRESSES = """12 Elm Road|Flat 3|5 Capstan Court|22 Acacia Avenue|46 Brigantine Way|18 Halyard Street|
14 Sextant Close|7 Acacia Ave|Flat 2|12a Dovecot Street|3-5 High Street|TS17 6BB|TS18 3QT|ts18 1ab"""
CONTACTS = """07700 900461|+44 (0)1642 526000|(01642) 526 000|0800 555 0199|mary.watson@example.com|
john.smith@example.org|zoe.bronte@stockton.gov.uk"""
# Places and agencies a redacted copy must keep: redaction did not just blank everything.
KEPT = """Operation Shield|Project Harmony|Thirteen Group|Change Grow Live|A Way Out|Cleveland Police|
Stockton-on-Tees Borough Council|Mandale and Victoria|Thornaby Victoria|Teesside Magistrates' Court|
Capstan Court|Lighterman's Yard|Dovecot Street|Victim Support|Bonfire Night|Christmas|Danaher Street|
Heronsgate|Cleveland Fire Brigade|Probation Service|Parkfield and Oxbridge"""


def needles(text: str) -> list[str]:
    return [n.strip() for n in text.split("|") if n.strip()]


GROUPS = {
    "unlisted people": needles(UNLISTED),
    "attendees": needles(LISTED),
    "variants": needles(VARIANTS),
    "dates of birth": needles(DATES_OF_BIRTH),
    "addresses": needles(ADDRESSES),
    "phones and e-mails": needles(CONTACTS),
}


def found(text: str, needle: str) -> bool:
    """`needle` in `text` as a whole word, in any case, once both are folded."""
    return re.search(rf"(?<![\w@.]){re.escape(fold(needle))}(?![\w@])", fold(text), re.IGNORECASE) is not None


def leaks(text: str, groups: dict[str, list[str]] = GROUPS) -> dict[str, list[str]]:
    return {group: [n for n in items if found(text, n)] for group, items in groups.items()}
