"""The Jinja2 environment both file exports are rendered with, and the filters they share."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from psg_tui.core.text import one_line
from psg_tui.publish.text import (
    long_date,
    operation_dates,
    paragraphs,
    period_text,
    plural,
    short_moment,
)

if TYPE_CHECKING:
    import jinja2

RAG_SYMBOLS = {"red": "🔴", "amber": "🟠", "green": "🟢", "blue": "🔵", "grey": "⚪"}


def environment(*, autoescape: bool, finalize: Callable[[Any], Any] | None = None) -> jinja2.Environment:
    """A strict environment over `psg_tui/publish/templates` (a typo in a template fails loudly)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("psg_tui.publish", "templates"),
        autoescape=autoescape,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=long_date,
        short_moment=short_moment,
        one_line=one_line,
        paragraphs=paragraphs,
        plural=plural,
        operation_dates=operation_dates,
    )
    env.globals.update(period_text=period_text, rag_symbols=RAG_SYMBOLS)
    return env


@cache
def template(name: str, *, autoescape: bool, finalize: Callable[[Any], Any] | None = None) -> jinja2.Template:
    return environment(autoescape=autoescape, finalize=finalize).get_template(name)
