"""A contradictory LSOA 2011 -> 2021 lookup is refused whole, with the conflicting rows named,
and nothing changes: one code both unchanged and split would cost its
areas their rates."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from psg_tui.cli import main
from psg_tui.core.errors import DataError
from psg_tui.importing import import_files
from tests.importing.conftest import scalar

HEADER = "LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND\n"


def lookup(*rows: str) -> str:
    return HEADER + "".join(f"{row}\n" for row in rows)


@pytest.mark.parametrize(
    ("rows", "named"),
    [
        (
            ["E01000001,a,E01000001,a,U", "E01000002,b,E01000002,b,U", "E01000001,a,E01100009,z,S"],
            "the 2011 LSOA E01000001 has more than one change indicator (row 1: U -> E01000001, "
            "row 3: S -> E01100009)",
        ),
        (
            ["E01000001,a,E01000001,a,U", "E01000001,a,E01100001,z,U"],
            "the 2011 LSOA E01000001 is U (unchanged) but has 2 2021 codes (row 1: U -> E01000001, "
            "row 2: U -> E01100001)",
        ),
        (
            ["E01000003,c,E01100003,m,M", "E01000003,c,E01100004,n,M"],
            "the 2011 LSOA E01000003 is M (merged) but has 2 2021 codes",
        ),
        (
            ["E01000005,e,E01100005,s,S", "E01000006,f,E01100005,s,S"],
            "the 2021 LSOA E01100005 is S (split) but has 2 2011 codes (row 1: S <- E01000005, "
            "row 2: S <- E01000006)",
        ),
        (
            ["E01000007,g,E01100007,u,U", "E01000008,h,E01100007,u,M"],
            "the 2021 LSOA E01100007 has more than one change indicator",
        ),
    ],
    ids=[
        "unchanged-and-split",
        "unchanged-twice",
        "merged-into-two",
        "split-from-two",
        "unchanged-and-merged",
    ],
)
def test_a_lookup_that_contradicts_itself_is_refused(con, write, rows: list[str], named: str) -> None:
    with pytest.raises(DataError) as caught:
        import_files(con, "lsoa-changes", [write("lookup.csv", lookup(*rows))])
    assert "contradicts itself, so nothing was imported" in caught.value.message
    assert named in caught.value.message
    assert scalar(con, "SELECT count(*) FROM lsoa_changes") == 0


def test_a_lookup_that_contradicts_the_stored_one_is_refused(con, write) -> None:
    import_files(con, "lsoa-changes", [write("first.csv", lookup("E01000001,a,E01000001,a,U"))])
    with pytest.raises(DataError) as caught:
        import_files(con, "lsoa-changes", [write("second.csv", lookup("E01000001,a,E01100001,b,S"))])
    assert "contradicts itself or the lookup already stored" in caught.value.message
    assert "(row 1: S -> E01100001, already stored: U -> E01000001)" in caught.value.message
    assert scalar(con, "SELECT count(*) FROM lsoa_changes") == 1


def test_a_consistent_lookup_with_every_kind_imports(con, write) -> None:
    rows = [
        "E01000001,a,E01000001,a,U",
        "E01000002,b,E01100001,s1,S",
        "E01000002,b,E01100002,s2,S",
        "E01000003,c,E01100003,m,M",
        "E01000004,d,E01100003,m,M",
        "E01000006,f,E01100004,x1,X",
        "E01000006,f,E01100005,x2,X",
        "E01000007,g,E01100004,x1,X",
        "E01000007,g,E01100005,x2,X",
    ]
    [summary] = import_files(con, "lsoa-changes", [write("lookup.csv", lookup(*rows))])
    assert summary.stored == 9 and not summary.rejects
    # the same file again replaces its own pairs: no contradiction with itself
    [again] = import_files(con, "lsoa-changes", [write("lookup.csv", lookup(*rows))])
    assert again.stored == 9


def test_the_command_changes_nothing_and_names_the_rows(tmp_path: Path, capsys) -> None:
    db = tmp_path / "t.duckdb"
    assert main(["db", "init", str(db)]) == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    path = tmp_path / "lookup.csv"
    path.write_text(lookup("E01000001,a,E01000001,a,U", "E01000001,a,E01100009,z,S"), encoding="utf-8")
    capsys.readouterr()
    assert main(["db", "import", str(db), "lsoa-changes", str(path)]) == 65
    err = capsys.readouterr().err
    assert "Traceback" not in err and "This is a bug" not in err
    assert "row 1: U -> E01000001, row 2: S -> E01100009" in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not (tmp_path / "t-rejects-lsoa-changes.csv").exists()


def test_db_check_names_a_stored_lookup_that_contradicts_itself(con, write) -> None:
    """A database changed by hand (or filled before imports refused such a lookup)."""
    from psg_tui.importing.check import check_database

    import_files(con, "lsoa-changes", [write("lookup.csv", lookup("E01000001,a,E01000001,a,U"))])
    assert not [
        f for f in check_database(con).findings if f.topic == "lsoa_changes" and f.severity == "error"
    ]
    con.execute("INSERT INTO lsoa_changes VALUES ('E01000001', 'a', 'E01100009', 'z', 'S')")
    [error] = [f for f in check_database(con).findings if f.topic == "lsoa_changes" and f.severity == "error"]
    assert "the LSOA 2011 -> 2021 lookup contradicts itself" in error.message
    assert (
        "the 2011 LSOA E01000001 has more than one change indicator (stored: U -> E01000001, stored: S -> E01100009)"
        in error.message
    )
