"""The operation view's query files and windows, against figures worked out by hand from
tests/data/operations.sql.

The fixture: Operation Test started 1 May 2026 in East Ward and East Hotspot (which lies inside
it), against ASB and street drinking. police.uk months run Nov 2025 to Oct 2026, so the windows
are the six whole months either side of the start. Per month, the hotspot's LSOA has 3 ASB
before and 2 after (and a burglary, not a target); the rest of the ward 1 and 1; West Ward 4 and
4; Far Ward's street drinking 2 and 1. A council report placed by area in the hotspot in June
lies in both of the operation's areas; one in November (not yet a complete month) never counts.
"""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from psg_tui.core.coverage import Coverage
from psg_tui.core.errors import UsageError
from psg_tui.core.meeting import Meeting
from psg_tui.core.operations import effect_window
from psg_tui.core.periods import Period
from tests.ops_fixture import build_ops

OCT = Period(2026, 10)


@pytest.fixture
def ops_db(tmp_path: Path) -> Path:
    return build_ops(tmp_path / "ops.duckdb")


@pytest.fixture
def meeting(ops_db: Path):
    meeting = Meeting(ops_db)
    yield meeting
    meeting.close()


def by_name(rows: list[dict], breakdown: str) -> dict[str, dict]:
    return {row["name"]: row for row in rows if row["breakdown"] == breakdown}


def test_outputs_by_kind_this_month_and_since_the_start(meeting: Meeting) -> None:
    rows = meeting.operation_report("operation-test", OCT).outputs.dicts()
    kinds = by_name(rows, "kind")
    # 20 + 3 buyers disrupted in September, 12 in October: "35 disrupted" since the start.
    assert (kinds["disruption"]["this_period"], kinds["disruption"]["previous"]) == (12, 23)
    assert kinds["disruption"]["since_start"] == 35
    assert kinds["disruption"]["per_month"] == [0, 0, 0, 0, 23, 12]  # May to October
    # November's patrol is after the reporting month; April's engagement before the start;
    # another operation's and no operation's work are not this one's.
    assert (kinds["patrol"]["this_period"], kinds["patrol"]["since_start"]) == (4, 14)
    assert (kinds["engagement"]["since_start"], kinds["cpw"]["since_start"]) == (11, 1)
    assert list(kinds) == ["disruption", "patrol", "engagement", "cpw"]  # most first
    agencies = by_name(rows, "agency")
    assert (agencies["Test Police"]["this_period"], agencies["Test Police"]["since_start"]) == (16, 49)
    assert (agencies["Test Council"]["this_period"], agencies["Test Council"]["since_start"]) == (7, 12)
    (total,) = [row for row in rows if row["breakdown"] == "total"]
    assert (total["this_period"], total["previous"], total["since_start"]) == (23, 23, 61)
    assert not any("SUBJ" in str(value) for row in rows for value in row.values())  # no subjects


def test_outputs_follow_the_reporting_month(meeting: Meeting) -> None:
    rows = meeting.operation_report("operation-test", Period(2026, 9)).outputs.dicts()
    kinds = by_name(rows, "kind")
    assert (kinds["disruption"]["this_period"], kinds["disruption"]["since_start"]) == (23, 23)
    assert "cpw" not in kinds  # October's warning had not happened yet
    before_it_began = meeting.operation_report("operation-test", Period(2026, 4)).outputs
    assert before_it_began.rows == []


def test_effect_counts_each_incident_once_and_only_complete_months(meeting: Meeting) -> None:
    report = meeting.operation_report("operation-test", OCT)
    assert report.window.label() == "6 months before (Nov 2025–Apr 2026) and after (May 2026–Oct 2026)"
    total = report.total()
    assert total is not None
    # Target: hotspot ASB 3x6 + ward ASB 1x6 = 24 before; 2x6 + 1x6 + the June report = 19 after.
    # Counting by area instead would add the hotspot's incidents twice (42 and 31).
    assert (total["target_before"], total["target_after"]) == (24, 19)
    # Rest: West ASB 4x6 + Far street drinking 2x6 = 36 before; 24 + 6 = 30 after. The ward's
    # ASB outside the hotspot is the operation's (East Ward is one of its areas), not the rest's.
    assert (total["rest_before"], total["rest_after"]) == (36, 30)
    categories = {row["category"]: row for row in report.effect_rows.dicts() if not row["is_total"]}
    assert categories["Street drinking"]["target_after"] == 1
    assert "Burglary" not in categories
    effect = report.effect
    assert effect is not None
    assert effect.ratio == pytest.approx((19 / 24) / (30 / 36))
    se = math.sqrt(1 / 24 + 1 / 19 + 1 / 36 + 1 / 30)
    low, high = effect.interval
    assert low == pytest.approx(math.exp(math.log(0.95) - 1.959964 * se))
    assert high == pytest.approx(math.exp(math.log(0.95) + 1.959964 * se))
    assert effect.wording() == "down 5% against the rest of the district; could be chance"


def test_a_hotspot_operation_compares_with_the_rest_of_its_ward(meeting: Meeting) -> None:
    """Operation Mid (East Hotspot, from 15 Aug): August is partly before and after, so out of
    both; the ward's incidents outside the hotspot are part of the rest of the district."""
    report = meeting.operation_report("operation-mid", OCT)
    assert report.window.label() == "2 months before (Jun 2026–Jul 2026) and after (Sep 2026–Oct 2026)"
    total = report.total()
    assert total is not None
    assert (total["target_before"], total["target_after"]) == (4, 4)
    assert (total["rest_before"], total["rest_after"]) == (2 + 8, 2 + 8)
    assert report.effect is not None and report.effect.wording().startswith("no change")


def test_no_complete_month_since_the_start_gives_no_figure(meeting: Meeting) -> None:
    report = meeting.operation_report("operation-late", OCT)
    assert report.window.months == 0 and report.effect is None
    assert "no complete month since the start" in report.window.label()
    total = report.total()
    assert total is not None and total["target_before"] == total["rest_after"] == 0


def test_the_incomplete_month_is_never_counted(ops_db: Path) -> None:
    """A police.uk November too (as if published early) still leaves November out: the as-of
    date (19 Nov) is in it."""
    con = duckdb.connect(str(ops_db))
    con.execute(
        "INSERT INTO incidents SELECT id || ':nov', source, source_ref, 'police-uk:2026-11', DATE '2026-11-01',"
        " TIMESTAMP '2026-11-01', precision, category, area_id, lsoa_code, location, latitude, longitude,"
        " outcome, operation FROM incidents WHERE month = DATE '2026-10-01' AND source = 'police-uk'"
    )
    con.close()
    meeting = Meeting(ops_db)
    assert meeting.coverage.latest_complete == Period(2026, 11)
    report = meeting.operation_report("operation-test", OCT)
    assert report.window.months == 6 and report.window.after_last == Period(2026, 10)
    total = report.total()
    assert total is not None and total["target_after"] == 19
    meeting.close()


def test_windows() -> None:
    coverage = Coverage(tuple(Period(2020, 1).shift(i) for i in range(82)), Period(2026, 10))
    as_of = date(2026, 11, 19)
    long = effect_window(date(2025, 6, 1), coverage, as_of)  # 17 months since: capped at 12
    assert (long.months, long.before, long.after, long.after_last) == (
        12,
        Period(2024, 6),
        Period(2025, 6),
        Period(2026, 5),
    )
    mid_month = effect_window(date(2026, 1, 20), coverage, as_of)  # Beech: Jan is partly each
    assert (mid_month.months, mid_month.before_last, mid_month.after) == (
        9,
        Period(2025, 12),
        Period(2026, 2),
    )
    short_history = effect_window(date(2020, 4, 1), coverage, as_of)
    assert (short_history.months, short_history.before) == (3, Period(2020, 1))
    assert effect_window(date(2020, 1, 1), coverage, as_of).why_none.startswith("no incidents before")
    assert effect_window(date(2026, 1, 1), Coverage((), None), as_of).months == 0


def test_an_unknown_operation_names_the_known_ones(meeting: Meeting) -> None:
    with pytest.raises(UsageError) as caught:
        meeting.operation_report("operation-nope", OCT)
    assert "operation-test, operation-mid, operation-late" in (caught.value.hint or "")


def test_the_operation_id_is_bound_not_spliced(meeting: Meeting) -> None:
    query = meeting.queries["operation_outputs"]
    assert "operation" in query.parameters and "$operation" in query.sql
    with pytest.raises(UsageError):
        meeting.run(query, OCT, operation="operation-test' OR '1'='1")


def psg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psg_tui", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_psg_query_runs_the_files_for_an_operation(ops_db: Path, tmp_path: Path) -> None:
    done = psg("query", str(ops_db), "operation_effect", "--operation", "operation-test", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "All target incidents,24,19,36,30,6,True"
    table = psg("query", str(ops_db), "operation_outputs", "--operation", "operation-test")
    assert table.returncode == 0 and "disruption" in table.stdout and "35" in table.stdout
    assert (
        "could be chance"
        in psg("query", str(ops_db), "operation_effect", "--operation", "operation-test").stdout
    )
    unknown = psg("query", str(ops_db), "operation_outputs", "--operation", "nope")
    assert unknown.returncode != 0 and "Traceback" not in unknown.stderr
    assert "no operation 'nope'" in unknown.stderr and "operation-test" in unknown.stderr
    missing = psg("query", str(ops_db), "operation_outputs")
    assert missing.returncode != 0 and "--operation ID" in missing.stderr
    none = build_ops(tmp_path / "none.duckdb", with_operations=False)
    empty = psg("query", str(none), "operation_effect", "--operation", "operation-test")
    assert empty.returncode != 0
    assert "No operations in this database: import them with psg db import DB operations FILE" in empty.stderr


def test_the_effect_file_places_incidents_as_the_area_incidents_view_does(
    ops_db: Path, tmp_path: Path
) -> None:
    """operation_effect.sql reads each incident once through per-LSOA flags; the reference
    counts the same from the view, grouping by incident id. Extra rows make the cases the
    flags must get right: an LSOA in no area with an area named, one naming nothing, a ward's
    LSOA also in a hotspot, an incident naming an area its LSOA contradicts."""
    con = duckdb.connect(str(ops_db))
    con.execute(
        "INSERT INTO incidents VALUES"
        " ('x1', 'partner', NULL, 'p', DATE '2026-07-01', TIMESTAMP '2026-07-03', 'day', 'Anti-social behaviour',"
        "  'east-ward', 'E01099999', NULL, NULL, NULL, NULL, NULL),"
        " ('x2', 'partner', NULL, 'p', DATE '2026-02-01', TIMESTAMP '2026-02-03', 'day', 'Anti-social behaviour',"
        "  NULL, 'E01099999', NULL, NULL, NULL, NULL, NULL),"
        " ('x3', 'partner', NULL, 'p', DATE '2026-03-01', TIMESTAMP '2026-03-03', 'day', 'Street drinking',"
        "  'west-ward', NULL, NULL, NULL, NULL, NULL, NULL),"
        " ('x4', 'partner', NULL, 'p', DATE '2026-08-01', TIMESTAMP '2026-08-03', 'day', 'Anti-social behaviour',"
        "  'west-ward', 'E01000011', NULL, NULL, NULL, NULL, NULL)"
    )
    con.close()
    reference = (Path(__file__).parents[1] / "data" / "operation_effect_by_view.sql").read_text()
    meeting = Meeting(ops_db)
    query = meeting.queries["operation_effect"]
    for operation in meeting.operations():
        values = meeting.operation_values(operation.id)
        bound = {k: v for k, v in values.items() if f"${k}" in reference}
        expected = meeting.con.execute(reference, bound).fetchall()
        assert meeting.run(query, OCT, operation=operation.id).rows == expected, operation.id
    total = meeting.operation_report("operation-test", OCT).total()
    assert total is not None and (total["target_after"], total["rest_before"]) == (19 + 2, 36 + 1)
    meeting.close()
