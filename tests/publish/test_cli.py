"""`psg minutes show|export` through the real command line: files, exit codes, messages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import run

AS_OF = ("--as-of", "2026-11-08")


def test_export_to_stdout(sample_file: Path, capsys):
    code, out, err = run(capsys, "minutes", "export", str(sample_file), "--format", "md", *AS_OF)
    assert (code, err) == (0, "")
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
    real = os.open

    def refuse(path, *args, **kwargs):
        if Path(path) == sample_file:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
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
    assert code == 2 and "'2026-02-30' is not a date" in err


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
