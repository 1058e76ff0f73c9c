"""Where the project's bundled files and the user's own files live.

The queries and sample sources are top-level folders in the source tree and are
force-included into the package in a wheel; this module finds them either way.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


def queries_dir() -> Path:
    return _bundled("queries")


def sample_sources_dir() -> Path:
    return _bundled("sample_db")


def user_data_dir() -> Path:
    """A user-writable folder for the built sample database and default minutes."""
    override = os.environ.get("PSG_DATA_DIR")
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "psg-tui"
