"""The words the detector judges names by, and the analyst's allow-list of places and agencies.

The given names, ordinary words and default allow-list are text files in `data/`, one entry
(or several words) a line, '#' for comments, so an analyst can read what the detector knows.
The user's own allow-list is `allow-names.txt` in the psg-tui data folder; `--allow-names FILE`
adds another for one command.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from psg_tui.core import files
from psg_tui.core.errors import MissingInputError, PsgError
from psg_tui.core.paths import user_data_dir
from psg_tui.core.personal.fold import key

USER_ALLOW_FILE = "allow-names.txt"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Ranks and honorifics before a name: what follows is a person ("Mr John Smith", "DC Jones").
# The upper-case ones count only in capitals ('PC Smith', not 'pc'); the rest in any case.
TITLES = _words(
    "mr mrs ms miss mx dr doctor prof professor rev revd reverend sir dame lady lord cllr councillor "
    "insp inspector sgt sergeant constable det detective supt superintendent chief officer "
)
UPPER_TITLES = _words("PC PCSO DC DS DI DCI DSI DSU CI SPO")
# Words after which a capitalised word is someone's name ("victim Mary Watson", "her son, Tom").
RELATIONS = _words(
    "victim victims son sons daughter daughters mother father mum mam dad parent parents partner "
    "ex-partner expartner husband wife spouse brother sister sibling boyfriend girlfriend fiance fiancee "
    "grandson granddaughter grandmother grandfather grandma grandad granddad gran nan nana uncle aunt "
    "auntie cousin nephew niece child stepson stepdaughter stepfather stepmother stepdad stepmum "
    "carer neighbour tenant resident occupant occupier suspect offender perpetrator witness "
    "complainant informant juvenile client landlord landlady friend associate named called nicknamed "
    "aka alias nominal male female man woman boy girl lad pupil patient driver passenger "
)
# Function words, months and days: never part of a name, whatever their case.
FUNCTION_WORDS = _words(
    "a an and or but nor the of on in at to for by from with into onto over under near via per as is "
    "are was were be been has have had do does did not no this that these those it its he she his her "
    "him they them their we our us i you your who whom whose which what when where why how all any "
    "each every some both either neither than then there here also only just about after before since "
    "until while if so up down out off new old "
)
MONTHS_AND_DAYS = _words(
    "january february march april may june july august september october november december jan feb "
    "mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday "
    "sunday mon tue tues wed thu thur thurs fri sat sun "
)
# Words that end the name of an organisation or a place: the capitalised words before them are
# that place's or body's name, not a person's ("Thirteen Group", "Capstan Court").
ORGANISATION_WORDS = _words(
    "police constabulary council borough county city district parish group service services trust "
    "partnership partnerships team unit hub centre center project programme scheme network board "
    "office agency authority department directorate committee forum panel initiative association "
    "society foundation charity ltd limited plc cic llp company church chapel mosque temple gurdwara "
    "synagogue school academy college university nursery hospital surgery clinic practice pharmacy "
    "station prison court courts tribunal brigade rescue ambulance nhs housing homes library club pub "
    "inn hotel bar cafe restaurant shop store stores supermarket market mall arcade garage depot "
    "works factory area ward estate village town fc "
)
STREET_ENDINGS = _words(
    "street st road rd close way lane avenue ave terrace drive place crescent walk yard square row "
    "gardens parade mews wynd chare rise view wharf quay boulevard approach alley passage precinct "
)
# Place words that are also common surnames: after a given name they are the surname ("Kevin Hall").
SURNAME_PLACES = _words(
    "hall hill wood woods green park field fields bank banks gate brook ford marsh moor dale vale "
    "bridge church mill mills cross heath grove house well wells lane "
)
# Words before a capitalised word that make it a place or a body ("Operation Shield", "St Mary's").
PLACE_PREFIXES = _words("operation op project programme st saint mount port fort lake river")
# Capitalised abbreviations that are not anyone's initials.
ACRONYMS = _words(
    "AM PM UK GB EU US ID IT TV OK PC DC DS DI CI GP NHS ASB PSG PSPO CCTV CPW CPN FPN CBO IOM AWO "
    "CSP HMO HQ QC KC MP MEP CEO ICT LSOA ONS CAD ISP RAG TBC TBA NB PS AOB NFA "
)


def _listed(name: str) -> frozenset[str]:
    text = resources.files("psg_tui.core.personal").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(
        word.casefold()
        for line in text.splitlines()
        if not line.lstrip().startswith("#")
        for word in line.split()
    )


@cache
def given_names() -> frozenset[str]:
    return _listed("given-names.txt") - MONTHS_AND_DAYS


@cache
def common_words() -> frozenset[str]:
    return _listed("common-words.txt") | FUNCTION_WORDS | MONTHS_AND_DAYS


def user_allow_file() -> Path:
    """Where the user's own allow-list lives: allow-names.txt in the psg-tui data folder."""
    return user_data_dir() / USER_ALLOW_FILE


def read_allow_file(path: Path, *, required: bool) -> list[str]:
    """The names in an allow-list file, one a line; a missing file is an error only if `required`."""
    try:
        text = files.read_text(Path(path), files.NAME_LIST, "an allow-list of names", encoding="utf-8-sig")
    except PsgError:  # a pipe, a device, a folder or a file far too large for a list of names
        if required:
            raise
        return []
    except FileNotFoundError:
        if required:
            raise MissingInputError(
                f"There is no allow-list at {path}.", "Check the path given with --allow-names."
            ) from None
        return []
    except (OSError, UnicodeDecodeError) as exc:
        if required:
            raise MissingInputError(
                f"Could not read the allow-list {path}: {getattr(exc, 'strerror', None) or exc}.",
                "Give a UTF-8 text file with one place or agency name a line.",
            ) from None
        return []
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


class AllowList:
    """Place and agency names never taken for a person: whole phrases, and the words of them.

    The database's own names (areas, operations: `data`) are allowed like the rest, but only
    while no word of one is the name of someone the minutes withhold: `without_data_naming`
    gives the list without those, so "Quigley surveillance" loses "Quigley" once "Mrs Quigley" is
    withheld, where a shipped or user-listed place ("Mandale and Victoria") keeps its words.
    """

    def __init__(self, names: Iterable[str] = (), *, data: Iterable[str] = ()) -> None:
        self.phrases: set[str] = set()  # keys of names of two or more words
        self.words: set[str] = set()  # every word of every name
        self.base_words: set[str] = set()  # the words of the names that are not the database's
        self.firsts: set[str] = set()  # the first words of those names
        self.longest = 1
        self.names: list[str] = []  # the names not from the database, as given
        self.data: list[str] = []  # the database's names, as given
        self.add(names)
        self.add(data, data=True)

    def add(self, names: Iterable[str], *, data: bool = False) -> None:
        for name in names:
            k = key(name)
            if not k:
                continue
            (self.data if data else self.names).append(name)
            words = k.split()
            self.words.update(words)
            if not data:
                self.base_words.update(words)
            if len(words) > 1:
                self.phrases.add(k)
                self.firsts.add(words[0])
                self.longest = max(self.longest, len(words))

    def data_naming(self, words: set[str]) -> list[str]:
        """The database's names that hold one of `words` (keys)."""
        return [name for name in self.data if set(key(name).split()) & words]

    def without_data_naming(self, words: set[str]) -> AllowList:
        """This list without the database's names that hold one of `words` (keys)."""
        dropped = set(self.data_naming(words))
        return AllowList(self.names, data=[name for name in self.data if name not in dropped])

    @classmethod
    def default(cls, extra_files: Iterable[Path] = (), extra: Iterable[str] = ()) -> AllowList:
        """The shipped list, the user's allow-names.txt if there is one, `extra_files`, and
        `extra`: the database's names of areas and operations."""
        allow = cls(_default_names())
        allow.add(read_allow_file(user_allow_file(), required=False))
        for path in extra_files:
            allow.add(read_allow_file(path, required=True))
        allow.add(extra, data=True)
        return allow


@cache
def _default_names() -> tuple[str, ...]:
    text = resources.files("psg_tui.core.personal").joinpath("data", "allow-names.txt").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
