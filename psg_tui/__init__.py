"""psg-tui: a terminal dashboard for multi-agency Problem-Solving Group meetings."""

__version__ = "0.1.0"
