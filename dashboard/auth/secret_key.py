"""The instance's secret key: signs session cookies (and the shared query cache's entries)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def instance_secret_key(instance_path: Path) -> str:
    """The secret key kept in ``instance_path/secret_key``, created (mode 0600) on first use."""
    path = instance_path / "secret_key"
    instance_path.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()
