"""Pages of competency frameworks: list, framework page, versions, activation, groups and dimensions."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from planner.auth.access import admin_required, editor_required
from planner.competency import services
from planner.competency.forms import FrameworkForm, PartForm
from planner.competency.models import CompetencyDimension, CompetencyFramework, CompetencyGroup
from planner.errors import DomainError, InvalidInput
from planner.persistence import get_or_404
from planner.web.database import db_session
from planner.web.formflow import attach_error
from planner.web.templating import localized


def list_frameworks() -> str:
    """List every framework version with its counts."""
    db = db_session()
    return render_template("competency/frameworks.html", summaries=services.list_frameworks(db))


def show_framework(framework_id: int) -> str:
    """Show a framework's groups and dimensions with their weights as shares."""
    framework = services.load_framework(db_session(), framework_id)
    if framework is None:
        abort(404)
    group_shares = services.weight_shares([g.weight for g in framework.groups])
    dimension_shares = {
        g.id: services.weight_shares([d.weight for d in g.dimensions]) for g in framework.groups
    }
    return render_template(
        "competency/framework.html",
        framework=framework,
        groups=list(zip(framework.groups, group_shares, strict=True)),
        dimension_shares=dimension_shares,
    )


def _framework_page(framework_id: int) -> Response:
    return redirect(url_for("competency.show_framework", framework_id=framework_id))


@editor_required
def create_framework() -> str | Response | tuple[str, int]:
    """Create version 1 of a new framework."""
    db = db_session()
    form = FrameworkForm()
    if form.validate_on_submit():
        try:
            framework = services.create_framework(db, name=form.name.data, description=form.description.data)
        except InvalidInput as error:
            db.rollback()
            attach_error(form, error)
        else:
            db.commit()
            flash(_("Framework created."), "success")
            return _framework_page(framework.id)
    status = 422 if form.is_submitted() else 200
    return render_template("competency/form.html", form=form, title=_("New framework")), status


@editor_required
def edit_framework(framework_id: int) -> str | Response | tuple[str, int]:
    """Rename a framework version or change its description."""
    db = db_session()
    framework = services.load_framework(db, framework_id) or abort(404)
    form = FrameworkForm(obj=framework)
    if form.validate_on_submit():
        try:
            services.update_framework(db, framework, name=form.name.data, description=form.description.data)
        except InvalidInput as error:
            db.rollback()
            attach_error(form, error)
        else:
            db.commit()
            flash(_("Framework saved."), "success")
            return _framework_page(framework.id)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "competency/form.html",
        form=form,
        title=_("Edit framework"),
        cancel=url_for("competency.show_framework", framework_id=framework.id),
    ), status


def _act(
    framework_id: int, action: Callable[[Session, CompetencyFramework], CompetencyFramework], success: str
) -> Response:
    """Run a one-click action on a framework, flash the outcome and go back to the relevant page."""
    db = db_session()
    framework = services.load_framework(db, framework_id) or abort(404)
    try:
        result = action(db, framework)
    except DomainError as error:
        db.rollback()
        flash(str(error), "error")
        return _framework_page(framework_id)
    db.commit()
    flash(success, "success")
    return _framework_page(result.id)


@editor_required
def new_version(framework_id: int) -> Response:
    """Copy a framework as its next version (inactive until activated)."""
    return _act(framework_id, services.new_version, _("New version created; activate it when it is ready."))


@editor_required
def activate_framework(framework_id: int) -> Response:
    """Make this version the only active one."""
    return _act(framework_id, services.activate_framework, _("This version is now the active framework."))


@editor_required
def delete_framework(framework_id: int) -> Response:
    """Delete an unused, inactive framework version."""
    db = db_session()
    framework = services.load_framework(db, framework_id) or abort(404)
    try:
        services.delete_framework(db, framework)
    except DomainError as error:
        db.rollback()
        flash(str(error), "error")
        return _framework_page(framework_id)
    db.commit()
    flash(_("Framework deleted."), "success")
    return redirect(url_for("competency.list_frameworks"))


@admin_required
def seed_default() -> Response:
    """Create the default competency model when no framework exists."""
    db = db_session()
    try:
        framework = services.seed_default_model(db)
    except DomainError as error:
        db.rollback()
        flash(str(error), "error")
        return redirect(url_for("competency.list_frameworks"))
    db.commit()
    flash(_("The default competency model was created."), "success")
    return _framework_page(framework.id)


def _part_form(
    taken_codes: set[str],
    save: Callable[..., object],
    *,
    title: str,
    framework_id: int,
    obj: CompetencyGroup | CompetencyDimension | None = None,
) -> Response | tuple[str, int]:
    """Validate a group or dimension form and ``save`` it; back to the framework page or re-render (422)."""
    db = db_session()
    form = PartForm(obj=obj, taken_codes=taken_codes)
    if form.validate_on_submit():
        fields = {name: form[name].data for name in ("code", "name_zh", "name_en", "weight")}
        try:
            save(**fields)
        except InvalidInput as error:
            db.rollback()
            attach_error(form, error)
        else:
            db.commit()
            flash(_("Saved."), "success")
            return _framework_page(framework_id)
    cancel = url_for("competency.show_framework", framework_id=framework_id)
    status = 422 if form.is_submitted() else 200
    return render_template("competency/form.html", form=form, title=title, cancel=cancel), status


@editor_required
def create_group(framework_id: int) -> Response | tuple[str, int]:
    """Add a group to a framework."""
    framework = services.load_framework(db_session(), framework_id) or abort(404)
    return _part_form(
        {g.code for g in framework.groups},
        lambda **fields: services.create_group(db_session(), framework, **fields),
        title=_("New group in %(name)s v%(version)d", name=framework.name, version=framework.version),
        framework_id=framework_id,
    )


@editor_required
def edit_group(group_id: int) -> Response | tuple[str, int]:
    """Change a group's code, names or weight."""
    group = get_or_404(db_session(), CompetencyGroup, group_id)
    return _part_form(
        {g.code for g in group.framework.groups if g.id != group.id},
        lambda **fields: services.update_group(db_session(), group, **fields),
        title=_("Edit group"),
        framework_id=group.framework_id,
        obj=group,
    )


@editor_required
def delete_group(group_id: int) -> Response:
    """Delete a group whose dimensions nobody uses."""
    db = db_session()
    group = get_or_404(db, CompetencyGroup, group_id)
    framework_id = group.framework_id
    try:
        services.delete_group(db, group)
    except DomainError as error:
        db.rollback()
        flash(str(error), "error")
    else:
        db.commit()
        flash(_("Group deleted."), "success")
    return _framework_page(framework_id)


@editor_required
def create_dimension(group_id: int) -> Response | tuple[str, int]:
    """Add a dimension to a group."""
    group = get_or_404(db_session(), CompetencyGroup, group_id)
    return _part_form(
        {d.code for d in group.dimensions},
        lambda **fields: services.create_dimension(db_session(), group, **fields),
        title=_("New dimension in %(group)s", group=localized(group)),
        framework_id=group.framework_id,
    )


@editor_required
def edit_dimension(dimension_id: int) -> Response | tuple[str, int]:
    """Change a dimension's code, names or weight."""
    dimension = get_or_404(db_session(), CompetencyDimension, dimension_id)
    return _part_form(
        {d.code for d in dimension.group.dimensions if d.id != dimension.id},
        lambda **fields: services.update_dimension(db_session(), dimension, **fields),
        title=_("Edit dimension"),
        framework_id=dimension.group.framework_id,
        obj=dimension,
    )


@editor_required
def delete_dimension(dimension_id: int) -> Response:
    """Delete a dimension no assessment or territory threshold uses."""
    db = db_session()
    dimension = get_or_404(db, CompetencyDimension, dimension_id)
    framework_id = dimension.group.framework_id
    try:
        services.delete_dimension(db, dimension)
    except DomainError as error:
        db.rollback()
        flash(str(error), "error")
    else:
        db.commit()
        flash(_("Dimension deleted."), "success")
    return _framework_page(framework_id)
