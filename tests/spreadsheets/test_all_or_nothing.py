"""All or nothing: a row the database refuses midway (a trigger the preview cannot see) leaves nothing behind.

Runs on SQLite, and on PostgreSQL when DATABASE_URL points at it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text

from planner.audit.models import AuditEntry
from planner.people.models import Manager
from planner.spreadsheets.importer import FLUSH_EVERY, ImportFailed, commit_import, preview_import
from tests import factories
from tests.spreadsheets.conftest import TODAY
from tests.spreadsheets.workbooks import MANAGER_HEADER, manager_row, xlsx

REFUSED = "E-REFUSED"
TRIGGERS = {
    "sqlite": (
        [
            f"CREATE TRIGGER refuse_one_cm BEFORE INSERT ON manager WHEN NEW.employee_no = '{REFUSED}' "
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        ],
        ["DROP TRIGGER IF EXISTS refuse_one_cm"],
    ),
    "postgresql": (
        [
            "CREATE OR REPLACE FUNCTION refuse_one_cm() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.employee_no = '{REFUSED}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; "
            "END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_one_cm BEFORE INSERT ON manager "
            "FOR EACH ROW EXECUTE FUNCTION refuse_one_cm()",
        ],
        ["DROP TRIGGER IF EXISTS refuse_one_cm ON manager", "DROP FUNCTION IF EXISTS refuse_one_cm()"],
    ),
}


@pytest.fixture
def refusing_database(db) -> Iterator[None]:
    """A database that refuses to insert the CM with employee number E-REFUSED."""
    create, drop = TRIGGERS[db.get_bind().dialect.name]
    for statement in create:
        db.execute(text(statement))
    db.commit()
    yield
    db.rollback()
    for statement in drop:
        db.execute(text(statement))
    db.commit()


def test_a_row_refused_by_the_database_midway_leaves_the_database_as_it_was(db, bank, refusing_database):
    factories.ManagerFactory(employee_no="E0000", unit=bank.outlet, grade=bank.junior)
    db.commit()
    entries_before = db.scalar(select(func.count()).select_from(AuditEntry))
    # An update first, then more than one flushed batch of creates, then the refused row, then more rows.
    rows = [MANAGER_HEADER, manager_row("E0000", 等级="高级")]
    rows += [manager_row(f"E{n:04d}") for n in range(1, FLUSH_EVERY * 2 + 1)]
    rows += [manager_row(REFUSED), manager_row("E9999")]
    data = xlsx(rows)
    assert preview_import(db, "managers", "r.xlsx", data, today=TODAY).clean  # the preview cannot see it
    db.rollback()

    with pytest.raises(ImportFailed) as failure:
        commit_import(db, None, "managers", "r.xlsx", data, today=TODAY)
    db.rollback()

    assert "injected failure" in failure.value.params["reason"]
    assert failure.value.params["first"] <= FLUSH_EVERY * 2 + 3 <= failure.value.params["last"]
    db.expire_all()
    assert list(db.scalars(select(Manager.employee_no))) == ["E0000"]
    assert db.scalar(select(Manager.grade_id)) == bank.junior.id
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == entries_before
