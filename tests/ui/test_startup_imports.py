"""Start-up imports what the first frame needs: the overview, not every screen and form."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BUILD = """
import json, sys
from pathlib import Path
from psg_tui.app.factory import make_app
app = make_app(Path(sys.argv[1]), minutes=Path(sys.argv[2]))
before = sorted(m for m in sys.modules if m.startswith(("psg_tui.screens", "psg_tui.dialogs", "psg_tui.core.p")))
from psg_tui.app.app import warm_imports
warm_imports()
after = sorted(m for m in sys.modules if m.startswith(("psg_tui.screens", "psg_tui.dialogs", "psg_tui.core.p")))
print(json.dumps({"before": before, "after": after}))
"""


def test_the_app_is_built_with_the_overview_screen_only(sample_db: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(sample_db), str(tmp_path / "minutes.toml")],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(done.stdout.splitlines()[-1])
    before = set(loaded["before"])
    for later in ("area", "agenda", "tracker", "district", "operation", "pictures", "help"):
        assert f"psg_tui.screens.{later}" not in before
    assert not {m for m in before if m.startswith("psg_tui.dialogs.")}
    # the personal-details detector (privacy mode's) compiles its patterns only when needed
    assert not {m for m in before if m.startswith(("psg_tui.core.privacy", "psg_tui.core.personal"))}
    # warmed in the background once the overview is drawn: every screen and form
    after = set(loaded["after"])
    for screen in ("overview", "area", "agenda", "tracker", "district", "operation", "pictures", "help"):
        assert f"psg_tui.screens.{screen}" in after
    assert {
        "psg_tui.dialogs.action_form",
        "psg_tui.dialogs.update_form",
        "psg_tui.dialogs.quit_confirm",
        "psg_tui.core.privacy",
    } <= after
