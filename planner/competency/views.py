"""Pages of competency frameworks: list, framework page, versions, activation, groups and dimensions."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from planner.auth.access import admin_required, editor_required
from planner.competency import services
from planner.competency.forms import FrameworkForm, PartForm
from planner.competency.models import CompetencyDimension, CompetencyFramework, CompetencyGroup
from planner.persistence import get_or_404
from planner.web.database import db_session
from planner.web.formflow import Done, handle_action, handle_form
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


def _framework_url(framework_id: int) -> str:
    return url_for("competency.show_framework", framework_id=framework_id)


@editor_required
def create_framework() -> ResponseReturnValue:
    """Create version 1 of a new framework."""
    db = db_session()
    form = FrameworkForm()

    def save() -> Done:
        framework = services.create_framework(db, name=form.name.data, description=form.description.data)
        return Done(_("Framework created."), _framework_url(framework.id))

    return handle_form(
        form, save, lambda: render_template("competency/form.html", form=form, title=_("New framework"))
    )


@editor_required
def edit_framework(framework_id: int) -> ResponseReturnValue:
    """Rename a framework version or change its description."""
    db = db_session()
    framework = services.load_framework(db, framework_id) or abort(404)
    form = FrameworkForm(obj=framework)

    def save() -> Done:
        services.update_framework(db, framework, name=form.name.data, description=form.description.data)
        return Done(_("Framework saved."), _framework_url(framework.id))

    return handle_form(
        form,
        save,
        lambda: render_template(
            "competency/form.html", form=form, title=_("Edit framework"), cancel=_framework_url(framework.id)
        ),
    )


def _act(
    framework_id: int, action: Callable[[Session, CompetencyFramework], CompetencyFramework], success: str
) -> Response:
    """Run a one-click action on a framework, flash the outcome and go back to the relevant page."""
    db = db_session()
    framework = services.load_framework(db, framework_id) or abort(404)
    return handle_action(
        lambda: Done(success, _framework_url(action(db, framework).id)), _framework_url(framework_id)
    )


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

    def act() -> Done:
        services.delete_framework(db, framework)
        return Done(_("Framework deleted."), url_for("competency.list_frameworks"))

    return handle_action(act, _framework_url(framework_id))


@admin_required
def seed_default() -> Response:
    """Create the default competency model when no framework exists."""
    db = db_session()

    def act() -> Done:
        framework = services.seed_default_model(db)
        return Done(_("The default competency model was created."), _framework_url(framework.id))

    return handle_action(act, url_for("competency.list_frameworks"))


def _part_form(
    taken_codes: set[str],
    save: Callable[..., object],
    *,
    title: str,
    framework_id: int,
    obj: CompetencyGroup | CompetencyDimension | None = None,
) -> ResponseReturnValue:
    """Validate a group or dimension form and ``save`` it; back to the framework page or re-render (422)."""
    form = PartForm(obj=obj, taken_codes=taken_codes)

    def save_part() -> Done:
        save(**{name: form[name].data for name in ("code", "name_zh", "name_en", "weight")})
        return Done(_("Saved."), _framework_url(framework_id))

    cancel = _framework_url(framework_id)
    return handle_form(
        form,
        save_part,
        lambda: render_template("competency/form.html", form=form, title=title, cancel=cancel),
    )


@editor_required
def create_group(framework_id: int) -> ResponseReturnValue:
    """Add a group to a framework."""
    framework = services.load_framework(db_session(), framework_id) or abort(404)
    return _part_form(
        {g.code for g in framework.groups},
        lambda **fields: services.create_group(db_session(), framework, **fields),
        title=_("New group in %(name)s v%(version)d", name=framework.name, version=framework.version),
        framework_id=framework_id,
    )


@editor_required
def edit_group(group_id: int) -> ResponseReturnValue:
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
    framework_url = _framework_url(group.framework_id)

    def act() -> Done:
        services.delete_group(db, group)
        return Done(_("Group deleted."), framework_url)

    return handle_action(act, framework_url)


@editor_required
def create_dimension(group_id: int) -> ResponseReturnValue:
    """Add a dimension to a group."""
    group = get_or_404(db_session(), CompetencyGroup, group_id)
    return _part_form(
        {d.code for d in group.dimensions},
        lambda **fields: services.create_dimension(db_session(), group, **fields),
        title=_("New dimension in %(group)s", group=localized(group)),
        framework_id=group.framework_id,
    )


@editor_required
def edit_dimension(dimension_id: int) -> ResponseReturnValue:
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
    framework_url = _framework_url(dimension.group.framework_id)

    def act() -> Done:
        services.delete_dimension(db, dimension)
        return Done(_("Dimension deleted."), framework_url)

    return handle_action(act, framework_url)
