"""Closure orders, PSPOs and breaches: the 2014 Act's limits as warnings and rejects."""

from __future__ import annotations

import pytest

from psg_tui.core.errors import DataError
from psg_tui.importing import import_files
from tests.importing.conftest import scalar, table

CLOSURES = """id,premises,area,kind,issued,hearing,expires,status,applicant
CO-1,1 Fictional Row,stockton-town-centre,notice,2026-11-17,2026-11-19,2026-11-19,notice-served,Cleveland Police
CO-2,2 Fictional Row,stockton-town-centre,order,2026-09-01,,2026-12-01,granted,Stockton-on-Tees Borough Council
CO-3,3 Fictional Row,parkfield-and-oxbridge,order,2026-01-01,,2026-06-30,extended,Cleveland Police
CO-4,4 Fictional Row,parkfield-and-oxbridge,order,2026-01-01,,2026-08-30,extended,Cleveland Police
CO-5,5 Fictional Row,nowhere,order,2026-01-01,,2026-02-01,granted,Cleveland Police
CO-6,6 Fictional Row,stockton-town-centre,notice,2026-11-01,,2026-11-05,notice-served,Cleveland Police
CO-7,7 Fictional Row,stockton-town-centre,order,2026-01-01,,2026-05-01,granted,Cleveland Police
CO-8,8 Fictional Row,stockton-town-centre,closure,2026-01-01,,2026-02-01,granted,Cleveland Police
CO-9,9 Fictional Row,stockton-town-centre,order,2026-13-01,,2026-02-01,granted,Cleveland Police
CO-10,10 Fictional Row,stockton-town-centre,order,2026-03-01,,2026-02-01,pending,Cleveland Police
CO-11,11 Fictional Row,stockton-town-centre,order,2026-03-01,,2026-02-01,granted,Cleveland Police
"""


def test_closure_orders_limits(stockton, write) -> None:
    [summary] = import_files(stockton, "closure-orders", [write("closures.csv", CLOSURES)])
    assert [(r.row, r.column) for r in summary.rejects] == [
        (4, "expires"),
        (5, "area"),
        (8, "kind"),
        (9, "issued"),
        (10, "status"),
        (11, "expires"),
    ]
    assert "more than 6 months" in summary.rejects[0].reason
    assert "is before issued" in summary.rejects[5].reason
    assert len(summary.warnings) == 2
    assert summary.warnings[0].startswith("row 6: closure notice lasts more than 48 hours")
    assert summary.warnings[1].startswith("row 7: closure order lasts more than 3 months")
    assert table(stockton, "SELECT id FROM closure_orders ORDER BY id") == [
        ("CO-1",),
        ("CO-2",),
        ("CO-3",),
        ("CO-6",),
        ("CO-7",),
    ]
    assert table(
        stockton, "SELECT area_id, hearing::VARCHAR, applicant FROM closure_orders WHERE id = 'CO-1'"
    ) == [("stockton-town-centre", "2026-11-19", "Cleveland Police")]


def test_closure_orders_are_upserted_by_id(stockton, write) -> None:
    import_files(stockton, "closure-orders", [write("a.csv", CLOSURES)])
    update = write(
        "b.csv",
        "id,premises,area,kind,issued,hearing,expires,status,applicant\n"
        "CO-2,2 Fictional Row,stockton-town-centre,order,2026-09-01,,2026-12-01,discharged,x\n",
    )
    [changed] = import_files(stockton, "closure-orders", [update])
    assert scalar(stockton, "SELECT count(*) FROM closure_orders") == 5
    assert scalar(stockton, "SELECT status FROM closure_orders WHERE id = 'CO-2'") == "discharged"
    assert changed.changes[0].describe() == "closure_orders: 5 rows → 5 (0 new, 1 updated, 0 unchanged)"
    [again] = import_files(stockton, "closure-orders", [write("c.csv", CLOSURES)])
    # CO-2 goes back to granted; the other four are as stored
    assert again.changes[0].describe() == "closure_orders: 5 rows → 5 (0 new, 1 updated, 4 unchanged)"


PSPOS = """id,name,made,expires,prohibitions,areas
P1,Town centre street drinking,2024-02-01,2027-01-31,Drinking alcohol;Begging,stockton-town-centre;parkfield-and-oxbridge
P2,Too long,2024-01-01,2027-06-01,Drinking alcohol,stockton-town-centre
P3,Unknown areas,2024-01-01,2025-01-01,x,stockton-town-centre;atlantis;mordor
P4,No prohibitions,2024-01-01,2025-01-01,,stockton-town-centre
P5,Backwards,2025-01-01,2024-01-01,x,stockton-town-centre
"""

BREACHES = """id,pspo,occurred,area,location,prohibition,outcome
B1,P1,2026-10-02,stockton-town-centre,High Street,drinking alcohol,fpn-issued
B2,P1,2020-10-02,stockton-town-centre,High Street,Drinking alcohol,warning
B3,P1,2026-10-02,stockton-town-centre,High Street,Skateboarding,advice
B4,P9,2026-10-02,stockton-town-centre,High Street,Begging,advice
B5,P1,2026-10-02,stockton-town-centre,High Street,Begging,arrest
B6,P1,2026-10-02,atlantis,High Street,Begging,advice
"""


def test_pspos_limits_and_lists(stockton, write) -> None:
    [summary] = import_files(stockton, "pspos", [write("pspos.csv", PSPOS)])
    assert [(r.row, r.column) for r in summary.rejects] == [
        (2, "expires"),
        (3, "areas"),
        (4, "prohibitions"),
        (5, "expires"),
    ]
    assert "at most 3 years" in summary.rejects[0].reason
    assert summary.rejects[1].reason == "unknown area(s): atlantis, mordor"
    assert table(stockton, "SELECT id, prohibitions, area_ids FROM pspos") == [
        ("P1", ["Drinking alcohol", "Begging"], ["stockton-town-centre", "parkfield-and-oxbridge"])
    ]


def test_breaches_are_checked_against_their_pspo(stockton, write) -> None:
    import_files(stockton, "pspos", [write("pspos.csv", PSPOS)])
    [summary] = import_files(stockton, "pspo-breaches", [write("breaches.csv", BREACHES)])
    assert [(r.row, r.column) for r in summary.rejects] == [(4, "pspo"), (5, "outcome"), (6, "area")]
    assert "unknown PSPO 'P9'" in summary.rejects[0].reason
    assert [w.split(":")[0] for w in summary.warnings] == ["row 2", "row 3"]
    assert "outside PSPO P1" in summary.warnings[0] and "'Skateboarding' is not one of" in summary.warnings[1]
    assert table(stockton, "SELECT id, outcome FROM pspo_breaches ORDER BY id") == [
        ("B1", "fpn-issued"),
        ("B2", "warning"),
        ("B3", "advice"),
    ]


def test_strict_registers_store_nothing(stockton, write) -> None:
    with pytest.raises(DataError, match="--strict"):
        import_files(stockton, "pspos", [write("pspos.csv", PSPOS)], strict=True)
    assert scalar(stockton, "SELECT count(*) FROM pspos") == 0


def test_a_police_file_given_as_a_register_is_refused(stockton) -> None:
    from tests.importing.conftest import POLICE_FILE

    with pytest.raises(DataError) as caught:
        import_files(stockton, "closure-orders", [POLICE_FILE])
    assert "Missing: id, premises, area, kind, issued, status" in caught.value.message
    assert "police-uk" in caught.value.hint
