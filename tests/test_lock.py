"""A fresh install is the one the suite passed on: exactly requirements.lock's versions.

The README's two set-up commands and .ci/run install with `-c requirements.lock`; these
tests fail when a dependency is added without re-locking, when the lock drifts from
pyproject.toml's bounds, or when the README and CI stop saying the same thing.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from psg_tui.cli import REPORTED_PACKAGES, main

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"


def locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        assert match, f"requirements.lock line {number} is not NAME==VERSION: {line!r}"
        pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def installed_closure(root: str = "psg-tui", extras: tuple[str, ...] = ("test",)) -> set[str]:
    """Every distribution psg-tui and its extras need in this environment, by marker."""
    needed: set[str] = set()
    todo: list[tuple[str, tuple[str, ...]]] = [(root, extras)]
    while todo:
        name, wanted = todo.pop()
        for spec in distribution(name).requires or []:
            requirement = Requirement(spec)
            environments = [{"extra": extra} for extra in wanted] or [{"extra": ""}]
            if requirement.marker and not any(requirement.marker.evaluate(env) for env in environments):
                continue
            key = canonicalize_name(requirement.name)
            if key not in needed:
                needed.add(key)
                todo.append((requirement.name, tuple(requirement.extras)))
    return needed


def test_the_venv_holds_exactly_the_locked_versions() -> None:
    pins = locked()
    needed = installed_closure()
    unlocked = sorted(needed - pins.keys())
    assert not unlocked, f"not in requirements.lock: {unlocked} (refresh it: bash .ci/latest --write-lock)"
    wrong = {name: (version(name), pins[name]) for name in needed if version(name) != pins[name]}
    assert not wrong, f"installed vs locked: {wrong} (install with pip -c requirements.lock)"
    for name in ("textual", "duckdb", "polars", "rich", "tomli-w", "pyarrow"):
        assert canonicalize_name(name) in needed


def test_the_lock_keeps_to_pyproject_bounds() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = locked()
    for spec in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(spec)
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned is not None, f"{requirement.name} is a dependency but not locked"
        assert requirement.specifier.contains(pinned, prereleases=True), (
            f"{requirement.name}=={pinned} vs {spec}"
        )


def setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_readme_set_up_installs_from_the_lock_and_ci_runs_its_test_command() -> None:
    commands = setup_commands()
    assert len(commands) == 2, commands
    assert all("pip install -c requirements.lock -e" in command for command in commands)
    assert commands[0].endswith(".venv/bin/psg") and commands[1].endswith(".venv/bin/pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == commands[1]


def test_version_names_the_releases_it_runs_on(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("psg-tui ")
    for name in REPORTED_PACKAGES:
        try:
            assert f"{name} {version(name)}" in out
        except PackageNotFoundError:  # pragma: no cover - every one is a dependency
            pytest.fail(f"{name} is not installed")
