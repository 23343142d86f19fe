"""Pages of candidates for competitive hiring (公开竞聘): list, page, form, delete and pipeline moves."""

from __future__ import annotations

import enum
from typing import TypeVar

from flask import current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.auth.access import editor_required
from planner.candidates.forms import CandidateFilterForm, CandidateForm, MoveForm
from planner.candidates.gates import OUTCOME_NAMES, GateOutcome, GateResult, gate_rules
from planner.candidates.models import Candidate
from planner.candidates.pipeline import allowed_moves
from planner.candidates.pipeline import move_candidate as move_service
from planner.candidates.privacy import mask_name
from planner.candidates.queries import (
    CandidateFilters,
    load_candidate,
    preferable_units,
    search_candidates,
)
from planner.candidates.scoring import composite_score
from planner.candidates.services import create_candidate, update_candidate
from planner.candidates.services import delete_candidate as delete_service
from planner.enums import CandidateChannel, Education, PipelineStatus
from planner.errors import NotFound
from planner.messages import N_
from planner.pages.candidates.page import candidate_page_data, today
from planner.persistence import paginate
from planner.web.database import db_session
from planner.web.formflow import Done, handle_action, handle_form
from planner.web.i18n import translate

E = TypeVar("E", bound=enum.Enum)

# Where a service's field name is shown on the form.
FORM_FIELD_OF = {"preferences": "preference_1"}


OUTCOME_BADGES = {
    GateOutcome.PASSED: "badge",
    GateOutcome.FAILED: "badge badge-bad",
    GateOutcome.PENDING: "badge badge-warn",
    GateOutcome.AFTER_HIRING: "badge badge-warn",
}


def gate_rows(results: list[GateResult]) -> list[dict[str, str]]:
    """Return each gate's name, outcome, badge class and reason, in the user's language."""
    return [
        {
            "name": translate(result.name),
            "outcome": translate(OUTCOME_NAMES[result.outcome]),
            "code": result.outcome.value,
            "badge": OUTCOME_BADGES[result.outcome],
            "reason": translate(N_(result.reason, **result.params)),
        }
        for result in results
    ]


def _enum_or_none(enum_cls: type[E], value: str | None) -> E | None:
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None


def _get_candidate(candidate_id: int) -> Candidate:
    candidate = load_candidate(db_session(), candidate_id)
    if candidate is None:
        raise NotFound(N_("Candidate %(ident)s does not exist.", ident=candidate_id))
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


def _render_page(candidate_id: int, move_form: MoveForm | None = None) -> str:
    page = candidate_page_data(db_session(), candidate_id, today())
    if move_form is None and current_user.can_edit():
        move_form = MoveForm(allowed_moves(page.candidate.status), formdata=None)
    return render_template(
        "candidates/detail.html",
        candidate=page.candidate,
        name=_shown_name(page.candidate),
        personal=current_user.can_see_personal_data(),
        rules=page.rules,
        composite=page.composite,
        gates=gate_rows(page.gates),
        passes_all=page.passes_all,
        assessments=page.assessments,
        history=page.history,
        move_form=move_form,
    )


def show_candidate(candidate_id: int) -> str:
    """Show a candidate's facts, exam scores, gates, preferences, assessments and pipeline history."""
    return _render_page(candidate_id)


def _render_form(form: CandidateForm, candidate: Candidate | None) -> str:
    return render_template("candidates/form.html", form=form, candidate=candidate)


@editor_required
def new_candidate() -> ResponseReturnValue:
    """Register a candidate."""
    db = db_session()
    form = CandidateForm(preferable_units(db), today())

    def save() -> Done:
        candidate = create_candidate(db, form.to_data(), int(current_user.id), today())
        return Done(
            _("Candidate %(reference)s added.", reference=candidate.reference),
            url_for("candidates.show_candidate", candidate_id=candidate.id),
        )

    return handle_form(form, save, lambda: _render_form(form, None), fields=FORM_FIELD_OF)


@editor_required
def edit_candidate(candidate_id: int) -> ResponseReturnValue:
    """Change a candidate's facts, scores and preferences."""
    db = db_session()
    candidate = _get_candidate(candidate_id)
    form = CandidateForm(preferable_units(db), today(), candidate=candidate)

    def save() -> Done:
        update_candidate(db, candidate, form.to_data(), today())
        return Done(
            _("Candidate %(reference)s saved.", reference=candidate.reference),
            url_for("candidates.show_candidate", candidate_id=candidate.id),
        )

    return handle_form(form, save, lambda: _render_form(form, candidate), fields=FORM_FIELD_OF)


@editor_required
def delete_candidate(candidate_id: int) -> Response:
    """Delete a candidate, unless other records still refer to them."""
    db = db_session()
    candidate = _get_candidate(candidate_id)
    reference = candidate.reference

    def act() -> Done:
        delete_service(db, candidate)
        return Done(
            _("Candidate %(reference)s deleted.", reference=reference), url_for("candidates.list_candidates")
        )

    return handle_action(act, url_for("candidates.show_candidate", candidate_id=candidate_id))


@editor_required
def move_candidate(candidate_id: int) -> ResponseReturnValue:
    """Move a candidate along the pipeline (or out of it), with a note."""
    db = db_session()
    candidate = _get_candidate(candidate_id)
    form = MoveForm(allowed_moves(candidate.status))

    def save() -> Done:
        target = PipelineStatus(form.to_status.data)
        move_service(db, candidate, target, int(current_user.id), form.note.data or "")
        return Done(
            _(
                "Candidate %(reference)s moved to %(status)s.",
                reference=candidate.reference,
                status=translate(target.label),
            ),
            url_for("candidates.show_candidate", candidate_id=candidate.id),
        )

    return handle_form(form, save, lambda: _render_page(candidate_id, form))
