"""Forms for capability pages. They only parse and check input; services apply the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from mantle.capability.models import Cycle, FrameworkVersion, RaterGroup
from mantle.core.dates import validate_date_in_range
from mantle.workforce.models import Tier

NOMINATION_GROUPS = [
    (RaterGroup.LINE_MANAGER.value, "Line manager"),
    (RaterGroup.PEER.value, "Peer"),
    (RaterGroup.DIRECT_REPORT.value, "Direct report"),
    (RaterGroup.OTHER.value, "Other (including people outside the organisation)"),
]


def _default_deadline() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=28)


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.framework.name} (version {obj.version})"


class CycleForm(forms.Form):
    framework_version = VersionChoiceField(
        label="Framework", queryset=FrameworkVersion.objects.none(), empty_label=None
    )
    mode = forms.ChoiceField(
        label="Who sees the report",
        choices=Cycle.Mode.choices,
        help_text="Fixed once the 360° opens.",
    )
    deadline = forms.DateField(
        validators=[validate_date_in_range],
        label="Deadline for responses",
        initial=_default_deadline,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, versions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework_version"].queryset = versions  # type: ignore[attr-defined]


class CohortForm(CycleForm):
    name = forms.CharField(label="Cohort name", max_length=200)
    unit = forms.ChoiceField(label="Staff in unit", required=False)
    tier = forms.ChoiceField(
        label="Management tier",
        required=False,
        choices=[("", "Any tier"), *Tier.choices],
    )
    facilitator_email = forms.EmailField(
        label="Facilitator's e-mail address (optional)",
        required=False,
        help_text=(
            "A trained facilitator releases the report, and reads it first once each participant "
            "accepts them. An HR/OD administrator of this organisation never reads reports."
        ),
    )

    def __init__(self, *args: Any, units: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "Whole organisation"), *((u, u) for u in units)]  # type: ignore[attr-defined]


class NominationForm(forms.Form):
    group = forms.ChoiceField(label="Rater group", choices=NOMINATION_GROUPS)
    email = forms.EmailField(label="Work e-mail address")
    name = forms.CharField(
        label="Name",
        max_length=200,
        required=False,
        help_text="Needed only for people without a Mantle account.",
    )


class ReplacementForm(forms.Form):
    email = forms.EmailField(label="Work e-mail address of the replacement")
    name = forms.CharField(label="Name", max_length=200, required=False)


class ReturnForm(forms.Form):
    note = forms.CharField(label="Note to the participant", widget=forms.Textarea, required=False)


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        validators=[validate_date_in_range],
        label="New deadline",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class PracticeForm(forms.Form):
    unit = forms.ChoiceField(label="Unit")
    framework_version = VersionChoiceField(
        label="Instrument", queryset=FrameworkVersion.objects.none(), empty_label=None
    )
    assessed_on = forms.DateField(
        validators=[validate_date_in_range],
        label="Date the panel met",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    panel = forms.CharField(
        label="Panel members",
        widget=forms.Textarea,
        help_text="One per line: name, then a comma and their role (for example "
        "'Sam Patel, peer unit manager').",
    )

    def __init__(
        self, *args: Any, units: list[tuple[str, str]], versions: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["framework_version"].queryset = versions  # type: ignore[attr-defined]

    def panel_members(self) -> list[tuple[str, str]]:
        members = []
        for line in self.cleaned_data["panel"].splitlines():
            name, _, role = line.partition(",")
            if name.strip():
                members.append((name.strip(), role.strip()))
        return members


class FrameworkVersionForm(forms.Form):
    definition = forms.CharField(
        label="Framework definition (JSON)",
        widget=forms.Textarea,
        help_text="Edit the copy of the current version: change the version number and the text. "
        "It is checked against every framework rule before it is published.",
    )
