"""Markdown export: every value comes out as text when a real CommonMark renderer reads it."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest
from markdown_it import MarkdownIt

from psg_tui.core.minutes import read_minutes
from psg_tui.publish import prepare, render_markdown
from psg_tui.publish.markdown import escape

from .conftest import AS_OF, LONG_WORD, SAMPLE, hostile


def rendered(markdown: str):
    """The Markdown as a viewer shows it: CommonMark plus GitHub tables, raw HTML allowed."""
    page = MarkdownIt("commonmark").enable("table").render(markdown)
    return html5lib.parse(page, namespaceHTMLElements=False)


def text_of(tree) -> str:
    return " ".join("".join(tree.itertext()).split())


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert(1)</script>",
        "**bold** _it_ `code` ~~gone~~ $x$",
        "[link](http://evil.example) ![pic](http://evil.example/p.png)",
        "# heading",
        "- item",
        "+ item",
        "1. one",
        "2) two",
        "> quote",
        "| a | b |",
        "&amp; &#60; AT&T",
        "a\\*b\\",
        "=== ---",
        "<!-- c -->",
    ],
)
def test_escape_leaves_only_text(value: str):
    tree = rendered(f"- {escape(value)}\n\n{escape(value)}\n")
    body = tree.find("body")
    assert [el.tag for el in body.iter()] == ["body", "ul", "li", "p"]
    assert [" ".join("".join(el.itertext()).split()) for el in (body.find("ul/li"), body.find("p"))] == [
        value
    ] * 2


def test_hostile_minutes_render_as_text():
    markdown = render_markdown(prepare(hostile(), as_of=AS_OF))
    tree = rendered(markdown)
    tags = {el.tag for el in tree.iter()}
    assert not tags & {"script", "img", "a", "code", "pre", "blockquote", "hr", "ol", "del", "s"}
    assert len(tree.findall(".//h1")) == 1
    text = text_of(tree)
    for literal in (
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "<!-- hidden -->",
        "**bold** _it_ [link](http://evil.example)",
        "`code` | a | b | [bold red]rich[/]",
        "&amp; &lt; AT&T",
        "# Not a heading - not a list 1. not numbered > not a quote not code ---",
        "<b>bold</b> decision",
        "🚓👮🏽‍♀️ مرحبا بالعالم שלום",
        "Fire visit *now*",
        'Drugs "and" alcohol',
        "Fire & Rescue <Service>",
    ):
        assert literal in text, literal
    assert "\x1b" not in markdown and "\x07" not in markdown and "\u202e" not in markdown
    assert "␛[2J␇" in text and "⟨U+202E⟩evil⟨U+202C⟩" in text
    assert LONG_WORD in markdown


def test_sample_reads_as_plain_text():
    markdown = render_markdown(prepare(read_minutes(SAMPLE), as_of=AS_OF))
    lines = markdown.splitlines()
    assert lines[0] == lines[-1] == "**OFFICIAL-SENSITIVE**"
    assert "# Stockton-on-Tees Problem-Solving Group" in lines
    assert "| Stockton-on-Tees Borough Council | 4 | 2 | 0 | 0 | 4 | 2 |" in lines
    assert "### Cleveland Police (4 actions)" in lines
    assert sum("**OVERDUE BY" in line for line in lines) == 4
    assert "\\" not in markdown.replace("\\-", "")  # plain prose needs no escapes beyond a hyphen
    tree = rendered(markdown)
    assert [h.text for h in tree.findall(".//h3")][-7:] == [
        "A Way Out (1 action)",
        "Change Grow Live (1 action)",
        "Cleveland Fire Brigade (2 actions)",
        "Cleveland Police (4 actions)",
        "Probation Service (1 action)",
        "Stockton-on-Tees Borough Council (4 actions)",
        "Thirteen Group (2 actions)",
    ]
    assert len(tree.findall(".//table/tbody/tr")) == 8  # seven agencies and the total


def test_agency_copy_has_only_that_agencys_actions(tmp_path: Path):
    markdown = render_markdown(prepare(read_minutes(SAMPLE), as_of=AS_OF, agency="cleveland fire brigade"))
    assert re.findall(r"\*\*(A-\d{4})\*\*", markdown) == ["A-0047", "A-0045"]
    assert "*Actions for Cleveland Fire Brigade only.*" in markdown
