"""Types are part of the test command: mypy over the package with the settings in
pyproject.toml (`[tool.mypy]`), strict for every module. A failure lists each error with its
file and line; `mypy` in the project folder gives the same list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_type_errors() -> None:
    try:
        import mypy  # noqa: F401
    except ImportError:
        pytest.fail("mypy is not installed: pip install -e '.[test]' installs it")
    # The cache in .mypy_cache makes a second run take seconds; a clean clone takes about 30 s.
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(ROOT / ".mypy_cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-2000:]
