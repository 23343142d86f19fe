"""Avoidance links (回避): pairs of related people who must not work in the same unit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.enums import AvoidanceRelation
from planner.errors import InvalidInput, NotFound
from planner.messages import N_
from planner.people.models import AvoidanceLink, Manager


def link_avoidance(
    session: Session, manager: Manager, other_employee_no: str, relation: AvoidanceRelation
) -> AvoidanceLink:
    """Link ``manager`` with the CM holding ``other_employee_no``; the pair is stored lower id first."""
    other = session.scalar(select(Manager).where(Manager.employee_no == other_employee_no.strip()))
    if other is None:
        raise InvalidInput("employee_no", N_("No CM has this employee number."))
    if other.id == manager.id:
        raise InvalidInput("employee_no", N_("A CM cannot be linked with themselves."))
    low, high = sorted((manager.id, other.id))
    existing = session.scalar(
        select(AvoidanceLink.id).where(AvoidanceLink.manager_a_id == low, AvoidanceLink.manager_b_id == high)
    )
    if existing is not None:
        raise InvalidInput("employee_no", N_("These two CMs are already linked."))
    link = AvoidanceLink(manager_a_id=low, manager_b_id=high, relation=relation)
    session.add(link)
    session.flush()
    return link


def unlink_avoidance(session: Session, manager: Manager, link_id: int) -> None:
    """Remove an avoidance link of ``manager``."""
    link = session.get(AvoidanceLink, link_id)
    if link is None or manager.id not in (link.manager_a_id, link.manager_b_id):
        raise NotFound(N_("This avoidance link does not exist."))
    session.delete(link)
    session.flush()
