"""The minutes as Markdown: readable as plain text, rendered well by GitHub, VS Code and pandoc.

Every value from the file passes through `escape` on its way into the template (Jinja's
`finalize` hook applies it to every `{{ }}`), so a note holding `<script>`, `**bold**`, a
table pipe or a leading `# ` comes out as those characters, not as markup. Only the
template's own text, and values wrapped in `Md` after escaping, are Markdown.
"""

from __future__ import annotations

import re
from typing import Any

from psg_tui.core.text import one_line
from psg_tui.publish.summary import Published
from psg_tui.publish.templating import template
from psg_tui.publish.text import paragraphs

# Characters that can start inline markup anywhere in a line (GitHub adds ~ and $ for maths).
_INLINE = re.compile(r"([\\`*_\[\]<>#|~$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_ORDERED = re.compile(r"^(\d+)([.)])")


class Md(str):
    """Text that is already Markdown: the template's `finalize` passes it through unchanged."""


def escape(value: Any) -> str:
    """One line of text whose every character shows as itself in rendered Markdown."""
    text = one_line(str(value))
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    if text[:1] in ("-", "+", "="):  # a list item, or a setext heading underline
        text = "\\" + text
    return _ORDERED.sub(r"\1\\\2", text)  # "1. " would start a numbered list


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Md) else Md(escape(value))


def block(text: str) -> Md:
    """Notes as paragraphs, keeping their line breaks (a trailing double space is a hard break)."""
    return Md("\n\n".join("  \n".join(escape(line) for line in lines) for lines in paragraphs(text)))


def strong(value: Any) -> Md:
    return Md(f"**{escape(value)}**")


def render_markdown(view: Published) -> str:
    md = template("minutes.md.j2", autoescape=False, finalize=_finalize)
    return md.render(view=view, m=view.minutes, block=block, strong=strong, Md=Md)
