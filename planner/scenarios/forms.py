"""The scenario form: one field per parameter, grouped as the page shows them; built per bank (its grades).

Field names are the parameter keys (nested ones flattened: ``attrition_<grade>``, ``channel_<name>_<key>``,
``exit_<action>_<key>``), so a ``ParameterError`` from the service lands on the field that caused it.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from planner.enums import CandidateChannel
from planner.scenarios.parameters import EXIT_ACTIONS, PEER_GROUPS, TARGET_KINDS
from planner.web.fields import FloatField, IntegerField
from planner.web.forms import select_choices
from planner.web.i18n import translate

TARGET_KIND_LABELS = {
    "share": _l("Share of each branch's total staff (%)"),
    "bank_share": _l("Share of the bank's total staff (%)"),
    "count": _l("Bank-wide CM headcount"),
    "workload": _l("Staffing need of the territories (from workload)"),
}
PEER_GROUP_LABELS = {
    "branch": _l("Branch"),
    "outlet": _l("Unit (the CM's own outlet)"),
    "outlet_segment": _l("Unit × segment"),
    "branch_segment": _l("Branch × segment"),
    "bank": _l("The whole bank"),
}
EXIT_ACTION_LABELS = {
    "retraining": _l("Retraining (待岗培训)"),
    "demotion": _l("Demotion"),
    "back_office": _l("Transfer to a back-office post"),
}
CHANNEL_KEYS = {
    "enabled": _l("used"),
    "max_per_year": _l("cap per year"),
    "max_per_unit_year": _l("cap per branch and year"),
    "cost": _l("cost per hire"),
    "entry_grade": _l("entry grade"),
    "lead_time": _l("lead time (years)"),
}


def _num(label: Any, required: bool = True) -> FloatField:
    return FloatField(label, validators=[InputRequired() if required else Optional()])


def _whole(label: Any, required: bool = True) -> IntegerField:
    return IntegerField(label, validators=[InputRequired() if required else Optional()])


def _flag(label: Any) -> BooleanField:
    return BooleanField(label)


def _groups(grades: list[str]) -> list[tuple[Any, list[str]]]:
    channels = [f"channel_{c.value}_{k}" for c in CandidateChannel for k in CHANNEL_KEYS]
    exits = [f"exit_{a}_{k}" for a in EXIT_ACTIONS for k in ("allowed", "cost")]
    return [
        (_l("Scenario"), ["name", "description"]),
        (
            _l("Horizon and targets"),
            [
                "base_year",
                "years",
                "target_kind",
                "target_values",
                "surplus_max",
                "surplus_cost",
                "shortfall_cost",
            ],
        ),
        (
            _l("Exits (末位淘汰)"),
            [
                "exit_min",
                "exit_max",
                "peer_group",
                "protect_first_year",
                "protect_on_leave",
                "protect_promoted_months",
                *exits,
                "default_exit_action",
            ],
        ),
        (_l("Attrition"), [*(f"attrition_{g}" for g in grades), "first_year_attrition"]),
        (_l("Intake channels"), channels),
        (
            _l("Promotions"),
            ["promotions_enabled", "promotion_max_share", "promotion_min_years", "promotion_cost"],
        ),
        (
            _l("Structure goals and budget"),
            [
                "max_average_age",
                "min_bachelor_share",
                "min_mid_title_share",
                "min_new_blood_share",
                "structure_penalty",
                "budget_per_year",
                "budget_total",
            ],
        ),
        (
            _l("Assignment rules"),
            [
                "rotation_years",
                "rotation_must_years",
                "rotation_weight",
                "avoidance_hard",
                "travel_max_km",
                "travel_weight",
                "move_cost",
                "max_moves",
                "balance",
                "balance_weight",
                "competency_hard",
                "competency_weight",
                "senior_presence",
                "senior_weight",
                "assign_shortfall_weight",
            ],
        ),
        (
            _l("Objective and run"),
            [
                "objective_mode",
                "objective_order",
                "shortfall_weight",
                "cost_weight",
                "time_limit",
                "deterministic",
                "seed",
            ],
        ),
    ]


class ScenarioFormBase(FlaskForm):
    """Fields every scenario form has; ``scenario_form`` adds the bank-dependent ones."""

    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    base_year = _whole(_l("Base year (empty: the latest year of staff counts)"), required=False)
    years = _whole(_l("Plan years (1–5)"))
    target_kind = SelectField(
        _l("Target"), choices=select_choices([(k, TARGET_KIND_LABELS[k]) for k in TARGET_KINDS])
    )
    target_values = StringField(
        _l("Target per plan year, comma-separated (e.g. 19, 23, 29.1)"), validators=[Optional()]
    )
    surplus_max = _num(_l("Most heads above target per branch (empty: no cap)"), required=False)
    surplus_cost = _num(_l("Cost per head above target and year"))
    shortfall_cost = _num(_l("Penalty per head short of target"))
    exit_min = _whole(_l("Minimum exits per peer group and year"))
    exit_max = _whole(_l("Maximum exits per peer group and year"))
    peer_group = SelectField(
        _l("Peer group"), choices=select_choices([(k, PEER_GROUP_LABELS[k]) for k in PEER_GROUPS])
    )
    protect_first_year = _flag(_l("Protect first-year staff"))
    protect_on_leave = _flag(_l("Protect staff on leave"))
    protect_promoted_months = _num(
        _l("Protect the promoted within this many months (empty: no)"), required=False
    )
    default_exit_action = SelectField(
        _l("Default exit action"), choices=select_choices([(k, EXIT_ACTION_LABELS[k]) for k in EXIT_ACTIONS])
    )
    first_year_attrition = _num(_l("First-year attrition (empty: from settings)"), required=False)
    promotions_enabled = _flag(_l("Plan promotions"))
    promotion_max_share = _num(_l("Most of a grade promoted a year (share)"))
    promotion_min_years = _num(_l("Years in grade before promotion"))
    promotion_cost = _num(_l("Cost per promotion"))
    max_average_age = _num(_l("Maximum average age (empty: no goal)"), required=False)
    min_bachelor_share = _num(_l("Minimum share with a bachelor's degree (empty: no goal)"), required=False)
    min_mid_title_share = _num(_l("Minimum share with a mid-level title (empty: no goal)"), required=False)
    min_new_blood_share = _num(_l("Minimum share of new blood (empty: no goal)"), required=False)
    structure_penalty = _num(_l("Penalty per unit a structure goal is missed"))
    budget_per_year = _num(_l("Budget per year, yuan (empty: none)"), required=False)
    budget_total = _num(_l("Budget over the plan, yuan (empty: none)"), required=False)
    rotation_years = _num(_l("Rotation: due after more than this many years in a territory"))
    rotation_must_years = _num(_l("Rotation: must move after this many years"))
    rotation_weight = _num(_l("Rotation weight"))
    avoidance_hard = _flag(_l("Avoidance (回避) is a hard rule"))
    travel_max_km = _num(_l("Longest travel, km (empty: no limit)"), required=False)
    travel_weight = _num(_l("Travel weight per km"))
    move_cost = _num(_l("Cost of moving a CM"))
    max_moves = _whole(_l("Most moves (empty: no limit)"), required=False)
    balance = _flag(_l("Balance workloads"))
    balance_weight = _num(_l("Balance weight"))
    competency_hard = _flag(_l("Competency thresholds are hard"))
    competency_weight = _num(_l("Competency weight per point short"))
    senior_presence = _flag(_l("A senior CM in every staffed territory"))
    senior_weight = _num(_l("Senior presence weight"))
    assign_shortfall_weight = _num(_l("Penalty per CM a territory is short"))
    objective_mode = SelectField(
        _l("Objective"),
        choices=select_choices([("weighted", _l("Weighted sum")), ("lexicographic", _l("Lexicographic"))]),
    )
    objective_order = SelectField(
        _l("Lexicographic order"),
        choices=select_choices(
            [
                ("shortfall,cost", _l("Targets first, then cost")),
                ("cost,shortfall", _l("Cost first, then targets")),
            ]
        ),
    )
    shortfall_weight = _num(_l("Weight of target shortfall"))
    cost_weight = _num(_l("Weight of cost (per yuan)"))
    time_limit = _num(_l("Time limit (seconds)"))
    deterministic = _flag(_l("Deterministic (the same inputs give the same result)"))
    seed = _whole(_l("Random seed"))


def scenario_form(grades: list[str], **kwargs: Any) -> ScenarioFormBase:
    """Return the scenario form for a bank with ``grades`` (one attrition field each)."""

    class ScenarioForm(ScenarioFormBase):
        pass

    grade_choices = select_choices([("", _l("Entry grade of the ladder"))], [(g, g) for g in grades])
    for grade in grades:
        setattr(
            ScenarioForm,
            f"attrition_{grade}",
            _num(_l("Attrition of %(grade)s (empty: default)", grade=grade), False),
        )
    for action in EXIT_ACTIONS:
        label = EXIT_ACTION_LABELS[action]
        setattr(ScenarioForm, f"exit_{action}_allowed", _flag(label))
        setattr(ScenarioForm, f"exit_{action}_cost", _num(_l("%(action)s: cost per person", action=label)))
    for channel in CandidateChannel:
        name = channel.value
        label = translate(channel.label)
        setattr(ScenarioForm, f"channel_{name}_enabled", _flag(_l("%(channel)s: used", channel=label)))
        for key, required in (("max_per_year", False), ("max_per_unit_year", False), ("cost", True)):
            setattr(
                ScenarioForm,
                f"channel_{name}_{key}",
                _num(_l("%(channel)s: %(what)s", channel=label, what=CHANNEL_KEYS[key]), required),
            )
        setattr(
            ScenarioForm,
            f"channel_{name}_entry_grade",
            SelectField(_l("%(channel)s: entry grade", channel=label), choices=grade_choices),
        )
        setattr(
            ScenarioForm,
            f"channel_{name}_lead_time",
            _whole(_l("%(channel)s: lead time (years)", channel=label)),
        )
    form = ScenarioForm(**kwargs)
    form.groups = [(title, [getattr(form, n) for n in names]) for title, names in _groups(grades)]
    return form


def form_data(params: dict[str, Any], name: str, description: str) -> dict[str, Any]:
    """Return the form's initial values for a parameter document."""
    data: dict[str, Any] = {k: v for k, v in params.items() if not isinstance(v, dict | list)}
    data.update(name=name, description=description)
    data["target_values"] = ", ".join(f"{v:g}" for v in params["target_values"])
    data["objective_order"] = ",".join(params["objective_order"])
    for grade, rate in params["attrition"].items():
        data[f"attrition_{grade}"] = rate
    for action, spec in params["exit_actions"].items():
        data[f"exit_{action}_allowed"], data[f"exit_{action}_cost"] = spec["allowed"], spec["cost"]
    for channel, spec in params["channels"].items():
        for key, value in spec.items():
            data[f"channel_{channel}_{key}"] = value
    return data


def parameters_from_form(form: ScenarioFormBase, grades: list[str]) -> dict[str, Any]:
    """Return the parameter document the form describes (the service validates it)."""
    from planner.scenarios.parameters import DEFAULTS

    data = form.data
    params: dict[str, Any] = {
        key: data[key] for key in DEFAULTS if key in data and not isinstance(DEFAULTS[key], dict | list)
    }
    params["schema_version"] = DEFAULTS["schema_version"]
    params["target_values"] = _numbers(data.get("target_values") or "")
    params["objective_order"] = (data.get("objective_order") or "shortfall,cost").split(",")
    params["attrition"] = {
        g: data.get(f"attrition_{g}") for g in grades if data.get(f"attrition_{g}") is not None
    }
    params["exit_actions"] = {
        a: {"allowed": bool(data[f"exit_{a}_allowed"]), "cost": data[f"exit_{a}_cost"]} for a in EXIT_ACTIONS
    }
    params["channels"] = {
        c.value: {
            "enabled": bool(data[f"channel_{c.value}_enabled"]),
            "max_per_year": data[f"channel_{c.value}_max_per_year"],
            "max_per_unit_year": data[f"channel_{c.value}_max_per_unit_year"],
            "cost": data[f"channel_{c.value}_cost"],
            "entry_grade": data[f"channel_{c.value}_entry_grade"] or "",
            "lead_time": data[f"channel_{c.value}_lead_time"],
        }
        for c in CandidateChannel
    }
    if params["target_kind"] == "workload":
        params["target_values"] = [0.0] * int(params.get("years") or 1)
    return params


def _numbers(text: str) -> list[Any]:
    """Return the comma-separated numbers of ``text``; a word that is no number stays (validation says so)."""
    out: list[Any] = []
    for part in text.replace("，", ",").split(","):
        part = part.strip().rstrip("%")
        if not part:
            continue
        try:
            out.append(float(part))
        except ValueError:
            out.append(part)
    return out
