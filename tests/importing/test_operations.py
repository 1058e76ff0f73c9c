"""Operations and interventions: rejects, subjects that are names, the CPW -> CPN -> FPN ladder,
dispersal's 48 hours, idempotent re-imports, column maps, Parquet and `psg db check`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from psg_tui.cli import main
from psg_tui.core.errors import DataError
from psg_tui.core.interventions import INTERVENTION_KINDS
from psg_tui.importing import ImportRejected, import_files
from psg_tui.importing.check import check_database
from psg_tui.importing.kinds.operations import subject_problem
from tests.importing.conftest import LOOKUP, scalar, table

OPERATIONS = """id,name,started,ended,areas,target_categories,lead_agency,aims
operation-shield,Operation Shield,2025-06-01,,stockton-town-centre,Street drinking;Begging,Cleveland Police,Fewer street drinkers
project-harmony,Project Harmony,01/03/2026,2026-12-31,parkfield-and-oxbridge; stockton-town-centre,Anti-social behaviour,Stockton-on-Tees Borough Council,Clear Hold Build
Op Bad,Bad id,2025-01-01,,stockton-town-centre,x,,
no-name,,2025-01-01,,stockton-town-centre,x,,
bad-start,Bad start,2025-13-01,,stockton-town-centre,x,,
old,Old,1890-01-01,,stockton-town-centre,x,,
bad-end,Bad end,2025-01-01,soon,stockton-town-centre,x,,
backwards,Backwards,2025-06-01,2025-05-31,stockton-town-centre,x,,
no-areas,No areas,2025-01-01,,,x,,
unknown-areas,Unknown areas,2025-01-01,,stockton-town-centre;atlantis;mordor,x,,
operation-shield,Shield again,2025-01-01,,stockton-town-centre,x,,
quiet,Quiet,2025-01-01,,stockton-town-centre,,,
"""

HEADER = "date,area,operation,kind,count,agency,subject,outcome,phase,hours"
GOOD = "2025-07-05,stockton-town-centre,,patrol,,Cleveland Police,,,,"  # so a file is not refused whole


def interventions(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


@pytest.fixture
def ops(stockton, write):
    """The Stockton wards, with Operation Shield and Project Harmony."""
    import_files(stockton, "operations", [write("operations.csv", OPERATIONS)])
    return stockton


def rejected(summary) -> list[tuple[int, str]]:
    return [(r.row, r.column) for r in summary.rejects]


# --- operations -------------------------------------------------------------------------------


def test_operations_are_checked_and_stored(stockton, write) -> None:
    [summary] = import_files(stockton, "operations", [write("operations.csv", OPERATIONS)])
    assert rejected(summary) == [
        (3, "id"),
        (4, "name"),
        (5, "started"),
        (6, "started"),
        (7, "ended"),
        (8, "ended"),
        (9, "areas"),
        (10, "areas"),
        (11, "id"),
    ]
    reasons = [r.reason for r in summary.rejects]
    assert "lowercase letters" in reasons[0]
    assert reasons[3].startswith("started 1890-01-01 is outside 1990")
    assert reasons[5] == "ended 2025-05-31 is before started 2025-06-01"
    assert reasons[7] == "unknown area(s): atlantis, mordor"
    assert reasons[8] == "id listed again (first on row 1)"
    assert table(stockton, "SELECT * FROM operations ORDER BY id") == [
        (
            "operation-shield",
            "Operation Shield",
            date(2025, 6, 1),
            None,
            ["stockton-town-centre"],
            ["Street drinking", "Begging"],
            "Cleveland Police",
            "Fewer street drinkers",
        ),
        (
            "project-harmony",
            "Project Harmony",
            date(2026, 3, 1),
            date(2026, 12, 31),
            ["parkfield-and-oxbridge", "stockton-town-centre"],
            ["Anti-social behaviour"],
            "Stockton-on-Tees Borough Council",
            "Clear Hold Build",
        ),
        ("quiet", "Quiet", date(2025, 1, 1), None, ["stockton-town-centre"], [], None, None),
    ]
    assert summary.warnings == [
        "row 12: operation Quiet lists no target categories: its view has no incidents to compare"
    ]


def test_operations_are_upserted_by_id(ops, write) -> None:
    again = write(
        "again.csv",
        "id,name,started,areas,lead_agency\noperation-shield,Operation Shield,2025-07-01,stockton-town-centre,"
        "Stockton-on-Tees Borough Council\nnew-one,New one,2026-01-01,stockton-town-centre,\n",
    )
    [summary] = import_files(ops, "operations", [again])
    assert [c.describe() for c in summary.changes] == [
        "operations: 3 rows → 4 (1 new, 1 updated, 0 unchanged)"
    ]
    assert table(ops, "SELECT started, lead_agency FROM operations WHERE id = 'operation-shield'") == [
        (date(2025, 7, 1), "Stockton-on-Tees Borough Council")
    ]


def test_operations_warn_of_categories_no_incident_has_and_shared_names(ops, write) -> None:
    ops.execute(
        "INSERT INTO incidents (id, source, batch, month, occurred, precision, category, area_id)"
        " VALUES ('x:1', 'x', 'x', DATE '2026-01-01', TIMESTAMP '2026-01-01', 'day', 'Begging',"
        " 'stockton-town-centre')"
    )
    path = write(
        "more.csv",
        "id,name,started,areas,target_categories\n"
        "shield-two,operation shield,2026-01-01,stockton-town-centre,begging;Street drinkin\n",
    )
    [summary] = import_files(ops, "operations", [path])
    assert summary.warnings == [
        "row 1: target category 'Street drinkin' is in no incident of this database (check its spelling)",
        "row 1: name 'operation shield' is also operation operation-shield's: interventions must name "
        "these by id, not name",
    ]


# --- interventions: the checks ----------------------------------------------------------------


def test_every_intervention_check_rejects_with_a_reason(ops, write) -> None:
    path = write(
        "iv.csv",
        interventions(
            "2025-07-01,stockton-town-centre,operation-shield,patrol,3,Cleveland Police,,,hold,",  # 1 good
            "2025-07,stockton-town-centre,Operation SHIELD,Joint patrol,,Council,,,,",  # 2 good: month, name
            ",stockton-town-centre,,patrol,,Council,,,,",  # 3 date blank
            "2025-02-30,stockton-town-centre,,patrol,,Council,,,,",  # 4 not a date
            "2099-07-05,stockton-town-centre,,patrol,,Council,,,,",  # 5 future
            "1980-07-05,stockton-town-centre,,patrol,,Council,,,,",  # 6 too old
            "2025-07-05,,,patrol,,Council,,,,",  # 7 area blank
            "2025-07-05,atlantis,,patrol,,Council,,,,",  # 8 unknown area
            "2025-07-05,stockton-town-centre,operation-nope,patrol,,Council,,,,",  # 9 unknown operation
            "2025-07-05,stockton-town-centre,,hugging,,Council,,,,",  # 10 unknown kind
            "2025-07-05,stockton-town-centre,,,,Council,,,,",  # 11 kind blank
            "2025-07-05,stockton-town-centre,,patrol,2.5,Council,,,,",  # 12 fraction
            "2025-07-05,stockton-town-centre,,patrol,0,Council,,,,",  # 13 zero
            "2025-07-05,stockton-town-centre,,patrol,many,Council,,,,",  # 14 not a number
            "2025-07-05,stockton-town-centre,,patrol,9999999,Council,,,,",  # 15 too many
            "2025-07-05,stockton-town-centre,,patrol,,,,,,",  # 16 agency blank
            "2025-07-05,stockton-town-centre,,patrol,,Council,John Smith,,,",  # 17 a name
            "2025-07-05,stockton-town-centre,,patrol,,Council,,,later,",  # 18 phase
            "2025-07-05,stockton-town-centre,,patrol,,Council,,,,long",  # 19 hours not a number
            "2025-07-05,stockton-town-centre,,patrol,,Council,,,,-2",  # 20 hours negative
            "2025-07-05,stockton-town-centre,,dispersal,,Cleveland Police,,,,72",  # 21 too long
            "2025-07-05,stockton-town-centre,,dispersal,,Cleveland Police,,,,48",  # 22 good: the limit
            "05/07/2025,stockton-town-centre,,Target_Hardening,,Council,,Alley gate,build,",  # 23 good
        ),
    )
    [summary] = import_files(ops, "interventions", [path])
    assert rejected(summary) == [
        (3, "date"),
        (4, "date"),
        (5, "date"),
        (6, "date"),
        (7, "area"),
        (8, "area"),
        (9, "operation"),
        (10, "kind"),
        (11, "kind"),
        (12, "count"),
        (13, "count"),
        (14, "count"),
        (15, "count"),
        (16, "agency"),
        (17, "subject"),
        (18, "phase"),
        (19, "hours"),
        (20, "hours"),
        (21, "hours"),
    ]
    reasons = {r.row: r.reason for r in summary.rejects}
    assert reasons[3] == "date blank is not YYYY-MM-DD (a day) or YYYY-MM (a month)"
    assert "outside 1990" in reasons[5] and "outside 1990" in reasons[6]
    assert reasons[9].startswith("unknown operation 'operation-nope'")
    assert reasons[12] == "count '2.5' is not a whole number"
    assert reasons[13] == "count '0' must be at least 1 (blank means 1)"
    assert reasons[21] == "a dispersal direction lasts at most 48 hours (2014 Act s.35), not '72'"
    assert summary.stored == 4
    assert table(
        ops,
        "SELECT occurred, precision, month, operation_id, kind, count, phase, hours, outcome FROM interventions"
        " ORDER BY occurred, kind",
    ) == [
        (
            date(2025, 7, 1),
            "month",
            date(2025, 7, 1),
            "operation-shield",
            "joint-patrol",
            1,
            None,
            None,
            None,
        ),
        (date(2025, 7, 1), "day", date(2025, 7, 1), "operation-shield", "patrol", 3, "hold", None, None),
        (date(2025, 7, 5), "day", date(2025, 7, 1), None, "dispersal", 1, None, 48.0, None),
        (date(2025, 7, 5), "day", date(2025, 7, 1), None, "target-hardening", 1, "build", None, "Alley gate"),
    ]


def test_an_unknown_kind_is_rejected_with_the_whole_list(ops, write) -> None:
    path = write("iv.csv", interventions(GOOD, "2025-07-05,stockton-town-centre,,hugs,,Council,,,,"))
    [summary] = import_files(ops, "interventions", [path])
    [reject] = summary.rejects
    assert reject.reason == "kind 'hugs' is not one of: " + ", ".join(INTERVENTION_KINDS)


def test_an_operation_name_shared_by_two_operations_needs_the_id(ops, write) -> None:
    import_files(
        ops,
        "operations",
        [
            write(
                "twin.csv",
                "id,name,started,areas\nshield-twin,Operation Shield,2024-01-01,stockton-town-centre\n",
            )
        ],
    )
    path = write(
        "iv.csv",
        interventions(
            "2025-07-05,stockton-town-centre,operation shield,patrol,,Council,,,,",
            "2025-07-05,stockton-town-centre,shield-twin,patrol,,Council,,,,",
        ),
    )
    [summary] = import_files(ops, "interventions", [path])
    assert [(r.row, r.reason) for r in summary.rejects] == [
        (1, "operation 'operation shield' names 2 operations: give its id")
    ]
    assert scalar(ops, "SELECT operation_id FROM interventions") == "shield-twin"


@pytest.mark.parametrize(
    ("subject", "looks"),
    [
        ("John Smith", "a person's name"),
        ("Mr Jones", "a person's name"),
        ("Sarah", "a person's name"),
        ("12 Dovecot Street", "an address"),
        ("Flat 3", "an address"),
        ("TS18 1AB", "a postcode"),
        ("07700 900461", "a phone number"),
        ("someone@example.org", "an e-mail address"),
        ("Smith", "no number"),
        ("jane doe", "a person's name"),  # lower case is no disguise
        ("john smith 7", "a person's name"),
        ("AB12 CDE", "a vehicle registration"),
        ("943 476 5919", "an NHS number"),
        ("QQ 12 34 56 C", "a National Insurance number"),
        ("S-0042 whose mother lives at 4 Elm Road, Stockton", "longer than"),
    ],
)
def test_a_subject_that_looks_like_a_person_or_a_place_is_refused(ops, write, subject, looks) -> None:
    assert looks in (subject_problem(subject) or "")
    path = write(
        "iv.csv", interventions(GOOD, f'2025-07-05,stockton-town-centre,,cpw,,Council,"{subject}",,,')
    )
    [summary] = import_files(ops, "interventions", [path])
    [reject] = summary.rejects
    assert reject.column == "subject" and looks in reject.reason
    assert subject not in reject.reason  # the rejects file must not copy the name it refused
    assert table(ops, "SELECT subject FROM interventions") == [(None,)]


@pytest.mark.parametrize("subject", ["S-0042", "SUBJ 17", "Y/123", "SUBJ-0007", "OCG-3", "yp42"])
def test_pseudonymous_references_are_accepted(ops, write, subject) -> None:
    assert subject_problem(subject) is None
    path = write("iv.csv", interventions(f"2025-07-05,stockton-town-centre,,cpw,,Council,{subject},,,"))
    [summary] = import_files(ops, "interventions", [path])
    assert summary.rejects == [] and scalar(ops, "SELECT subject FROM interventions") == subject


# --- the ladder -------------------------------------------------------------------------------


@pytest.fixture
def hotspot(ops, write):
    """A hotspot inside the town-centre ward, and a PSPO over the ward from 2025-01-01 to 2025-12-31."""
    lsoas = [
        r[0]
        for r in ops.execute(
            "SELECT lsoa_code FROM area_lsoas WHERE area_id = 'stockton-town-centre' ORDER BY 1 LIMIT 2"
        ).fetchall()
    ]
    import_files(ops, "areas", [write("areas.csv", "id,name,kind\nhigh-street,High Street,hotspot\n")])
    rows = "".join(f"high-street,{code}\n" for code in lsoas)
    import_files(ops, "area-lsoas", [write("hs.csv", "area_id,lsoa_code\n" + rows)])
    pspo = "P1,Town centre,2025-01-01,2025-12-31,Drinking alcohol,stockton-town-centre\n"
    import_files(ops, "pspos", [write("pspos.csv", "id,name,made,expires,prohibitions,areas\n" + pspo)])
    return ops


def test_the_ladder_is_warned_row_by_row(hotspot, write) -> None:
    path = write(
        "ladder.csv",
        interventions(
            "2026-02-01,parkfield-and-oxbridge,,cpn,,Council,SUBJ-0001,,,",  # 1 CPN, no CPW at all
            "2026-02-02,parkfield-and-oxbridge,,cpw,,Council,SUBJ-0002,,,",  # 2
            "2026-02-02,parkfield-and-oxbridge,,cpn,,Council,SUBJ-0002,,,",  # 3 CPN the same day: not earlier
            "2026-02-10,parkfield-and-oxbridge,,cpn,,Council,subj-0002,,,",  # 4 fine (case aside)
            "2026-03-01,parkfield-and-oxbridge,,fpn,,Council,SUBJ-0002,,,",  # 5 fine: after a CPN
            "2026-03-01,parkfield-and-oxbridge,,fpn,,Council,SUBJ-0003,,,",  # 6 no CPN, no PSPO (2026)
            "2026-03-01,parkfield-and-oxbridge,,fpn,,Council,,,,",  # 7 no subject, no PSPO
            "2025-06-10,high-street,,fpn,,Council,SUBJ-0004,,,",  # 8 fine: the ward's PSPO covers it
            "2025-06,stockton-town-centre,,fpn,4,Council,,,,",  # 9 fine: PSPO in force that month
            "2026-04,parkfield-and-oxbridge,,cpw,,Council,SUBJ-0005,,,",  # 10
            "2026-04-03,parkfield-and-oxbridge,,cpn,,Council,SUBJ-0005,,,",  # 11 fine: CPW that month
            "2026-05-03,parkfield-and-oxbridge,,cpn,,Council,,,,",  # 12 unchecked: no subject
        ),
    )
    [summary] = import_files(hotspot, "interventions", [path])
    assert summary.rejects == [] and summary.stored == 12
    assert summary.warnings == [
        "2 CPN row(s) with no earlier CPW for their subject",
        "2 FPN row(s) with neither an earlier CPN for their subject nor a PSPO in force",
        "1 CPN row(s) have no subject, so the CPW -> CPN ladder could not be checked for them",
        "row 1: CPN for subject SUBJ-0001 on 2026-02-01 with no earlier CPW for that subject"
        " (a community protection notice needs a written warning first)",
        "row 3: CPN for subject SUBJ-0002 on 2026-02-02 with no earlier CPW for that subject"
        " (a community protection notice needs a written warning first)",
        "row 6: FPN for subject SUBJ-0003 on 2026-03-01 has no basis: no earlier CPN for that subject,"
        " and no PSPO in force over parkfield-and-oxbridge on that date",
        "row 7: FPN on 2026-03-01 has no basis: no PSPO in force over parkfield-and-oxbridge on that date,"
        " and no subject to follow a CPN for",
    ]


def test_the_ladder_counts_steps_already_in_the_database(hotspot, write) -> None:
    first = write("first.csv", interventions("2026-01-05,parkfield-and-oxbridge,,cpw,,Council,S-0009,,,"))
    import_files(hotspot, "interventions", [first])
    later = write(
        "later.csv",
        interventions(
            "2026-02-05,parkfield-and-oxbridge,,cpn,,Council,S-0009,,,",
            "2026-03-05,parkfield-and-oxbridge,,fpn,,Council,S-0009,,,",
        ),
    )
    [summary] = import_files(hotspot, "interventions", [later])
    assert summary.warnings == []


def test_an_fpn_with_a_pspo_basis_is_fine_and_without_one_is_named(hotspot, write) -> None:
    inside = write("inside.csv", interventions("2025-09-01,high-street,,fpn,,Council,S-0100,,,"))
    [summary] = import_files(hotspot, "interventions", [inside])
    assert summary.warnings == []
    outside = write("outside.csv", interventions("2026-01-02,high-street,,fpn,,Council,S-0100,,,"))
    [summary] = import_files(hotspot, "interventions", [outside])
    assert summary.warnings[1] == (
        "row 1: FPN for subject S-0100 on 2026-01-02 has no basis: no earlier CPN for that subject,"
        " and no PSPO in force over high-street on that date"
    )


def test_interventions_outside_their_operation_are_warned(ops, write) -> None:
    path = write(
        "iv.csv",
        interventions(
            "2025-05-31,stockton-town-centre,operation-shield,patrol,,Cleveland Police,,,,",
            "2025-06,stockton-town-centre,operation-shield,patrol,,Cleveland Police,,,,",
            "2027-01-01,stockton-town-centre,project-harmony,patrol,,Council,,,,",
            "2025-07-01,norton-north,operation-shield,patrol,,Cleveland Police,,,,",
        ),
    )
    [summary] = import_files(ops, "interventions", [path])
    assert summary.stored == 4
    assert summary.warnings == [
        "3 row(s) of an operation fall outside its dates or areas",
        "row 1: before operation operation-shield started (2025-06-01)",
        "row 3: after operation project-harmony ended (2026-12-31)",
        "row 4: area norton-north is not one of operation operation-shield's areas (stockton-town-centre)",
    ]


# --- ids and re-imports -----------------------------------------------------------------------

ROWS = interventions(
    "2025-07-01,stockton-town-centre,operation-shield,patrol,1,Cleveland Police,,,,",
    "2025-07-01,stockton-town-centre,operation-shield,patrol,1,Cleveland Police,,,,",
    "2025-07-02,stockton-town-centre,operation-shield,engagement,4,Change Grow Live,,,,",
)


def test_reimporting_the_same_file_changes_nothing_and_identical_rows_stay_two(ops, write) -> None:
    path = write("iv.csv", ROWS)
    [first] = import_files(ops, "interventions", [path])
    before = table(ops, "SELECT * FROM interventions ORDER BY id")
    assert len(before) == 3 and len({row[0] for row in before}) == 3
    assert [c.describe() for c in first.changes] == [
        "interventions: 0 rows → 3 (3 new, 0 updated, 0 unchanged)"
    ]
    [second] = import_files(ops, "interventions", [path])
    assert [c.describe() for c in second.changes] == [
        "interventions: 3 rows → 3 (0 new, 0 updated, 3 unchanged)"
    ]
    assert table(ops, "SELECT * FROM interventions ORDER BY id") == before
    # The same rows written another way (a UK date, the operation's name) are the same rows.
    other = write(
        "other.csv",
        ROWS.replace("2025-07-02", "02/07/2025").replace(",operation-shield,", ",Operation Shield,"),
    )
    [third] = import_files(ops, "interventions", [other])
    assert (third.changes[0].new, third.changes[0].updated, third.changes[0].unchanged) == (0, 0, 3)
    assert scalar(ops, "SELECT count(*) FROM interventions") == 3


def test_a_file_with_ids_is_upserted_by_them(ops, write) -> None:
    header = HEADER + ",id"
    path = write(
        "iv.csv",
        interventions(
            "2025-07-01,stockton-town-centre,,patrol,1,Cleveland Police,,,,,IV-1",
            "2025-07-01,stockton-town-centre,,patrol,1,Cleveland Police,,,,,IV-2",
            "2025-07-01,stockton-town-centre,,patrol,1,Cleveland Police,,,,,",
            "2025-07-01,stockton-town-centre,,patrol,1,Cleveland Police,,,,,IV-1",
            header=header,
        ),
    )
    [summary] = import_files(ops, "interventions", [path])
    assert [(r.row, r.column, r.reason) for r in summary.rejects] == [
        (3, "id", "id is blank (or leave the id column out and psg makes ids)"),
        (4, "id", "id listed again (first on row 1)"),
    ]
    fix = write(
        "fix.csv", interventions("2025-07-01,stockton-town-centre,,patrol,5,Council,,,,,IV-2", header=header)
    )
    [summary] = import_files(ops, "interventions", [fix])
    assert summary.changes[0].describe() == "interventions: 2 rows → 2 (0 new, 1 updated, 0 unchanged)"
    [again] = import_files(ops, "interventions", [fix])  # the same correction again changes nothing
    assert again.changes[0].describe() == "interventions: 2 rows → 2 (0 new, 0 updated, 1 unchanged)"
    assert table(ops, "SELECT id, count, agency FROM interventions ORDER BY id") == [
        ("IV-1", 1, "Cleveland Police"),
        ("IV-2", 5, "Council"),
    ]


def test_strict_stores_nothing_of_a_file_with_rejects(ops, write) -> None:
    path = write("iv.csv", ROWS + "2025-07-05,atlantis,,patrol,,Council,,,,\n")
    with pytest.raises(ImportRejected, match="--strict"):
        import_files(ops, "interventions", [path], strict=True)
    assert scalar(ops, "SELECT count(*) FROM interventions") == 0


# --- other layouts ----------------------------------------------------------------------------


def test_a_column_map_reads_other_headers(ops, write) -> None:
    from psg_tui.importing.reading import load_column_map

    column_map = load_column_map(
        write(
            "map.toml",
            'date = "Week of"\narea = "Ward"\nkind = "Activity"\nagency = "Team"\ncount = "Number"\n',
        )
    )
    path = write(
        "theirs.csv",
        "Week of,Ward,Activity,Team,Number,Officer notes\n2025-08-04,stockton-town-centre,Patrol,Police,6,x\n",
    )
    [summary] = import_files(ops, "interventions", [path], column_map=column_map)
    assert summary.stored == 1 and "columns not used: Officer notes" in summary.warnings
    assert table(ops, "SELECT occurred, kind, agency, count FROM interventions") == [
        (date(2025, 8, 4), "patrol", "Police", 6)
    ]


def test_parquet_files_are_read(ops, tmp_path: Path) -> None:
    ops_path, iv_path = tmp_path / "operations.parquet", tmp_path / "interventions.parquet"
    duckdb.execute(
        "COPY (SELECT 'op-p' AS id, 'Parquet op' AS name, DATE '2025-01-01' AS started,"
        " 'stockton-town-centre' AS areas, 'Begging' AS target_categories)"
        f" TO '{ops_path}' (FORMAT parquet)"
    )
    duckdb.execute(
        "COPY (SELECT * FROM (VALUES (DATE '2025-02-03', 'stockton-town-centre', 'op-p', 'dispersal', 2,"
        " 'Cleveland Police', 24.0), (DATE '2025-02-04', 'stockton-town-centre', 'op-p', 'dispersal', 1,"
        " 'Cleveland Police', 60.0)) t(date, area, operation, kind, count, agency, hours))"
        f" TO '{iv_path}' (FORMAT parquet)"
    )
    assert import_files(ops, "operations", [ops_path])[0].stored == 1
    [summary] = import_files(ops, "interventions", [iv_path])
    assert [(r.row, r.column) for r in summary.rejects] == [(2, "hours")]
    assert table(ops, "SELECT occurred, operation_id, count, hours FROM interventions") == [
        (date(2025, 2, 3), "op-p", 2, 24.0)
    ]


def test_a_file_of_another_kind_is_named(ops, write) -> None:
    path = write("iv.csv", ROWS)
    with pytest.raises(DataError) as error:
        import_files(ops, "pspos", [path])
    assert "psg db import DB interventions iv.csv" in (error.value.hint or "")


def test_the_help_lists_every_kind() -> None:
    from psg_tui.commands.db import IMPORT_HELP

    words = IMPORT_HELP.replace("\n", " ").replace(",", " ").replace(";", " ").split()
    assert [kind for kind in INTERVENTION_KINDS if kind not in words] == []


# --- psg db check -----------------------------------------------------------------------------


def test_check_covers_operations_and_interventions(hotspot, write) -> None:
    path = write(
        "iv.csv",
        interventions(
            "2025-07-01,stockton-town-centre,operation-shield,patrol,3,Cleveland Police,,,,",
            "2025-09,stockton-town-centre,operation-shield,engagement,5,Change Grow Live,,,,",
            "2026-02-01,parkfield-and-oxbridge,,cpn,,Council,SUBJ-0001,,,",
            "2026-03-01,parkfield-and-oxbridge,,fpn,,Council,SUBJ-0003,,,",
        ),
    )
    import_files(hotspot, "interventions", [path])
    report = check_database(hotspot, today=date(2026, 11, 19))
    assert report.counts["operations"] == 3 and report.counts["interventions"] == 4
    covered = {(o.operation, o.rows, o.outputs, o.first, o.last) for o in report.operations}
    assert covered == {
        ("operation-shield", 2, 8, "2025-07", "2025-09"),
        ("project-harmony", 0, 0, None, None),
        ("quiet", 0, 0, None, None),
        (None, 2, 2, "2026-02", "2026-03"),
    }
    messages = [f"{f.severity} {f.topic}: {f.message}" for f in report.findings]
    assert "warning operations: project-harmony (Project Harmony) has no interventions recorded" in messages
    assert (
        "info operations: area high-street lists Operation Lantern, which is not in the operations register"
        not in messages
    )
    hotspot.execute(
        "UPDATE areas SET operations = ['operation shield', 'Operation Lantern'] WHERE id = 'high-street'"
    )
    messages = [f"{f.severity} {f.topic}: {f.message}" for f in check_database(hotspot).findings]
    assert [m for m in messages if m.startswith("info operations")] == [
        "info operations: area high-street lists Operation Lantern, which is not in the operations register"
    ]
    assert any(m.startswith("warning interventions: 1 CPNs have no earlier CPW") for m in messages)
    assert any(m.startswith("warning interventions: 1 FPNs have neither an earlier CPN") for m in messages)
    assert report.errors == []
    # What an importer would refuse, written by hand: orphans and impossible rows are errors.
    hotspot.execute(
        "INSERT INTO operations VALUES ('ghost-op', 'Ghost', DATE '2025-05-01', DATE '2025-04-01',"
        " ['atlantis'], [], NULL, NULL)"
    )
    hotspot.execute(
        "INSERT INTO interventions (id, occurred, precision, month, area_id, operation_id, kind, agency, hours)"
        " VALUES ('x1', DATE '2025-01-01', 'day', DATE '2025-01-01', 'mordor', 'op-gone', 'hugs', 'x', NULL),"
        " ('x2', DATE '2025-01-01', 'day', DATE '2025-01-01', 'high-street', NULL, 'dispersal', 'x', 72)"
    )
    report = check_database(hotspot, today=date(2026, 11, 19))
    errors = {f.message for f in report.errors}
    assert errors == {
        "1 operations with areas that do not exist (e.g. ghost-op (atlantis))",
        "1 operations that end before they start (e.g. ghost-op)",
        "1 interventions in unknown areas (e.g. mordor)",
        "1 interventions of unknown operations (e.g. op-gone)",
        "1 interventions of a kind psg does not know (e.g. hugs)",
        "1 dispersal directions longer than the law's 48 hours (e.g. x2)",
    }
    assert report.exit_code == 65


@pytest.mark.slow
def test_the_commands_import_and_check(tmp_path: Path, capsys) -> None:
    db = tmp_path / "meeting.duckdb"
    assert main(["db", "init", str(db)]) == 0
    assert main(["db", "import", str(db), "ons-wards", str(LOOKUP)]) == 0
    ops_file = tmp_path / "operations.csv"
    ops_file.write_text(OPERATIONS)
    iv_file = tmp_path / "iv.csv"
    iv_file.write_text(ROWS + "2025-07-05,stockton-town-centre,,cpw,,Council,John Smith,,,\n")
    assert main(["db", "import", str(db), "operations", str(ops_file)]) == 0
    capsys.readouterr()
    assert main(["db", "import", str(db), "interventions", str(iv_file), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "interventions: 0 rows → 3 (3 new, 0 updated, 0 unchanged)" in out and "was not changed" in out
    assert main(["db", "import", str(db), "interventions", str(iv_file)]) == 0
    out = capsys.readouterr().out
    assert "iv.csv row 4: subject: subject looks like a person's name" in out
    rejects = (tmp_path / "meeting-rejects-interventions.csv").read_text()
    assert "looks like a person's name" in rejects and "John Smith" not in rejects
    assert main(["db", "import", str(db), "interventions", str(iv_file)]) == 0
    assert "(0 new, 0 updated, 3 unchanged)" in capsys.readouterr().out
    assert main(["db", "check", str(db)]) == 0
    out = capsys.readouterr().out
    assert (
        "Interventions by operation" in out and "│ 2025-06-01 │            │    3 │       6 │ 2025-07" in out
    )


def test_the_ladder_follows_a_subject_across_the_files_of_one_import(hotspot, write) -> None:
    warning = write("a.csv", interventions(GOOD, "2026-01-05,parkfield-and-oxbridge,,cpw,,Council,S-0300,,,"))
    notice = write("b.csv", interventions("2026-02-05,parkfield-and-oxbridge,,cpn,,Council,S-0300,,,"))
    first, second = import_files(hotspot, "interventions", [warning, notice])
    assert first.warnings == [] and second.warnings == []
    # The other way round, the notice comes first and has no warning before it.
    hotspot.execute("DELETE FROM interventions")
    early = write("c.csv", interventions("2025-12-05,parkfield-and-oxbridge,,cpn,,Council,S-0301,,,"))
    late = write("d.csv", interventions("2026-01-05,parkfield-and-oxbridge,,cpw,,Council,S-0301,,,"))
    first, _ = import_files(hotspot, "interventions", [early, late])
    assert first.warnings[0] == "1 CPN row(s) with no earlier CPW for their subject"
