"""`psg minutes ...` and `psg db load-minutes`. (Being written: see the minutes helper's brief.)"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add `psg minutes new|validate|show|export`."""


def register_db(db_sub: argparse._SubParsersAction) -> None:
    """Add `psg db load-minutes DB MINUTES.toml`."""
