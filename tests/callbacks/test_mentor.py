"""The mentor page's callbacks, called directly on the demo data (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json

import plotly.io as pio
from sqlalchemy import func, select

from callbacks import mentor as cb
from callbacks.filters import FORBIDDEN_MESSAGE
from dashboard.charts import mentor as charts
from data.schema import AuditEvent, Contact, Mentor

QUERY = {"start": "2026-01-01", "end": "2026-06-30"}


def _day(value: str) -> dt.date:
    """A date from ISO text (PostgreSQL compares dates with dates, not text)."""
    return dt.date.fromisoformat(value)


def _mentor(engine, site_id: int | None = None, other_than: int | None = None) -> int:  # type: ignore[no-untyped-def]
    statement = select(Mentor.id).order_by(Mentor.id)
    if site_id is not None:
        statement = statement.where(Mentor.site_id == site_id)
    if other_than is not None:
        statement = statement.where(Mentor.site_id != other_than)
    with engine.connect() as conn:
        return int(conn.scalars(statement).first())


def _last_audit(engine):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return conn.execute(
            select(AuditEvent.event, AuditEvent.target).order_by(AuditEvent.id.desc()).limit(1)
        ).one()


def test_the_profile_and_card_for_a_mentor_in_scope_and_the_audit(admin_ctx):
    mentor_id = _mentor(admin_ctx.engine)
    alert, profile, month, card = cb.update_profile({**QUERY, "mentor": str(mentor_id)}, admin_ctx)
    assert alert is None and "June 2026" in month
    with admin_ctx.engine.connect() as conn:
        name = conn.scalar(select(Mentor.display_name).where(Mentor.id == mentor_id))
    assert name in json.dumps(profile.to_plotly_json(), default=str)
    text = json.dumps(card.to_plotly_json(), default=str)
    assert text.index("Strengths and impact") < text.index("Taking care")
    assert "Milestones their mentees reached" in text
    assert tuple(_last_audit(admin_ctx.engine)) == ("view_mentor_page", f"mentor:{mentor_id}")


def test_the_cards_contacts_line_is_the_months_count_from_the_database(admin_ctx):
    mentor_id = _mentor(admin_ctx.engine)
    *_rest, card = cb.update_profile({**QUERY, "mentor": str(mentor_id)}, admin_ctx)
    with admin_ctx.engine.connect() as conn:
        june = conn.scalar(
            select(func.count()).where(
                Contact.mentor_id == mentor_id,
                Contact.contact_date.between(_day("2026-06-01"), _day("2026-06-30")),
            )
        )
    rows = card.children[0].children[1].children
    cells = {
        row.children[0].children: row.children[1].children
        for row in rows
        if isinstance(row.children, list)
    }
    assert cells["Contacts"] == f"{june:,}"


def test_a_mentor_at_another_site_is_answered_as_missing(supervisor_ctx):
    site = next(iter(supervisor_ctx.signed_in.site_ids))
    elsewhere = _mentor(supervisor_ctx.engine, other_than=site)
    alert, profile, _month, card = cb.update_profile(
        {**QUERY, "mentor": str(elsewhere)}, supervisor_ctx
    )
    assert alert.children == cb.NO_SUCH_MENTOR and profile is None and card is None
    missing, *_ = cb.update_profile({**QUERY, "mentor": "999999"}, supervisor_ctx)
    assert missing.children == cb.NO_SUCH_MENTOR
    for update in (cb.update_outcomes, cb.update_activity):
        charts_out = update({**QUERY, "mentor": str(elsewhere)}, supervisor_ctx)
        assert all(not fig.data for fig in charts_out[::2])


def test_malformed_ids_and_other_roles_are_refused(admin_ctx, viewer_ctx, anonymous_ctx):
    for raw in ("abc", "", "-1", "1e3", "99999999999999", None, ["1"]):
        alert, *_ = cb.update_profile({"mentor": raw}, admin_ctx)
        assert alert.children == cb.NOT_A_MENTOR
    mentor_id = str(_mentor(admin_ctx.engine))
    for ctx in (viewer_ctx, anonymous_ctx):
        alert, *_ = cb.update_profile({"mentor": mentor_id}, ctx)
        assert alert.children == FORBIDDEN_MESSAGE


def test_the_charts_of_one_mentor(admin_ctx):
    mentor_id = _mentor(admin_ctx.engine)
    query = {**QUERY, "mentor": str(mentor_id)}
    out = cb.update_outcomes(query, admin_ctx) + cb.update_activity(query, admin_ctx)
    figures, captions = out[::2], out[1::2]
    titles = [f.layout.title.text for f in figures]
    assert titles == [charts.MILESTONES_TITLE, charts.CASELOAD_TITLE, charts.CONTACTS_TITLE,
                      charts.SUPPORT_TITLE, "Attendance per group session"]  # fmt: skip
    assert all(isinstance(c, str) and c for c in captions)
    for fig in figures:
        json.loads(pio.to_json(fig))
    with admin_ctx.engine.connect() as conn:
        n = conn.scalar(
            select(func.count()).where(
                Contact.mentor_id == mentor_id,
                Contact.contact_date.between(_day("2026-01-01"), _day("2026-06-30")),
            )
        )
    contacts = figures[2]
    assert sum(sum(t.y) for t in contacts.data) == n


def test_a_click_on_a_month_keeps_the_mentor_and_the_sites():
    href = cb.navigate({"points": [{"x": "2026-02-01"}]}, {"mentor": "4", "sites": "1"})
    assert href == "/mentors/4?start=2026-02-01&end=2026-02-28&sites=1"
    assert cb.navigate({"points": [{"x": "x"}]}, {"mentor": "4"}) is cb.no_update
    assert cb.navigate({"points": [{"x": "2026-02-01"}]}, {"mentor": "../x"}) is cb.no_update
