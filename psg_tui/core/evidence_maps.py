"""The analyst's two small TOML files: survey topics -> incident categories, and the partnership's
priorities -> incident categories and intervention kinds.

Each has a shipped default beside this module (`topics.toml`, `priorities.toml`, documented in
themselves) and may be replaced by the analyst's own file named in an environment variable
(`PSG_TOPICS`, `PSG_PRIORITIES`), the way `PSG_QUERIES_DIR` adds query files. A file that is
not TOML, or not the shape described, is a `DataError` naming the file and line (shown in the
panel that needed it, so a typo never stops the meeting); a key nobody reads is a warning, so
a misspelt `catgories` is noticed rather than silently ignored.

The maps reach SQL only as bound list parameters (`as_parameter`), never as SQL text.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from psg_tui.core import bounded_toml, files
from psg_tui.core.errors import DataError
from psg_tui.core.interventions import INTERVENTION_KINDS

TOPICS_ENV = "PSG_TOPICS"
PRIORITIES_ENV = "PSG_PRIORITIES"
EVERY_CATEGORY = "*"
TOPIC_KEYS = frozenset({"label", "categories"})
PRIORITY_KEYS = frozenset({"name", "aliases", "categories", "kinds"})


@dataclass(frozen=True)
class Topic:
    slug: str
    label: str
    categories: tuple[str, ...]

    @property
    def every_category(self) -> bool:
        return EVERY_CATEGORY in self.categories


@dataclass(frozen=True)
class TopicMap:
    topics: dict[str, Topic]
    source: str  # the file it was read from, for messages
    warnings: tuple[str, ...] = ()

    def label(self, slug: str) -> str:
        topic = self.topics.get(slug)
        return topic.label if topic else slug

    def as_parameter(self) -> list[dict[str, str]]:
        """`$topic_categories`: one (topic, category) pair per mapped category, '*' for every one.
        A query reads it as `CAST($topic_categories AS STRUCT(topic VARCHAR, category VARCHAR)[])`."""
        return [{"topic": t.slug, "category": c} for t in self.topics.values() for c in t.categories]


@dataclass(frozen=True)
class Priority:
    name: str
    aliases: tuple[str, ...]
    categories: tuple[str, ...]
    kinds: tuple[str, ...]

    def matches(self, wording: str | None) -> bool:
        """Does an action's `priority` name this priority (its name or an alias, ignoring case)?"""
        if not wording:
            return False
        wanted = _folded(wording)
        return wanted == _folded(self.name) or any(wanted == _folded(a) for a in self.aliases)


@dataclass(frozen=True)
class PriorityList:
    priorities: tuple[Priority, ...]
    source: str
    warnings: tuple[str, ...] = ()

    def of_action(self, wording: str | None) -> Priority | None:
        return next((p for p in self.priorities if p.matches(wording)), None)

    def category_parameter(self) -> list[dict[str, Any]]:
        """`$priority_categories`: STRUCT(position INTEGER, priority VARCHAR, category VARCHAR)[]."""
        return [
            {"position": i + 1, "priority": p.name, "category": c}
            for i, p in enumerate(self.priorities)
            for c in p.categories
        ]

    def kind_parameter(self) -> list[dict[str, Any]]:
        """`$priority_kinds`: STRUCT(position INTEGER, priority VARCHAR, kind VARCHAR)[]."""
        return [
            {"position": i + 1, "priority": p.name, "kind": k}
            for i, p in enumerate(self.priorities)
            for k in p.kinds
        ]


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


# -- reading ----------------------------------------------------------------------


def _chosen(env: str, default: str) -> tuple[str, str]:
    """(where, text): the analyst's file if the environment names one, else the shipped default."""
    override = os.environ.get(env, "").strip()
    if override:
        path = Path(override).expanduser()
        try:
            return str(path), files.read_text(path, files.TOML, f"a TOML file (named by {env})")
        except FileNotFoundError:
            raise DataError(
                f"{path} (named by {env}) does not exist.",
                f"Point {env} at your file, or unset it to use the default.",
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"{path} (named by {env}) could not be read: {exc}") from None
    where = f"psg_tui/core/{default} (the default)"
    return where, resources.files("psg_tui.core").joinpath(default).read_text(encoding="utf-8")


def _parse(where: str, text: str) -> dict[str, Any]:
    try:
        return bounded_toml.loads(text)
    except bounded_toml.TooDeep as exc:
        raise DataError(
            f"{where}: {exc}{exc.where()}.",
            "Remove the nested value (the default file's comments show the layout).",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(
            f"{where} is not valid TOML: {exc}.",
            "Fix the place it names (the default file's comments show the layout).",
        ) from None


def _strings(where: str, what: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataError(f'{where}: {what} must be a list of names in quotes, such as ["Drugs"].')
    return tuple(v.strip() for v in value)


_READ: dict[tuple[str, str, tuple[int, int] | None], Any] = {}  # (env, file, stamp) -> parsed


_Map = TypeVar("_Map", "TopicMap", "PriorityList")


def _cached(env: str, default: str, parse: Callable[[str, str], _Map]) -> _Map:
    """Each panel load asks for the maps: a file is read and parsed again only when it changed
    (an analyst editing it mid-meeting sees the change on the next load), not on every load."""
    override = os.environ.get(env, "").strip()
    stamp: tuple[int, int] | None = None
    if override:
        try:
            found = Path(override).expanduser().stat()
        except OSError:
            return parse(*_chosen(env, default))  # which says what is wrong with it
        stamp = (found.st_mtime_ns, found.st_size)
    key = (env, override, stamp)
    if key not in _READ:
        if len(_READ) > 8:
            _READ.clear()
        _READ[key] = parse(*_chosen(env, default))
    parsed: _Map = _READ[key]  # the file's own kind: the key holds its environment variable
    return parsed


def load_topics() -> TopicMap:
    return _cached(TOPICS_ENV, "topics.toml", parse_topics)


def parse_topics(where: str, text: str) -> TopicMap:
    data = _parse(where, text)
    warnings = [
        f"{where}: '{key}' is not a key this file uses (only [topics.<slug>])."
        for key in data
        if key != "topics"
    ]
    table = data.get("topics", {})
    if not isinstance(table, dict):
        raise DataError(f"{where}: 'topics' must be tables such as [topics.drugs].")
    topics: dict[str, Topic] = {}
    for slug, entry in table.items():
        if not isinstance(entry, dict):
            raise DataError(f"{where}: topics.{slug} must be a table with label and categories.")
        warnings += [
            f"{where}: topics.{slug}.{key} is not a key this file uses (label, categories)."
            for key in entry
            if key not in TOPIC_KEYS
        ]
        if "categories" not in entry:
            raise DataError(
                f"{where}: topics.{slug} has no categories.", 'Add categories = ["…"] (or ["*"]).'
            )
        label = entry.get("label", slug)
        if not isinstance(label, str):
            raise DataError(f"{where}: topics.{slug}.label must be text in quotes.")
        topics[slug] = Topic(
            slug, label.strip() or slug, _strings(where, f"topics.{slug}.categories", entry["categories"])
        )
    return TopicMap(topics, where, tuple(warnings))


def load_priorities() -> PriorityList:
    return _cached(PRIORITIES_ENV, "priorities.toml", parse_priorities)


def parse_priorities(where: str, text: str) -> PriorityList:
    data = _parse(where, text)
    warnings = [
        f"{where}: '{key}' is not a key this file uses (only [[priorities]])."
        for key in data
        if key != "priorities"
    ]
    entries = data.get("priorities")
    if not isinstance(entries, list) or not entries:
        raise DataError(
            f"{where}: no [[priorities]] tables.", "Each priority is a [[priorities]] table with a name."
        )
    priorities: list[Priority] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        at = f"priority {number}"
        if not isinstance(entry, dict):
            raise DataError(f"{where}: {at} must be a [[priorities]] table.")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise DataError(f"{where}: {at} has no name.", 'Add name = "…" to it.')
        at = f"priority '{name.strip()}'"
        if _folded(name) in seen:
            raise DataError(f"{where}: {at} is listed twice.")
        seen.add(_folded(name))
        warnings += [
            f"{where}: {at} has '{key}', which is not a key this file uses (name, aliases, categories, kinds)."
            for key in entry
            if key not in PRIORITY_KEYS
        ]
        kinds = _strings(where, f"{at}: kinds", entry.get("kinds", []))
        warnings += [
            f"{where}: {at} names kind '{kind}', which is not an intervention kind."
            for kind in kinds
            if kind not in INTERVENTION_KINDS
        ]
        priorities.append(
            Priority(
                name.strip(),
                _strings(where, f"{at}: aliases", entry.get("aliases", [])),
                _strings(where, f"{at}: categories", entry.get("categories", [])),
                kinds,
            )
        )
    return PriorityList(tuple(priorities), where, tuple(warnings))
