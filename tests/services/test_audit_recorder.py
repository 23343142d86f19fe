"""Every change made through a session lands in the audit log with the acting user."""

from sqlalchemy import select

from planner.audit.models import AuditEntry
from planner.audit.recorder import act_as
from planner.enums import AuditAction
from planner.org.models import OrgUnit
from tests import factories


def _entries(db, entity):
    return db.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)).all()


def test_creation_is_logged_with_the_new_row_id_and_values(db):
    user = factories.UserFactory()
    act_as(db, user.id)
    bank = factories.BankFactory(code="HB01", name="湖北某农商银行")
    db.commit()
    (entry,) = _entries(db, "org_unit")
    assert entry.action is AuditAction.CREATE
    assert entry.user_id == user.id
    assert entry.entity_id == str(bank.id)
    assert entry.changes["code"] == "HB01"


def test_update_logs_old_and_new_values_of_changed_fields_only(db):
    bank = factories.BankFactory(name="旧名")
    db.commit()
    bank.name = "新名"
    db.commit()
    update = _entries(db, "org_unit")[-1]
    assert update.action is AuditAction.UPDATE
    assert update.changes == {"name": ["旧名", "新名"]}


def test_deletion_keeps_a_copy_of_the_row(db):
    bank = factories.BankFactory(code="GONE")
    db.commit()
    db.delete(db.get(OrgUnit, bank.id))
    db.commit()
    deletion = _entries(db, "org_unit")[-1]
    assert deletion.action is AuditAction.DELETE
    assert deletion.changes["code"] == "GONE"


def test_password_hashes_never_reach_the_log(db):
    factories.UserFactory(username="secret")
    db.commit()
    (entry,) = _entries(db, "app_user")
    assert entry.changes["password_hash"] == "***"


def test_bulk_loads_can_switch_the_log_off(db):
    db.info["audit_disabled"] = True
    factories.BankFactory()
    db.commit()
    assert _entries(db, "org_unit") == []
