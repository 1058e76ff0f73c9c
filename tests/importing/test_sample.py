"""The Stockton sample: its generator, the database it builds, and rebuilding when it changes."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from psg_tui.core.errors import DataError
from psg_tui.core.paths import sample_sources_dir
from psg_tui.importing import sample
from psg_tui.importing.sample import SAMPLE_AS_OF, ensure_sample, generate_sources, sample_fingerprint
from psg_tui.importing.sample.generate import POLICE_HEADER

REAL_POLICE = Path(__file__).parent.parent / "data" / "police_uk" / "2021-08-cleveland-street.csv"
HOTSPOTS = {
    "stockton-high-street": "hold",
    "parkfield-oxbridge-harmony": "clear",
    "thornaby-victoria": "build",
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    return generate_sources(tmp_path_factory.mktemp("generated"))


@pytest.fixture(scope="module")
def db(sample_db: Path):
    con = duckdb.connect(str(sample_db), read_only=True)
    yield con
    con.close()


def one(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None):
    return con.execute(sql, params or {}).fetchall()[0][0]


# --- the sources ------------------------------------------------------------------------------


def test_calibration_file_is_exactly_the_real_stockton_rows() -> None:
    with open(REAL_POLICE, newline="", encoding="utf-8") as f:
        real = [r for r in csv.reader(f) if r[8].startswith("Stockton-on-Tees")]
    with open(sample_sources_dir() / "police_uk_stockton_2021-08.csv", newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        assert next(reader) == POLICE_HEADER
        copied = list(reader)
    assert len(copied) == 2271
    assert copied == real


@pytest.mark.slow
def test_same_seed_gives_byte_identical_files(tmp_path: Path, generated: dict[str, list[Path]]) -> None:
    again = generate_sources(tmp_path / "again", seed=2026)
    first = [p for files in generated.values() for p in files]
    second = [p for files in again.values() for p in files]
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))
    other = generate_sources(tmp_path / "other", seed=7)
    assert other["police-uk"][-1].read_bytes() != again["police-uk"][-1].read_bytes()


def test_police_files_look_like_data_police_uk(generated: dict[str, list[Path]]) -> None:
    files = generated["police-uk"]
    assert [p.name[:7] for p in (files[0], files[-1])] == ["2023-11", "2026-10"] and len(files) == 36
    real = {
        (r["Longitude"], r["Latitude"], r["Location"], r["LSOA code"], r["LSOA name"])
        for r in read_csv(sample_sources_dir() / "police_uk_stockton_2021-08.csv")
    }
    ids: set[str] = set()
    for path in (files[0], files[20], files[-1]):
        with open(path, newline="", encoding="utf-8") as f:
            assert next(csv.reader(f)) == POLICE_HEADER
        rows = read_csv(path)
        assert 1500 < len(rows) < 3500
        for row in rows:
            assert row["Month"] == path.name[:7]
            assert (
                row["Longitude"],
                row["Latitude"],
                row["Location"],
                row["LSOA code"],
                row["LSOA name"],
            ) in real
            if row["Crime type"] == "Anti-social behaviour":
                assert row["Crime ID"] == "" and row["Last outcome category"] == ""
            else:
                assert re.fullmatch(r"[0-9a-f]{64}", row["Crime ID"]) and row["Last outcome category"]
                ids.add(row["Crime ID"])
    assert len(ids) == sum(
        1
        for p in (files[0], files[20], files[-1])
        for r in read_csv(p)
        if r["Crime type"] != "Anti-social behaviour"
    )


def test_breaches_fall_inside_their_pspo(generated: dict[str, list[Path]]) -> None:
    pspos = {p["id"]: p for p in read_csv(sample_sources_dir() / "pspos.csv")}
    breaches = read_csv(generated["pspo-breaches"][0])
    assert 200 <= len(breaches) <= 600
    for b in breaches:
        pspo = pspos[b["pspo"]]
        assert pspo["made"] <= b["occurred"] <= pspo["expires"], b
        assert b["prohibition"] in pspo["prohibitions"].split(";"), b


def test_registers_respect_the_legal_limits() -> None:
    for order in read_csv(sample_sources_dir() / "closure_orders.csv"):
        days = (date.fromisoformat(order["expires"]) - date.fromisoformat(order["issued"])).days
        limit = 2 if order["kind"] == "notice" else 183 if order["status"] == "extended" else 92
        assert days <= limit, order
    for pspo in read_csv(sample_sources_dir() / "pspos.csv"):
        made, expires = date.fromisoformat(pspo["made"]), date.fromisoformat(pspo["expires"])
        assert expires < made.replace(year=made.year + 3), pspo


def test_fingerprint_follows_the_source_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "sample_db"
    shutil.copytree(sample_sources_dir(), copy)
    before = sample_fingerprint()
    monkeypatch.setattr(sample, "sample_sources_dir", lambda: copy)
    assert sample_fingerprint() == before
    with open(copy / "pspos.csv", "a", encoding="utf-8") as f:
        f.write("PSPO-X,Extra,2026-01-01,2027-01-01,Dog fouling,yarm\n")
    changed = sample_fingerprint()
    assert changed != before
    monkeypatch.setattr(sample, "GENERATOR_VERSION", "test")
    assert sample_fingerprint() not in (before, changed)


# --- the built database -----------------------------------------------------------------------


def test_meta_describes_the_meeting(db) -> None:
    meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    assert meta["as_of"] == "2026-11-19" == SAMPLE_AS_OF.isoformat()
    assert meta["title"] == "Stockton-on-Tees Problem-Solving Group"
    assert meta["classification"] == "OFFICIAL-SENSITIVE"
    assert meta["sample_fingerprint"] == sample_fingerprint()


def test_wards_and_hotspots(db) -> None:
    assert one(db, "SELECT count(*) FROM areas WHERE kind = 'ward' AND ward_code LIKE 'E05%'") == 26
    hotspots = dict(db.execute("SELECT id, phase FROM areas WHERE kind <> 'ward'").fetchall())
    assert hotspots == HOTSPOTS
    ops = one(db, "SELECT operations FROM areas WHERE id = 'parkfield-oxbridge-harmony'")
    assert ops == ["Project Harmony", "Operation Nightfall", "Operation Beech"]
    for area in HOTSPOTS:
        assert one(db, "SELECT count(*) FROM area_lsoas WHERE area_id = $a", {"a": area}) >= 2
    assert (
        one(db, "SELECT count(*) FROM area_lsoas al JOIN areas a ON a.id = al.area_id WHERE kind = 'ward'")
        == 120
    )


def test_police_months_and_busiest_wards(db) -> None:
    months = [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT month FROM incidents WHERE source = 'police-uk' ORDER BY 1"
        ).fetchall()
    ]
    assert len(months) == 36 and months[0] == date(2023, 11, 1) and months[-1] == date(2026, 10, 1)
    top5 = [
        r[0]
        for r in db.execute(
            "SELECT a.id FROM area_incidents i JOIN areas a ON a.id = i.area_id "
            "WHERE a.kind = 'ward' AND i.source = 'police-uk' AND i.month = DATE '2026-10-01' "
            "GROUP BY a.id ORDER BY count(*) DESC LIMIT 5"
        ).fetchall()
    ]
    assert {"stockton-town-centre", "parkfield-and-oxbridge", "mandale-and-victoria"} <= set(top5)


def test_asb_rows_have_no_crime_id_and_crimes_do(db) -> None:
    asb = db.execute(
        "SELECT count(*), count(source_ref), count(outcome) FROM incidents "
        "WHERE source = 'police-uk' AND category = 'Anti-social behaviour'"
    ).fetchall()[0]
    assert asb[0] > 10_000 and asb[1:] == (0, 0)
    assert (
        one(
            db,
            "SELECT count(*) FROM incidents WHERE source = 'police-uk' AND source_ref IS NULL "
            "AND category <> 'Anti-social behaviour'",
        )
        == 0
    )


def test_local_extracts_have_day_dates(db) -> None:
    rows = db.execute(
        "SELECT category, list(DISTINCT source ORDER BY source), list(DISTINCT precision), count(*) FROM incidents "
        "WHERE source <> 'police-uk' GROUP BY category ORDER BY category"
    ).fetchall()
    assert [r[0] for r in rows] == ["Begging", "Fly-tipping", "On-street sex work", "Street drinking"]
    assert all(r[2] == ["day"] for r in rows)
    assert {s for r in rows for s in r[1]} == {"council-asb", "partner-log"}
    assert 300 <= sum(r[3] for r in rows) <= 3000
    sex_work = dict(
        db.execute(
            "SELECT area_id, count(*) FROM area_incidents WHERE category = 'On-street sex work' GROUP BY 1"
        ).fetchall()
    )
    # The Harmony hotspot holds the most; its ward, which contains it, ties with it (GROUP BY
    # order decides between equals, so the test must not).
    assert sex_work["parkfield-oxbridge-harmony"] == max(sex_work.values())
    assert sex_work["parkfield-oxbridge-harmony"] > sex_work["stockton-town-centre"]


def test_closure_orders_in_every_status(db) -> None:
    statuses = {r[0] for r in db.execute("SELECT DISTINCT status FROM closure_orders").fetchall()}
    assert statuses == {"notice-served", "granted", "extended", "expired", "discharged", "refused"}
    expiring = one(
        db,
        "SELECT count(*) FROM closure_orders WHERE status IN ('granted', 'extended') "
        "AND expires BETWEEN $d AND $d + INTERVAL 14 DAY",
        {"d": SAMPLE_AS_OF},
    )
    assert expiring >= 1
    awaiting = one(db, "SELECT min(hearing) FROM closure_orders WHERE status = 'notice-served'")
    assert SAMPLE_AS_OF <= awaiting <= SAMPLE_AS_OF + timedelta(days=7)
    assert (
        one(
            db,
            "SELECT count(*) FROM closure_orders WHERE status IN ('granted', 'extended') AND expires < $d",
            {"d": SAMPLE_AS_OF},
        )
        == 0
    )


def test_pspos_and_breaches(db) -> None:
    due = db.execute(
        "SELECT id FROM pspos WHERE expires BETWEEN $d AND $d + INTERVAL 90 DAY", {"d": SAMPLE_AS_OF}
    ).fetchall()
    assert due
    town = one(
        db,
        "SELECT count(*) FROM pspos WHERE list_contains(area_ids, 'stockton-town-centre') "
        "AND list_contains(prohibitions, 'Drinking alcohol when asked to stop') AND expires >= $d",
        {"d": SAMPLE_AS_OF},
    )
    assert town == 1
    outcomes = {r[0] for r in db.execute("SELECT DISTINCT outcome FROM pspo_breaches").fetchall()}
    assert outcomes == {"advice", "warning", "fpn-issued", "fpn-paid", "prosecution"}
    assert (
        one(
            db,
            "SELECT count(*) FROM pspo_breaches b JOIN pspos p ON p.id = b.pspo_id "
            "WHERE b.occurred NOT BETWEEN p.made AND p.expires",
        )
        == 0
    )


def test_actions_open_overdue_and_done(db) -> None:
    counts = dict(
        db.execute(
            "SELECT CASE WHEN status = 'done' THEN 'done' WHEN due < $d THEN 'overdue' ELSE 'open' END, count(*) "
            "FROM actions GROUP BY 1",
            {"d": SAMPLE_AS_OF},
        ).fetchall()
    )
    assert counts.get("done", 0) >= 3 and counts.get("overdue", 0) >= 3 and counts.get("open", 0) >= 3
    agencies = one(db, "SELECT count(DISTINCT agency) FROM actions")
    assert agencies >= 6
    assert (
        one(db, "SELECT count(*) FROM actions a LEFT JOIN areas ar ON ar.id = a.area_id WHERE ar.id IS NULL")
        == 0
    )


def monthly(db, sql: str, start: str, end: str) -> int:
    return one(db, sql + " AND month BETWEEN CAST($s AS DATE) AND CAST($e AS DATE)", {"s": start, "e": end})


def test_trend_shoplifting_rises_in_the_town_centre(db) -> None:
    sql = "SELECT count(*) FROM incidents WHERE area_id = 'stockton-town-centre' AND category = 'Shoplifting'"
    last6, before6 = (
        monthly(db, sql, "2026-05-01", "2026-10-01"),
        monthly(db, sql, "2025-11-01", "2026-04-01"),
    )
    assert last6 > 1.2 * before6
    assert monthly(db, sql, "2025-11-01", "2026-10-01") > 1.4 * monthly(db, sql, "2024-11-01", "2025-10-01")


def test_trend_parkfield_asb_falls_after_clear_phase(db) -> None:
    sql = "SELECT count(*) FROM incidents WHERE area_id = 'parkfield-and-oxbridge' AND category = 'Anti-social behaviour'"
    assert monthly(db, sql, "2026-05-01", "2026-10-01") < 0.75 * monthly(db, sql, "2025-05-01", "2025-10-01")
    assert monthly(db, sql, "2026-10-01", "2026-10-01") < 0.5 * monthly(db, sql, "2025-10-01", "2025-10-01")


def test_trend_high_street_street_drinking_falls_under_operation_shield(db) -> None:
    sql = (
        "SELECT count(*) FROM area_incidents WHERE area_id = 'stockton-high-street' "
        "AND category = 'Street drinking'"
    )
    assert monthly(db, sql, "2025-11-01", "2026-10-01") < 0.6 * monthly(db, sql, "2023-11-01", "2024-10-01")


# --- building and rebuilding ------------------------------------------------------------------


@pytest.mark.slow
def test_ensure_sample_builds_once_then_rebuilds_on_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[Path] = []
    real_build = sample.build_sample

    def counting_build(path: Path, *, progress=None) -> None:
        builds.append(path)
        real_build(path, progress=progress)

    monkeypatch.setattr(sample, "build_sample", counting_build)
    monkeypatch.setenv("PSG_DATA_DIR", str(tmp_path / "data"))
    path = ensure_sample()
    assert path == tmp_path / "data" / "stockton-sample.duckdb" and builds == [path]
    stamp = path.stat().st_mtime_ns
    assert ensure_sample() == path and len(builds) == 1 and path.stat().st_mtime_ns == stamp

    monkeypatch.setattr(sample, "GENERATOR_VERSION", "changed")
    assert ensure_sample() == path and len(builds) == 2
    con = duckdb.connect(str(path), read_only=True)
    assert one(con, "SELECT value FROM meta WHERE key = 'sample_fingerprint'") == sample_fingerprint()
    con.close()
    leftovers = sorted(p.name for p in path.parent.iterdir())
    assert leftovers == [
        ".stockton-sample.duckdb.write-lock",
        "stockton-sample.duckdb",
        "stockton-sample.duckdb.lock",
    ]


@pytest.mark.slow
def test_a_broken_source_leaves_the_old_database_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "sample_db"
    shutil.copytree(sample_sources_dir(), copy)
    with open(copy / "areas.csv", "a", encoding="utf-8") as f:
        f.write("broken-area,Broken,not-a-kind,,,\n")
    monkeypatch.setattr(sample, "sample_sources_dir", lambda: copy)
    target = tmp_path / "out" / "stockton-sample.duckdb"
    target.parent.mkdir()
    target.write_bytes(b"previous sample")
    with pytest.raises(DataError, match="sample database could not be built"):
        sample.build_sample(target)
    assert target.read_bytes() == b"previous sample"
    assert sorted(p.name for p in target.parent.iterdir()) == [
        ".stockton-sample.duckdb.write-lock",
        "stockton-sample.duckdb",
    ]


@pytest.mark.slow
def test_two_processes_starting_at_once_share_one_build(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from psg_tui.importing.sample import ensure_sample\n"
        "messages = []\n"
        "print(ensure_sample(Path(sys.argv[1]), progress=messages.append), bool(messages))\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    outputs = sorted(out.split() for out, _ in results)
    path = str(tmp_path / "stockton-sample.duckdb")
    assert outputs == [[path, "False"], [path, "True"]]
    con = duckdb.connect(path, read_only=True)
    assert one(con, "SELECT count(*) FROM actions") > 0
    con.close()


# --- operations and interventions -------------------------------------------------------------


def test_operations_match_the_generator_and_the_areas(db) -> None:
    from psg_tui.importing.sample.generate import (
        BEECH_MONTH,
        BEECH_START,
        HARMONY_CLEAR,
        SHIELD_START,
        month_list,
    )

    rows = {
        r[0]: r[1:]
        for r in db.execute("SELECT id, started, area_ids, lead_agency FROM operations").fetchall()
    }
    assert set(rows) == {"operation-nightfall", "operation-shield", "operation-beech", "project-harmony"}
    months = month_list()
    for op, index in (
        ("operation-shield", SHIELD_START),
        ("project-harmony", HARMONY_CLEAR),
        ("operation-beech", BEECH_MONTH),
    ):
        started = rows[op][0]
        assert (started.year, started.month) == months[index], op
    assert rows["operation-beech"][0].isoformat() == BEECH_START
    assert rows["operation-shield"][0] == date(2025, 6, 1)
    assert rows["project-harmony"][1] == ["parkfield-oxbridge-harmony", "thornaby-victoria"]
    assert rows["operation-beech"][1] == rows["operation-nightfall"][1] == ["parkfield-oxbridge-harmony"]
    assert one(db, "SELECT target_categories FROM operations WHERE id = 'operation-beech'") == [
        "On-street sex work"
    ]
    # Every area an operation names is a sample area; every intervention lies in its operation's time and areas.
    assert (
        one(
            db,
            "SELECT count(*) FROM (SELECT unnest(area_ids) a FROM operations) WHERE a NOT IN (SELECT id FROM areas)",
        )
        == 0
    )
    assert (
        one(
            db,
            "SELECT count(*) FROM interventions i JOIN operations o ON o.id = i.operation_id"
            " WHERE i.occurred < o.started AND NOT (i.precision = 'month' AND i.month = date_trunc('month', o.started))"
            " OR NOT list_contains(o.area_ids, i.area_id)",
        )
        == 0
    )


def test_beech_outputs_tell_its_story(db) -> None:
    def total(kinds: tuple[str, ...], until: str) -> int:
        return one(
            db,
            "SELECT sum(count) FROM interventions WHERE operation_id = 'operation-beech'"
            " AND list_contains($k, kind) AND occurred <= CAST($u AS DATE)",
            {"k": list(kinds), "u": until},
        )

    assert total(("disruption",), "2026-02-16") == 35  # "35 sex buyers disrupted" in its first four weeks
    assert total(("engagement",), "2026-04-30") > 40  # "more than 40 women engaged"
    assert total(("caution", "arrest", "charge"), "2026-06-30") > 70  # "more than 70 buyers dealt with"
    assert one(db, "SELECT min(occurred) FROM interventions WHERE operation_id = 'operation-beech'") >= date(
        2026, 1, 20
    )
    labels = db.execute(
        "SELECT min(occurred)::DATE, max(occurred)::DATE FROM incidents WHERE operation = 'Operation Beech'"
    ).fetchall()[0]
    assert labels[0] >= date(2026, 1, 20)


def test_shield_and_harmony_work_by_month_and_phase(db) -> None:
    shield = db.execute(
        "SELECT month, sum(count) FILTER (WHERE kind = 'patrol' AND precision = 'month') FROM interventions"
        " WHERE operation_id = 'operation-shield' GROUP BY month ORDER BY month"
    ).fetchall()
    assert shield[0][0] == date(2025, 6, 1) and len(shield) == 17  # every month to 2026-10
    assert all(25 <= patrols <= 31 for _, patrols in shield)  # the daily patrol
    kinds = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT kind FROM interventions WHERE operation_id = 'operation-shield'"
        ).fetchall()
    }
    assert {
        "patrol",
        "joint-patrol",
        "engagement",
        "closure",
        "fpn",
        "cbo",
        "cpw",
        "cpn",
        "dispersal",
    } <= kinds
    phases = dict(
        db.execute(
            "SELECT area_id, list(DISTINCT phase ORDER BY phase) FROM interventions"
            " WHERE operation_id = 'project-harmony' GROUP BY area_id"
        ).fetchall()
    )
    assert phases == {
        "parkfield-oxbridge-harmony": ["clear", "hold"],
        "thornaby-victoria": ["build", "clear", "hold"],
    }
    assert (
        one(
            db,
            "SELECT count(*) FROM interventions WHERE operation_id = 'project-harmony' AND kind = 'closure'"
            " AND area_id = 'parkfield-oxbridge-harmony'",
        )
        == 4
    )  # "four closure orders granted since March" (the minutes)
    hours = db.execute(
        "SELECT min(hours), max(hours), count(*) FROM interventions WHERE kind = 'dispersal'"
    ).fetchall()[0]
    assert hours[0] >= 24 and hours[1] == 48 and hours[2] >= 10
    assert one(db, "SELECT count(*) FROM interventions WHERE hours IS NOT NULL AND kind <> 'dispersal'") == 0


def test_the_ladder_is_climbed_and_never_skipped(db) -> None:
    steps = db.execute(
        "SELECT kind, occurred FROM interventions WHERE subject = 'SUBJ-0007' ORDER BY occurred"
    ).fetchall()
    assert [k for k, _ in steps] == ["cpw", "cpn", "fpn", "cbo"]
    assert one(db, "SELECT count(DISTINCT subject) FROM interventions WHERE kind = 'fpn'") >= 3
    from psg_tui.importing.check import check_database

    report = check_database(db)
    assert [f for f in report.findings if f.topic in ("interventions", "operations")] == []
    assert {o.operation for o in report.operations if o.rows} == {
        "operation-nightfall",
        "operation-shield",
        "operation-beech",
        "project-harmony",
        None,
    }


# --- population, deprivation and the survey ---------------------------------------------------


def test_population_is_households_times_the_household_size(db) -> None:
    from psg_tui.importing.sample.evidence import PEOPLE_PER_HOUSEHOLD

    households = {
        r["Lower layer Super Output Areas Code"]: int(r["Observation"])
        for r in read_csv_bom(sample_sources_dir() / "stockton_households_census2021.csv")
    }
    stored = dict(db.execute("SELECT lsoa_code, population FROM population").fetchall())
    assert len(stored) == 124 and stored == {
        k: round(v * PEOPLE_PER_HOUSEHOLD) for k, v in households.items()
    }
    # Every area reaches a whole population, its 2011 LSOAs mapped through the lookup.
    assert one(db, "SELECT count(*) FROM area_population WHERE without_population > 0 OR approximate") == 0
    assert one(db, "SELECT count(*) FROM area_population") == 29
    wards = one(
        db,
        "SELECT sum(population) FROM area_population p JOIN areas a ON a.id = p.area_id WHERE a.kind = 'ward'",
    )
    assert wards == sum(stored.values())  # every resident in exactly one ward


def read_csv_bom(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_lsoa_lookup_links_every_2011_lsoa_to_every_2021_one(db) -> None:
    old = {r["LSOA11CD"] for r in read_csv(sample_sources_dir() / "stockton_lsoa_to_ward.csv")}
    new = {
        r["Lower layer Super Output Areas Code"]
        for r in read_csv_bom(sample_sources_dir() / "stockton_households_census2021.csv")
    }
    rows = db.execute("SELECT lsoa11_code, lsoa21_code, change FROM lsoa_changes").fetchall()
    assert {r[0] for r in rows} == old and {r[1] for r in rows} == new
    assert sum(1 for r in rows if r[2] == "U") == 116 and all(r[0] == r[1] for r in rows if r[2] == "U")
    changed = sorted((a, b, c) for a, b, c in rows if c != "U")
    assert [(a, c) for a, _, c in changed] == [("E01012264", "X")] * 3 + [("E01012266", "S")] * 3 + [
        ("E01033477", "X")
    ] * 3 + [("E01033478", "S")] * 2


def test_the_harmony_area_is_among_the_most_deprived(db) -> None:
    deciles = dict(
        db.execute("SELECT area_id, mean_decile FROM area_deprivation WHERE edition = 2019").fetchall()
    )
    assert len(deciles) == 29
    for area in (
        "parkfield-and-oxbridge",
        "newtown",
        "mandale-and-victoria",
        "stockton-town-centre",
        "parkfield-oxbridge-harmony",
    ):
        assert deciles[area] < 1.5, area
    wards = [a for (a,) in db.execute("SELECT id FROM areas WHERE kind = 'ward'").fetchall()]
    least = sorted(wards, key=deciles.get)[-3:]
    assert all(deciles[a] >= 8 for a in least)
    assert (
        one(
            db,
            "SELECT share_most_deprived FROM area_deprivation WHERE area_id = 'parkfield-oxbridge-harmony'",
        )
        == 1.0
    )


def test_survey_echoes_the_plan(db) -> None:
    shares = {
        (wave[-4:], topic): round(100 * agreeing / respondents)
        for wave, topic, respondents, agreeing in db.execute(
            "SELECT wave, topic, respondents, agreeing FROM survey WHERE area_id = 'all'"
        ).fetchall()
    }
    assert shares[("2026", "drugs")] == 51 and shares[("2026", "asb-victim")] == 37
    assert shares[("2026", "feel-less-safe")] == 63
    assert (
        max((s, t) for (w, t), s in shares.items() if w == "2026" and t not in ("feel-less-safe",))[1]
        == "drugs"
    )
    assert {t for _, t in shares} == {"drugs", "asb-victim", "feel-less-safe", "street-drinking", "sex-work"}
    assert [r[0] for r in db.execute("SELECT DISTINCT wave_date FROM survey ORDER BY 1").fetchall()] == [
        date(2025, 3, 1),
        date(2026, 3, 1),
    ]
    areas = {a for (a,) in db.execute("SELECT DISTINCT area_id FROM survey").fetchall()}
    assert areas == {"all", "stockton-town-centre", "parkfield-and-oxbridge", "mandale-and-victoria"}


def test_evidence_imports_warn_only_about_the_irregular_group(generated) -> None:
    from psg_tui.core.database import create_schema
    from psg_tui.importing import import_files

    con = duckdb.connect()
    create_schema(con)
    src = sample_sources_dir()
    for kind, files in [
        ("ons-wards", [src / "stockton_lsoa_to_ward.csv"]),
        ("areas", [src / "areas.csv"]),
        ("area-lsoas", [src / "area_lsoas.csv"]),
        ("lsoa-changes", [src / "stockton_lsoa11_to_lsoa21.csv"]),
        ("population", generated["population"]),
        ("imd", generated["imd"]),
        ("survey", [src / "survey.csv"]),
    ]:
        [summary] = import_files(con, kind, files, strict=True)
        expected = 3 if kind == "imd" else 0
        assert len(summary.warnings) == expected, (kind, summary.warnings)
    assert all(
        "irregular change (X) from E01012264 (decile 1), E01033477 (decile 1)" in w for w in summary.warnings
    )
    con.close()
