"""`psg db ...`: create, import into, check and load minutes into a database."""

from __future__ import annotations

import argparse
from pathlib import Path

from psg_tui.core.database import init_db


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="create and prepare a meeting database")
    db_sub = db.add_subparsers(title="db commands", metavar="COMMAND", required=True)

    init = db_sub.add_parser("init", help="create an empty database with the current schema")
    init.add_argument("db", type=Path, metavar="DB")
    init.set_defaults(handler=run_init)


def run_init(args: argparse.Namespace) -> int:
    init_db(args.db)
    print(f"Created {args.db} (empty). Next: psg db import {args.db} ons-wards LOOKUP.csv")
    return 0
