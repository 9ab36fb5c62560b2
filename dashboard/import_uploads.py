"""Files uploaded on the admin's import page: kept in the instance folder under a random name,
handed between callbacks as a signed ticket.

The ticket says which file, as what kind, for which admin; it is signed with the app's secret
key, so the background job (which has no sign-in of its own: it runs in a child process or on
a Celery worker) can trust it. It expires after a day; so do the files.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # the request limit is 8 MB and base64 adds a third
TICKET_SECONDS = 24 * 3600
_SALT = "dashboard-import-upload"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class UploadRefused(ValueError):
    """The upload is not a file this page accepts (the message says why, for a person)."""


@dataclass(frozen=True)
class UploadTicket:
    """An uploaded file waiting to be imported."""

    token: str
    file_name: str
    kind: str
    dayfirst: bool
    username: str
    user_id: int | None
    ip: str = ""  # the address the admin checked the file from (for the audit trail)


class UploadStore:
    """Where uploads live (``instance/imports``) and how their tickets are signed."""

    def __init__(self, instance_path: Path, secret_key: str) -> None:
        self.folder = instance_path / "imports"
        self._signer = URLSafeTimedSerializer(secret_key, salt=_SALT)

    def path(self, token: str) -> Path:
        """The stored file of ``token`` (which must be one this store made)."""
        if not _TOKEN.match(token):
            raise UploadRefused("That upload is not known.")
        return self.folder / f"{token}.upload"

    def save(self, contents: object, file_name: object) -> tuple[str, str]:
        """Store a ``dcc.Upload`` data URL; returns (token, a safe display name)."""
        if not isinstance(contents, str) or "," not in contents:
            raise UploadRefused("Choose a CSV or Excel (.xlsx) file to upload.")
        name = Path(str(file_name or "upload")).name[:120] or "upload"
        if not name.lower().endswith((".csv", ".txt", ".xlsx", ".tsv")):
            raise UploadRefused(
                "Only CSV (.csv, .txt, .tsv) and Excel (.xlsx) files can be imported."
            )
        encoded = contents.split(",", 1)[1]
        if len(encoded) > MAX_UPLOAD_BYTES * 4 // 3 + 4:
            raise UploadRefused(
                "The file is larger than 5 MB: import it with `python -m dashboard import` "
                "on the server (see docs/import.md)."
            )
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise UploadRefused("The upload arrived damaged; try again.") from None
        if not data.strip():
            raise UploadRefused("The file is empty.")
        self.folder.mkdir(parents=True, exist_ok=True)
        self._forget_old()
        token = secrets.token_hex(16)
        self.path(token).write_bytes(data)
        return token, name

    def sign(self, ticket: UploadTicket) -> str:
        """The signed form of ``ticket`` (kept in the page's store)."""
        return self._signer.dumps(
            [
                ticket.token,
                ticket.file_name,
                ticket.kind,
                ticket.dayfirst,
                ticket.username,
                ticket.user_id,
                ticket.ip,
            ]
        )

    def open(self, signed: object) -> UploadTicket:
        """The ticket in ``signed``; UploadRefused when it is forged, expired or gone."""
        if not isinstance(signed, str) or len(signed) > 2000:
            raise UploadRefused("Upload a file first.")
        try:
            token, name, kind, dayfirst, username, user_id, ip = self._signer.loads(
                signed, max_age=TICKET_SECONDS
            )
        except (BadSignature, ValueError, TypeError):
            raise UploadRefused("That upload is not known (or is more than a day old).") from None
        ticket = UploadTicket(
            str(token),
            str(name),
            str(kind),
            bool(dayfirst),
            str(username),
            user_id if isinstance(user_id, int) and not isinstance(user_id, bool) else None,
            str(ip)[:64],
        )
        if not self.path(ticket.token).exists():
            raise UploadRefused("That upload is no longer on the server; upload it again.")
        return ticket

    def _forget_old(self) -> None:
        cutoff = time.time() - TICKET_SECONDS
        for path in self.folder.glob("*.upload"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                continue
