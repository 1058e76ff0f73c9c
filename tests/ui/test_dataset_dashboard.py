"""`psg open DIR` on a Parquet export shows the meeting the database shows."""

from __future__ import annotations

from pathlib import Path

from psg_tui.app import make_app
from psg_tui.cli import main
from psg_tui.screens.area import AreaScreen
from tests.ui.screen import screen_text, settle_screen


async def test_the_export_opens_with_the_same_overview_and_areas(sample_db: Path, tmp_path: Path) -> None:
    dataset = tmp_path / "parquet"
    assert main(["db", "export", str(sample_db), "--parquet", str(dataset)]) == 0
    seen: dict[str, list[str]] = {}
    for name, path in (("database", sample_db), ("dataset", dataset)):
        app = make_app(path, minutes=tmp_path / f"{name}.toml")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle_screen(pilot)
            overview = screen_text(app).splitlines()[1:]  # below the top bar, which names the file
            await pilot.press("n")
            await settle_screen(pilot)
            assert isinstance(app.screen, AreaScreen)
            seen[name] = overview + screen_text(app).splitlines()[1:]
    assert seen["dataset"] == seen["database"]
    assert any("What happened" in line for line in seen["dataset"])
