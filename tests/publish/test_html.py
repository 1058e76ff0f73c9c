"""HTML export: valid HTML5 (html5lib in strict mode), self-contained, every value escaped."""

from __future__ import annotations

import html5lib
import pytest

from psg_tui.core.minutes import read_minutes
from psg_tui.publish import prepare, render_html

from .conftest import AS_OF, LONG_WORD, SAMPLE, hostile


def parse(page: str):
    """Parse strictly: any HTML parse error (stray tag, bad character, ...) fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def text_of(element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return render_html(prepare(hostile(), as_of=AS_OF))


def test_strict_parser_rejects_what_it_should():
    """The check below is real: html5lib strict mode does fail on broken pages."""
    for broken in ("<!DOCTYPE html><p>\x07</p>", "<!DOCTYPE html><p></div>", "<p>no doctype</p>"):
        with pytest.raises(html5lib.html5parser.ParseError):
            parse(broken)


@pytest.mark.parametrize("redact", [False, True])
@pytest.mark.parametrize("agency", [None, "Cleveland Police"])
def test_pages_are_valid_html(hostile_page: str, redact: bool, agency: str | None):
    parse(render_html(prepare(read_minutes(SAMPLE), as_of=AS_OF, redact=redact, agency=agency)))
    parse(render_html(prepare(hostile(), as_of=AS_OF, redact=redact, agency=agency)))
    parse(hostile_page)


def test_hostile_values_are_text_not_markup(hostile_page: str):
    doc = parse(hostile_page)
    assert [el.tag for el in doc.iter("script")] == []
    assert [el.tag for el in doc.iter("img")] == []
    assert [el.tag for el in doc.iter("b")] == []
    for el in doc.iter():
        assert not [name for name in el.attrib if name.startswith("on")], el.tag
    body = text_of(doc.find("body"))
    for literal in (
        "<script>alert('x')</script> <img src=x onerror=alert(1)> <!-- hidden --> **bold**",
        "[link](http://evil.example)",
        "&amp; &lt; AT&T",
        "<b>bold</b> decision",
        'x.duckdb"><img src=x onerror=alert(1)>',
        "Fire & Rescue <Service>",
        "🚓👮🏽‍♀️ مرحبا بالعالم שלום",
        "␛[2J␇ ⟨U+202E⟩evil⟨U+202C⟩",
    ):
        assert literal in body, literal
    assert LONG_WORD in body
    title = doc.find("head/title").text
    assert (
        title
        == 'OFFICIAL-SENSITIVE · Stockton <script>alert("t")</script> & "Quotes" \'n\' Dana Heron’s PSG · 15 October 2026'
    )
    assert "\x1b" not in hostile_page and "\u202e" not in hostile_page


def test_the_page_loads_nothing(hostile_page: str):
    doc = parse(hostile_page)
    for el in doc.iter():
        assert el.tag not in {"script", "link", "img", "iframe", "object", "embed", "a", "base"}
        assert not {"src", "href", "srcset", "action"} & set(el.attrib)
    style = "".join(s.text for s in doc.iter("style"))
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    csp = doc.find("head/meta[@http-equiv='Content-Security-Policy']")
    assert csp.get("content").startswith("default-src 'none'")


def test_marking_on_every_printed_page_and_a4(hostile_page: str):
    doc = parse(render_html(prepare(read_minutes(SAMPLE), as_of=AS_OF, redact=True)))
    sheet = doc.find("body/table")
    # a table's thead and tfoot repeat on every printed page
    assert (
        text_of(sheet.find("thead")) == text_of(sheet.find("tfoot")) == "OFFICIAL-SENSITIVE — REDACTED COPY"
    )
    assert "size: A4" in doc.find("head/style").text


def test_sample_page_structure():
    doc = parse(render_html(prepare(read_minutes(SAMPLE), as_of=AS_OF)))
    summary = doc.find(".//table[@class='grid summary']")
    rows = {
        text_of(tr.find("th")): [text_of(td) for td in tr.findall("td")] for tr in summary.findall("tbody/tr")
    }
    assert rows["Stockton-on-Tees Borough Council"] == ["4", "2", "0", "0", "4", "2"]
    assert [text_of(td) for td in summary.findall("tfoot/tr/td")] == ["Total", "15", "5", "5", "0", "10", "4"]
    tables = doc.findall(".//table[@class='grid actions']")
    assert len(tables) == 7
    overdue = [tr for t in tables for tr in t.findall("tbody/tr") if tr.get("class") == "overdue"]
    assert sorted(text_of(tr.findall("td")[1]) for tr in overdue) == ["A-0033", "A-0038", "A-0040", "A-0041"]
    assert "overdue by 10 days" in text_of(doc.find("body"))
    restricted = [el for el in doc.iter("span") if el.get("class") == "restricted"]
    assert len(restricted) == 2  # A-0038 and A-0043 carry the marker in the full copy
