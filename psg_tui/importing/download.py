"""What an import reads: the paths given, with folders and zip archives walked, and each file
routed to the import kind that reads it.

A publisher's download (data.police.uk's: a zip or folder of month folders, in each, per force,
`-street.csv`, `-outcomes.csv` and `-stop-and-search.csv`) holds files for several kinds. The
kinds that read such files declare the end of their names (`Kind.folder_suffix`); a file or member
is given to the registered kind whose suffix its name ends with, whichever of them was named on
the command line. A file that no registered kind reads is not imported, and the plan says so
(never silently): the outcomes files, say, of a version that has no outcomes kind.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from psg_tui.core.errors import MissingInputError, UsageError
from psg_tui.core.files import IMPORT, regular_file
from psg_tui.importing.archive import Member, is_zip, members
from psg_tui.importing.common import IMPORT_FILE, counted
from psg_tui.importing.contract import Kind
from psg_tui.importing.kinds import KINDS, kind_named
from psg_tui.importing.kinds.columns import POLICE_UK_PARTS

Input = Path | Member
MONTH_FOLDER = re.compile(r"^(?:.*/)?([0-9]{4}-(?:0[1-9]|1[0-2]))/[^/]+$")


@dataclass
class Plan:
    """The files of an import, by the kind that reads them (in the registry's order), and what
    is left out and why."""

    groups: list[tuple[Kind, list[Input]]]
    notes: list[str] = field(default_factory=list)
    reads: list[Path] = field(default_factory=list)  # the files on disk read (archives included)

    @property
    def count(self) -> int:
        return sum(len(inputs) for _, inputs in self.groups)


def plan_import(name: str, files: list[Path]) -> Plan:
    """Files as given, with a folder standing for its CSVs (and Parquet files, for the kinds that
    read them), and for a kind with a `folder_suffix` (police-uk's -street.csv), a folder or zip
    archive standing for its files of every kind that declares one."""
    kind = kind_named(name)
    if not files:
        raise UsageError("No files to import.", "Give one or more files (or a folder) after the KIND.")
    router = _Router(kind)
    for path in files:
        path = Path(path)
        if path.is_dir():
            router.folder(path)
        elif not path.exists():
            raise MissingInputError(
                f"There is no file at {path}.", "Check the path (and the folder you are in)."
            )
        elif kind.folder_suffix and path.is_file() and is_zip(path):
            regular_file(path, None, "a zip archive")
            router.archive(path)
        else:
            router.file(path)
    return router.plan()


class _Router:
    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        # The kinds a download's files go to, by the end of their names.
        self.suffixes = {k.folder_suffix: k for k in KINDS if k.folder_suffix} if kind.folder_suffix else {}
        self.inputs: dict[str, list[Input]] = {}
        self.seen: set[object] = set()
        self.left_out: Counter[str] = Counter()
        self.left_names: dict[str, list[str]] = {}
        self.reads: dict[Path, Path] = {}
        self.gaps: list[str] = []

    def file(self, path: Path) -> None:
        regular_file(path, IMPORT, IMPORT_FILE)  # no pipe, device or huge file reaches a reader
        self.reads.setdefault(path.resolve(), path)
        routed = self._kind_for(path.name)
        self._add(path.resolve(), routed or self.kind, path)

    def folder(self, folder: Path) -> None:
        patterns = ["*.csv", "*.parquet"] if self.kind.parquet else ["*.csv"]
        for search in (folder.glob, folder.rglob):
            hits = sorted({p for pattern in patterns for p in search(pattern) if p.is_file()})
            if self.suffixes and not hits:
                hits = sorted(p for p in search("*.zip") if p.is_file())
            if hits:
                break
        else:
            wanted = " or ".join(patterns)
            raise MissingInputError(
                f"The folder {folder} has no {wanted} files.", "Give the files themselves, or another folder."
            )
        if not self.suffixes:
            for path in hits:
                self.file(path)
            return
        self._route([(p.name, p) for p in hits], self._folder_one)

    def _folder_one(self, item: Input) -> None:
        assert isinstance(item, Path)
        if is_zip(item):
            self.archive(item)
        else:
            self.file(item)

    def archive(self, path: Path) -> None:
        self.reads.setdefault(path.resolve(), path)
        found = members(path)
        if not found:
            raise MissingInputError(f"The zip archive {path} holds no files.", "Download it again.")
        self._missing_months(path, found)
        csvs = [m for m in found if m.name.lower().endswith(".csv")]
        for member in found:
            if not member.name.lower().endswith(".csv"):
                self._leave_out("not CSV files", member.name)
        self._route([(m.name, m) for m in csvs], self._member)

    def _missing_months(self, path: Path, found: list[Member]) -> None:
        """A download's month folders run without a gap: say which months one lacks."""
        months = sorted({m.group(1) for f in found if (m := MONTH_FOLDER.match(f.name))})
        if len(months) < 2:
            return
        year, month = map(int, months[0].split("-"))
        missing = []
        while f"{year:04d}-{month:02d}" < months[-1]:
            label = f"{year:04d}-{month:02d}"
            if label not in months:
                missing.append(label)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        if missing:
            shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
            self.gaps.append(
                f"missing months: {path.name} has no folder for {shown} (its months run from {months[0]}"
                f" to {months[-1]}): download {'them' if len(missing) > 1 else 'it'} if the meeting needs"
                f" {'them' if len(missing) > 1 else 'it'}"
            )

    def _member(self, item: Input) -> None:
        assert isinstance(item, Member)
        self._add((item.archive.resolve(), item.name), self._kind_for(item.name) or self.kind, item)

    def _route(self, named: list[tuple[str, Input]], take: Callable[[Input], None]) -> None:
        """Each file to its kind; a file no registered kind reads is left out and counted. When no
        file's name ends with a download's suffix, all of them go to the kind named (files renamed
        by hand)."""
        known = (*self.suffixes, *(suffix for suffix, _ in POLICE_UK_PARTS.values()))
        if not any(_ends(n, s) for n, _ in named for s in known):
            for _, item in named:
                take(item)
            return
        for name, item in named:
            if (isinstance(item, Path) and is_zip(item)) or self._kind_for(name):
                take(item)
            elif part := next((p for p, (s, _) in POLICE_UK_PARTS.items() if _ends(name, s)), None):
                self._leave_out(
                    f"police.uk {part} files, which this version of psg-tui does not import", name
                )
            else:
                self._leave_out("not part of a police.uk download", name)

    def _kind_for(self, name: str) -> Kind | None:
        return next((k for s, k in self.suffixes.items() if _ends(name, s)), None)

    def _add(self, key: object, kind: Kind, item: Input) -> None:
        if key in self.seen:
            return
        self.seen.add(key)
        self.inputs.setdefault(kind.name, []).append(item)

    def _leave_out(self, why: str, name: str) -> None:
        self.left_out[why] += 1
        self.left_names.setdefault(why, []).append(Path(name).name)

    def plan(self) -> Plan:
        groups = [(k, self.inputs[k.name]) for k in KINDS if k.name in self.inputs]
        notes = []
        for why, number in self.left_out.items():
            names = self.left_names[why]
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            notes.append(f"not imported: {counted(number, 'file')} ({shown}): {why}")
        notes.extend(self.gaps)
        if not groups:
            raise MissingInputError(
                "Nothing to import: " + "; ".join(notes) + ".",
                f"Give the files a {self.kind.name} import reads. Nothing was changed.",
            )
        return Plan(groups, notes, list(self.reads.values()))


def _ends(name: str, suffix: str) -> bool:
    return name.lower().endswith(suffix.lower())
