"""Forms: parse and validate input; the services enforce the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from mantle.core.dates import validate_date_in_range
from mantle.talent.models import (
    ReviewPanelMember,
    TalentConversation,
    TalentReview,
    TalentSettings,
)
from mantle.talent.models.succession import FLIGHT_RISK_CHOICES, READINESS_CHOICES
from mantle.talent.population import COHORTS
from mantle.talent.rules.ninebox import LEVEL_CHOICES
from mantle.workforce.models import Tier
from mantle.workforce.rules.occupation import STAFF_GROUPS

MANAGEMENT_TIERS = [(t.value, t.label) for t in Tier if t != Tier.NONE]


class DateInput(forms.DateInput):
    input_type = "date"


class ConversationForm(forms.ModelForm):
    class Meta:
        model = TalentConversation
        fields = [
            "held_on",
            "impact",
            "impact_notes",
            "growth_depth",
            "growth_breadth",
            "growth_stretch",
            "growth_notes",
            "readiness",
            "management_interest",
            "career_interest_notes",
            "aspiration",
        ]
        widgets = {"held_on": DateInput()}
        labels = {
            "impact": "Impact",
            "impact_notes": "Impact: what was achieved and how",
            "readiness": "Readiness for a next step",
            "management_interest": "Interest in a management role",
            "career_interest_notes": "Career interests",
            "aspiration": "Aspirational development plan",
            "growth_notes": "Notes on growth",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = dt.date.today()


class ActionForm(forms.Form):
    description = forms.CharField(max_length=300, label="Action")
    due_on = forms.DateField(
        validators=[validate_date_in_range], label="Due by", widget=DateInput()
    )


class ReviewForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the review")
    population_kind = forms.ChoiceField(
        choices=TalentReview.PopulationKind.choices, label="Population"
    )
    unit = forms.CharField(required=False, label="Unit path (for a unit population)")
    staff_group = forms.ChoiceField(
        choices=[("", "–"), *[(g, g) for g in STAFF_GROUPS]], required=False, label="Staff group"
    )
    tier = forms.ChoiceField(
        choices=[("", "–"), *MANAGEMENT_TIERS], required=False, label="Management tier"
    )
    cohort = forms.ChoiceField(
        choices=[("", "–"), *COHORTS.items()], required=False, label="Cohort"
    )
    as_of = forms.DateField(
        validators=[validate_date_in_range], label="Population as at", widget=DateInput()
    )
    panel_chair = forms.CharField(required=False, label="Panel chair (username)")
    panel_members = forms.CharField(
        required=False, label="Panel members (usernames, comma separated)"
    )

    def population_value(self) -> str:
        kind = self.cleaned_data["population_kind"]
        return str(
            self.cleaned_data.get(
                {"unit": "unit", "staff_group": "staff_group", "tier": "tier", "cohort": "cohort"}[
                    kind
                ]
            )
            or ""
        ).strip()

    def panel(self) -> list[tuple[str, str]]:
        out = []
        chair = (self.cleaned_data.get("panel_chair") or "").strip()
        if chair:
            out.append((chair, ReviewPanelMember.Role.CHAIR.value))
        for name in (self.cleaned_data.get("panel_members") or "").split(","):
            if name.strip() and name.strip() != chair:
                out.append((name.strip(), ReviewPanelMember.Role.MEMBER.value))
        return out


class ProposalForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput())
    performance = forms.TypedChoiceField(choices=LEVEL_CHOICES, coerce=int, label="Performance")
    potential = forms.TypedChoiceField(choices=LEVEL_CHOICES, coerce=int, label="Potential")
    rationale = forms.CharField(widget=forms.Textarea, label="Rationale")


class MoveForm(forms.Form):
    placement = forms.IntegerField(label="Person")
    performance = forms.TypedChoiceField(choices=LEVEL_CHOICES, coerce=int, label="Performance")
    potential = forms.TypedChoiceField(choices=LEVEL_CHOICES, coerce=int, label="Potential")
    reason = forms.CharField(widget=forms.Textarea, label="The panel's reason for the move")


class PoolForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea, required=False)
    entry_criteria = forms.CharField(widget=forms.Textarea, required=False)
    clinicians_only = forms.BooleanField(required=False, label="Clinicians only")
    eligible_tiers = forms.MultipleChoiceField(
        choices=MANAGEMENT_TIERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Current management tiers accepted (none ticked: any)",
    )
    share_within_icb = forms.BooleanField(
        required=False, label="Share with organisations in the same ICB"
    )


class NominationForm(forms.Form):
    person = forms.TypedChoiceField(coerce=int, label="Person")
    reason = forms.CharField(widget=forms.Textarea, label="Why this person should join")

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", "Approve"), ("0", "Decline")], coerce=lambda v: v == "1", label="Decision"
    )
    note = forms.CharField(widget=forms.Textarea, required=False, label="Note")


class PlanForm(forms.Form):
    next_review_on = forms.DateField(
        validators=[validate_date_in_range], label="Next review", widget=DateInput()
    )
    incumbent_retirement_age = forms.IntegerField(
        required=False,
        min_value=50,
        max_value=80,
        label="Holder's expected retirement age, if known",
    )
    notes = forms.CharField(widget=forms.Textarea, required=False)


class FlightRiskForm(forms.Form):
    risk = forms.ChoiceField(choices=FLIGHT_RISK_CHOICES, label="Flight risk of the holder")
    note = forms.CharField(required=False, label="Note")


class CandidateForm(forms.Form):
    """A nomination: the person is chosen from a search (``selectors.candidate_search``), not
    from a list of everyone; the view checks they are employed by the plan's organisation."""

    person = forms.IntegerField(
        min_value=1,
        label="Candidate",
        error_messages={"required": "Search for a person, then choose one of the results."},
    )
    readiness = forms.ChoiceField(choices=READINESS_CHOICES, label="Readiness")
    rank = forms.IntegerField(min_value=1, max_value=20, initial=1, label="Rank (1 = first choice)")


class ReadinessForm(forms.Form):
    readiness = forms.ChoiceField(choices=READINESS_CHOICES, label="New readiness")
    note = forms.CharField(required=False, label="Note")


class RemoveCandidateForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Reason the nomination ends")


class CandidateActionForm(forms.Form):
    description = forms.CharField(max_length=300, label="Development action")
    capability = forms.ChoiceField(label="Capability gap it addresses")
    gap_source = forms.CharField(
        required=False,
        max_length=200,
        label="Where the gap was found (e.g. 360 feedback, March 2025)",
    )
    due_on = forms.DateField(
        validators=[validate_date_in_range], label="Due by", widget=DateInput()
    )

    def __init__(self, *args: Any, dimensions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capability"].choices = dimensions  # type: ignore[attr-defined]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = TalentSettings
        fields = [
            "retirement_basis",
            "fixed_retirement_age",
            "near_retirement_years",
            "far_retirement_years",
            "readiness_review_months",
            "show_placement_to_person",
        ]
