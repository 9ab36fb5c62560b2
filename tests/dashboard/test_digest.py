"""The weekly digest against a real SMTP server (aiosmtpd) started by the test.

Checks who gets it, both parts of each message, that no mentee name or code from the
database appears anywhere in any message, that a second run in the same week sends nothing,
and that a failed send is retried, reported, and sent by the next run (once).
"""

from __future__ import annotations

import datetime as dt
import email
import socket
from collections.abc import Iterator
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, func, insert, select, update

from dashboard.cli import main
from dashboard.digest import iso_week, send_digests
from dashboard.settings import Settings
from data import schema as s
from data.services.digest import RecipientError, set_email, set_opt_out
from data.services.users import add_user
from tests.data import attention_fixture as fx
from tests.support import mentee_identities

PASSWORD = "a-long-test-password-for-digest-1"


class Mailbox:
    """An aiosmtpd handler that keeps every message and can refuse chosen recipients."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.refuse: set[str] = set()
        self.refuse_times = 0  # refuse that many DATA commands, then accept

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address in self.refuse:
            return "451 4.3.0 Mailbox temporarily unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.refuse_times > 0:
            self.refuse_times -= 1
            return "451 4.3.0 Try again later"
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    def parsed(self) -> dict[str, email.message.EmailMessage]:
        """Messages by recipient."""
        out = {}
        for rcpts, content in self.messages:
            for rcpt in rcpts:
                out[rcpt] = email.message_from_bytes(content, policy=policy.default)
        return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@pytest.fixture
def program(any_engine: Engine) -> Engine:
    fx.load(any_engine)
    add_user(any_engine, "sam", "supervisor", [fx.RIVERSIDE], password=PASSWORD)
    add_user(any_engine, "kim", "admin", password=PASSWORD, full_name="Kim Admin")
    add_user(any_engine, "pat", "supervisor", [fx.HILLTOP], password=PASSWORD)
    add_user(any_engine, "vic", "meeting_viewer", [fx.RIVERSIDE], password=PASSWORD)
    add_user(any_engine, "noa", "supervisor", [fx.RIVERSIDE], password=PASSWORD)
    set_email(any_engine, "sam", "sam@example.org")
    set_email(any_engine, "kim", "kim@example.org")
    set_email(any_engine, "pat", "pat@example.org")
    set_opt_out(any_engine, "pat", True)
    with any_engine.begin() as conn:  # a viewer's address set behind the CLI's back
        conn.execute(update(s.User).where(s.User.username == "vic").values(email="v@example.org"))
    return any_engine


def _smtp(settings: Settings, port: int) -> Settings:
    return settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_starttls": False,
            "public_url": "https://dashboard.example.org",
        }
    )


def _send(engine: Engine, settings: Settings, day: dt.date = fx.DAY, **kwargs):  # type: ignore[no-untyped-def]
    return send_digests(engine, settings, today=day, pause_seconds=0, **kwargs)


def _audit(engine: Engine, event: str) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(s.AuditEvent.username, s.AuditEvent.target, s.AuditEvent.detail)
            .where(s.AuditEvent.event == event)
            .order_by(s.AuditEvent.id)
        ).all()
    return [tuple(r) for r in rows]


def test_staff_get_both_parts_and_never_a_mentee_identity(program, settings, mailbox):  # type: ignore[no-untyped-def]
    box, port = mailbox
    # Snoozed items stay out of the digest.
    with program.begin() as conn:
        conn.execute(
            insert(s.AttentionMark).values(
                site_id=1, kind="over_capacity", item_key="mentor:5",
                fingerprint="caseload:2:capacity:1", mark="snoozed",
                snooze_until=fx.D(2026, 7, 1), reason="New mentor starting", marked_by="sam",
                marked_at=dt.datetime(2026, 6, 14, 9),
            )
        )  # fmt: skip
    report = _send(program, _smtp(settings, port))

    assert report.ok and sorted(report.sent) == ["kim", "sam"]
    messages = box.parsed()
    assert set(messages) == {"sam@example.org", "kim@example.org"}
    identities = mentee_identities(program)
    for address, message in messages.items():
        assert message["To"] == address
        assert message["Subject"].startswith(f"Peer mentoring, week {iso_week(fx.DAY)}: ")
        assert message.get_content_type() == "multipart/alternative"
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        raw = message.as_string()
        for part in (text, html, raw, message["Subject"]):
            assert not [i for i in identities if i in part], f"an identity in {address}"
        assert "a mentee of Amanda Diaz, no contact for 21 days" in text
        assert "a mentee of Amanda Diaz, no contact for 21 days" in html
        assert "https://dashboard.example.org/attention" in text
        assert 'href="https://dashboard.example.org/attention"' in html
        # Wins come before the items.
        assert text.index("last seven days") < text.index("Needs attention")
    sam = messages["sam@example.org"].get_body(("plain",)).get_content()
    assert "Finn Hale" not in sam and "Hilltop" not in sam  # another site's items
    assert "Eve Stone" not in sam  # snoozed
    assert "Riverside: 3 mentees waiting while 1 place is free (Ben Okafor 1)" in sam
    assert "Amanda Diaz (Riverside), may need support" in sam
    kim = messages["kim@example.org"].get_body(("plain",)).get_content()
    assert "Finn Hale (Hilltop), 2 mentees for a capacity of 1" in kim
    assert kim.startswith("Hello Kim Admin,")

    sent = _audit(program, "digest_sent")
    assert sorted(u for u, _, _ in sent) == ["kim", "sam"]
    assert all(target == f"digest {iso_week(fx.DAY)}" for _, target, _ in sent)
    sam_detail = next(d for u, _, d in sent if u == "sam")
    assert sam_detail.startswith("to sam@example.org; ") and "no_contact 3" in sam_detail


def test_a_second_run_in_the_same_week_sends_nothing(program, settings, mailbox):  # type: ignore[no-untyped-def]
    box, port = mailbox
    smtp = _smtp(settings, port)
    assert sorted(_send(program, smtp).sent) == ["kim", "sam"]
    again = _send(program, smtp, fx.DAY + dt.timedelta(days=3))  # Thursday of the same week
    assert again.sent == [] and sorted(again.already_sent) == ["kim", "sam"]
    assert len(box.messages) == 2

    # Next week: sent again, saying what changed since.
    with program.begin() as conn:
        conn.execute(insert(s.Contact), [fx.contact(1, fx.D(2026, 6, 20))])
    later = _send(program, smtp, fx.DAY + dt.timedelta(days=7))
    assert sorted(later.sent) == ["kim", "sam"] and len(box.messages) == 4
    text = box.parsed()["sam@example.org"].get_body(("plain",)).get_content()
    assert "Changed since your last digest:" in text


def test_a_failed_send_is_retried_reported_and_sent_once_later(program, settings, mailbox):  # type: ignore[no-untyped-def]
    box, port = mailbox
    smtp = _smtp(settings, port)
    box.refuse = {"sam@example.org"}
    report = _send(program, smtp)
    assert report.sent == ["kim"] and [u for u, _ in report.failed] == ["sam"]
    assert "451" in report.failed[0][1] and not report.ok
    with program.connect() as conn:
        run = conn.execute(
            select(s.DigestRun.status, s.DigestRun.attempts)
            .join(s.User, s.User.id == s.DigestRun.user_id)
            .where(s.User.username == "sam")
        ).one()
    assert tuple(run) == ("failed", 3)
    assert [u for u, _, _ in _audit(program, "digest_failed")] == ["sam"]

    # The mailbox recovers after one more refusal: the next run retries sam only.
    box.refuse = set()
    box.refuse_times = 1
    retry = _send(program, smtp)
    assert retry.sent == ["sam"] and retry.already_sent == ["kim"] and retry.ok
    assert sorted(r for rcpts, _ in box.messages for r in rcpts) == [
        "kim@example.org",
        "sam@example.org",
    ]


def test_nothing_is_sent_without_smtp_or_in_a_dry_run(program, settings, mailbox):  # type: ignore[no-untyped-def]
    box, port = mailbox
    unconfigured = _send(program, settings)
    assert not unconfigured.configured and not unconfigured.ok
    preview = _send(program, _smtp(settings, port), dry_run=True)
    assert [d.recipient.username for d in preview.previews] == ["kim", "sam"]
    assert "a mentee of Amanda Diaz" in preview.previews[1].text
    assert box.messages == []
    with program.connect() as conn:
        assert conn.execute(select(func.count()).select_from(s.DigestRun)).scalar() == 0


def test_addresses_and_opting_out(program) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RecipientError, match="not an email address"):
        set_email(program, "sam", "sam at example")
    with pytest.raises(RecipientError, match="Only supervisors and admins"):
        set_email(program, "vic", "vic@example.org")
    with pytest.raises(RecipientError, match="There is no user"):
        set_email(program, "nobody", "x@example.org")
    set_opt_out(program, "sam", True)
    set_email(program, "kim", "")
    from data.services.digest import recipients

    assert [r.username for r in recipients(program)] == []


def test_the_command_line(program, tmp_path, monkeypatch, capsys, mailbox) -> None:  # type: ignore[no-untyped-def]
    if program.dialect.name != "sqlite":
        pytest.skip("the command reads DATABASE_URL; one backend is enough")
    _, port = mailbox
    monkeypatch.setenv("DATABASE_URL", program.url.render_as_string(hide_password=False))
    monkeypatch.delenv("SMTP_HOST", raising=False)
    assert main(["digest", "send"]) == 3
    assert "SMTP_HOST is not set" in capsys.readouterr().err
    assert main(["digest", "send", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "=== to sam <sam@example.org>" in out and "none sent" in out
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_STARTTLS", "false")
    assert main(["digest", "send"]) == 0
    assert "sent 2" in capsys.readouterr().out
    assert main(["digest", "send"]) == 0
    assert "sent 0, already sent earlier 2" in capsys.readouterr().out
    assert main(["digest", "email", "sam", "not-an-address"]) == 1
