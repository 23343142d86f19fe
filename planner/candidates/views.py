"""Pages of candidates for competitive hiring (公开竞聘): list, page, form, delete and pipeline moves."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.candidates.display import error_message, gate_rows, today
from planner.candidates.forms import CandidateFilterForm, CandidateForm, MoveForm
from planner.candidates.gates import evaluate_gates, gate_rules, passes_all_gates
from planner.candidates.messages import CandidateInputError, CandidateStillReferenced
from planner.candidates.models import Candidate
from planner.candidates.pipeline import allowed_moves
from planner.candidates.pipeline import move_candidate as move_service
from planner.candidates.privacy import mask_name
from planner.candidates.queries import (
    CandidateFilters,
    candidate_assessments,
    load_candidate,
    preferable_units,
    search_candidates,
)
from planner.candidates.scoring import composite_score
from planner.candidates.services import create_candidate, update_candidate
from planner.candidates.services import delete_candidate as delete_service
from planner.enums import CandidateChannel, Education, PipelineStatus
from planner.errors import NotFound
from planner.persistence import paginate
from planner.web.database import db_session

# Where a service's field name is shown on the form.
FORM_FIELD_OF = {"preferences": "preference_1"}


def _enum_or_none(enum_cls: type, value: str | None):  # type: ignore[no-untyped-def]
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None


def _get_candidate(candidate_id: int) -> Candidate:
    candidate = load_candidate(db_session(), candidate_id)
    if candidate is None:
        raise NotFound(_("Candidate %(ident)s does not exist.", ident=candidate_id))
    return candidate


def _shown_name(candidate: Candidate) -> str:
    return candidate.name if current_user.can_see_personal_data() else mask_name(candidate.name)


def list_candidates() -> str:
    """List candidates with filters, search and pages."""
    db = db_session()
    form = CandidateFilterForm(preferable_units(db), formdata=request.args)
    form.validate()
    rules = gate_rules(db)
    gates = request.args.get("gates")
    filters = CandidateFilters(
        channel=_enum_or_none(CandidateChannel, form.channel.data),
        status=_enum_or_none(PipelineStatus, form.status.data),
        education=_enum_or_none(Education, form.education.data),
        unit_id=form.unit.data if not form.unit.errors else None,
        passes_gates={"yes": True, "no": False}.get(gates or ""),
        text=(form.q.data or "")[:60],
        search_names=current_user.can_see_personal_data(),
        sort="composite" if form.sort.data == "composite" else "reference",
        rules=rules,
        today=today(),
    )
    page_size = current_app.extensions["planner.config"].page_size
    page = paginate(db, search_candidates(db, filters), request.args.get("page", 1, type=int), page_size)
    rows = [
        {
            "candidate": candidate,
            "name": _shown_name(candidate),
            "composite": composite_score(
                candidate.written_score, candidate.interview_score, rules.written_weight
            ),
            "first_preference": candidate.preferences[0].unit if candidate.preferences else None,
        }
        for candidate in page.items
    ]
    return render_template("candidates/list.html", form=form, page=page, rows=rows)


def _render_page(
    candidate: Candidate, move_form: MoveForm | None = None, status: int = 200
) -> tuple[str, int]:
    db = db_session()
    rules = gate_rules(db)
    results = evaluate_gates(candidate, rules, today())
    if move_form is None and current_user.can_edit():
        move_form = MoveForm(allowed_moves(candidate.status), formdata=None)
    return (
        render_template(
            "candidates/detail.html",
            candidate=candidate,
            name=_shown_name(candidate),
            personal=current_user.can_see_personal_data(),
            rules=rules,
            composite=composite_score(
                candidate.written_score, candidate.interview_score, rules.written_weight
            ),
            gates=gate_rows(results),
            passes_all=passes_all_gates(results),
            assessments=candidate_assessments(db, candidate.id),
            history=sorted(candidate.history, key=lambda change: (change.changed_at, change.id)),
            move_form=move_form,
        ),
        status,
    )


def show_candidate(candidate_id: int) -> tuple[str, int]:
    """Show a candidate's facts, exam scores, gates, preferences, assessments and pipeline history."""
    return _render_page(_get_candidate(candidate_id))


def _attach(form: CandidateForm | MoveForm, error: CandidateInputError) -> None:
    field = getattr(form, FORM_FIELD_OF.get(error.field, error.field), None)
    message = error_message(error)
    if field is None:
        form.form_errors.append(message)
    else:
        field.errors = [*field.errors, message]


def _render_form(form: CandidateForm, candidate: Candidate | None, status: int) -> tuple[str, int]:
    return render_template("candidates/form.html", form=form, candidate=candidate), status


@editor_required
def new_candidate() -> Response | tuple[str, int]:
    """Register a candidate."""
    db = db_session()
    form = CandidateForm(preferable_units(db), today())
    if form.validate_on_submit():
        try:
            candidate = create_candidate(db, form.to_data(), int(current_user.id), today())
        except CandidateInputError as error:
            db.rollback()
            _attach(form, error)
            return _render_form(form, None, 422)
        db.commit()
        flash(_("Candidate %(reference)s added.", reference=candidate.reference), "success")
        return redirect(url_for("candidates.show_candidate", candidate_id=candidate.id))
    return _render_form(form, None, 422 if request.method == "POST" else 200)


@editor_required
def edit_candidate(candidate_id: int) -> Response | tuple[str, int]:
    """Change a candidate's facts, scores and preferences."""
    db = db_session()
    candidate = _get_candidate(candidate_id)
    form = CandidateForm(preferable_units(db), today(), candidate=candidate)
    if form.validate_on_submit():
        try:
            update_candidate(db, candidate, form.to_data(), today())
        except CandidateInputError as error:
            db.rollback()
            _attach(form, error)
            return _render_form(form, candidate, 422)
        db.commit()
        flash(_("Candidate %(reference)s saved.", reference=candidate.reference), "success")
        return redirect(url_for("candidates.show_candidate", candidate_id=candidate.id))
    return _render_form(form, candidate, 422 if request.method == "POST" else 200)


@editor_required
def delete_candidate(candidate_id: int) -> Response:
    """Delete a candidate, unless other records still refer to them."""
    db = db_session()
    candidate = _get_candidate(candidate_id)
    reference = candidate.reference
    try:
        delete_service(db, candidate)
    except CandidateStillReferenced as error:
        db.rollback()
        flash(error_message(error), "error")
        return redirect(url_for("candidates.show_candidate", candidate_id=candidate_id))
    db.commit()
    flash(_("Candidate %(reference)s deleted.", reference=reference), "success")
    return redirect(url_for("candidates.list_candidates"))


@editor_required
def move_candidate(candidate_id: int) -> Response | tuple[str, int]:
    """Move a candidate along the pipeline (or out of it), with a note."""
    db = db_session()
    candidate = _get_candidate(candidate_id)
    form = MoveForm(allowed_moves(candidate.status))
    if not form.validate_on_submit():
        return _render_page(candidate, form, 422)
    target = _enum_or_none(PipelineStatus, form.to_status.data)
    if target is None:
        form.to_status.errors = [_("Choose a status.")]
        return _render_page(candidate, form, 422)
    try:
        move_service(db, candidate, target, int(current_user.id), form.note.data or "")
    except CandidateInputError as error:
        db.rollback()
        _attach(form, error)
        return _render_page(_get_candidate(candidate_id), form, 422)
    db.commit()
    flash(
        _("Candidate %(reference)s moved to %(status)s.", reference=candidate.reference, status=target.label),
        "success",
    )
    return redirect(url_for("candidates.show_candidate", candidate_id=candidate.id))
