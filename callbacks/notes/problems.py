"""What a Consultation notes callback says when it cannot read or write.

A read fails when the request is refused (no access, bad filters) or the database does not
answer. A write (``data.services.notes``) is also refused for bad input, no permission, or a
note or meeting that is not there. Nothing is written either way: these turn the error into
the words (and the alert's colour) the page shows, so that each callback names only what it
was doing and what did not happen.
"""

from __future__ import annotations

from dash.development.base_component import Component
from sqlalchemy.exc import SQLAlchemyError

from callbacks.filters import PROBLEMS, problem_message
from data.services import notes as service
from layouts.components import problem_alert

UNAVAILABLE = "The database is not answering; try again in a moment."
READ_ERRORS: tuple[type[Exception], ...] = (*PROBLEMS, SQLAlchemyError)
"""The errors a reading callback shows (``read_problem``) instead of failing."""
REFUSALS: tuple[type[Exception], ...] = (
    service.NoteInvalid,
    service.NotePermission,
    service.NoteNotFound,
    *PROBLEMS,
)
WRITE_ERRORS: tuple[type[Exception], ...] = (*REFUSALS, SQLAlchemyError)
"""The errors a writing callback shows (``write_problem``) instead of failing."""


def read_problem(error: Exception) -> str:
    """Why the page could not be read: the database, or the request's own problem."""
    return UNAVAILABLE if isinstance(error, SQLAlchemyError) else problem_message(error)


def refusal(error: Exception) -> str:
    """Why a write was refused, in words fit to show (no internals)."""
    return problem_message(error) if isinstance(error, PROBLEMS) else str(error)


def write_problem(error: Exception, unavailable: str, refused_prefix: str = "") -> Component:
    """The alert for a write that failed: ``unavailable`` (danger) when the database did not
    answer, else the refusal's reason after ``refused_prefix`` (warning)."""
    if isinstance(error, SQLAlchemyError):
        return problem_alert(unavailable, "danger")
    return problem_alert(refused_prefix + refusal(error), "warning")
