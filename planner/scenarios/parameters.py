"""A scenario's parameters: one JSON document with a versioned schema, its defaults and its validation.

The document is flat where a form has one field per value (``exit_min``) and nested by a stable key where the
bank's data decides how many values there are (``attrition`` by grade code, ``channels`` by channel). Every
key is also the name of the form field that edits it, so a validation error points at that field.
``validate_parameters`` returns the document as it is stored (defaults filled in, numbers typed) or raises
``ParameterError`` naming the first bad field; nothing here reads Flask.
"""

from __future__ import annotations

import copy
from typing import Any

from planner.enums import CandidateChannel
from planner.errors import InvalidInput
from planner.scenarios.messages import N_

SCHEMA_VERSION = 1
MAX_YEARS = 5
TARGET_KINDS = ("share", "bank_share", "count", "workload")
# 末位淘汰 ranks a CM in: their branch, their own outlet (unit), either split by segment, or the whole bank.
PEER_GROUPS = ("branch", "outlet", "outlet_segment", "branch_segment", "bank")
EXIT_ACTIONS = ("retraining", "demotion", "back_office")
OBJECTIVE_MODES = ("weighted", "lexicographic")
OBJECTIVE_TERMS = ("shortfall", "cost")

# The rural commercial bank's plan: CMs at 16% of all staff this year, then 19%, 23% and 29.1%.
RURAL_PLAN_SHARES = [19.0, 23.0, 29.1]

DEFAULT_CHANNEL = {
    "enabled": True,
    "max_per_year": None,
    "max_per_unit_year": None,
    "cost": 5000.0,
    "entry_grade": "",  # empty: the entry grade of the ladder (rank 0)
    "lead_time": 0,
}
CHANNEL_COSTS = {
    CandidateChannel.CAMPUS: 6000.0,
    CandidateChannel.EXPERIENCED: 15000.0,
    CandidateChannel.COUNTER_TRANSFER: 2000.0,
    CandidateChannel.INTERNAL: 1000.0,
    CandidateChannel.REFERRAL: 4000.0,
}

DEFAULTS: dict[str, Any] = {
    "schema_version": SCHEMA_VERSION,
    # Horizon and targets.
    "base_year": None,  # None: the latest year of the bank's staff counts
    "years": 3,
    "target_kind": "share",
    "target_values": list(RURAL_PLAN_SHARES),  # per plan year: percent for shares, heads for count
    "surplus_max": None,  # heads above the target a unit may carry; None: no cap
    "surplus_cost": 500.0,  # per head above target and year
    "shortfall_cost": 1000.0,  # per head short of target
    # Exits (末位淘汰).
    "exit_min": 3,
    "exit_max": 5,
    "peer_group": "branch",
    "protect_first_year": True,
    "protect_on_leave": True,
    "protect_promoted_months": 12,
    "exit_actions": {
        "retraining": {"allowed": True, "cost": 8000.0},
        "demotion": {"allowed": True, "cost": 3000.0},
        "back_office": {"allowed": True, "cost": 5000.0},
    },
    "default_exit_action": "retraining",
    # Attrition: rates by grade code; a grade left out takes the default from history or settings.
    "attrition": {},
    "first_year_attrition": None,
    # Intake channels by channel value.
    "channels": {
        c.value: {
            **DEFAULT_CHANNEL,
            "cost": CHANNEL_COSTS[c],
            "lead_time": 1 if c is CandidateChannel.CAMPUS else 0,
        }
        for c in CandidateChannel
    },
    # Promotions: at most this share of a grade moves up a year, after this many years in grade.
    "promotions_enabled": True,
    "promotion_max_share": 0.10,
    "promotion_min_years": 1.0,
    "promotion_cost": 2000.0,
    # Structure goals; None switches a goal off.
    "max_average_age": None,
    "min_bachelor_share": None,
    "min_mid_title_share": None,
    "min_new_blood_share": None,
    "structure_penalty": 100.0,
    # Budget (yuan); None: no cap.
    "budget_per_year": None,
    "budget_total": None,
    # Assignment rules (solver/assign).
    "rotation_years": 3.0,
    "rotation_must_years": 6.0,
    "rotation_weight": 40.0,
    "avoidance_hard": True,
    "travel_max_km": None,
    "travel_weight": 1.0,
    "move_cost": 10.0,
    "max_moves": None,
    "balance": False,
    "balance_weight": 1.0,
    "competency_hard": False,
    "competency_weight": 1.0,
    "senior_presence": True,
    "senior_weight": 200.0,
    "assign_shortfall_weight": 1000.0,
    # Objective and run settings.
    "objective_mode": "weighted",
    "objective_order": list(OBJECTIVE_TERMS),
    "shortfall_weight": 1000.0,
    "cost_weight": 0.001,  # per yuan: a head short (cost 1,000 × weight 1,000) weighs 10⁹ yuan
    "time_limit": 60.0,
    "deterministic": True,
    "seed": 0,
}


class ParameterError(InvalidInput):
    """A parameter broke a rule; the message (a ``Message``) is translated where it is shown."""

    def __init__(self, field: str, template: str, **params: Any) -> None:
        super().__init__(field, N_(str(template), **params))


def default_parameters() -> dict[str, Any]:
    """Return a fresh copy of the default document."""
    return copy.deepcopy(DEFAULTS)


def _number(field: str, value: Any, low: float | None = None, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(field, N_("Enter a number."))
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            raise ParameterError(field, N_("Enter a number of at least %(low)s."), low=f"{low:g}")
        raise ParameterError(
            field, N_("Enter a number from %(low)s to %(high)s."), low=f"{low:g}", high=f"{high:g}"
        )
    return float(value)


def _whole(field: str, value: Any, low: int, high: int | None = None) -> int:
    number = _number(field, value, low, high)
    if not number.is_integer():
        raise ParameterError(field, N_("Enter a whole number."))
    return int(number)


def _optional(field: str, value: Any, low: float, high: float | None = None) -> float | None:
    return None if value is None or value == "" else _number(field, value, low, high)


def _choice(field: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ParameterError(field, N_("Choose one of: %(choices)s."), choices=", ".join(choices))
    return str(value)


def _flag(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ParameterError(field, N_("Choose yes or no."))
    return value


def validate_parameters(raw: dict[str, Any], grade_codes: list[str]) -> dict[str, Any]:
    """Return the stored form of ``raw`` (defaults filled in) or raise ``ParameterError`` naming the field."""
    if not isinstance(raw, dict):
        raise ParameterError("parameters", N_("The parameters must be a JSON object."))
    unknown = sorted(set(raw) - set(DEFAULTS))
    if unknown:
        raise ParameterError(unknown[0], N_("Unknown parameter %(name)s."), name=unknown[0])
    doc = {**default_parameters(), **copy.deepcopy(raw)}
    if doc["schema_version"] != SCHEMA_VERSION:
        raise ParameterError(
            "schema_version",
            N_("Parameters of schema version %(v)s cannot be read."),
            v=doc["schema_version"],
        )
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    out["base_year"] = None if doc["base_year"] is None else _whole("base_year", doc["base_year"], 2000, 2100)
    years = out["years"] = _whole("years", doc["years"], 1, MAX_YEARS)
    kind = out["target_kind"] = _choice("target_kind", doc["target_kind"], TARGET_KINDS)
    values = doc["target_values"]
    if not isinstance(values, list) or len(values) != years:
        raise ParameterError("target_values", N_("Give one target per plan year (%(years)s)."), years=years)
    high = 100.0 if kind in ("share", "bank_share") else None
    out["target_values"] = (
        [0.0] * years if kind == "workload" else [_number("target_values", v, 0, high) for v in values]
    )
    out["surplus_max"] = _optional("surplus_max", doc["surplus_max"], 0)
    out["surplus_cost"] = _number("surplus_cost", doc["surplus_cost"], 0)
    out["shortfall_cost"] = _number("shortfall_cost", doc["shortfall_cost"], 0)
    _validate_exits(doc, out)
    _validate_attrition(doc, out, grade_codes)
    _validate_channels(doc, out, grade_codes)
    out["promotions_enabled"] = _flag("promotions_enabled", doc["promotions_enabled"])
    out["promotion_max_share"] = _number("promotion_max_share", doc["promotion_max_share"], 0, 1)
    out["promotion_min_years"] = _number("promotion_min_years", doc["promotion_min_years"], 0, 20)
    out["promotion_cost"] = _number("promotion_cost", doc["promotion_cost"], 0)
    out["max_average_age"] = _optional("max_average_age", doc["max_average_age"], 18, 70)
    for share in ("min_bachelor_share", "min_mid_title_share", "min_new_blood_share"):
        out[share] = _optional(share, doc[share], 0, 1)
    out["structure_penalty"] = _number("structure_penalty", doc["structure_penalty"], 0)
    out["budget_per_year"] = _optional("budget_per_year", doc["budget_per_year"], 0)
    out["budget_total"] = _optional("budget_total", doc["budget_total"], 0)
    _validate_assignment(doc, out)
    out["objective_mode"] = _choice("objective_mode", doc["objective_mode"], OBJECTIVE_MODES)
    order = doc["objective_order"]
    if not isinstance(order, list) or sorted(order) != sorted(OBJECTIVE_TERMS):
        raise ParameterError(
            "objective_order", N_("Order both terms: %(terms)s."), terms=", ".join(OBJECTIVE_TERMS)
        )
    out["objective_order"] = list(order)
    out["shortfall_weight"] = _number("shortfall_weight", doc["shortfall_weight"], 0)
    out["cost_weight"] = _number("cost_weight", doc["cost_weight"], 0)
    out["time_limit"] = _number("time_limit", doc["time_limit"], 5, 3600)
    out["deterministic"] = _flag("deterministic", doc["deterministic"])
    out["seed"] = _whole("seed", doc["seed"], 0, 2**31 - 1)
    return out


def _validate_exits(doc: dict[str, Any], out: dict[str, Any]) -> None:
    out["exit_min"] = _whole("exit_min", doc["exit_min"], 0, 100)
    out["exit_max"] = _whole("exit_max", doc["exit_max"], 0, 100)
    if out["exit_max"] < out["exit_min"]:
        raise ParameterError("exit_max", N_("The maximum cannot be below the minimum."))
    out["peer_group"] = _choice("peer_group", doc["peer_group"], PEER_GROUPS)
    out["protect_first_year"] = _flag("protect_first_year", doc["protect_first_year"])
    out["protect_on_leave"] = _flag("protect_on_leave", doc["protect_on_leave"])
    out["protect_promoted_months"] = _optional(
        "protect_promoted_months", doc["protect_promoted_months"], 0, 120
    )
    actions = doc["exit_actions"]
    if not isinstance(actions, dict) or set(actions) - set(EXIT_ACTIONS):
        raise ParameterError("exit_actions", N_("Unknown exit action."))
    out["exit_actions"] = {}
    for name in EXIT_ACTIONS:
        given = {**DEFAULTS["exit_actions"][name], **(actions.get(name) or {})}
        out["exit_actions"][name] = {
            "allowed": _flag(f"exit_{name}_allowed", given["allowed"]),
            "cost": _number(f"exit_{name}_cost", given["cost"], 0),
        }
    default = out["default_exit_action"] = _choice(
        "default_exit_action", doc["default_exit_action"], EXIT_ACTIONS
    )
    if not out["exit_actions"][default]["allowed"]:
        raise ParameterError("default_exit_action", N_("The default exit action must be an allowed one."))


def _validate_attrition(doc: dict[str, Any], out: dict[str, Any], grade_codes: list[str]) -> None:
    rates = doc["attrition"]
    if not isinstance(rates, dict):
        raise ParameterError("attrition", N_("Give the attrition rates by grade."))
    out["attrition"] = {}
    for code, rate in rates.items():
        if code not in grade_codes:
            raise ParameterError(f"attrition_{code}", N_("Unknown grade %(code)s."), code=code)
        if rate is not None and rate != "":
            out["attrition"][code] = _number(f"attrition_{code}", rate, 0, 1)
    out["first_year_attrition"] = _optional("first_year_attrition", doc["first_year_attrition"], 0, 1)


def _validate_channels(doc: dict[str, Any], out: dict[str, Any], grade_codes: list[str]) -> None:
    channels = doc["channels"]
    known = [c.value for c in CandidateChannel]
    if not isinstance(channels, dict) or set(channels) - set(known):
        raise ParameterError("channels", N_("Unknown intake channel."))
    out["channels"] = {}
    for name in known:
        given = {**DEFAULTS["channels"][name], **(channels.get(name) or {})}
        grade = given["entry_grade"] or ""
        if grade and grade not in grade_codes:
            raise ParameterError(f"channel_{name}_entry_grade", N_("Unknown grade %(code)s."), code=grade)
        out["channels"][name] = {
            "enabled": _flag(f"channel_{name}_enabled", given["enabled"]),
            "max_per_year": _optional(f"channel_{name}_max_per_year", given["max_per_year"], 0),
            "max_per_unit_year": _optional(
                f"channel_{name}_max_per_unit_year", given["max_per_unit_year"], 0
            ),
            "cost": _number(f"channel_{name}_cost", given["cost"], 0),
            "entry_grade": grade,
            "lead_time": _whole(f"channel_{name}_lead_time", given["lead_time"], 0, MAX_YEARS),
        }
    if not any(c["enabled"] for c in out["channels"].values()):
        raise ParameterError("channels", N_("Enable at least one intake channel."))


def _validate_assignment(doc: dict[str, Any], out: dict[str, Any]) -> None:
    out["rotation_years"] = _number("rotation_years", doc["rotation_years"], 1, 20)
    out["rotation_must_years"] = _number("rotation_must_years", doc["rotation_must_years"], 1, 30)
    if out["rotation_must_years"] <= out["rotation_years"]:
        raise ParameterError(
            "rotation_must_years", N_("The must-move limit must be above the rotation years.")
        )
    out["rotation_weight"] = _number("rotation_weight", doc["rotation_weight"], 0)
    out["avoidance_hard"] = _flag("avoidance_hard", doc["avoidance_hard"])
    out["travel_max_km"] = _optional("travel_max_km", doc["travel_max_km"], 1, 500)
    out["travel_weight"] = _number("travel_weight", doc["travel_weight"], 0)
    out["move_cost"] = _number("move_cost", doc["move_cost"], 0)
    max_moves = doc["max_moves"]
    out["max_moves"] = None if max_moves in (None, "") else _whole("max_moves", max_moves, 0)
    out["balance"] = _flag("balance", doc["balance"])
    out["balance_weight"] = _number("balance_weight", doc["balance_weight"], 0)
    out["competency_hard"] = _flag("competency_hard", doc["competency_hard"])
    out["competency_weight"] = _number("competency_weight", doc["competency_weight"], 0)
    out["senior_presence"] = _flag("senior_presence", doc["senior_presence"])
    out["senior_weight"] = _number("senior_weight", doc["senior_weight"], 0)
    out["assign_shortfall_weight"] = _number("assign_shortfall_weight", doc["assign_shortfall_weight"], 0)
