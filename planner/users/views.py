"""User administration pages (administrators only)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from planner.auth.access import admin_required
from planner.auth.models import User
from planner.auth.services import create_user
from planner.enums import Role
from planner.errors import InvalidInput
from planner.persistence import get_or_404, paginate
from planner.users.forms import PasswordResetForm, UserCreateForm, UserEditForm
from planner.users.services import reset_password, search_users, update_user
from planner.web.database import db_session


def _attach(form, error: InvalidInput) -> None:  # type: ignore[no-untyped-def]
    """Show a domain error on the form field it names (or above the form)."""
    target = getattr(form, error.field, None)
    if target is not None:
        target.errors = [*target.errors, error.message]
    else:
        form.form_errors.append(error.message)


@admin_required
def list_users() -> str:
    """List user accounts."""
    db = db_session()
    per_page = current_app.extensions["planner.config"].page_size
    page = paginate(db, search_users(), request.args.get("page", 1, type=int), per_page)
    return render_template("users/list.html", page=page)


@admin_required
def new_user() -> str | Response | tuple[str, int]:
    """Create a user account."""
    db = db_session()
    form = UserCreateForm(db)
    if form.validate_on_submit():
        try:
            user = create_user(
                db,
                form.username.data or "",
                form.password.data or "",
                Role(form.role.data),
                display_name=(form.display_name.data or "").strip(),
            )
        except InvalidInput as error:
            _attach(form, error)
        else:
            db.commit()
            flash(_("User %(name)s created.", name=user.username), "success")
            return redirect(url_for("users.list_users"))
    html = render_template("users/form.html", form=form, user=None)
    return (html, 422) if request.method == "POST" else html


@admin_required
def edit_user(user_id: int) -> str | Response | tuple[str, int]:
    """Change a user's display name, role and active flag."""
    db = db_session()
    user = get_or_404(db, User, user_id)
    form = UserEditForm(obj=user, data={"role": user.role.value} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            update_user(
                db,
                user.id,
                current_user.id,
                display_name=form.display_name.data or "",
                role=Role(form.role.data),
                is_active=form.is_active.data,
            )
        except InvalidInput as error:
            db.rollback()
            _attach(form, error)
        else:
            db.commit()
            flash(_("User %(name)s saved.", name=user.username), "success")
            return redirect(url_for("users.list_users"))
    html = render_template("users/form.html", form=form, user=user)
    return (html, 422) if request.method == "POST" else html


@admin_required
def change_password(user_id: int) -> str | Response | tuple[str, int]:
    """Set a new password for a user."""
    db = db_session()
    user = get_or_404(db, User, user_id)
    form = PasswordResetForm(account_name=user.username)
    if form.validate_on_submit():
        try:
            reset_password(db, user.id, form.password.data or "")
        except InvalidInput as error:
            _attach(form, error)
        else:
            db.commit()
            if user.id == current_user.id:
                login_user(user)  # the reset ended every session, this one too: keep the admin signed in
            flash(_("The password of %(name)s was reset.", name=user.username), "success")
            return redirect(url_for("users.list_users"))
    html = render_template("users/password.html", form=form, user=user)
    return (html, 422) if request.method == "POST" else html
