"""The user's remembered choices (the theme), in settings.toml in the psg-tui data folder.

A missing or unreadable settings file is never an error: the defaults are used and the
next change writes a good file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from psg_tui.core import bounded_toml, files
from psg_tui.core.errors import PsgError
from psg_tui.core.minutes.files import write_atomic
from psg_tui.core.paths import user_data_dir


def settings_path() -> Path:
    return user_data_dir() / "settings.toml"


def load_settings() -> dict[str, Any]:
    try:
        return bounded_toml.loads(files.read_text(settings_path(), files.TOML, "a settings file"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, bounded_toml.TooDeep, PsgError):
        return {}


def save_setting(key: str, value: Any) -> None:
    settings = load_settings()
    settings[key] = value
    path = settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, tomli_w.dumps(settings).encode("utf-8"))
    except Exception:  # a read-only home must not stop the meeting; the choice lasts this session
        pass
