"""Print the requirements of pyproject.toml's dependencies and the named extras, one a line.

Used by bin/_venv.sh: .venv holds the project's dependencies and the project runs from its
checkout (every command starts in the project's root), so nothing is built or installed from
the project itself, and an install prints no build backend's warnings.

    python bin/_requirements.py postgres,redis,sso
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def requirements(extras: list[str]) -> list[str]:
    """The base dependencies, then each extra's, in pyproject.toml's order; an unknown extra
    is an error (a typo would silently install less)."""
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    optional = project.get("optional-dependencies", {})
    unknown = [extra for extra in extras if extra not in optional]
    if unknown:
        raise SystemExit(f"error: pyproject.toml has no extra named {', '.join(unknown)}")
    lines = list(project["dependencies"])
    for extra in extras:
        lines.extend(optional[extra])
    return lines


if __name__ == "__main__":
    names = [name for name in (sys.argv[1] if len(sys.argv) > 1 else "").split(",") if name]
    print("\n".join(requirements(names)))
