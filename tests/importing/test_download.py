"""police.uk downloads as analysts get them: zip archives and folders of month folders, several
forces, files no kind of this version reads, partial downloads, and archives built to do harm."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from psg_tui.cli import main
from psg_tui.core.errors import DataError, MissingInputError
from psg_tui.importing import ImportRejected, import_files
from psg_tui.importing.kinds.columns import POLICE_UK_OUTCOMES_COLUMNS, POLICE_UK_STOP_SEARCH_COLUMNS
from tests.importing.conftest import LOOKUP, POLICE_FILE, POLICE_HEADER, police_row, scalar, table

DURHAM = {"force": "Durham Constabulary", "lsoa": "E01020001", "lsoa_name": "County Durham 001A"}


def street(month: str, rows: int = 2, **row: str) -> str:
    return POLICE_HEADER + "\n" + "".join(police_row(month=month, **row) + "\n" for _ in range(rows))


def outcomes(month: str, crime: str | None = None, force: str = "Cleveland Police") -> str:
    """One outcome of the crime (of that month's Cleveland street rows unless named otherwise)."""
    return (
        ",".join(POLICE_UK_OUTCOMES_COLUMNS)
        + "\n"
        + f"{crime or 'c' + month},{month},{force},{force},-1.316,54.565,On or near High Street,E01012262,"
        "Stockton-on-Tees 014A,Suspect charged\n"
    )


def stop_search(month: str = "2021-09", lat: str = "54.565", lon: str = "-1.316") -> str:
    """One search on the map point of the Cleveland street rows (unless placed elsewhere)."""
    return (
        ",".join(POLICE_UK_STOP_SEARCH_COLUMNS)
        + "\n"
        + f"Person search,{month}-03T10:15:00+00:00,False,,{lat},{lon},Male,18-24,,White,"
        "Misuse of Drugs Act 1971 (section 23),Controlled drugs,Arrest,True,False\n"
    )


def make_zip(path: Path, members: dict[str, str | bytes], *, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, text in members.items():
            archive.writestr(name, text.encode() if isinstance(text, str) else text)
    return path


def download(tmp_path: Path, *, durham: bool = False) -> Path:
    """A custom download: two Cleveland months (street, outcomes, stop and search), and Durham's."""
    members: dict[str, str | bytes] = {}
    for month in ("2021-09", "2021-10"):
        members[f"{month}/{month}-cleveland-street.csv"] = street(month, crime_id=f"c{month}")
        members[f"{month}/{month}-cleveland-outcomes.csv"] = outcomes(month)
        members[f"{month}/{month}-cleveland-stop-and-search.csv"] = stop_search(month)
        if durham:
            members[f"{month}/{month}-durham-street.csv"] = street(month, 3, **DURHAM)
    return make_zip(tmp_path / "download.zip", members)


def incidents(con) -> list[tuple]:
    return table(con, "SELECT * FROM incidents ORDER BY id")


def test_a_zip_is_read_in_place_and_each_file_imported_by_its_kind(stockton, tmp_path) -> None:
    archive = download(tmp_path)
    summaries = import_files(stockton, "police-uk", [archive])
    assert [(s.kind, s.file, s.stored) for s in summaries] == [
        ("police-uk", str(archive / "2021-09/2021-09-cleveland-street.csv"), 2),
        ("police-uk", str(archive / "2021-10/2021-10-cleveland-street.csv"), 2),
        ("police-uk-outcomes", str(archive / "2021-09/2021-09-cleveland-outcomes.csv"), 1),
        ("police-uk-outcomes", str(archive / "2021-10/2021-10-cleveland-outcomes.csv"), 1),
        ("police-uk-stop-and-search", str(archive / "2021-09/2021-09-cleveland-stop-and-search.csv"), 1),
        ("police-uk-stop-and-search", str(archive / "2021-10/2021-10-cleveland-stop-and-search.csv"), 1),
    ]
    assert dict(table(stockton, "SELECT strftime(month, '%Y-%m'), count(*) FROM incidents GROUP BY 1")) == {
        "2021-09": 2,
        "2021-10": 2,
    }
    assert table(stockton, "SELECT batch FROM outcomes ORDER BY 1") == [
        ("police-uk-outcomes:2021-09:Cleveland Police",),
        ("police-uk-outcomes:2021-10:Cleveland Police",),
    ]
    # The file names the force 'cleveland'; the street files' name for it is kept.
    assert table(stockton, "SELECT id, batch, lsoa_code FROM stop_searches ORDER BY 1") == [
        ("pss:2021-09:cleveland-police:1", "police-uk-stop-and-search:2021-09:Cleveland Police", "E01012262"),
        ("pss:2021-10:cleveland-police:1", "police-uk-stop-and-search:2021-10:Cleveland Police", "E01012262"),
    ]
    assert not list(tmp_path.glob("**/*.csv"))  # nothing unpacked
    assert summaries.notes == []


def test_an_outcomes_member_whose_crimes_none_are_held_is_left_out_and_named(stockton, tmp_path) -> None:
    archive = make_zip(
        tmp_path / "dl.zip",
        {
            "2021-09/2021-09-cleveland-street.csv": street("2021-09", crime_id="c2021-09"),
            "2021-09/2021-09-cleveland-outcomes.csv": outcomes("2021-09"),
            "2021-09/2021-09-durham-outcomes.csv": outcomes("2021-09", "d1", "Durham Constabulary"),
        },
    )
    summaries = import_files(stockton, "police-uk", [archive])
    assert [(s.kind, s.left_out, s.stored) for s in summaries] == [
        ("police-uk", None, 2),
        ("police-uk-outcomes", None, 1),
        ("police-uk-outcomes", "Durham Constabulary", 0),
    ]
    assert summaries[-1].skipped_reasons == {"none of its crimes is in this database's street data": 1}
    assert "None of its 1 crimes (by Crime ID)" in summaries[-1].left_out_detail
    assert scalar(stockton, "SELECT count(*) FROM outcomes") == 1


def test_a_search_no_street_row_shares_the_point_of_is_kept_unplaced_and_counted(stockton, tmp_path) -> None:
    archive = make_zip(
        tmp_path / "dl.zip",
        {
            "2021-09/2021-09-cleveland-street.csv": street("2021-09"),
            "2021-09/2021-09-cleveland-stop-and-search.csv": stop_search("2021-09")
            + stop_search("2021-09", "54.6", "-1.3").split("\n", 1)[1]
            + stop_search("2021-09", "", "").split("\n", 1)[1],
        },
    )
    summaries = import_files(stockton, "police-uk", [archive])
    assert summaries[-1].stored == 3
    assert any(w.startswith("2 searches could not be placed") for w in summaries[-1].warnings)
    assert table(stockton, "SELECT lsoa_code FROM stop_searches ORDER BY id") == [
        ("E01012262",),
        (None,),
        (None,),
    ]


def test_reimporting_the_same_zip_changes_nothing(stockton, tmp_path) -> None:
    archive = download(tmp_path)
    import_files(stockton, "police-uk", [archive])
    before = incidents(stockton)
    again = import_files(stockton, "police-uk", [archive])
    assert incidents(stockton) == before
    assert [(c.before, c.after) for s in again for c in s.changes] == [
        (2, 2),
        (2, 2),
        (1, 1),
        (1, 1),
        (1, 1),
        (1, 1),
    ]
    assert scalar(stockton, "SELECT count(*) FROM outcomes") == 2
    assert scalar(stockton, "SELECT count(*) FROM stop_searches") == 2


def test_a_folder_of_month_folders_and_a_month_folder(stockton, write, tmp_path) -> None:
    for month in ("2021-09", "2021-10"):
        write(f"dl/{month}/{month}-cleveland-street.csv", street(month, crime_id=f"c{month}"))
        write(f"dl/{month}/{month}-cleveland-outcomes.csv", outcomes(month))
        write(f"dl/{month}/notes.txt", "not a CSV")
    summaries = import_files(stockton, "police-uk", [tmp_path / "dl"])
    assert [s.kind for s in summaries] == ["police-uk"] * 2 + ["police-uk-outcomes"] * 2
    assert summaries.notes == []
    street_file, outcomes_file = import_files(stockton, "police-uk", [tmp_path / "dl" / "2021-10"])
    assert (street_file.stored, outcomes_file.stored) == (2, 1)
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 4


def test_another_forces_files_in_a_download_are_left_out_and_named(stockton, tmp_path) -> None:
    summaries = import_files(stockton, "police-uk", [download(tmp_path, durham=True)])
    left = [s for s in summaries if s.left_out]
    assert [(s.left_out, s.read, s.stored) for s in left] == [("Durham Constabulary", 3, 0)] * 2
    assert "County Durham" in left[0].left_out_detail
    assert sorted(s.stored for s in summaries if s.kind == "police-uk") == [0, 0, 2, 2]
    assert sum(s.stored for s in summaries) == 8  # and the outcomes and searches of Cleveland's months
    assert scalar(stockton, "SELECT count(*) FROM incidents WHERE batch LIKE '%Durham%'") == 0


def test_many_months_of_one_force_and_one_of_another_in_a_folder(stockton, write, tmp_path) -> None:
    """A folder of 24 months of one force and one month of another imports the first and names
    the second (it was refused whole)."""
    for m in range(1, 25):
        month = f"{2019 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}"
        write(f"dl/{month}/{month}-cleveland-street.csv", street(month, 1))
    write("dl/2021-01/2021-01-durham-street.csv", street("2021-01", 5, **DURHAM))
    summaries = import_files(stockton, "police-uk", [tmp_path / "dl"])
    assert sum(s.stored for s in summaries) == 24
    assert [s.left_out for s in summaries if s.left_out] == ["Durham Constabulary"]


def test_a_download_with_nothing_to_store_is_refused_naming_the_force(stockton, tmp_path) -> None:
    archive = make_zip(
        tmp_path / "durham.zip",
        {f"{m}/{m}-durham-street.csv": street(m, 3, **DURHAM) for m in ("2021-09", "2021-10")},
    )
    with pytest.raises(ImportRejected) as caught:
        import_files(stockton, "police-uk", [archive])
    assert "None of the 6 rows of the 2 files can be stored" in caught.value.message
    assert "Durham Constabulary: 2 files, 6 rows" in caught.value.message
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 0


def test_a_lone_file_of_another_force_is_still_refused(stockton, write) -> None:
    with pytest.raises(ImportRejected, match="none of its 3 rows can be stored"):
        import_files(
            stockton, "police-uk", [write("2021-09-durham-street.csv", street("2021-09", 3, **DURHAM))]
        )


# ------------------------------------------------------------------------ partial downloads


def test_a_file_cut_mid_row_is_refused_unless_replace(stockton, write) -> None:
    whole = street("2021-09", 4)
    import_files(stockton, "police-uk", [write("2021-09-cleveland-street.csv", whole)])
    cut = write("cut/2021-09-cleveland-street.csv", whole[: whole.rindex("Stockton")])
    with pytest.raises(ImportRejected, match=r"ends in the middle of a row \(row 4"):
        import_files(stockton, "police-uk", [cut])
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 4  # 3 of 4 rows: not a shrink, still refused
    [summary] = import_files(stockton, "police-uk", [cut], replace=True)
    assert summary.stored == 3 and summary.rejects[0].row == 4


def test_the_real_month_cut_mid_row_keeping_most_of_it_is_refused(stockton, tmp_path) -> None:
    """A street file cut mid-row is refused even when it holds more than half the month (it once
    replaced 2,271 incidents with 1,683)."""
    import_files(stockton, "police-uk", [POLICE_FILE])
    body = POLICE_FILE.read_bytes()
    cut = tmp_path / POLICE_FILE.name
    cut.write_bytes(body[: int(len(body) * 0.8) // 1 + 7])
    with pytest.raises(ImportRejected, match="a partial download"):
        import_files(stockton, "police-uk", [cut])
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 2271


def test_a_file_without_a_last_line_end_but_whole_is_fine(stockton, write) -> None:
    [summary] = import_files(stockton, "police-uk", [write("a.csv", street("2021-09", 2).rstrip("\n"))])
    assert summary.stored == 2


def damaged_zip(tmp_path: Path) -> Path:
    """A stored (not deflated) member with one byte of its data changed: its CRC fails."""
    archive = make_zip(
        tmp_path / "damaged.zip",
        {"2021-09/2021-09-cleveland-street.csv": street("2021-09", 4)},
        method=zipfile.ZIP_STORED,
    )
    data = bytearray(archive.read_bytes())
    at = data.index(b"High Street")
    data[at] = ord("X")
    archive.write_bytes(bytes(data))
    return archive


def test_a_member_failing_its_checksum_is_refused_unless_replace(stockton, tmp_path) -> None:
    archive = damaged_zip(tmp_path)
    with pytest.raises(ImportRejected) as caught:
        import_files(stockton, "police-uk", [archive])
    assert "2021-09-cleveland-street.csv could not be read whole" in caught.value.message
    assert "checksum (CRC)" in caught.value.message
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 0
    [summary] = import_files(stockton, "police-uk", [archive], replace=True)
    assert summary.stored == 4


# ------------------------------------------------------------------------ bad archives


def test_a_truncated_zip_is_refused_before_reading(stockton, tmp_path) -> None:
    archive = download(tmp_path)
    archive.write_bytes(archive.read_bytes()[:-40])
    with pytest.raises(DataError, match="is not a complete zip archive"):
        import_files(stockton, "police-uk", [archive])


def test_a_member_of_another_layout_is_refused_by_name(stockton, tmp_path) -> None:
    archive = make_zip(
        tmp_path / "odd.zip",
        {
            "2021-09/2021-09-cleveland-street.csv": street("2021-09"),
            "2021-10/2021-10-cleveland-street.csv": "Easting,Northing,Crime type\n1,2,x\n",
        },
    )
    with pytest.raises(DataError) as caught:
        import_files(stockton, "police-uk", [archive])
    assert "odd.zip/2021-10/2021-10-cleveland-street.csv does not have the police-uk columns" in (
        caught.value.message
    )
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 0


@pytest.mark.parametrize(
    "name", ["../2021-09-cleveland-street.csv", "/tmp/2021-09-cleveland-street.csv", "a/../../x.csv"]
)
def test_member_names_leaving_the_archive_are_refused(stockton, tmp_path, name) -> None:
    archive = make_zip(tmp_path / "evil.zip", {name: street("2021-09")})
    with pytest.raises(DataError, match="leads outside the archive"):
        import_files(stockton, "police-uk", [archive])
    assert scalar(stockton, "SELECT count(*) FROM incidents") == 0


def test_a_member_name_with_control_characters_is_refused_and_never_printed_raw(stockton, tmp_path) -> None:
    archive = make_zip(tmp_path / "esc.zip", {"2021-09/\x1b]0;owned\x07-street.csv": street("2021-09")})
    with pytest.raises(DataError) as caught:
        import_files(stockton, "police-uk", [archive])
    assert "control characters" in caught.value.message
    assert "\x1b" not in caught.value.message and "\\x1b" in caught.value.message


def test_a_zip_bomb_is_refused_from_the_central_directory(stockton, tmp_path, monkeypatch) -> None:
    archive = make_zip(
        tmp_path / "bomb.zip",
        {"2021-09/2021-09-cleveland-street.csv": POLICE_HEADER + "\n" + "," * 3_000_000},
    )
    read: list[str] = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: read.append("opened"))
    with pytest.raises(DataError, match="zip bomb"):
        import_files(stockton, "police-uk", [archive])
    assert read == []  # refused before any member was read


def test_a_zip_too_large_when_unpacked_is_refused_from_the_central_directory(
    stockton, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr("psg_tui.importing.archive.MAX_ARCHIVE", 1000)
    with pytest.raises(
        DataError, match=r"download.zip would unpack to .*, more than psg reads from one archive"
    ):
        import_files(stockton, "police-uk", [download(tmp_path)])


def test_a_download_missing_a_month_says_which(stockton, tmp_path) -> None:
    archive = make_zip(
        tmp_path / "gap.zip",
        {f"{m}/{m}-cleveland-street.csv": street(m, 1) for m in ("2021-09", "2021-12", "2022-01")},
    )
    summaries = import_files(stockton, "police-uk", [archive])
    assert sum(s.stored for s in summaries) == 3
    assert summaries.notes == [
        "missing months: gap.zip has no folder for 2021-10, 2021-11 (its months run from 2021-09 to 2022-01):"
        " download them if the meeting needs them"
    ]


def test_an_archive_with_nothing_a_kind_reads_is_refused(stockton, tmp_path) -> None:
    archive = make_zip(
        tmp_path / "notes.zip", {"readme.txt": "hello", "2021-09/2021-09-cleveland-street.pdf": "%PDF"}
    )
    with pytest.raises(MissingInputError, match="Nothing to import"):
        import_files(stockton, "police-uk", [archive])


def test_a_download_of_outcomes_alone_whose_crimes_are_unknown_is_refused(stockton, tmp_path) -> None:
    archive = make_zip(
        tmp_path / "outcomes.zip", {"2021-09/2021-09-cleveland-outcomes.csv": outcomes("2021-09")}
    )
    with pytest.raises(ImportRejected) as caught:
        import_files(stockton, "police-uk", [archive])
    assert "2021-09-cleveland-outcomes.csv: none of its 1 row can be stored" in caught.value.message
    assert "Import the street files (YYYY-MM-FORCE-street.csv) first" in caught.value.message
    assert scalar(stockton, "SELECT count(*) FROM outcomes") == 0


# ------------------------------------------------------------------------ the command


@pytest.fixture
def db(tmp_path: Path, capsys) -> Path:
    path = tmp_path / "meeting.duckdb"
    assert main(["db", "init", str(path)]) == 0
    assert main(["db", "import", str(path), "ons-wards", str(LOOKUP)]) == 0
    capsys.readouterr()
    return path


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_command_imports_a_download_and_says_what_it_left_out(db, tmp_path, capsys) -> None:
    code, out, err = run(capsys, "db", "import", db, "police-uk", download(tmp_path, durham=True))
    assert code == 0
    assert "Durham Constabulary: 2 files, 6 rows (LSOA not in any area of this database)" in out
    assert "not imported" not in out
    assert "2021-09 Cleveland Police: new, 2 rows" in out
    assert "2021-09 Cleveland Police outcomes: new, 1 outcome" in out
    assert "2021-09 Cleveland Police stop and search: new, 1 row" in out
    assert "imported 8/8 files, 14 rows" in err  # plain progress lines when piped


@pytest.mark.parametrize(
    "build",
    [
        lambda tmp: damaged_zip(tmp),
        lambda tmp: make_zip(tmp / "evil.zip", {"../x-street.csv": street("2021-09")}),
        lambda tmp: make_zip(
            tmp / "unknown.zip", {"2021-09/2021-09-cleveland-outcomes.csv": outcomes("2021-09")}
        ),
        lambda tmp: make_zip(
            tmp / "durham.zip",
            {
                "a/2021-09-durham-street.csv": street("2021-09", 3, **DURHAM),
                "b/2021-10-durham-street.csv": street("2021-10", 3, **DURHAM),
            },
        ),
    ],
)
def test_bad_downloads_exit_non_zero_and_leave_the_database_unchanged(db, tmp_path, capsys, build) -> None:
    archive = build(tmp_path)
    before = digest(db)
    code, _, err = run(capsys, "db", "import", db, "police-uk", archive)
    assert code == 65
    assert "Nothing was changed" in err or "nothing was changed" in err
    assert digest(db) == before


# ------------------------------------------------------------------------ psg db check


def test_check_flags_a_month_that_fell_at_its_last_import_until_it_is_whole_again(stockton, write) -> None:
    from psg_tui.importing.check import WARNING, check_database

    def flagged() -> list[str]:
        return [
            f.message
            for f in check_database(stockton).findings
            if f.severity == WARNING and f.topic == "imports"
        ]

    whole = write("2021-09-cleveland-street.csv", street("2021-09", 20))
    import_files(stockton, "police-uk", [whole])
    import_files(stockton, "police-uk", [write("fewer/2021-09-cleveland-street.csv", street("2021-09", 19))])
    assert flagged() == []  # 5% fewer: a revision
    import_files(stockton, "police-uk", [write("most/2021-09-cleveland-street.csv", street("2021-09", 15))])
    assert flagged() == [
        "police-uk: 2021-09 Cleveland Police fell from 19 to 15 rows (21% fewer) at its last import"
        f" ({__import__('datetime').date.today()}): if that file was a partial download, import the whole"
        " month again"
    ]
    import_files(stockton, "police-uk", [whole])
    assert flagged() == []
