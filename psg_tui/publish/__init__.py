"""Publishing the minutes for members: terminal, Markdown and HTML, by agency, redacted; and
a page for residents ('You said, we did', `public.py`) built from counts, not from the minutes' text.

No UI here (the `psg minutes show|export` commands build on it). Everything is worked out
once in `prepare` (RAG, grouping, counts, redaction, safe text) and then laid out by one of
the renderers, so no format can disagree with another or forget to redact.
"""

from psg_tui.publish.areas import AreaNames, area_names
from psg_tui.publish.html import render_html
from psg_tui.publish.markdown import render_markdown
from psg_tui.publish.operations import OperationOutputs, Output, kind_label, read_operation_outputs
from psg_tui.publish.output import check_output, write_output
from psg_tui.publish.public import PublicPage, read_public, render_public
from psg_tui.publish.redact import Redactor, redact_minutes
from psg_tui.publish.render_terminal import render_terminal
from psg_tui.publish.summary import (
    ActionRow,
    AgencyActions,
    Attendance,
    Counts,
    Published,
    Rag,
    agency_key,
    known_agencies,
    prepare,
    rag,
    resolve_agency,
)
from psg_tui.publish.text import clean

__all__ = [
    "ActionRow",
    "AgencyActions",
    "AreaNames",
    "Attendance",
    "Counts",
    "OperationOutputs",
    "Output",
    "PublicPage",
    "Published",
    "Rag",
    "Redactor",
    "agency_key",
    "area_names",
    "check_output",
    "clean",
    "kind_label",
    "known_agencies",
    "prepare",
    "rag",
    "read_operation_outputs",
    "read_public",
    "redact_minutes",
    "render_html",
    "render_markdown",
    "render_public",
    "render_terminal",
    "resolve_agency",
    "write_output",
]
