"""The synthetic force looks like a partnership database: nested areas, skew, time order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from psg_tui.core.meeting import Meeting
from psg_tui.core.periods import Period


def test_opens_as_a_psg_database_with_the_rows_asked_for(small_db: Path) -> None:
    meeting = Meeting(small_db)
    try:
        count = meeting.con.execute("SELECT count(*) FROM incidents").fetchone()[0]
        assert count == 20_000
        assert meeting.default_period() == Period(2026, 10)  # the newest police.uk month
        assert len(meeting.coverage.months) == 120
        kinds = dict(meeting.con.execute("SELECT kind, count(*) FROM areas GROUP BY kind").fetchall())
        assert kinds == {"ward": 100, "hotspot": 16, "town-centre": 4}
        inside = meeting.areas_within()
        assert sum(len(v) for v in inside.values()) == 20  # every hotspot and town centre is in a ward
    finally:
        meeting.close()


def test_rows_are_stored_in_time_order_and_police_uk_months_by_lsoa(small_db: Path) -> None:
    meeting = Meeting(small_db)
    try:
        out_of_order = meeting.con.execute(
            "SELECT count(*) FROM (SELECT month < lag(month) OVER (ORDER BY rowid) AS back FROM incidents) WHERE back"
        ).fetchone()[0]
        assert out_of_order == 0
        names = [
            row[0]
            for row in meeting.con.execute(
                "SELECT l.lsoa_name FROM incidents i JOIN area_lsoas l USING (lsoa_code)"
                " JOIN areas a ON a.id = l.area_id AND a.kind = 'ward'"
                " WHERE i.month = DATE '2026-10-01' AND i.source = 'police-uk' ORDER BY i.rowid"
            ).fetchall()
        ]
        assert names == sorted(names)
    finally:
        meeting.close()


def test_volumes_are_skewed_across_areas_and_categories(small_db: Path) -> None:
    meeting = Meeting(small_db)
    try:
        shares = [
            row[0]
            for row in meeting.con.execute(
                "SELECT count(*) / sum(count(*)) OVER () FROM incidents WHERE lsoa_code IS NOT NULL"
                " GROUP BY lsoa_code ORDER BY 1 DESC"
            ).fetchall()
        ]
        assert sum(shares[: len(shares) // 10]) > 0.3  # the busiest tenth of LSOAs: a third of incidents
        top = [r[0] for r in meeting.con.execute(
            "SELECT category FROM incidents GROUP BY 1 ORDER BY count(*) DESC LIMIT 2").fetchall()]  # fmt: skip
        assert set(top) == {"Anti-social behaviour", "Violence and sexual offences"}
        no_lsoa = meeting.con.execute("SELECT count(*) FROM incidents WHERE lsoa_code IS NULL").fetchone()[0]
        assert no_lsoa > 0  # exercises area_incidents' branch for rows placed by area
        live = meeting.con.execute(
            "SELECT count(*) FROM closure_orders WHERE status IN ('granted', 'extended', 'notice-served')"
        ).fetchone()[0]
        assert live > 0
        breaches = meeting.con.execute("SELECT count(*) FROM pspo_breaches").fetchone()[0]
        assert breaches == 100  # one per 200 incidents
    finally:
        meeting.close()


def test_every_panel_query_runs_on_it(small_db: Path) -> None:
    meeting = Meeting(small_db)
    try:
        period = meeting.default_period()
        overview = meeting.overview(period)
        assert len(overview.rows) == 120
        busiest = overview.dicts()[0]["area_id"]
        panels = meeting.area_panels(busiest, period)
        assert panels["area_categories"].rows and panels["area_trend"].rows
    finally:
        meeting.close()


def test_operations_and_their_interventions_for_the_operation_view(small_db: Path) -> None:
    meeting = Meeting(small_db)
    try:
        con = meeting.con
        assert con.execute("SELECT count(*) FROM operations").fetchone()[0] == 6
        assert con.execute("SELECT count(*) FROM interventions").fetchone()[0] == 2_000  # 1 per 10 incidents
        bad = con.execute(
            "SELECT count(*) FROM interventions i LEFT JOIN operations o ON o.id = i.operation_id"
            " WHERE (i.operation_id IS NOT NULL AND (o.id IS NULL OR i.occurred < o.started"
            " OR NOT list_contains(o.area_ids, i.area_id))) OR i.area_id NOT IN (SELECT id FROM areas)"
            " OR i.month <> date_trunc('month', i.occurred) OR (i.kind = 'dispersal' AND NOT i.hours <= 48)"
        ).fetchone()[0]
        assert bad == 0
        share = con.execute("SELECT avg((operation_id IS NOT NULL)::INTEGER) FROM interventions").fetchone()[
            0
        ]
        assert 0.5 < share < 0.7
        out_of_order = con.execute(
            "SELECT count(*) FROM (SELECT occurred < lag(occurred) OVER (ORDER BY rowid) AS back FROM interventions)"
            " WHERE back"
        ).fetchone()[0]
        assert out_of_order == 0
        from psg_tui.core.interventions import INTERVENTION_KINDS

        kinds = {r[0] for r in con.execute("SELECT DISTINCT kind FROM interventions").fetchall()}
        assert kinds <= set(INTERVENTION_KINDS) and len(kinds) > 12
    finally:
        meeting.close()


def test_a_longer_span_ends_with_the_same_month(tmp_path: Path) -> None:
    """The 100m size spans fifteen years: the same last month, five more years before it, and
    the generator's memory capped (it spills rather than grows)."""
    from generate import MONTHS, generate, month_start

    assert month_start(0) == date(2016, 11, 1) and month_start(MONTHS - 1) == date(2026, 10, 1)
    assert month_start(0, 180) == date(2011, 11, 1) and month_start(179, 180) == date(2026, 10, 1)
    path = tmp_path / "long.duckdb"
    generate(path, 5_000, months=180, progress=False)
    meeting = Meeting(path)
    try:
        assert len(meeting.coverage.months) == 180
        assert meeting.default_period() == Period(2026, 10)
        first = meeting.con.execute("SELECT min(month) FROM incidents").fetchone()[0]
        assert first == date(2011, 11, 1)
    finally:
        meeting.close()
    assert not list(tmp_path.glob("*.spill"))
