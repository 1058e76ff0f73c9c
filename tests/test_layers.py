"""The parts of psg-tui import in one direction only, checked by import-linter.

The contracts are in pyproject.toml: core < importing, publish < widgets < dialogs
< screens < app < commands < cli; no Textual below the widgets; no circles between the
modules of a part. A broken contract fails here with import-linter's own report, naming the
module, the line and the import.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_import_contract_holds() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "lint-imports is missing: install the test extra (pip install -e '.[test]')"
    done = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    report = done.stdout[done.stdout.find("Contracts") :]
    assert done.returncode == 0, report
    assert "4 kept, 0 broken" in report
