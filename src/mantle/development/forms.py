"""Forms: parse and check the shape of input; the rules themselves live in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from mantle.core.dates import validate_date_in_range
from mantle.development.models import Enrolment, FundingSource, Offering, Requirement
from mantle.development.rules.evidence import MAX_EVIDENCE_BYTES
from mantle.development.rules.fppt import CHECK_LABELS, DECLARATIONS, LCF_RATINGS, CheckOutcome
from mantle.workforce.rules.tiers import Tier


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        validators=[validate_date_in_range],
        label=label,
        required=required,
        widget=DateInput(),
        help_text=help_text,
    )


class EvidenceField(forms.FileField):
    """A file field that refuses anything over 10 MB before it reaches the service."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if value is not None and getattr(value, "size", 0) > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB.")
        return value


EVIDENCE_HELP = "A PDF, PNG, JPEG or Word (.docx) file of 10 MB or less."


class HoldingForm(forms.Form):
    offering = forms.ModelChoiceField(
        label="Qualification or programme", queryset=Offering.objects.none()
    )
    awarded_on = _date("Date awarded or completed")
    expires_on = _date(
        "Valid until (last valid day)",
        required=False,
        help_text="Leave empty to use the usual validity period, or if it never expires.",
    )
    reference = forms.CharField(
        label="Certificate or membership number", required=False, max_length=80
    )
    evidence = EvidenceField(label="Evidence (optional)", required=False, help_text=EVIDENCE_HELP)

    def __init__(self, *args: Any, offerings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = offerings  # type: ignore[attr-defined]


class EvidenceForm(forms.Form):
    evidence = EvidenceField(label="Evidence", help_text=EVIDENCE_HELP)


class OfferingForm(forms.Form):
    name = forms.CharField(max_length=200)
    provider = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Offering.Kind.choices)
    category = forms.ChoiceField(choices=Offering.Category.choices)
    level = forms.CharField(max_length=60, required=False, help_text="For example Level 5.")
    duration_months = forms.IntegerField(label="Duration (months)", min_value=0, required=False)
    cost = forms.DecimalField(
        label="List cost per participant (£)",
        min_value=0,
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    validity_months = forms.IntegerField(
        label="Valid for (months)",
        min_value=1,
        required=False,
        help_text="Leave empty if a holding never expires.",
    )
    dimensions = forms.MultipleChoiceField(
        label="Framework dimensions it develops", required=False, choices=()
    )
    active = forms.BooleanField(label="Offered now", required=False, initial=True)

    def __init__(self, *args: Any, dimension_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimensions"].choices = dimension_choices  # type: ignore[attr-defined]


class CohortForm(forms.Form):
    offering = forms.ModelChoiceField(label="Programme", queryset=Offering.objects.none())
    name = forms.CharField(
        label="Cohort name", max_length=120, help_text="For example 'Spring 2025'."
    )
    starts_on = _date("Starts on")
    ends_on = _date("Ends on", required=False)

    def __init__(self, *args: Any, offerings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = offerings  # type: ignore[attr-defined]


class BulkEnrolmentForm(forms.Form):
    offering = forms.ModelChoiceField(label="Programme", queryset=Offering.objects.none())
    cohort = forms.TypedChoiceField(
        label="Cohort", required=False, coerce=int, empty_value=None, choices=()
    )
    status = forms.ChoiceField(choices=[("enrolled", "Enrolled"), ("applied", "Applied")])
    applied_on = _date("Application date")
    cost = forms.DecimalField(
        label="Cost per person (£)",
        min_value=0,
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text="Leave empty to use the catalogue's list cost.",
    )
    funding_source = forms.ChoiceField(
        label="Funding source",
        required=False,
        choices=[("", "Not recorded"), *FundingSource.choices],
    )
    people = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=False)
    employee_numbers = forms.CharField(
        label="…or paste employee numbers",
        required=False,
        widget=forms.Textarea,
        help_text="One per line, or separated by commas or spaces (for example from ESR).",
    )

    def __init__(
        self,
        *args: Any,
        offerings: Any,
        cohorts: list[tuple[int, str]],
        people: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = offerings  # type: ignore[attr-defined]
        self.fields["cohort"].choices = [("", "No cohort"), *cohorts]  # type: ignore[attr-defined]
        self.fields["people"].choices = people  # type: ignore[attr-defined]

    def numbers(self) -> list[str]:
        """The pasted employee numbers, in order, without blanks or repeats."""
        raw = self.cleaned_data.get("employee_numbers") or ""
        return list(dict.fromkeys(n.strip() for n in raw.replace(",", " ").split() if n.strip()))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("people") and not (data.get("employee_numbers") or "").strip():
            raise forms.ValidationError("Choose people to enrol, or paste their employee numbers.")
        return data


class EnrolmentStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Enrolment.Status.choices)
    on = _date("Date")
    cost = forms.DecimalField(
        label="Actual cost (£)", min_value=0, max_digits=10, decimal_places=2, required=False
    )


class RequirementForm(forms.Form):
    name = forms.CharField(max_length=200)
    offerings = forms.ModelMultipleChoiceField(
        label="Met by any of", queryset=Offering.objects.none()
    )
    strength = forms.ChoiceField(choices=Requirement.Strength.choices)
    tier = forms.ChoiceField(
        label="Applies to a tier",
        required=False,
        choices=[
            ("", "—"),
            *((t.value, t.value.replace("_", " ").capitalize()) for t in Tier if t.value != "none"),
        ],
    )
    job_role = forms.CharField(label="…or to a job role", required=False, max_length=120)
    post = forms.TypedChoiceField(
        label="…or to one post", required=False, coerce=int, empty_value=None, choices=()
    )
    grace_days = forms.IntegerField(
        label="Grace period for new appointees (days)", min_value=0, max_value=1095, initial=365
    )

    def __init__(
        self, *args: Any, offerings: Any, posts: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offerings"].queryset = offerings  # type: ignore[attr-defined]
        self.fields["post"].choices = [("", "—"), *posts]  # type: ignore[attr-defined]


class AttestationForm(forms.Form):
    notes = forms.CharField(
        label="Anything the chair should know", required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, domains: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, text in DECLARATIONS.items():
            self.fields[f"declare_{key}"] = forms.BooleanField(label=text, required=False)
        for key, name in domains:
            self.fields[f"lcf_{key}"] = forms.ChoiceField(
                label=name, choices=[("", "Choose"), *LCF_RATINGS.items()], required=False
            )
        self.domains = domains

    def declarations(self) -> dict[str, bool]:
        return {k: bool(self.cleaned_data.get(f"declare_{k}")) for k in DECLARATIONS}

    def ratings(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(f"lcf_{k}") or "" for k, _ in self.domains}


_OUTCOMES = [(o.value, o.label) for o in CheckOutcome if o is not CheckOutcome.PENDING]


class CheckForm(forms.Form):
    """One check. Nothing is chosen for the checker: an untouched form records nothing (a check
    that was not done must never be recorded as passed today)."""

    item = forms.ChoiceField(
        label="Check",
        choices=[("", "Choose the check"), *CHECK_LABELS.items()],
        error_messages={"required": "Choose which check you are recording."},
    )
    outcome = forms.ChoiceField(
        choices=[("", "Choose the outcome"), *_OUTCOMES],
        error_messages={"required": "Choose the outcome of the check."},
    )
    checked_on = forms.DateField(
        validators=[validate_date_in_range],
        label="Date checked",
        widget=DateInput(),
        error_messages={"required": "Enter the date the check was done."},
    )
    notes = forms.CharField(required=False, widget=forms.Textarea)
    evidence = EvidenceField(label="Evidence (optional)", required=False, help_text=EVIDENCE_HELP)


class ChecksForm(forms.Form):
    """Every check of the checklist on one page. A check left at "Not recorded now" is unchanged;
    one given an outcome needs the date it was done."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in CHECK_LABELS.items():
            self.fields[f"outcome_{key}"] = forms.ChoiceField(
                label=f"{label}: outcome",
                choices=[("", "Not recorded now"), *_OUTCOMES],
                required=False,
            )
            self.fields[f"checked_on_{key}"] = forms.DateField(
                validators=[validate_date_in_range],
                label=f"{label}: date checked",
                widget=DateInput(),
                required=False,
            )
            self.fields[f"notes_{key}"] = forms.CharField(
                label=f"{label}: notes", required=False, max_length=2000
            )

    def rows(self) -> list[tuple[str, str, Any, Any, Any]]:
        """(key, label, outcome field, date field, notes field) per check, for the template."""
        return [
            (key, label, self[f"outcome_{key}"], self[f"checked_on_{key}"], self[f"notes_{key}"])
            for key, label in CHECK_LABELS.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [key for key in CHECK_LABELS if data.get(f"outcome_{key}")]
        if not chosen and not self.errors:
            raise forms.ValidationError("Choose the outcome of at least one check.")
        for key in chosen:
            if not data.get(f"checked_on_{key}"):
                self.add_error(
                    f"checked_on_{key}", f"Enter the date the {CHECK_LABELS[key]} check was done."
                )
        return data

    def entries(self) -> list[dict[str, Any]]:
        """The checks given an outcome: item, outcome, checked_on, notes."""
        return [
            {
                "item": key,
                "outcome": self.cleaned_data[f"outcome_{key}"],
                "checked_on": self.cleaned_data[f"checked_on_{key}"],
                "notes": self.cleaned_data.get(f"notes_{key}") or "",
            }
            for key in CHECK_LABELS
            if self.cleaned_data.get(f"outcome_{key}")
        ]


class CommentForm(forms.Form):
    comment = forms.CharField(label="Comment", required=False, widget=forms.Textarea)


class ReturnForm(forms.Form):
    reason = forms.CharField(label="Why is it being returned?", widget=forms.Textarea)


class SignOffForm(forms.Form):
    conclusion = forms.ChoiceField(
        choices=[("", "Choose"), ("fit", "Fit and proper"), ("not_fit", "Not fit and proper")],
        required=False,
    )
    comment = forms.CharField(
        label="How the conclusion was reached", required=False, widget=forms.Textarea
    )


class ReferenceForm(forms.Form):
    person = forms.TypedChoiceField(label="Board member", coerce=int, choices=())
    kind = forms.ChoiceField(
        choices=[
            ("appointment", "On appointment (reference received)"),
            ("leaving", "On leaving (reference given)"),
        ]
    )
    event_on = _date("Appointment or leaving date")
    other_organisation = forms.CharField(label="Other organisation", required=False, max_length=200)
    requested_on = _date("Requested on", required=False)
    completed_on = _date("Completed on", required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea)
    evidence = EvidenceField(label="Evidence (optional)", required=False, help_text=EVIDENCE_HELP)

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]
