"""Print pyproject.toml's runtime dependencies pinned at their lower bounds, as pip constraints.

The test tools are left to the resolver: their bounds say what the suite needs, not what a
user installs."""

import re
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
for spec in project["dependencies"]:
    match = re.match(r"^([A-Za-z0-9_.-]+)\s*>=\s*([^,;\s]+)", spec)
    if match:
        print(f"{match.group(1)}=={match.group(2)}")
