"""Print pyproject.toml's direct dependencies pinned at their lower bounds, as pip constraints."""

import re
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())["project"]
for spec in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
    match = re.match(r"^([A-Za-z0-9_.-]+)\s*>=\s*([^,;\s]+)", spec)
    if match:
        print(f"{match.group(1)}=={match.group(2)}")
