"""The Textual application: thin, built by `make_app` for the CLI and the tests alike."""

from psg_tui.app.app import PsgApp
from psg_tui.app.factory import make_app

__all__ = ["PsgApp", "make_app"]
