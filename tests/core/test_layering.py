"""The core works without the dashboard: analyst and member commands never load Textual,
and starting the CLI does not load Polars (it is only needed for imports)."""

from __future__ import annotations

import subprocess
import sys


def loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_core_and_importers_do_not_import_textual() -> None:
    modules = loaded_after(
        "import psg_tui.core.meeting, psg_tui.core.queries, psg_tui.core.database, "
        "psg_tui.commands.query, psg_tui.commands.db\n"
        "import pkgutil, importlib, psg_tui.core, psg_tui.importing\n"
        "for pkg in (psg_tui.core, psg_tui.importing):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)"
    )
    assert "textual" not in modules


def test_starting_the_cli_loads_neither_textual_nor_polars() -> None:
    modules = loaded_after("from psg_tui.cli import build_parser\nbuild_parser()")
    assert "textual" not in modules
    assert "polars" not in modules
