"""`--redact --review`: what a redacted copy kept that may be a name, and the allow-list."""

from __future__ import annotations

import os
from pathlib import Path

from .conftest import run
from .corpus import CORPUS


def test_review_lists_what_was_kept_and_who_was_withheld(capsys):
    code, out, _ = run(capsys, "minutes", "show", str(CORPUS), "--redact", "--review")
    assert code == 0
    review = out[out.index("Review of the redacted copy") :]
    kept = review[: review.index("Withheld")]
    assert "Heronsgate" in kept and "area parkfield-and-oxbridge, decision 2" in kept
    withheld = review[review.index("Withheld") :]
    for person in ("Mary Watson", "Kevin Dunn", "Mr John Smith", "Brenda Quayle", "Ignatius Fairbrother"):
        assert person in withheld
    assert "(after 'victim')" in withheld and "allow-names.txt" in withheld
    before = out[: out.index("Review of the redacted copy")]
    assert "Heronsgate" in before  # kept in the copy itself, as the review says


def test_an_allow_list_file_and_the_users_own_list_keep_a_place(tmp_path: Path, capsys):
    allow = tmp_path / "places.txt"
    allow.write_text("# our estates\nHeronsgate\nIgnatius Fairbrother  # a (made-up) trust's name\n", "utf-8")
    code, out, _ = run(
        capsys, "minutes", "show", str(CORPUS), "--redact", "--review", "--allow-names", str(allow)
    )
    assert code == 0
    assert "Kept: nothing that looks like a name." in out
    assert "Ignatius Fairbrother" in out[: out.index("Review of")]  # allowed, so kept in the copy
    user = Path(os.environ["PSG_DATA_DIR"]) / "allow-names.txt"
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text("Heronsgate\n", encoding="utf-8")
    code, out, _ = run(capsys, "minutes", "show", str(CORPUS), "--redact", "--review")
    assert code == 0 and "Kept: nothing that looks like a name." in out and str(user) in out


def test_export_to_stdout_sends_the_review_to_stderr(tmp_path: Path, capsys):
    code, out, err = run(capsys, "minutes", "export", str(CORPUS), "--format", "md", "--redact", "--review")
    assert code == 0 and "Review of the redacted copy" in err and "Review of" not in out
    target = tmp_path / "wider.md"
    code, out, err = run(
        capsys,
        "minutes",
        "export",
        str(CORPUS),
        "--format",
        "html",
        "--redact",
        "--review",
        "-o",
        str(target),
    )
    assert code == 0 and out.startswith("Wrote") and "Review of the redacted copy" in out
    assert "Review of" not in target.read_text(encoding="utf-8")


def test_review_and_allow_names_need_redact_and_a_real_file(tmp_path: Path, capsys):
    code, out, err = run(capsys, "minutes", "show", str(CORPUS), "--review")
    assert (code, out) == (2, "") and "--review is for redacted copies" in err and "--redact" in err
    code, out, err = run(
        capsys, "minutes", "show", str(CORPUS), "--redact", "--allow-names", str(tmp_path / "no.txt")
    )
    assert (code, out) == (66, "") and "There is no allow-list at" in err and "Traceback" not in err
