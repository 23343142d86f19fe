"""Small persistence steps shared by every feature's services."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, TableClause, column, func, select, table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner.errors import NotFound, StillReferenced
from planner.messages import N_

T = TypeVar("T")


def get_or_404(session: Session, model: type[T], ident: Any) -> T:
    """Return the row of ``model`` with primary key ``ident`` or raise ``NotFound``."""
    row = session.get(model, ident)
    if row is None:
        raise NotFound(N_("%(entity)s %(ident)s does not exist.", entity=model.__name__, ident=ident))
    return row


def delete_row(session: Session, row: Any, label: str) -> None:
    """Delete ``row``; if other records still point at it, roll back and raise ``StillReferenced``."""
    try:
        session.delete(row)
        session.flush()
    except IntegrityError as error:
        session.rollback()
        raise StillReferenced(
            row.__tablename__,
            N_("%(label)s is still used by other records and cannot be deleted.", label=label),
        ) from error


def schema_table(name: str, *columns: str) -> TableClause:
    """Name a table of the schema and some of its columns without importing the feature that maps it."""
    # A feature counts the rows of a feature above it that still point at its own rows through a foreign key
    # (to say what blocks a delete) this way, so imports keep one direction; the migrations own the names.
    return table(name, *(column(each) for each in columns))


def count_referring(session: Session, table_name: str, column_name: str, idents: Collection[Any]) -> int:
    """Count the rows of ``table_name`` whose foreign key ``column_name`` holds one of ``idents``."""
    if not idents:
        return 0
    referring = schema_table(table_name, column_name)
    stmt = select(func.count()).select_from(referring).where(referring.c[column_name].in_(list(idents)))
    return session.scalar(stmt) or 0


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a longer list."""

    items: Sequence[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """Return the number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_page(self) -> int:
        """Return the number of the page before (the first page is its own)."""
        return max(1, self.page - 1)

    @property
    def next_page(self) -> int:
        """Return the number of the page after (the last page is its own)."""
        return min(self.pages, self.page + 1)


def paginate(session: Session, stmt: Select[Any], page: int, per_page: int) -> Page[Any]:
    """Run ``stmt`` for one page and count the whole result."""
    page = max(1, page)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=items, page=page, per_page=per_page, total=total)


def paginate_list(items: Sequence[T], page: int, per_page: int) -> Page[T]:
    """Return one page of a list already in memory (a page past the end shows the last)."""
    page = min(max(1, page), max(1, -(-len(items) // per_page)))
    start = (page - 1) * per_page
    return Page(items=items[start : start + per_page], page=page, per_page=per_page, total=len(items))
