"""The one way a view handles a form: validate, call the service, commit, flash, redirect, or show the errors.

A view builds the form, then hands over three things: ``save`` calls the service and says what to flash and
where to go; ``render`` shows the form page (with its errors); ``fields`` maps a service's field name to the
form field that shows it, where they differ. A service's ``InvalidInput`` rolls the session back and appears
under its field, in the user's language; a failed submit answers 422, a first visit 200.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from flask import flash, redirect
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from planner.errors import DomainError, InvalidInput, StillReferenced, WrongState
from planner.web.database import db_session
from planner.web.i18n import translate


@dataclass(frozen=True)
class Done:
    """What a view does after a service succeeded: the message to flash and the URL to go to."""

    message: str
    url: str
    category: str = "success"
    # What to do once the change is committed (e.g. queue a job that must find the committed rows).
    then: Callable[[], object] | None = None


def attach_error(form: FlaskForm, error: InvalidInput, fields: Mapping[str, str] | None = None) -> None:
    """Show a service's ``InvalidInput`` under the field it names, or above the form when none matches."""
    message = translate(error.message)
    field = getattr(form, (fields or {}).get(error.field, error.field), None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)


def handle_form(
    form: FlaskForm,
    save: Callable[[], Done],
    render: Callable[[], str],
    *,
    fields: Mapping[str, str] | None = None,
) -> ResponseReturnValue:
    """Validate ``form`` and run ``save``; commit, flash and redirect, or render the form with 422 / 200."""
    if form.validate_on_submit():
        db = db_session()
        try:
            done = save()
        except InvalidInput as error:
            db.rollback()
            attach_error(form, error, fields)
        else:
            db.commit()
            flash(translate(done.message), done.category)
            return redirect(done.url)
    return render(), 422 if form.is_submitted() else 200


def handle_action(act: Callable[[], Done], back: str) -> Response:
    """Run a form-less action (a delete or toggle button): commit and flash, or roll back, flash the domain
    error and return to ``back``."""
    db = db_session()
    try:
        done = act()
    except (InvalidInput, StillReferenced, WrongState) as error:
        db.rollback()
        flash(error_text(error), "error")
        return redirect(back)
    db.commit()
    if done.then is not None:
        done.then()
    flash(translate(done.message), done.category)
    return redirect(done.url)


def error_text(error: DomainError) -> str:
    """Return a domain error's message in the user's language."""
    return str(translate(error.message))
