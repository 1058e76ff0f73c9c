"""The minutes as one self-contained HTML page that prints on A4 with the marking on every page.

Rendered from `templates/minutes.html.j2` with Jinja2's autoescaping, so every value from the
file is escaped wherever it lands (text or attribute). The page loads nothing: no external
CSS, fonts, images or scripts, and a Content-Security-Policy that forbids them anyway.
"""

from __future__ import annotations

from psg_tui.publish.summary import Published
from psg_tui.publish.templating import template


def render_html(view: Published) -> str:
    return template("minutes.html.j2", autoescape=True).render(view=view, m=view.minutes)
