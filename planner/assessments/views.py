"""Pages of competency assessments: the filtered list, create, edit and delete."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from planner.assessments import services
from planner.assessments.forms import AssessmentFilterForm, AssessmentForm
from planner.assessments.models import Assessment
from planner.assessments.services import AssessmentFilters, AssessmentInput
from planner.auth.access import editor_required
from planner.enums import AssessmentSource
from planner.persistence import get_or_404, paginate
from planner.web.database import db_session
from planner.web.formflow import Done, handle_action, handle_form


def list_assessments() -> str:
    """List assessments with filters and pagination."""
    db = db_session()
    form = AssessmentFilterForm(db, request.args)
    form.validate()
    filters = AssessmentFilters(
        subject_kind=form.kind.data or None,
        dimension_id=None if form.dimension.errors else form.dimension.data,
        source=AssessmentSource(form.source.data) if form.source.data and not form.source.errors else None,
        date_from=None if form.date_from.errors else form.date_from.data,
        date_to=None if form.date_to.errors else form.date_to.data,
        search=form.q.data or "",
    )
    page = paginate(
        db,
        services.search_assessments(filters),
        request.args.get("page", 1, type=int),
        current_app.extensions["planner.config"].page_size,
    )
    return render_template("assessments/list.html", form=form, page=page)


def _input(form: AssessmentForm) -> AssessmentInput:
    return AssessmentInput(
        dimension_id=form.dimension_id.data,
        employee_no=form.employee_no.data or "",
        candidate_reference=form.candidate_reference.data or "",
        score=form.score.data,
        assessed_on=form.assessed_on.data,
        source=AssessmentSource(form.source.data),
    )


@editor_required
def create_assessment() -> ResponseReturnValue:
    """Record a new assessment."""
    db = db_session()
    form = AssessmentForm(db)

    def save() -> Done:
        services.create_assessment(db, _input(form))
        return Done(_("Assessment recorded."), url_for("assessments.list_assessments"))

    return handle_form(
        form,
        save,
        lambda: render_template("assessments/form.html", form=form, title=_("New assessment")),
    )


@editor_required
def edit_assessment(assessment_id: int) -> ResponseReturnValue:
    """Change an assessment."""
    db = db_session()
    assessment = get_or_404(db, Assessment, assessment_id)
    form = AssessmentForm(db, obj=assessment, current_dimension_id=assessment.dimension_id)
    if not form.is_submitted():
        form.employee_no.data = assessment.manager.employee_no if assessment.manager else ""
        form.candidate_reference.data = assessment.candidate.reference if assessment.candidate else ""
        form.source.data = assessment.source.value

    def save() -> Done:
        services.update_assessment(db, assessment, _input(form))
        return Done(_("Assessment saved."), url_for("assessments.list_assessments"))

    return handle_form(
        form,
        save,
        lambda: render_template(
            "assessments/form.html", form=form, title=_("Edit assessment"), assessment=assessment
        ),
    )


@editor_required
def delete_assessment(assessment_id: int) -> Response:
    """Delete an assessment."""
    db = db_session()
    assessment = get_or_404(db, Assessment, assessment_id)

    def act() -> Done:
        services.delete_assessment(db, assessment)
        return Done(_("Assessment deleted."), url_for("assessments.list_assessments"))

    return handle_action(act, url_for("assessments.list_assessments"))
