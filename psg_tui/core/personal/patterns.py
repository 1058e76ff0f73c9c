"""Personal details with a shape: e-mail addresses, phone numbers, dates of birth, postcodes,
house-numbered addresses, vehicle registrations, NHS numbers and National Insurance numbers.

Each finder takes folded text (see `fold.py`: accents gone, digits in ASCII, apostrophes
and dashes plain) and yields (start, end, kind). The shapes are the UK's: the phone numbers
a national number of 10 or 11 digits (or +44), the postcodes the Royal Mail's outward and
inward codes, and an address a house or flat number before a street ('12 Elm Road',
'near 14 Sextant Close', 'Flat 3, 5 Capstan Court', '3-5 High Street, Stockton'). A vehicle
registration is the DVLA's current 'AB12 CDE' in any case, or an older 'A123 BCD' or 'ABC 123D'
in capitals; an NHS number is ten digits ('943 476 5919') whose last is their modulus 11 check
digit; a National Insurance number two letters, six digits and A-D ('QQ 12 34 56 C').
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from psg_tui.core.personal.lists import ACRONYMS, common_words

_DIGIT = re.compile(r"\d")
EMAIL, PHONE, DOB, OLD_DATE, POSTCODE, ADDRESS = "email", "phone", "dob", "old-date", "postcode", "address"
VEHICLE, NHS_NUMBER, NI_NUMBER = "vehicle", "nhs-number", "ni-number"

_EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w+/.])(?:(?:\+|00)\d{2,3}[ -]?(?:\(0\)[ -]?)?\d[\d -]{6,13}"  # +44 (0)1642 526000
    r"|\(0\d{2,4}\)[ -]?\d[\d -]{4,8}"  # (01642) 526 000
    r"|0\d[\d -]{7,12})\d(?![\w/])"  # 07700 900461
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{1,2}}\s?[/.\-]\s?\d{{1,2}}\s?[/.\-]\s?(?P<y1>\d{{4}}|\d{{2}})"  # 01/02/1980, 1.2.80
    rf"|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+(?P<y2>\d{{4}}|'?\d{{2}})"  # 1st February 1980
    rf"|{_MONTH}\s+{_DAY},?\s+(?P<y3>\d{{4}})"  # February 1, 1980
    rf"|(?P<y4>\d{{4}})-\d{{2}}-\d{{2}})"  # 1980-02-01
)
_DOB_CUE = r"(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on|\s+in)?|b\.(?=\s*\d))"
_DOB = re.compile(rf"\b{_DOB_CUE}\s*[:\-]?\s*(?:{_DATE}|(?P<y5>(?:19|20)\d{{2}})\b)", re.IGNORECASE)
_ANY_DATE = re.compile(rf"(?<![\w/.\-]){_DATE}(?![\w/])", re.IGNORECASE)
_POSTCODE = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}|[a-z]{1,2}\d[a-z\d]?\s\d[abd-hjlnp-uw-z]{2})(?![\w-])"
)

# Words that end a street's name. Those a sentence uses for other things ('3 close calls', '2 went
# green') count only with a capital; the rest ('12 elm road') in any case.
STREET_WORDS = (
    "street st road rd close cl way court ct lane ln avenue ave terrace tce drive dr place pl crescent "
    "cres grove walk yard square sq row gardens gdns view parade mews hill wynd green park chare bank "
    "gate rise vale wharf quay bridge boulevard approach croft garth mount meadow meadows heights "
    "house buildings estate precinct circus broadway passage arcade alley"
)
PLAIN_STREET_WORDS = (
    "street st road rd lane ln avenue ave terrace tce crescent cres gardens gdns mews wynd chare"
)


def _alternatives(words: str) -> str:
    return "|".join(sorted(set(words.split()), key=len, reverse=True))


_NOT_A_STREET_NAME = _alternatives(
    "the a an of on in at to for by from near with and or more than times people cars houses homes "
    "flats sites visits calls reports days weeks months years hours minutes was were is are has had"
)
# Each address pattern starts at its house number (a digit first lets the regex engine skip
# ahead); a 'Flat 3, ' or 'No. ' just before it is taken in afterwards (`_BEFORE`).
_NUMBER = r"\d(?<![\w.,/:£$-]\d)\d{0,3}[a-zA-Z]?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?\b"
_FLAT = r"(?i:flat|apartment|apt\.?|unit|room|maisonette)\s+\d{1,4}[a-zA-Z]?\b"
_BEFORE = re.compile(rf"(?:\b{_FLAT},?\s+|\b(?i:no\.?|number)\s+)$")
_TOWN = r"(?:,[ \t]*[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*){0,2})?"
# '12 Elm Road', 'No. 12 Elm Road', 'Flat 3, 5 Capstan Court, Stockton': capitalised names.
_ADDRESS = re.compile(
    rf"{_NUMBER},?\s+(?:[A-Z][\w'-]*\s+){{0,3}}(?:{_alternatives(STREET_WORDS).title()})\b{_TOWN}"
)
# '12 elm road', '12a Elm road': a street word no sentence uses otherwise, in any case.
_PLAIN_ADDRESS = re.compile(
    rf"{_NUMBER},?\s+(?:(?!(?i:{_NOT_A_STREET_NAME})\b)[A-Za-z][\w'-]*\s+){{0,3}}"
    rf"(?i:{_alternatives(PLAIN_STREET_WORDS)})\b{_TOWN}"
)
_FLAT_WORDS = ("flat", "apartment", "apt", "unit", "room", "maisonette")
# Prefilters: a pattern is run only where its rarest part could be.
_YEARISH = re.compile(
    r"\d[/.\-]\s?\d|\b(?:1[89]|20)\d\d\b|\d\s+'\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]{3}"
)
_INWARD = re.compile(r"\d[A-Za-z]{2}\b")
# Registrations: the current format (2001 on) in any case; the older prefix and suffix ones only
# in capitals, and not when their letters are an abbreviation ('A19 ASB').
_VEHICLE = re.compile(r"(?<![\w-])[A-Za-z]{2}\d{2}[ ]?[A-Za-z]{3}(?![\w-])")
_OLD_VEHICLE = re.compile(
    r"(?<![\w-])(?:[A-Z]\d{1,3}[ ]?(?P<p>[A-Z]{3})|(?P<s>[A-Z]{3})[ ]?\d{1,3}[A-Z])(?![\w-])"
)
_NHS = re.compile(r"(?<![\w+/.-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w/-])")
# National Insurance: the first letter is never D, F, I, Q (but QQ, HMRC's example), U or V; the
# second never those or O.
_NI = re.compile(
    r"(?<![\w-])(?:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]|QQ)[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D](?![\w-])",
    re.IGNORECASE,
)
# 'Flat 3', 'Flat 3, Capstan Court': a dwelling as good as an address.
_FLAT_ALONE = re.compile(
    rf"\b{_FLAT}(?:,?\s+(?:[A-Z][\w'-]*\s+){{0,3}}(?:{_alternatives(STREET_WORDS).title()})\b)?"
)


def _is_phone(candidate: str) -> bool:
    """A UK number of 10 or 11 digits from its leading 0 (+44 and (0) read as the 0), or another
    country's in international form."""
    digits = re.sub(r"\D", "", candidate)
    if candidate.lstrip("(").startswith(("+44", "0044")):
        digits = "0" + digits[(2 if candidate.lstrip("(").startswith("+") else 4) :].removeprefix("0")
    elif candidate.lstrip("(").startswith(("+", "00")):
        return 8 <= len(digits) <= 15
    return digits.startswith("0") and len(digits) in (10, 11) and digits[1] != "0"


def nhs_check_digit_ok(digits: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine (weights 10 to 2)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    return check != 10 and (0 if check == 11 else check) == int(digits[9])


def _registration(match: re.Match[str]) -> bool:
    """A current-format registration written in lower case is one unless its letters are a word
    ('cp12 was')."""
    found = match.group()
    return found.isupper() or found[-3:].casefold() not in common_words()


def _old_registration(match: re.Match[str]) -> bool:
    return (match.group("p") or match.group("s") or "") not in ACRONYMS


def _year(match: re.Match[str]) -> int | None:
    for name in ("y1", "y2", "y3", "y4", "y5"):
        value = match.groupdict().get(name)
        if value:
            value = value.lstrip("'")
            year = int(value)
            return (
                year if len(value) == 4 else (1900 + year if year > date.today().year % 100 else 2000 + year)
            )
    return None


def find(text: str, *, old_before: int | None = None) -> Iterator[tuple[int, int, str]]:
    """Every e-mail, phone number, date of birth, postcode and address in folded `text`.

    A full date in a year before `old_before` (default: ten years ago) is taken for a date
    of birth even without 'DOB' beside it: minutes record what is due, not what was decades ago.
    """
    old_before = old_before if old_before is not None else date.today().year - 10
    if "@" in text:
        for m in _EMAIL.finditer(text):
            yield m.start(), m.end(), EMAIL
    if _DIGIT.search(text):
        yield from _numbers(text, old_before)


def _numbers(text: str, old_before: int) -> Iterator[tuple[int, int, str]]:
    if _YEARISH.search(text):
        for m in _DOB.finditer(text):
            yield m.start(), m.end(), DOB
        for m in _ANY_DATE.finditer(text):
            year = _year(m)
            if year is not None and year < old_before:
                yield m.start(), m.end(), OLD_DATE
    elif "born" in text or "birth" in text.casefold():
        for m in _DOB.finditer(text):  # 'born 1980' has no date's shape
            yield m.start(), m.end(), DOB
    for m in _PHONE.finditer(text):
        if _is_phone(m.group()) and not _ANY_DATE.fullmatch(m.group()):
            yield m.start(), m.end(), PHONE
    if _INWARD.search(text):
        for m in _POSTCODE.finditer(text):
            yield m.start(), m.end(), POSTCODE
    for pattern in (_ADDRESS, _PLAIN_ADDRESS):
        for m in pattern.finditer(text):
            before = _BEFORE.search(text, max(0, m.start() - 24), m.start())
            yield (before.start() if before else m.start()), m.end(), ADDRESS
    yield from _identifiers(text)
    lower = text.casefold()
    if any(word in lower for word in _FLAT_WORDS):
        for m in _FLAT_ALONE.finditer(text):
            yield m.start(), m.end(), ADDRESS


def _identifiers(text: str) -> Iterator[tuple[int, int, str]]:
    """Vehicle registrations, NHS numbers (with a good check digit) and National Insurance numbers."""
    for m in _VEHICLE.finditer(text):
        if _registration(m):
            yield m.start(), m.end(), VEHICLE
    for m in _OLD_VEHICLE.finditer(text):
        if _old_registration(m):
            yield m.start(), m.end(), VEHICLE
    for m in _NHS.finditer(text):
        if nhs_check_digit_ok(re.sub(r"\D", "", m.group())):
            yield m.start(), m.end(), NHS_NUMBER
    for m in _NI.finditer(text):
        yield m.start(), m.end(), NI_NUMBER
