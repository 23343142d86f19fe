"""Record every change made through a session in the audit log.

Services put the acting user's id in ``session.info["actor_id"]``; a ``before_flush`` hook then writes one
``AuditEntry`` per inserted, updated or deleted row, so no service can forget to log.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import Table, event, inspect
from sqlalchemy.orm import Session

from planner.audit.models import AuditEntry
from planner.db import utcnow
from planner.enums import AuditAction

ACTOR_KEY = "actor_id"
# Id of a summary entry (an import) the coming changes are recorded under.
PARENT_KEY = "audit_parent_id"
# Rows that are themselves logs or secrets are not copied into the audit log; nor are uploaded files kept
# for an import's preview (the import's own entry names the file).
UNAUDITED_TABLES = {"audit_entry", "run_snapshot", "run_progress", "spreadsheet_upload"}
REDACTED_COLUMNS = {"password_hash"}


def act_as(session: Session, user_id: int | None) -> Session:
    """Attribute the session's coming changes to ``user_id`` and return the session."""
    session.info[ACTOR_KEY] = user_id
    return session


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _column_values(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    return {
        attr.key: ("***" if attr.key in REDACTED_COLUMNS else _plain(getattr(obj, attr.key)))
        for attr in state.mapper.column_attrs
    }


def _changed_values(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in ("updated_at", "created_at"):
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if attr.key in REDACTED_COLUMNS:
                old, new = "***", "***"
            changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def _entity_id(obj: Any) -> str:
    mapper = inspect(obj).mapper
    return ",".join(str(part) for part in mapper.primary_key_from_instance(obj) if part is not None)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if not is_audit_enabled(session):
        return
    actor = session.info.get(ACTOR_KEY)
    created = [obj for obj in session.new if obj.__tablename__ not in UNAUDITED_TABLES]
    for obj in session.dirty:
        if obj.__tablename__ in UNAUDITED_TABLES or not session.is_modified(obj, include_collections=False):
            continue
        changes = _changed_values(obj)
        if changes:
            session.add(
                AuditEntry(
                    user_id=actor,
                    parent_id=session.info.get(PARENT_KEY),
                    action=AuditAction.UPDATE,
                    entity=obj.__tablename__,
                    entity_id=_entity_id(obj),
                    changes=changes,
                )
            )
    for obj in session.deleted:
        if obj.__tablename__ not in UNAUDITED_TABLES:
            session.add(
                AuditEntry(
                    user_id=actor,
                    parent_id=session.info.get(PARENT_KEY),
                    action=AuditAction.DELETE,
                    entity=obj.__tablename__,
                    entity_id=_entity_id(obj),
                    changes=_column_values(obj),
                )
            )
    # New rows get their ids only during the flush: log them right after it.
    session.info.setdefault("_audit_new", []).extend(created)


def _after_flush(session: Session, _context: Any) -> None:
    created = session.info.pop("_audit_new", [])
    if not created:
        return
    actor = session.info.get(ACTOR_KEY)
    rows = [
        {
            "at": utcnow(),
            "user_id": actor,
            "parent_id": session.info.get(PARENT_KEY),
            "action": AuditAction.CREATE,
            "entity": obj.__tablename__,
            "entity_id": _entity_id(obj),
            "changes": _column_values(obj),
        }
        for obj in created
    ]
    session.execute(cast(Table, AuditEntry.__table__).insert(), rows)


def install(session_class: type[Session]) -> None:
    """Hook the audit recorder into every session of ``session_class``."""
    if not event.contains(session_class, "before_flush", _before_flush):
        event.listen(session_class, "before_flush", _before_flush)
        event.listen(session_class, "after_flush", _after_flush)


def is_audit_enabled(session: Session) -> bool:
    """Tell whether changes in ``session`` are recorded (bulk loaders such as the demo switch it off)."""
    return not session.info.get("audit_disabled", False)
