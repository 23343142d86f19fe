"""The rotation rule (轮岗), defined once: a CM is due to move after MORE than N years in one territory.

The CM page and the planning adapter both call these functions, so the page's "rotation due" flag and the
assignment solver's rule (``years > rotation_years``, on the years the adapter passes) always agree. On the
N-th anniversary itself a CM has worked exactly N years and is not yet due; the day after, they are.
"""

from __future__ import annotations

from datetime import date

# The bank-wide default of N (setting ``rotation_years``); a scenario may set its own.
DEFAULT_ROTATION_YEARS = 3.0


def _anniversary(since: date, years: int) -> date:
    try:
        return since.replace(year=since.year + years)
    except ValueError:  # 29 February
        return since.replace(year=since.year + years, day=28)


def years_in_territory(since: date, today: date) -> float:
    """Return calendar years from ``since`` to ``today``: whole years plus the share of the year begun."""
    if today <= since:
        return 0.0
    whole = today.year - since.year - ((today.month, today.day) < (since.month, since.day))
    start, end = _anniversary(since, whole), _anniversary(since, whole + 1)
    return round(whole + (today - start).days / (end - start).days, 6)


def rotation_due(years: float | None, rotation_years: float) -> bool:
    """Tell whether a CM with ``years`` in their territory is due to move: strictly more than N years."""
    return years is not None and years > rotation_years
