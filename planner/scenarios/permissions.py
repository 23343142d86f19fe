"""Who may do what with a scenario: viewers read; planners change and run their own; admins everything."""

from __future__ import annotations

from planner.auth.models import User
from planner.enums import Role
from planner.scenarios.models import Scenario


def can_create(user: User) -> bool:
    """Tell whether ``user`` may create (or clone) scenarios."""
    return user.role in (Role.ADMIN, Role.PLANNER)


def can_edit(user: User, scenario: Scenario) -> bool:
    """Tell whether ``user`` may change or delete ``scenario``."""
    return user.role is Role.ADMIN or (user.role is Role.PLANNER and scenario.owner_id == user.id)


def can_run(user: User, scenario: Scenario) -> bool:
    """Tell whether ``user`` may run ``scenario`` (and cancel or repeat its runs)."""
    return can_edit(user, scenario)
