"""Forms for administrators' edits. Validation that needs the database lives in services; forms check
shape (dates, numbers, choices) and show every message beside its field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from mantle.core.dates import validate_date_in_range

from .models import Post, Registration, Tier, Unit
from .rules.bands import PAY_BANDS


def _today() -> dt.date:
    return dt.date.today()


class UnitForm(forms.Form):
    name = forms.CharField(max_length=200, label="Unit name")
    parent = forms.ModelChoiceField(
        queryset=Unit.objects.none(), required=False, label="Part of", empty_label="(top level)"
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class PostForm(forms.Form):
    position_number = forms.CharField(max_length=40, label="Position number")
    title = forms.CharField(max_length=200)
    unit = forms.ModelChoiceField(queryset=Unit.objects.none())
    reports_to = forms.ModelChoiceField(
        queryset=Post.objects.none(), required=False, label="Reports to (position number)"
    )
    occupation_code = forms.CharField(
        max_length=3, label="Occupation code", help_text="Three characters, for example N6A or G0A."
    )
    job_role = forms.CharField(max_length=120, required=False, label="Job role")
    pay_band = forms.ChoiceField(choices=[(b, b) for b in PAY_BANDS], label="Pay band or grade")
    tier = forms.ChoiceField(choices=Tier.choices, label="Management tier")
    statutory_clinical = forms.BooleanField(required=False, label="Statutory clinical role")
    voting = forms.BooleanField(
        required=False,
        initial=True,
        label="Voting member of the board",
        help_text="Board executive posts only. Non-voting executive directors (often the chief "
        "operating officer or people director) are counted with senior management, not on the "
        "board line.",
    )
    critical = forms.BooleanField(required=False, label="Critical post (succession planning)")
    budgeted_fte = forms.DecimalField(
        min_value=Decimal("0.01"),
        max_value=Decimal("1.5"),
        initial=Decimal("1"),
        label="Budgeted FTE",
    )
    effective = forms.DateField(
        validators=[validate_date_in_range],
        initial=_today,
        label="In the establishment from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["reports_to"].queryset = Post.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["reports_to"].label_from_instance = lambda p: p.position_number  # type: ignore[attr-defined]


class PostChangeForm(PostForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["position_number"]
        self.fields["effective"].label = "Change takes effect from"


class PersonForm(forms.Form):
    first_name = forms.CharField(max_length=100, label="First name")
    last_name = forms.CharField(max_length=100, label="Last name")
    date_of_birth = forms.DateField(
        label="Date of birth", widget=forms.DateInput(attrs={"type": "date"})
    )
    employee_number = forms.CharField(max_length=40, label="Employee number")


class AssignmentForm(forms.Form):
    post = forms.ModelChoiceField(queryset=Post.objects.none(), label="Post (position number)")
    fte = forms.DecimalField(
        min_value=Decimal("0.01"),
        max_value=Decimal("1.5"),
        label="FTE",
        help_text="More than 0 and at most 1.5.",
    )
    start_date = forms.DateField(
        validators=[validate_date_in_range],
        label="Start date",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end_date = forms.DateField(
        validators=[validate_date_in_range],
        required=False,
        label="End date (leave empty if open-ended)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    acting = forms.BooleanField(required=False, label="Acting up or secondment")

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = Post.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["post"].label_from_instance = lambda p: p.position_number  # type: ignore[attr-defined]


class RegistrationForm(forms.Form):
    body = forms.ChoiceField(choices=Registration.Body.choices, label="Regulator")
    number = forms.CharField(max_length=20, label="Registration number")
    status = forms.ChoiceField(choices=Registration.Status.choices)
    valid_from = forms.DateField(
        validators=[validate_date_in_range],
        initial=_today,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
