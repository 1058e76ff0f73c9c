"""Lint and formatting are part of the test command: `ruff check` and
`ruff format --check` over the package, the tests and the benchmarks, with the rules in
pyproject.toml. A failure names each file and what to change; `ruff check --fix` and
`ruff format` mend most of them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PARTS = ["psg_tui", "tests", "bench"]


def ruff(*args: str) -> subprocess.CompletedProcess[str]:
    found = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if found is None:
        pytest.fail("ruff is not installed: pip install -e '.[test]' installs it")
    return subprocess.run([found, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing_to_fix() -> None:
    done = ruff("check", "--no-cache", *PARTS)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]


def test_every_file_is_formatted() -> None:
    done = ruff("format", "--check", "--no-cache", *PARTS)
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
