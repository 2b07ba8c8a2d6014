"""Forms for the marketplace pages: they parse input; the services enforce the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from mantle.core.dates import validate_date_in_range
from mantle.workforce.models import Tier
from mantle.workforce.rules.bands import PAY_BANDS
from mantle.workforce.rules.occupation import STAFF_GROUPS

from . import selectors
from .models import AllocationRound, Opportunity
from .services import MAX_STATEMENT, RATINGS


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DateInput(), validators=[validate_date_in_range], **kwargs
    )


class OpportunityForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(label="Kind of opportunity", choices=Opportunity.Kind.choices)
    description = forms.CharField(
        widget=forms.Textarea, help_text="What the person will do, learn and need."
    )
    owner = forms.TypedChoiceField(
        label="Owner",
        coerce=int,
        required=False,
        help_text="Who runs it and selects. Leave empty to be the owner yourself.",
    )
    sponsor = forms.TypedChoiceField(
        label="Sponsor", coerce=int, help_text="Who approves it before it opens."
    )
    time_unit = forms.ChoiceField(label="Time commitment in", choices=Opportunity.TimeUnit.choices)
    time_amount = forms.DecimalField(
        label="Time commitment",
        max_digits=5,
        decimal_places=2,
        help_text="For example 4 (hours) or 0.2 (FTE).",
    )
    starts_on = _date("Starts on")
    ends_on = _date("Ends on")
    closes_on = _date("Applications close on")
    places = forms.IntegerField(min_value=1, max_value=500, initial=1)
    eligible_staff_groups = forms.MultipleChoiceField(
        label="Staff groups", choices=[(g, g) for g in STAFF_GROUPS], required=False
    )
    eligible_bands = forms.MultipleChoiceField(
        label="Pay bands", choices=[(b, b) for b in PAY_BANDS], required=False
    )
    eligible_tiers = forms.MultipleChoiceField(
        label="Management tiers", choices=Tier.choices, required=False
    )
    dimensions = forms.MultipleChoiceField(label="Framework dimensions it develops", required=False)
    round = forms.TypedChoiceField(label="Cohort round", coerce=int, required=False)

    def __init__(self, *args: Any, organisation: Any, owners: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sponsor"]).choices = [("", "Choose a sponsor")] + [
            (u.pk, f"{u.get_full_name() or u.username} ({u.username})")
            for u in selectors.sponsors_for(organisation)
        ]
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", "Me")] + [
            (p.pk, p.full_name) for p in owners
        ]
        labels: list[tuple[str, str]] = sorted(
            selectors.dimension_labels().items(), key=lambda kv: kv[1]
        )
        cast(forms.ChoiceField, self.fields["dimensions"]).choices = labels
        cast(forms.ChoiceField, self.fields["round"]).choices = [("", "Not in a round")] + [
            (r.pk, r.name)
            for r in AllocationRound.objects.filter(
                organisation=organisation, status=AllocationRound.Status.OPEN
            )
        ]


class ApplyForm(forms.Form):
    statement = forms.CharField(
        widget=forms.Textarea,
        max_length=MAX_STATEMENT,
        help_text="A few sentences: why you, why now, and what you hope to learn.",
    )


class DecisionForm(forms.Form):
    """Release (with a backfill note) or not (with a reason); select or not (with a reason)."""

    decision = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])
    note = forms.CharField(widget=forms.Textarea, required=False, max_length=2000)


class SponsorForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    note = forms.CharField(widget=forms.Textarea, required=False, max_length=2000)


class CompleteForm(forms.Form):
    completed_on = _date("Completed on")
    feedback = forms.CharField(
        widget=forms.Textarea, max_length=2000, label="Feedback against the framework"
    )

    def __init__(self, *args: Any, dimensions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = selectors.dimension_labels()
        self.dimension_fields = []
        for i, key in enumerate(dimensions):
            name = f"rating_{i}"
            self.fields[name] = forms.ChoiceField(
                label=labels.get(key, key),
                choices=[("", "Not rated"), *RATINGS.items()],
                required=False,
            )
            self.dimension_fields.append((name, key))

    def ratings(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[name]
            for name, key in self.dimension_fields
            if self.cleaned_data.get(name)
        }


class ProfileForm(forms.Form):
    hours_available = forms.DecimalField(
        label="Hours a week you could give",
        max_digits=4,
        decimal_places=1,
        required=False,
        min_value=0,
        max_value=37.5,
    )
    share_360 = forms.BooleanField(
        label="Use my released 360 feedback for my recommendations", required=False
    )


class RoundForm(forms.Form):
    name = forms.CharField(max_length=200)
    ratio = forms.DecimalField(
        label="Fairness ratio",
        max_digits=3,
        decimal_places=2,
        initial="0.80",
        min_value=0.01,
        max_value=1,
        help_text="Selection rates by sex, ethnicity and disability within this ratio of each other.",
    )


class AllocateForm(forms.Form):
    ratio = forms.DecimalField(
        label="Fairness ratio", max_digits=3, decimal_places=2, min_value=0.01, max_value=1
    )
    fairness = forms.BooleanField(label="Apply fairness bounds", required=False, initial=True)
