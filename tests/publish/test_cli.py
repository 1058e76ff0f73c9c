"""`psg minutes show|export` through the real command line: files, exit codes, messages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import run

AS_OF = ("--as-of", "2026-11-08")


def test_export_to_stdout(sample_file: Path, capsys):
    code, out, err = run(capsys, "minutes", "export", str(sample_file), "--format", "md", *AS_OF)
    assert code == 0 and err.count("\n") == 1 and err.startswith("note: areas are shown by id")
    assert out.startswith("**OFFICIAL-SENSITIVE**\n") and out.endswith("**OFFICIAL-SENSITIVE**\n")
    code, out, _ = run(capsys, "minutes", "export", str(sample_file), "--format", "html", *AS_OF, "-o", "-")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")


def test_export_to_a_file_atomically(sample_file: Path, tmp_path: Path, capsys):
    out_path = tmp_path / "out" / "minutes.html"
    out_path.parent.mkdir()
    out_path.write_text("old export", encoding="utf-8")
    code, out, err = run(
        capsys, "minutes", "export", str(sample_file), "--format", "html", "-o", str(out_path), "--redact"
    )
    assert code == 0, err
    assert "Wrote" in out and "redacted copy" in out and "13 action(s)" in out
    assert out_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert os.listdir(out_path.parent) == ["minutes.html"]  # no temporary file left behind


def test_export_refuses_to_overwrite_the_minutes(sample_file: Path, tmp_path: Path, capsys):
    before = sample_file.read_bytes()
    link = tmp_path / "link.toml"
    link.symlink_to(sample_file)
    hard = tmp_path / "hard.toml"
    os.link(sample_file, hard)
    for target in (sample_file, tmp_path / "." / sample_file.name, link, hard):
        code, _, err = run(capsys, "minutes", "export", str(sample_file), "--format", "md", "-o", str(target))
        assert code == 73, target
        assert "Refusing to write the export over the minutes file" in err and "Traceback" not in err
    assert sample_file.read_bytes() == before


def test_export_to_a_missing_folder_or_a_folder(sample_file: Path, tmp_path: Path, capsys):
    code, _, err = run(
        capsys, "minutes", "export", str(sample_file), "--format", "md", "-o", str(tmp_path / "no" / "x.md")
    )
    assert code == 73 and "does not exist" in err
    code, _, err = run(capsys, "minutes", "export", str(sample_file), "--format", "md", "-o", str(tmp_path))
    assert code == 73 and "is a folder" in err


@pytest.mark.parametrize(
    "content",
    [None, "", "format = 'psg-minutes'\nversion = 1\n[meeting\n", "format = 'psg-minutes'\nversion = 1\n"],
    ids=["missing", "empty", "bad-toml", "no-meeting"],
)
@pytest.mark.parametrize(
    "command", [("show",), ("export", "--format", "md"), ("export", "--format", "html", "-o", "x.html")]
)
def test_bad_input_gives_what_validate_gives(content, command, tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "minutes.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    expected = run(capsys, "minutes", "validate", str(path))
    assert expected[0] in (65, 66)
    code, out, err = run(capsys, "minutes", command[0], str(path), *command[1:])
    assert (code, out, err) == expected
    assert not (tmp_path / "x.html").exists()


def test_a_folder_as_input_gives_what_validate_gives(tmp_path: Path, capsys):
    expected = run(capsys, "minutes", "validate", str(tmp_path))
    assert run(capsys, "minutes", "show", str(tmp_path)) == expected
    assert expected[0] == 66 and "is a folder" in expected[2]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions that bind")
def test_unreadable_input_gives_what_validate_gives(sample_file: Path, capsys):
    sample_file.chmod(0)
    try:
        expected = run(capsys, "minutes", "validate", str(sample_file))
        assert run(capsys, "minutes", "export", str(sample_file), "--format", "md") == expected
    finally:
        sample_file.chmod(0o644)


def test_permission_denied_gives_what_validate_gives(sample_file: Path, capsys, monkeypatch):
    """The same check where chmod cannot bind (as root): the read itself is refused."""
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == sample_file:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    expected = run(capsys, "minutes", "validate", str(sample_file))
    assert expected[0] == 66 and "permission" in expected[2]
    assert run(capsys, "minutes", "show", str(sample_file)) == expected
    assert run(capsys, "minutes", "export", str(sample_file), "--format", "html") == expected


def test_unknown_agency_is_a_usage_error(sample_file: Path, capsys):
    code, out, err = run(capsys, "minutes", "export", str(sample_file), "--format", "md", "--agency", "MI5")
    assert code == 2 and out == ""
    assert "No agency called 'MI5'" in err and "Thirteen Group" in err and "Traceback" not in err


def test_bad_as_of_date(sample_file: Path, capsys):
    code, _, err = run(capsys, "minutes", "show", str(sample_file), "--as-of", "2026-02-30")
    assert code == 2 and "--as-of '2026-02-30' is not a real date: February 2026 has 28 days." in err


def test_show_with_agency_and_redact(sample_file: Path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    code, out, err = run(
        capsys, "minutes", "show", str(sample_file), "--agency", "thirteen group", "--redact", *AS_OF
    )
    assert code == 0, err
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    assert lines[0] == lines[-1] == "OFFICIAL-SENSITIVE — REDACTED COPY"
    assert "A-0041" in out and "A-0032" in out and "A-0031" not in out
    assert "Gareth" not in out and "Tenancy Enforcement Officer (Thirteen Group)" in out


def test_overdue_is_reckoned_from_the_meetings_date_not_today(tmp_path: Path, capsys, monkeypatch):
    """One rule everywhere: an action is overdue when it is open and due before the meeting."""
    from dataclasses import replace
    from datetime import date

    from psg_tui.core.minutes import Action, dump_minutes, read_minutes

    sample = read_minutes(
        Path(__file__).parents[2] / "sample_db" / "minutes" / "2026-10-15-stockton-psg.toml"
    )
    raised = date(2026, 9, 1)
    actions = [
        Action("A-0001", "Due before the meeting", "Tom Ashworth", "Council", raised, date(2026, 10, 10)),
        Action("A-0002", "Due after the meeting", "Tom Ashworth", "Council", raised, date(2026, 10, 20)),
    ]
    path = tmp_path / "m.toml"
    path.write_text(dump_minutes(replace(sample, actions=tuple(actions))), encoding="utf-8")
    assert date.today() > date(2026, 10, 20)  # so counting from today would give 2
    monkeypatch.setenv("COLUMNS", "200")
    for command in (("show",), ("export", "--format", "md")):
        code, out, _ = run(capsys, "minutes", *command[:1], str(path), *command[1:])
        assert code == 0
        assert (
            "(2 actions, 1 overdue)" in out
            or "| **Total** | **2** | **0** | **0** | **0** | **2** | **1** |" in out
        )
        assert "OVERDUE BY 5" in out and "due in 5" in out
        assert "15 October 2026" in out.split("as of", 1)[1][:40]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize(
    ("source_mode", "umask", "expected"),
    [(0o600, 0o022, 0o600), (0o640, 0o022, 0o640), (0o644, 0o077, 0o600), (0o644, 0o022, 0o644)],
)
def test_an_export_is_never_more_readable_than_its_minutes(
    sample_file: Path, tmp_path: Path, capsys, source_mode, umask, expected
):
    sample_file.chmod(source_mode)
    old = os.umask(umask)
    try:
        for fmt in ("html", "md"):
            out = tmp_path / f"export.{fmt}"
            code, _, err = run(capsys, "minutes", "export", str(sample_file), "--format", fmt, "-o", str(out))
            assert code == 0, err
            assert out.stat().st_mode & 0o777 == expected, (fmt, oct(out.stat().st_mode))
    finally:
        os.umask(old)
