"""Creating, editing, moving and deleting candidates through the pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from planner.audit.models import AuditEntry
from planner.candidates.models import Candidate, CandidatePreference, CandidateStatusChange
from planner.enums import AuditAction, CandidateChannel, PipelineStatus
from tests.factories import AssessmentFactory, BankFactory, CandidateFactory, OutletFactory, PreferenceFactory


def form(**changes: object) -> dict[str, object]:
    """A valid form submission, changed as a test needs."""
    values: dict[str, object] = {
        "reference": "XZ2026-001",
        "channel": "campus",
        "employee_no": "",
        "name": "王小明",
        "gender": "male",
        "birth_date": "2003-04-02",
        "id_number": "42010220030402001x",
        "phone": "13912345678",
        "education": "bachelor",
        "major": "金融学",
        "years_experience": "0",
        "applied_on": "2026-10-08",
        "written_score": "81.5",
        "interview_score": "77",
        "personality_score": "",
        "credit_record_clean": "y",
        "qualification_passed_on": "",
        "preference_1": "",
        "preference_2": "",
        "preference_3": "",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_new_candidate_form_shows_today_as_application_date(planner_client):
    page = planner_client.get("/candidates/new").get_data(as_text=True)
    assert 'name="applied_on"' in page and 'name="preference_3"' in page


def test_planner_creates_a_candidate_with_preferences(planner_client, db):
    first, second = OutletFactory(), OutletFactory()
    db.commit()
    response = planner_client.post(
        "/candidates/new", data=form(preference_1=str(first.id), preference_2=str(second.id))
    )
    assert response.status_code == 302
    candidate = db.scalar(select(Candidate).where(Candidate.reference == "XZ2026-001"))
    assert response.headers["Location"] == f"/candidates/{candidate.id}"
    assert candidate.id_number == "42010220030402001X"
    assert candidate.status is PipelineStatus.APPLIED
    assert candidate.personality_score is None
    assert [(p.rank, p.unit_id) for p in candidate.preferences] == [(1, first.id), (2, second.id)]
    [entry] = candidate.history
    assert entry.to_status is PipelineStatus.APPLIED and entry.changed_by.username == "planner-user"


def test_creation_lands_in_the_audit_log_with_the_user(planner_client, db):
    planner_client.post("/candidates/new", data=form())
    entry = db.scalar(select(AuditEntry).where(AuditEntry.entity == "candidate"))
    assert entry.action is AuditAction.CREATE
    assert entry.changes["reference"] == "XZ2026-001"
    assert entry.changes["name"] == "王小明"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reference": ""}, "reference", "This field is required."),
        ({"written_score": "101"}, "written_score", "between 0 and 100"),
        ({"interview_score": "-3"}, "interview_score", "between 0 and 100"),
        ({"id_number": "12345"}, "id_number", "18 characters"),
        ({"phone": "1391234"}, "phone", "11 digits"),
        ({"channel": "internal"}, "employee_no", "need an employee number"),
        ({"birth_date": "2010-01-01"}, "birth_date", "18 to 60 years old"),
        ({"qualification_passed_on": "2099-01-01"}, "qualification_passed_on", "cannot be in the future"),
    ],
)
def test_invalid_form_is_shown_again_with_the_error_and_stores_nothing(
    planner_client, db, changes, field, message
):
    planner_client.post("/locale", data={"locale": "en"})
    response = planner_client.post("/candidates/new", data=form(**changes))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = page[page.index(f'id="{field}-error"') :]
    assert message in error[: error.index("</small>")]
    assert count(db, Candidate) == 0
    assert count(db, CandidateStatusChange) == 0


def test_duplicate_reference_is_reported_on_its_field(planner_client, db):
    CandidateFactory(reference="XZ2026-001")
    db.commit()
    response = planner_client.post("/candidates/new", data=form())
    assert response.status_code == 422
    assert (
        "XZ2026-001"
        in response.get_data(as_text=True)[response.get_data(as_text=True).index('id="reference-error"') :]
    )
    assert count(db, Candidate) == 1


def test_preferences_must_be_filled_in_order_and_distinct(planner_client, db):
    outlet = OutletFactory()
    db.commit()
    gap = planner_client.post("/candidates/new", data=form(preference_2=str(outlet.id)))
    assert gap.status_code == 422 and 'id="preference_2-error"' in gap.get_data(as_text=True)
    twice = planner_client.post(
        "/candidates/new", data=form(preference_1=str(outlet.id), preference_2=str(outlet.id))
    )
    assert twice.status_code == 422 and 'id="preference_2-error"' in twice.get_data(as_text=True)
    assert count(db, Candidate) == 0


def test_a_bank_cannot_be_chosen_as_a_preference(planner_client, db):
    bank = BankFactory()
    db.commit()
    response = planner_client.post("/candidates/new", data=form(preference_1=str(bank.id)))
    assert response.status_code == 422
    assert count(db, Candidate) == 0


def test_planner_edits_a_candidate(planner_client, db):
    candidate = CandidateFactory(reference="XZ2026-001", status=PipelineStatus.INTERVIEW)
    preference = PreferenceFactory(candidate=candidate, rank=1)
    db.commit()
    page = planner_client.get(f"/candidates/{candidate.id}/edit").get_data(as_text=True)
    assert 'value="XZ2026-001"' in page
    first = page[
        page.index('name="preference_1"') : page.index("</select>", page.index('name="preference_1"'))
    ]
    assert (
        f'selected value="{preference.unit_id}"' in first or f'value="{preference.unit_id}" selected' in first
    )
    response = planner_client.post(f"/candidates/{candidate.id}/edit", data=form(interview_score="91"))
    assert response.status_code == 302
    db.expire_all()
    stored = db.get(Candidate, candidate.id)
    assert (stored.interview_score, stored.status, stored.preferences) == (91.0, PipelineStatus.INTERVIEW, [])


def test_invalid_edit_changes_nothing(planner_client, db):
    candidate = CandidateFactory(written_score=70.0)
    db.commit()
    response = planner_client.post(
        f"/candidates/{candidate.id}/edit", data=form(written_score="88", phone="12")
    )
    assert response.status_code == 422
    db.expire_all()
    assert db.get(Candidate, candidate.id).written_score == 70.0


def test_legal_move_is_recorded_with_note_and_user(planner_client, db):
    candidate = CandidateFactory(status=PipelineStatus.WRITTEN_EXAM)
    db.commit()
    response = planner_client.post(
        f"/candidates/{candidate.id}/move", data={"to_status": "interview", "note": "笔试 81 分"}
    )
    assert response.status_code == 302
    db.expire_all()
    stored = db.get(Candidate, candidate.id)
    assert stored.status is PipelineStatus.INTERVIEW
    [change] = stored.history
    assert (change.from_status, change.to_status, change.note, change.changed_by.username) == (
        PipelineStatus.WRITTEN_EXAM,
        PipelineStatus.INTERVIEW,
        "笔试 81 分",
        "planner-user",
    )


def test_illegal_move_is_shown_to_the_user_and_changes_nothing(planner_client, db):
    planner_client.post("/locale", data={"locale": "en"})
    candidate = CandidateFactory(status=PipelineStatus.APPLIED)
    db.commit()
    response = planner_client.post(f"/candidates/{candidate.id}/move", data={"to_status": "hired"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "A candidate cannot move from Applied to Hired." in page
    db.expire_all()
    assert db.get(Candidate, candidate.id).status is PipelineStatus.APPLIED
    assert count(db, CandidateStatusChange) == 0


def test_move_form_offers_only_legal_targets(planner_client, db):
    candidate = CandidateFactory(status=PipelineStatus.OFFERED)
    db.commit()
    page = planner_client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    offered = page[page.index('name="to_status"') : page.index("</select>", page.index('name="to_status"'))]
    assert [
        value
        for value in ("hired", "rejected", "withdrawn", "interview", "applied")
        if f'value="{value}"' in offered
    ] == [
        "hired",
        "rejected",
        "withdrawn",
    ]


def test_final_candidate_has_no_move_form(planner_client, db):
    candidate = CandidateFactory(status=PipelineStatus.HIRED)
    db.commit()
    page = planner_client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert f"/candidates/{candidate.id}/move" not in page


def test_planner_deletes_a_candidate(planner_client, db):
    candidate = CandidateFactory(reference="GONE")
    PreferenceFactory(candidate=candidate)
    db.commit()
    response = planner_client.post(f"/candidates/{candidate.id}/delete")
    assert response.headers["Location"] == "/candidates/"
    assert count(db, Candidate) == 0
    assert count(db, CandidatePreference) == 0


def test_deleting_a_candidate_with_assessments_is_refused_with_a_message(planner_client, db):
    planner_client.post("/locale", data={"locale": "en"})
    candidate = CandidateFactory(reference="KEEP")
    AssessmentFactory(candidate=candidate, manager=None)
    db.commit()
    response = planner_client.post(f"/candidates/{candidate.id}/delete", follow_redirects=True)
    assert "Candidate KEEP still has 1 competency assessments; delete them first." in response.get_data(
        as_text=True
    )
    assert count(db, Candidate) == 1


def test_admin_may_change_candidates_too(admin_client, db):
    response = admin_client.post(
        "/candidates/new", data=form(channel=CandidateChannel.INTERNAL.value, employee_no="E9")
    )
    assert response.status_code == 302
    assert count(db, Candidate) == 1


def test_csrf_is_required_to_create(csrf_app, db):
    from tests.factories import PASSWORD, UserFactory

    UserFactory(username="p")
    db.commit()
    client = csrf_app.test_client()
    try:
        login_page = client.get("/login").get_data(as_text=True)
        token = login_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/login", data={"username": "p", "password": PASSWORD, "csrf_token": token})
        assert client.post("/candidates/new", data=form()).status_code == 400
        assert count(db, Candidate) == 0
    finally:
        # The CSRF app has its own engine; leave no connection open behind this test.
        csrf_app.extensions["planner.engine"].dispose()
