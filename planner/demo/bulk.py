"""Bulk inserts in chunks: fast enough for the large demo (hundreds of thousands of rows)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, inspect
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

CHUNK = 5_000


def insert_rows(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``model``'s table in chunks."""
    # Asking for the ids makes SQLAlchemy send multi-row VALUES batches ("insertmanyvalues"), several times
    # faster on PostgreSQL than a row-by-row executemany.
    insert_returning_ids(session, model, rows)


def insert_returning_ids(session: Session, model: type, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` and return their new ids in the same order."""
    ids: list[int] = []
    statement: ReturningInsert[int] = insert(model).returning(
        inspect(model).primary_key[0], sort_by_parameter_order=True
    )
    for start in range(0, len(rows), CHUNK):
        ids.extend(session.scalars(statement, rows[start : start + CHUNK]).all())
    return ids
