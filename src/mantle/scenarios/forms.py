"""The scenario editor: a planner's levers as an NHS.UK form, turned into the assumptions JSON
(percentages on the page, proportions in the JSON) and back."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from mantle.analytics.scenarios.model import GOAL_LEVERS, MANAGEMENT_TIERS, TIERS
from mantle.core.dates import validate_date_in_range

TIER_LABELS = {
    "board_non_executive": "Board: non-executive",
    "board_executive": "Board: executive",
    "senior": "Senior management",
    "middle": "Middle management",
    "first_line": "First-line management",
    "none": "Not in management",
    "senior_leadership": "Senior leadership (executive and senior)",
    "management": "All management",
}
LEVER_LABELS = {
    "clinician_vacancy_share": "Share of management vacancies filled by clinicians",
    "hybrid_posts_per_year": "Hybrid posts created per year",
    "programme_places_per_year": "Programme places per year",
    "retirement_age": "Retirement age",
    "external_share": "External recruitment share",
}
GOAL_METRICS = [
    (f"clinician_share.{t}", f"Clinician share: {TIER_LABELS[t].lower()}")
    for t in ("senior_leadership", "management", *MANAGEMENT_TIERS)
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _percent(
    label: str, help_text: str, *, required: bool = False, low: float = 0, high: float = 100
) -> forms.FloatField:
    return forms.FloatField(
        label=label, help_text=help_text, required=required, min_value=low, max_value=high
    )


class ScenarioForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    start = forms.DateField(
        label="Start date",
        widget=DateInput(),
        validators=[validate_date_in_range],
        help_text="The register on this date is the starting stock; rates come from the 12 months before it.",
    )
    years = forms.IntegerField(label="Years to project", min_value=1, max_value=10, initial=5)
    runs = forms.IntegerField(
        label="Monte Carlo runs",
        min_value=1000,
        max_value=20000,
        initial=1000,
        help_text="At least 1,000. More runs give steadier bands and take longer.",
    )
    clinician_vacancy_share = _percent(
        LEVER_LABELS["clinician_vacancy_share"] + " (%)",
        "Leave blank to keep the share each tier has had over the last 12 months.",
    )
    hybrid_posts_per_year = forms.FloatField(
        label=LEVER_LABELS["hybrid_posts_per_year"],
        min_value=0,
        max_value=1000,
        initial=0,
        help_text="Management posts redesigned each year as hybrid clinical–management posts; each is filled by a clinician when it next falls vacant.",
    )
    hybrid_from_tier = forms.ChoiceField(
        label="Hybrid posts come from",
        initial="middle",
        choices=[
            (t, TIER_LABELS[t]) for t in ("board_executive", "senior", "middle", "first_line")
        ],
    )
    programme_places_per_year = forms.FloatField(
        label=LEVER_LABELS["programme_places_per_year"],
        required=False,
        min_value=0,
        max_value=10000,
        help_text="Leadership programme places for clinicians. Leave blank to keep the last 12 months' completions; places above that add conversions at the measured conversion rate.",
    )
    retirement_age = forms.IntegerField(
        label=LEVER_LABELS["retirement_age"],
        required=False,
        min_value=55,
        max_value=75,
        help_text="Leave blank for the pension-age rule in the talent settings (the median normal pension age of your staff).",
    )
    external_share = _percent(
        LEVER_LABELS["external_share"] + " (%)",
        "Leave blank to keep each tier's share from the last 12 months.",
    )
    growth_board_executive = _percent("Executive posts: growth per year (%)", "", low=-50, high=100)
    growth_senior = _percent("Senior management posts: growth per year (%)", "", low=-50, high=100)
    growth_middle = _percent("Middle management posts: growth per year (%)", "", low=-50, high=100)
    growth_first_line = _percent(
        "First-line management posts: growth per year (%)", "", low=-50, high=100
    )
    growth_none = _percent("Posts outside management: growth per year (%)", "", low=-50, high=100)
    rates = forms.CharField(
        label="Rate edits (JSON)",
        required=False,
        widget=forms.Textarea,
        help_text='Optional. Replace estimated monthly rates, for example {"leave": {"medical": {"55-59": 0.02}}, "fill": {"senior": 0.2}}. Every rate is from 0 to 1.',
    )
    goal_metric = forms.ChoiceField(
        label="Goal: measure", choices=[("", "No goal"), *GOAL_METRICS], required=False
    )
    goal_target = _percent("Goal: target (%)", "For example 25 for a clinician share of 25%.")
    goal_by = forms.DateField(
        label="Goal: by", widget=DateInput(), required=False, validators=[validate_date_in_range]
    )
    goal_probability = _percent("Goal: with probability (%)", "For example 80.", low=1, high=99)
    goal_lever = forms.ChoiceField(
        label="Goal: lever to search",
        required=False,
        choices=[(k, LEVER_LABELS[k]) for k in GOAL_LEVERS],
    )

    FIELD_OF = {
        "levers.clinician_vacancy_share": "clinician_vacancy_share",
        "levers.hybrid_posts_per_year": "hybrid_posts_per_year",
        "levers.hybrid_from_tier": "hybrid_from_tier",
        "levers.programme_places_per_year": "programme_places_per_year",
        "levers.retirement_age": "retirement_age",
        "levers.external_share": "external_share",
        "goal.metric": "goal_metric",
        "goal.target": "goal_target",
        "goal.by": "goal_by",
        "goal.probability": "goal_probability",
        "goal.lever": "goal_lever",
        "goal.low": "goal_lever",
        "goal.high": "goal_lever",
    }

    def clean_rates(self) -> dict[str, Any]:
        text = (self.cleaned_data.get("rates") or "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                f"This is not JSON: {exc.msg} at character {exc.pos}."
            ) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError("Give the rate edits as a JSON object: {…}.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("goal_metric"):
            for name in ("goal_target", "goal_by", "goal_probability"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, "Enter this to seek a goal, or choose No goal.")
        return data

    def assumptions(self) -> dict[str, Any]:
        d = self.cleaned_data
        levers: dict[str, Any] = {
            "hybrid_posts_per_year": d["hybrid_posts_per_year"] or 0,
            "hybrid_from_tier": d["hybrid_from_tier"],
        }
        for name in ("clinician_vacancy_share", "external_share"):
            if d.get(name) is not None:
                levers[name] = d[name] / 100
        for name in ("programme_places_per_year", "retirement_age"):
            if d.get(name) is not None:
                levers[name] = d[name]
        growth = {
            t: d[f"growth_{t}"] / 100
            for t in ("board_executive", "senior", "middle", "first_line", "none")
            if d.get(f"growth_{t}") is not None
        }
        if growth:
            levers["establishment_growth"] = growth
        raw: dict[str, Any] = {
            "name": d["name"],
            "start": d["start"].isoformat(),
            "years": d["years"],
            "runs": d["runs"],
            "seed": 1,
            "levers": levers,
            "rates": d.get("rates") or {},
        }
        if d.get("goal_metric"):
            raw["goal"] = {
                "metric": d["goal_metric"],
                "target": d["goal_target"] / 100,
                "by": d["goal_by"].isoformat(),
                "probability": d["goal_probability"] / 100,
                "lever": d["goal_lever"] or "clinician_vacancy_share",
            }
        return raw

    @classmethod
    def initial_from(cls, raw: dict[str, Any]) -> dict[str, Any]:
        levers = raw.get("levers", {})
        initial: dict[str, Any] = {
            "name": raw.get("name"),
            "start": raw.get("start"),
            "years": raw.get("years", 5),
            "runs": raw.get("runs", 1000),
            "hybrid_posts_per_year": levers.get("hybrid_posts_per_year", 0),
            "hybrid_from_tier": levers.get("hybrid_from_tier", "middle"),
            "programme_places_per_year": levers.get("programme_places_per_year"),
            "retirement_age": levers.get("retirement_age"),
            "rates": json.dumps(raw["rates"]) if raw.get("rates") else "",
        }
        for name in ("clinician_vacancy_share", "external_share"):
            if levers.get(name) is not None:
                initial[name] = round(levers[name] * 100, 4)
        for t, g in (levers.get("establishment_growth") or {}).items():
            initial[f"growth_{t}"] = round(g * 100, 4)
        goal = raw.get("goal") or {}
        if goal:
            initial.update(
                goal_metric=goal.get("metric"),
                goal_target=round(goal.get("target", 0) * 100, 4),
                goal_by=goal.get("by"),
                goal_probability=round(goal.get("probability", 0.8) * 100, 4),
                goal_lever=goal.get("lever"),
            )
        return initial

    def add_assumption_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            name = self.FIELD_OF.get(key) or (key if key in self.fields else None)
            if name is None and key.startswith("rates"):
                name = "rates"
                message = f"{key}: {message}"
            if name is None and key.startswith("levers.establishment_growth."):
                tier = key.rsplit(".", 1)[1]
                name = f"growth_{tier}" if f"growth_{tier}" in self.fields else None
            if name is None:
                self.add_error(None, f"{key}: {message}")
            else:
                self.add_error(name, message)


__all__ = ["TIERS", "TIER_LABELS", "ScenarioForm"]
