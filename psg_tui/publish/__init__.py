"""Publishing the minutes for members: terminal, Markdown and HTML, by agency, redacted; and
a page for residents ('You said, we did', `public.py`) built from counts, not from the minutes' text.

No UI here (the `psg minutes show|export` commands build on it). Everything is worked out
once in `prepare` (RAG, grouping, counts, redaction, safe text) and then laid out by one of
the renderers, so no format can disagree with another or forget to redact.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Each name and the module that holds it. They are imported when first asked for (PEP 562):
# the dashboard needs only `text` to start, and the renderers cost ~60 ms to import.
_HOME = {
    "AreaNames": "areas",
    "area_names": "areas",
    "render_html": "html",
    "render_markdown": "markdown",
    "OperationOutputs": "operations",
    "Output": "operations",
    "kind_label": "operations",
    "read_operation_outputs": "operations",
    "check_output": "output",
    "write_output": "output",
    "PublicPage": "public",
    "read_public": "public",
    "render_public": "public",
    "Redactor": "redact",
    "redact_minutes": "redact",
    "render_terminal": "render_terminal",
    "ActionRow": "summary",
    "AgencyActions": "summary",
    "Attendance": "summary",
    "Counts": "summary",
    "Published": "summary",
    "Rag": "summary",
    "agency_key": "summary",
    "known_agencies": "summary",
    "prepare": "summary",
    "rag": "summary",
    "resolve_agency": "summary",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


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
