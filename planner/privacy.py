"""Who may see which personal field (数据最小化): one rule per field per role, in this one table.

Pages, lists, exports and the API ask ``may_see(role, entity, field)`` before showing a field; a field not in
the table is not personal and everyone who may open the page sees it. Viewers read the plan, not people's
private circumstances: they see no home location, credit record or disciplinary record of a CM, and no
candidate's name (masked), ID number, phone or birth date.
"""

from __future__ import annotations

from planner.enums import Role

HR = frozenset({Role.ADMIN, Role.PLANNER})

# entity → field → roles that see it.
FIELD_RULES: dict[str, dict[str, frozenset[Role]]] = {
    "manager": {
        # Home coordinates feed travel distances; only the people who plan assignments need them.
        "home_location": HR,
        # 征信 and 违规违纪 are gates for hiring and exits: HR decisions, not for every reader.
        "credit_record": HR,
        "disciplinary_record": HR,
    },
    "candidate": {
        "name": HR,  # others see the surname's first character only
        "id_number": HR,
        "phone": HR,
        "birth_date": HR,
    },
}


def may_see(role: Role | None, entity: str, field: str) -> bool:
    """Tell whether ``role`` may see ``field`` of ``entity`` (fields not in the table are not personal)."""
    rule = FIELD_RULES.get(entity, {}).get(field)
    if rule is None:
        return True
    return role in rule
