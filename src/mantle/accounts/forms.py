"""Forms for sign-in, two-step verification and user administration."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from mantle.workforce.models import EmployeeNumber, Organisation, Person

from .models import Role

REASON_HINT = "Recorded in the audit log, for example 'Started as ward manager on 1 April'."


class SignInForm(AuthenticationForm):
    error_messages = {
        # One generic message: never say whether the username exists.
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "Enter a correct username and password. Both are case-sensitive.",
    }


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        max_length=20,
        strip=True,
        error_messages={"required": "Enter the 6-digit code from your authenticator app."},
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label="6-digit code from the app",
        max_length=10,
        strip=True,
        error_messages={"required": "Enter the 6-digit code your app now shows."},
    )


def _org_choices(orgs: Any) -> list[tuple[str, str]]:
    return [("", "Choose an organisation")] + [(o.code, o.name) for o in orgs]


def _role_choices(*, analyst: bool) -> list[tuple[str, str]]:
    roles = [(v, label) for v, label in Role.choices if analyst or v != Role.ANALYST]
    return [("", "Choose a role"), *roles]


class _OrgForm(forms.Form):
    def __init__(self, *args: Any, organisations: Any, superuser: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisations = {o.code: o for o in organisations}
        organisation = cast(forms.ChoiceField, self.fields["organisation"])
        choices = _org_choices(organisations)
        if superuser:
            choices.append(("*", "All organisations (analysts only)"))
            organisation.required = False
        organisation.choices = choices
        cast(forms.ChoiceField, self.fields["role"]).choices = _role_choices(analyst=superuser)

    def chosen_organisation(self) -> Organisation | None:
        return self.organisations.get(self.cleaned_data.get("organisation") or "")


class InviteForm(_OrgForm):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(
        label="Work e-mail address",
        help_text="The invitation goes here; single sign-on also matches on it.",
        error_messages={"invalid": "Enter an e-mail address like name@nhs.net"},
    )
    organisation = forms.ChoiceField(
        label="Organisation", error_messages={"required": "Choose an organisation."}
    )
    role = forms.ChoiceField(label="Role", error_messages={"required": "Choose a role."})
    employee_number = forms.CharField(
        label="Employee number (optional)",
        required=False,
        help_text="Links the account to this person's staff record in the organisation.",
    )
    reason = forms.CharField(label="Reason", widget=forms.Textarea, help_text=REASON_HINT)

    def clean_organisation(self) -> str:
        code = self.cleaned_data["organisation"]
        if code not in self.organisations:
            raise forms.ValidationError("Choose one of your organisations.")
        return str(code)

    def person(self) -> Person | None:
        number = (self.cleaned_data.get("employee_number") or "").strip()
        org = self.chosen_organisation()
        if not number or org is None:
            return None
        found = EmployeeNumber.objects.filter(organisation=org, number=number).first()
        if found is None:
            self.add_error(
                "employee_number", "No one in that organisation has this employee number."
            )
            return None
        return found.person


class RoleGrantForm(_OrgForm):
    organisation = forms.ChoiceField(
        label="Organisation", error_messages={"required": "Choose an organisation."}
    )
    role = forms.ChoiceField(label="Role", error_messages={"required": "Choose a role."})
    reason = forms.CharField(label="Reason", widget=forms.Textarea, help_text=REASON_HINT)


class GroupMappingForm(_OrgForm):
    group = forms.CharField(
        label="Group identifier",
        max_length=255,
        help_text="As your identity provider sends it in the groups claim (Entra ID: the group's object ID).",
    )
    organisation = forms.ChoiceField(
        label="Organisation", error_messages={"required": "Choose an organisation."}
    )
    role = forms.ChoiceField(label="Role", error_messages={"required": "Choose a role."})
    reason = forms.CharField(label="Reason", widget=forms.Textarea, help_text=REASON_HINT)


class LinkPersonForm(forms.Form):
    def __init__(self, *args: Any, organisations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisations = {o.code: o for o in organisations}
        cast(forms.ChoiceField, self.fields["link_organisation"]).choices = _org_choices(
            organisations
        )

    link_organisation = forms.ChoiceField(
        label="Organisation", error_messages={"required": "Choose an organisation."}
    )
    employee_number = forms.CharField(
        label="Employee number",
        error_messages={"required": "Enter the person's employee number."},
    )
    link_reason = forms.CharField(label="Reason", widget=forms.Textarea, help_text=REASON_HINT)

    def person(self) -> Person | None:
        org = self.organisations.get(self.cleaned_data.get("link_organisation") or "")
        number = (self.cleaned_data.get("employee_number") or "").strip()
        found = EmployeeNumber.objects.filter(organisation=org, number=number).first()
        if found is None:
            self.add_error(
                "employee_number", "No one in that organisation has this employee number."
            )
            return None
        return found.person


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea,
        help_text=REASON_HINT,
        error_messages={"required": "Enter a reason."},
    )
