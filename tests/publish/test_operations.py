"""Each operation's outputs in the minutes and every export: counts by kind from the
meeting's database, left out without one, escaped in every format, and never a subject."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import html5lib
import pytest
from rich.console import Console

from psg_tui.core.interventions import INTERVENTION_KINDS
from psg_tui.core.minutes import read_minutes
from psg_tui.publish import OperationOutputs, Output, prepare, render_html, render_markdown, render_terminal
from psg_tui.publish.operations import kind_label, read_operation_outputs
from tests.core.test_area_interventions import with_interventions

from .conftest import AS_OF, SAMPLE, hostile, run
from .test_markdown import rendered
from .test_markdown import text_of as md_text

OCT_START, OCT_END = date(2026, 10, 1), date(2026, 10, 31)
# Only the rows' subjects, outcomes and the operation's aims hold these: no copy may show them.
NEVER_SHOWN = ("SUBJ-ZX8", "OUTCOME-TEXT-5150", "AIMS-TEXT-3317")
FORMATS = [("show",), ("export", "--format", "md"), ("export", "--format", "html")]


@pytest.fixture
def work_db(tmp_path: Path) -> Path:
    return with_interventions(tmp_path / "work.duckdb")


@pytest.fixture
def october_minutes(tmp_path: Path) -> Path:
    """The sample minutes, for an October meeting period (the fixture's busiest month)."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("period_start = 2026-09-01", "period_start = 2026-10-01")
    text = text.replace("period_end = 2026-09-30", "period_end = 2026-10-31")
    path = tmp_path / "october.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_outputs_by_kind_for_the_period_and_since_the_start(work_db: Path) -> None:
    operations = read_operation_outputs(work_db, OCT_START, OCT_END)
    # Operation Old ended in 2025: not listed. Operation Quiet runs but did nothing yet.
    assert [op.name for op in operations] == ["Operation Quiet", "Operation Test"]
    quiet, test = operations
    assert (quiet.outputs, quiet.lead_agency, quiet.started, quiet.ended) == (
        (),
        "Council",
        date(2026, 9, 15),
        None,
    )
    # Patrols: 4 in October; since 1 June 6 (Sep) + 4, not May's 50 (before it started) nor November's 7.
    assert test.outputs == (Output("Patrol", 4, 10), Output("CPW", 2, 2), Output("CPN", 1, 1))
    assert (test.total, test.total_since_start) == (7, 13)


def test_a_month_record_counts_only_when_its_month_is_inside_the_period(work_db: Path) -> None:
    # 15 Sep - 14 Oct: the day records of 3 Oct count (not 12 Sep or 20 Oct); October's monthly
    # CPWs could be from after the 14th, so they do not, even since the start.
    operations = {
        op.name: op for op in read_operation_outputs(work_db, date(2026, 9, 15), date(2026, 10, 14))
    }
    assert operations["Operation Test"].outputs == (Output("Patrol", 4, 10),)


@pytest.mark.slow
def test_every_format_lists_each_operation(work_db: Path, october_minutes: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    _, shown, _ = run(capsys, "minutes", "show", str(october_minutes), "--db", str(work_db))
    section = shown[shown.index("Operations: outputs, 1–31 October 2026") : shown.index("Actions (")]
    assert re.search(r"Operation Test +Since 1 June 2026", section)
    assert "Lead: Cleveland Police" in section
    assert [line.split() for line in section.splitlines() if re.match(r"\s+(Patrol|CPW|CPN|All) ", line)] == [
        ["Patrol", "4", "10"],
        ["CPW", "2", "2"],
        ["CPN", "1", "1"],
        ["All", "outputs", "7", "13"],
    ]
    assert re.search(
        r"Operation Quiet +Since 15 September 2026\s+Lead: Council\s+No outputs recorded", section
    )

    _, md, _ = run(capsys, "minutes", "export", str(october_minutes), "--format", "md", "--db", str(work_db))
    lines = md.splitlines()
    assert "## Operations: outputs, 1–31 October 2026" in lines
    assert lines.index("## Operations: outputs, 1–31 October 2026") < lines.index("## Actions")
    assert "### Operation Test" in lines and "Since 1 June 2026 · Lead: Cleveland Police" in lines
    assert "| Patrol | 4 | 10 |" in lines and "| **All outputs** | **7** | **13** |" in lines
    tables = rendered(md).findall(".//table")
    assert [" ".join("".join(td.itertext()) for td in tr) for tr in tables[1].findall("tbody/tr")] == [
        "Patrol 4 10",
        "CPW 2 2",
        "CPN 1 1",
        "All outputs 7 13",
    ]

    _, page, _ = run(
        capsys, "minutes", "export", str(october_minutes), "--format", "html", "--db", str(work_db)
    )
    doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    articles = doc.findall(".//section[@aria-labelledby='operations']/article")
    assert ["".join(a.find("h3").itertext()) for a in articles] == ["Operation Quiet", "Operation Test"]
    outputs = articles[1].find("table")
    assert [["".join(c.itertext()) for c in tr] for tr in outputs.findall("tbody/tr")] == [
        ["Patrol", "4", "10"],
        ["CPW", "2", "2"],
        ["CPN", "1", "1"],
    ]
    assert ["".join(c.itertext()) for c in outputs.find("tfoot/tr")] == ["All outputs", "7", "13"]
    assert "No outputs recorded." in "".join(articles[0].itertext())


@pytest.mark.parametrize("command", FORMATS)
def test_without_a_database_the_section_is_left_out(tmp_path: Path, command, capsys) -> None:
    minutes = tmp_path / "alone.toml"
    minutes.write_bytes(SAMPLE.read_bytes())
    code, out, err = run(capsys, "minutes", command[0], str(minutes), *command[1:])
    assert code == 0 and "Operations" not in out and "operations" not in out
    assert err.count("\n") == 1 and err.startswith("note: areas are shown by id")  # nothing more to say


@pytest.mark.parametrize("redact", [(), ("--redact",)], ids=["full", "redacted"])
@pytest.mark.parametrize("command", FORMATS, ids=["show", "md", "html"])
def test_no_copy_ever_lists_a_subject(work_db: Path, october_minutes: Path, command, redact, capsys) -> None:
    """Outputs are counts by kind: the subject references (and outcomes and aims) the database
    holds for the very rows counted never reach any format, redacted or not."""
    code, out, err = run(
        capsys, "minutes", command[0], str(october_minutes), *command[1:], *redact, "--db", str(work_db)
    )
    assert code == 0 and "Operation Test" in out and "CPW" in out
    for secret in NEVER_SHOWN:
        assert secret not in out and secret not in err


HOSTILE_OPERATION = OperationOutputs(
    id="op-x",
    name="Op <script>alert(1)</script> **bold** | pipe [bold red]rich[/] \x1b[2J\u202eevil",
    lead_agency="Fire & Rescue <Service> # not a heading",
    started=date(2026, 6, 1),
    ended=date(2027, 1, 31),
    outputs=(Output("Weird <b>kind</b> `x`", 3, 9),),
)
HOSTILE_TEXTS = (
    "Op <script>alert(1)</script> **bold** | pipe [bold red]rich[/] ␛[2J⟨U+202E⟩evil",
    "Fire & Rescue <Service> # not a heading",
    "Weird <b>kind</b> `x`",
)


def hostile_view(**kw):
    return prepare(hostile(), as_of=AS_OF, operations=(HOSTILE_OPERATION,), **kw)


def test_html_escapes_operation_text() -> None:
    page = render_html(hostile_view())
    doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    assert not [el for el in doc.iter() if el.tag in ("script", "b")]
    body = " ".join("".join(doc.find("body").itertext()).split())
    for text in HOSTILE_TEXTS:
        assert text in body, text
    assert "1 June 2026 to 31 January 2027" in body
    assert "\x1b" not in page and "\u202e" not in page


def test_markdown_escapes_operation_text() -> None:
    markdown = render_markdown(hostile_view())
    tree = rendered(markdown)
    assert not {el.tag for el in tree.iter()} & {"script", "b", "code"}
    assert len(tree.findall(".//h1")) == 1
    assert [h.text for h in tree.findall(".//h3") if h.text and h.text.startswith("Op ")] == [
        HOSTILE_TEXTS[0]
    ]
    text = md_text(tree)
    for literal in HOSTILE_TEXTS:
        assert literal in text, literal
    # the pipe in the name does not split the outputs table's columns
    assert [len(tr.findall("td")) for tr in tree.findall(".//table")[-1].findall("tbody/tr")] == [3, 3]
    assert "\x1b" not in markdown and "\u202e" not in markdown


def test_terminal_shows_operation_text_as_typed() -> None:
    out = io.StringIO()
    render_terminal(hostile_view(), Console(file=out, width=200, highlight=False))
    text = out.getvalue()
    for literal in HOSTILE_TEXTS:
        assert literal in text, literal
    assert "\x1b" not in text


def test_redaction_takes_a_person_out_of_an_operation_name() -> None:
    named = OperationOutputs("op-h", "Operation Dana Heron", "Sam Patel's team", date(2026, 6, 1), None, ())
    view = prepare(hostile(), as_of=AS_OF, redact=True, operations=(named,))
    (op,) = view.operations or ()
    for name in ("Dana", "Heron", "Sam", "Patel"):
        assert name not in op.name and name not in (op.lead_agency or "")
    for render in (render_html, render_markdown):
        page = render(view)
        assert "Dana Heron" not in page and "Sam Patel" not in page
        assert "Operation Chair (Cleveland Police)" in page.replace("&amp;", "&")


def test_an_agency_copy_still_lists_every_operation(work_db: Path) -> None:
    operations = read_operation_outputs(work_db, OCT_START, OCT_END)
    view = prepare(read_minutes(SAMPLE), as_of=AS_OF, agency="Thirteen Group", operations=operations)
    assert [op.name for op in view.operations or ()] == ["Operation Quiet", "Operation Test"]
    assert "### Operation Test" in render_markdown(view)


def test_redaction_keeps_every_kind_of_output() -> None:
    outputs = tuple(Output(kind_label(kind), 1, 1) for kind in INTERVENTION_KINDS)
    op = OperationOutputs("op-k", "Operation Shield", "Cleveland Police", date(2026, 6, 1), None, outputs)
    for minutes in (read_minutes(SAMPLE), hostile()):
        (redacted,) = prepare(minutes, as_of=AS_OF, redact=True, operations=(op,)).operations or ()
        assert redacted == op
