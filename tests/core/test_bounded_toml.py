"""TOML nested past the cap is refused with a message naming the file, in every TOML psg reads
(the minutes, the topics and priorities maps, --map files): never a RecursionError traceback,
nor the district view left on "loading…"."""

from __future__ import annotations

from pathlib import Path

import pytest

from psg_tui.core import bounded_toml
from psg_tui.core.errors import DataError, UsageError
from psg_tui.core.evidence_maps import PRIORITIES_ENV, TOPICS_ENV, load_priorities, load_topics
from psg_tui.importing.reading import load_column_map


def nested(depth: int, key: str = "deep") -> str:
    return f"{key} = " + "[" * depth + "]" * depth + "\n"


def nested_tables(depth: int) -> str:
    return "t = " + "{ a = " * depth + "1" + " }" * depth + "\n"


@pytest.mark.parametrize("text", [nested(40), nested(5000), nested_tables(40), nested_tables(3000)])
def test_past_the_cap_is_refused(text: str) -> None:
    with pytest.raises(bounded_toml.TooDeep, match="nested more than 32 deep"):
        bounded_toml.loads(text)


def test_up_to_the_cap_is_read() -> None:
    assert bounded_toml.loads(nested(31))["deep"]


@pytest.mark.parametrize("depth", [40, 5000])
@pytest.mark.parametrize(
    "env, load, good",
    [
        (TOPICS_ENV, load_topics, '[topics.asb]\ncategories = ["*"]\n'),
        (PRIORITIES_ENV, load_priorities, '[[priorities]]\nname = "ASB"\n'),
    ],
)
def test_a_deep_maps_file_names_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: str, load, good: str, depth: int
) -> None:
    path = tmp_path / "map.toml"
    path.write_text(nested(depth) + good, encoding="utf-8")
    monkeypatch.setenv(env, str(path))
    with pytest.raises(DataError, match=r"map\.toml: values are nested more than 32 deep"):
        load()


@pytest.mark.parametrize("depth", [40, 5000])
def test_a_deep_column_map_names_itself(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "columns.toml"
    path.write_text('id = "Ref"\n' + nested(depth), encoding="utf-8")
    with pytest.raises(UsageError, match=r"columns\.toml: values are nested more than 32 deep"):
        load_column_map(path)
