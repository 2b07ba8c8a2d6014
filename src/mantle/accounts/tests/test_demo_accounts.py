"""The demo's accounts: HR and the company secretary are linked to people, and the privileged accounts
complete two-step sign-in with the published demo key."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from mantle.accounts.mfa import DEMO_TOTP_KEY_HEX, confirmed_totp_device
from mantle.core.testing.factories import (
    OrganisationFactory,
    make_assignment,
    make_person,
    make_post,
)
from mantle.demo.services import DEMO_PASSWORD, demo_accounts_create, demo_two_step_help

from .test_two_step import code_for

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_linked_and_privileged_ones_use_the_demo_key(
    settings: Any, capsys: Any
) -> None:
    settings.MANTLE_MFA_REQUIRED_ROLES = ["hr_admin", "company_secretary", "superuser"]
    org = OrganisationFactory(code="RDM", name="Demo Trust")
    for title, job_role, first in (
        ("HR Business Partner", "Human Resources Manager", "Hana"),
        ("Board Secretary", "Personal Assistant", "Sam"),
        ("Staff Nurse", "Staff Nurse", "Nia"),
    ):
        post = make_post(organisation=org, title=title, job_role=job_role)
        make_assignment(person=make_person(organisation=org, first_name=first), post=post)
    accounts = {a.username: a for a in demo_accounts_create(org=org, on=dt.date.today())}
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    assert users.get(username="hr").person.first_name == "Hana"
    assert users.get(username="secretary").person.first_name == "Sam"
    assert users.get(username="staff").person.first_name == "Nia"
    for username in ("hr", "secretary", "admin"):
        device = confirmed_totp_device(users.get(username=username))
        assert device is not None and device.key == DEMO_TOTP_KEY_HEX
        assert "two-step" in accounts[username].description
    assert confirmed_totp_device(users.get(username="porter")) is None

    client = Client()
    client.post("/accounts/sign-in/", {"username": "hr", "password": DEMO_PASSWORD})
    assert client.get("/")["Location"].startswith("/accounts/mfa/verify/")
    device = confirmed_totp_device(users.get(username="hr"))
    assert device is not None
    assert client.post("/accounts/mfa/verify/", {"code": code_for(device)}).status_code == 302
    assert client.get("/accounts/").status_code == 200

    assert "NVQW45DMMUWWIZLNN4WXI33UOAWWWZLZ" in demo_two_step_help()[0]
    call_command("demo_totp_code")
    assert capsys.readouterr().out[:6].isdigit()


def test_the_demo_staff_account_reports_to_the_demo_manager_account() -> None:
    """360 nominations, enrolments and talent conversations of `staff` wait for `manager`, so every
    flow completes with the demo accounts alone (issue 15). A staff nurse elsewhere, created first,
    is not chosen."""
    from django.contrib.auth import get_user_model

    from mantle.capability.selectors.cycles import line_manager_of

    org = OrganisationFactory(code="RDM", name="Demo Trust")
    other_ward = make_post(organisation=org, title="Ward Manager B", job_role="Ward Manager")
    elsewhere = make_post(
        organisation=org, title="Staff Nurse", job_role="Staff Nurse", reports_to=other_ward
    )
    make_assignment(person=make_person(organisation=org, first_name="Ola"), post=elsewhere)
    ward = make_post(organisation=org, title="Ward Manager A", job_role="Ward Manager")
    make_assignment(person=make_person(organisation=org, first_name="Wen"), post=ward)
    make_assignment(person=make_person(organisation=org, first_name="Bea"), post=other_ward)
    nurse = make_post(
        organisation=org, title="Staff Nurse", job_role="Staff Nurse", reports_to=ward
    )
    make_assignment(person=make_person(organisation=org, first_name="Nia"), post=nurse)

    demo_accounts_create(org=org, on=dt.date.today())
    users = get_user_model().objects
    manager, staff = users.get(username="manager"), users.get(username="staff")
    assert manager.person.first_name == "Wen"
    assert staff.person.first_name == "Nia"
    assert line_manager_of(staff.person, on=dt.date.today()) == manager.person
