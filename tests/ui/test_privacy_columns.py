"""Privacy mode and a panel's personal columns: a panel names its columns of
people and addresses in its header, on top of the defaults; a column it does not name is still
read by the personal-details detector, so a column of names is masked whatever it is called."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from psg_tui.app import make_app
from tests.ui.screen import screen_text

UNDECLARED = """-- title: Tenants undeclared
-- scope: area
-- order: 1
SELECT 'Mary Watson' AS tenant, 'AB12 CDE' AS vehicle, 'Thirteen Group' AS landlord
"""
DECLARED = """-- title: Tenants declared
-- scope: area
-- order: 2
-- people: tenant, Caseworker
-- addresses: flat
SELECT 'Nightingale' AS tenant, 'Quince' AS caseworker, 'The Granary, Back Lane' AS flat,
    'Thirteen Group' AS landlord
"""


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_declared_and_undeclared_personal_columns_are_masked(
    mini_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panels = tmp_path / "panels"
    panels.mkdir()
    (panels / "tenants_undeclared.sql").write_text(UNDECLARED, encoding="utf-8")
    (panels / "tenants_declared.sql").write_text(DECLARED, encoding="utf-8")
    monkeypatch.setenv("PSG_QUERIES_DIR", str(panels))
    app = make_app(mini_db, minutes=tmp_path / "m.toml", today=date(2026, 11, 19))
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        text = screen_text(app)
        for shown in ("Mary Watson", "AB12 CDE", "Nightingale", "Quince", "The Granary, Back Lane"):
            assert shown in text  # control: all shown outside privacy mode
        await pilot.press("h")
        await settle(app, pilot)
        text = screen_text(app)
        # not declared: the detector finds the name and the registration in the text
        assert "Watson" not in text and "M. W." in text
        assert "AB12 CDE" not in text and "vehicle reg hidden" in text
        # declared: initials and hidden whatever the value, though the detector alone would show
        # these (a single surname, a house name); the column names match in any case
        assert "Nightingale" not in text and "N." in text
        assert "Quince" not in text and "Q." in text
        assert "Granary" not in text and "address hidden" in text
        assert text.count("Thirteen Group") == 2  # an agency is nobody


def test_the_header_adds_to_the_default_personal_columns() -> None:
    from psg_tui.core.queries import ADDRESS_COLUMNS, PEOPLE_COLUMNS, parse_query

    plain = parse_query("plain", "-- title: Plain\nSELECT 1 AS n\n")
    assert plain.people == PEOPLE_COLUMNS == {"owner", "by", "person"}
    assert plain.addresses == ADDRESS_COLUMNS == {"premises", "address"}
    declared = parse_query("declared", DECLARED)
    assert declared.people == PEOPLE_COLUMNS | {"tenant", "caseworker"}
    assert declared.addresses == ADDRESS_COLUMNS | {"flat"}
