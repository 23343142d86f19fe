"""The audit log's side of signing in: a sign-in is the user's own change, a failed one is an entry."""

from __future__ import annotations

from sqlalchemy.orm import Session

from planner.audit.models import AuditEntry
from planner.audit.recorder import act_as
from planner.auth.signals import sign_in_failed, signed_in
from planner.enums import AuditAction


def _attribute_to_user(session: Session, *, user_id: int, **_: object) -> None:
    act_as(session, user_id)


def _record_failure(
    session: Session, *, username: str, user_id: int | None, address: str | None, **_: object
) -> None:
    session.add(
        AuditEntry(
            user_id=user_id,
            action=AuditAction.SIGN_IN_FAILED,
            entity="app_user",
            entity_id=str(user_id or ""),
            changes={"username": username.strip()[:60], "address": address or ""},
        )
    )


def listen() -> None:
    """Connect the audit log to the sign-in signals (idempotent)."""
    signed_in.connect(_attribute_to_user)
    sign_in_failed.connect(_record_failure)
