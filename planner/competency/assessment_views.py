"""Pages of competency assessments: the filtered list, create, edit and delete."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.competency.assessments import (
    AssessmentFilters,
    AssessmentInput,
    create_assessment,
    delete_assessment,
    search_assessments,
    update_assessment,
)
from planner.competency.forms import AssessmentFilterForm, AssessmentForm
from planner.competency.models import Assessment
from planner.enums import AssessmentSource
from planner.errors import InvalidInput
from planner.persistence import get_or_404, paginate
from planner.web.database import db_session
from planner.web.formflow import attach_error


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
        search_assessments(filters),
        request.args.get("page", 1, type=int),
        current_app.extensions["planner.config"].page_size,
    )
    return render_template("competency/assessments.html", form=form, page=page)


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
def create() -> str | Response | tuple[str, int]:
    """Record a new assessment."""
    db = db_session()
    form = AssessmentForm(db)
    if form.validate_on_submit():
        try:
            create_assessment(db, _input(form))
        except InvalidInput as error:
            db.rollback()
            attach_error(form, error)
        else:
            db.commit()
            flash(_("Assessment recorded."), "success")
            return redirect(url_for("competency.list_assessments"))
    status = 422 if form.is_submitted() else 200
    return render_template("competency/assessment_form.html", form=form, title=_("New assessment")), status


@editor_required
def edit(assessment_id: int) -> str | Response | tuple[str, int]:
    """Change an assessment."""
    db = db_session()
    assessment = get_or_404(db, Assessment, assessment_id)
    form = AssessmentForm(db, obj=assessment, current_dimension_id=assessment.dimension_id)
    if not form.is_submitted():
        form.employee_no.data = assessment.manager.employee_no if assessment.manager else ""
        form.candidate_reference.data = assessment.candidate.reference if assessment.candidate else ""
        form.source.data = assessment.source.value
    if form.validate_on_submit():
        try:
            update_assessment(db, assessment, _input(form))
        except InvalidInput as error:
            db.rollback()
            attach_error(form, error)
        else:
            db.commit()
            flash(_("Assessment saved."), "success")
            return redirect(url_for("competency.list_assessments"))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "competency/assessment_form.html", form=form, title=_("Edit assessment"), assessment=assessment
    ), status


@editor_required
def delete(assessment_id: int) -> Response:
    """Delete an assessment."""
    db = db_session()
    delete_assessment(db, get_or_404(db, Assessment, assessment_id))
    db.commit()
    flash(_("Assessment deleted."), "success")
    return redirect(url_for("competency.list_assessments"))
