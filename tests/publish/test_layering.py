"""Publishing is core: it never loads Textual, and `psg` starts without loading Jinja2 or Rich's renderers."""

from __future__ import annotations

import subprocess
import sys


def loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_publishing_never_imports_textual():
    modules = loaded_after(
        "import pkgutil, importlib, psg_tui.publish, psg_tui.commands.minutes\n"
        "for info in pkgutil.walk_packages(psg_tui.publish.__path__, 'psg_tui.publish.'):\n"
        "    importlib.import_module(info.name)\n"
        "from psg_tui.publish.templating import environment\n"
        "environment(autoescape=True)"
    )
    assert "jinja2" in modules  # the probe did load the renderers
    assert "textual" not in modules


def test_starting_the_cli_loads_no_renderer():
    modules = loaded_after("from psg_tui.cli import build_parser\nbuild_parser()")
    assert not modules & {"jinja2", "markdown_it", "textual"}
