"""User administration pages (administrators only)."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user

from planner.auth.access import admin_required
from planner.auth.models import User
from planner.auth.services import create_user
from planner.enums import Role
from planner.persistence import get_or_404, paginate
from planner.users.forms import PasswordResetForm, UserCreateForm, UserEditForm
from planner.users.services import accounts_with_demo_password, reset_password, search_users, update_user
from planner.web.database import db_session
from planner.web.formflow import Done, handle_form


@admin_required
def list_users() -> str:
    """List user accounts."""
    db = db_session()
    per_page = current_app.extensions["planner.config"].page_size
    page = paginate(db, search_users(), request.args.get("page", 1, type=int), per_page)
    return render_template("users/list.html", page=page)


@admin_required
def new_user() -> ResponseReturnValue:
    """Create a user account."""
    db = db_session()
    form = UserCreateForm(db)

    def save() -> Done:
        user = create_user(
            db,
            form.username.data or "",
            form.password.data or "",
            Role(form.role.data),
            display_name=(form.display_name.data or "").strip(),
        )
        return Done(_("User %(name)s created.", name=user.username), url_for("users.list_users"))

    return handle_form(form, save, lambda: render_template("users/form.html", form=form, user=None))


@admin_required
def edit_user(user_id: int) -> ResponseReturnValue:
    """Change a user's display name, role and active flag."""
    db = db_session()
    user = get_or_404(db, User, user_id)
    form = UserEditForm(obj=user, data={"role": user.role.value} if request.method == "GET" else None)

    def save() -> Done:
        update_user(
            db,
            user.id,
            current_user.id,
            display_name=form.display_name.data or "",
            role=Role(form.role.data),
            is_active=form.is_active.data,
        )
        return Done(_("User %(name)s saved.", name=user.username), url_for("users.list_users"))

    return handle_form(form, save, lambda: render_template("users/form.html", form=form, user=user))


@admin_required
def change_password(user_id: int) -> ResponseReturnValue:
    """Set a new password for a user."""
    db = db_session()
    user = get_or_404(db, User, user_id)
    form = PasswordResetForm(account_name=user.username)

    def save() -> Done:
        reset_password(db, user.id, form.password.data or "")
        if user.id == current_user.id:
            login_user(user)  # the reset ended every session, this one too: keep the admin signed in
        return Done(_("The password of %(name)s was reset.", name=user.username), url_for("users.list_users"))

    return handle_form(form, save, lambda: render_template("users/password.html", form=form, user=user))


def demo_password_warning() -> dict[str, list[str]]:
    """Give every template, for an administrator, the accounts still using a demo password."""
    accounts: list[str] = []
    if current_user.is_authenticated and current_user.role is Role.ADMIN:
        accounts = accounts_with_demo_password(db_session())
    return {"demo_password_accounts": accounts}
