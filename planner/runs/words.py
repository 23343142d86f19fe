"""A run's goals in words: which bind and what one more unit of each is worth."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.messages import N_, Message
from planner.runs.models import Run
from planner.runs.results import RunGoal

# A goal whose shadow price is this small changes nothing worth saying.
_NEGLIGIBLE = 1e-6


@dataclass(frozen=True)
class GoalSentence:
    """One sentence about a goal and the scenario form field it comes from (empty: none)."""

    text: Message
    field: str


def _worth(price: float, unit: str) -> Message:
    """Say what one more unit of a goal is worth, in the run's price unit (``Run.price_unit``)."""
    amount = f"{abs(price):,.2f}"
    if unit == "yuan":
        if price > 0:
            return N_("one more unit of it would add %(price)s yuan to the plan's cost", price=amount)
        return N_("one more unit of it would save %(price)s yuan of the plan's cost", price=amount)
    if unit == "heads":
        if price > 0:
            return N_("one more unit of it would leave %(price)s more heads short", price=amount)
        return N_("one more unit of it would leave %(price)s fewer heads short", price=amount)
    if price > 0:
        return N_("one more unit of it would raise the objective by %(price)s", price=amount)
    return N_("one more unit of it would lower the objective by %(price)s", price=amount)


def _missed_worth(price: float, unit: str) -> Message:
    """Say what one more unit of a missed goal costs: at most its penalty, which the LP prices it at (the
    whole-person plan may meet part of it another way)."""
    amount = f"{abs(price):,.2f}"
    if unit == "yuan":
        return N_("one more unit of it would add at most %(price)s yuan to the plan's cost", price=amount)
    if unit == "heads":
        return N_("one more unit of it would leave at most %(price)s more heads short", price=amount)
    return N_("one more unit of it would raise the objective by at most %(price)s", price=amount)


def binding_goals(session: Session, run: Run, limit: int = 20) -> tuple[list[GoalSentence], int]:
    """Return sentences for the binding goals, dearest first (at most ``limit``), and how many bind."""
    binding = (RunGoal.run_id == run.id, RunGoal.binding.is_(True))
    total = session.scalar(select(func.count()).select_from(RunGoal).where(*binding)) or 0
    dearest = func.abs(func.coalesce(RunGoal.shadow_price, 0.0)).desc()
    goals = session.scalars(select(RunGoal).where(*binding).order_by(dearest, RunGoal.name).limit(limit))
    out = []
    for g in goals:
        price = g.shadow_price or 0.0
        if g.shortfall > _NEGLIGIBLE:
            worth = _missed_worth if price > _NEGLIGIBLE else _worth
            text = N_(
                "%(goal)s binds and is missed by %(short)s; %(worth)s.",
                goal=g.name,
                short=f"{g.shortfall:,.2f}",
                worth=worth(price, run.price_unit),
            )
        elif abs(price) > _NEGLIGIBLE:
            text = N_("%(goal)s binds; %(worth)s.", goal=g.name, worth=_worth(price, run.price_unit))
        else:
            text = N_("%(goal)s binds, but one more unit of it would change nothing.", goal=g.name)
        out.append(GoalSentence(text, g.field))
    return out, total
