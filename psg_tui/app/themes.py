"""The dashboard's two looks: the normal dark theme and a high-contrast one for projectors
(pure black and white, bold yellow accents, nothing that washes out on a bright wall)."""

from __future__ import annotations

from textual.theme import Theme

NORMAL = "textual-dark"
HIGH_CONTRAST = "psg-high-contrast"

HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    boost="#222222",
    warning="#ffaa00",
    error="#ff3b3b",
    success="#00ff66",
    dark=True,
    variables={
        "border": "#ffffff",
        "footer-key-foreground": "#ffff00",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
        "datatable--cursor-background": "#ffff00",
        "text-muted": "#dddddd",
    },
)
