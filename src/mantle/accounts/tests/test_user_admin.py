"""User and role administration by HR/OD administrators: scope, invitations, roles with reasons, linking to
staff records, deactivation, the audit trail; the change-password page; API tokens by role."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from mantle.accounts.models import ApiToken, Membership
from mantle.accounts.services import (
    api_token_create,
    role_grant,
    role_revoke,
    user_active_set,
    user_person_link,
)
from mantle.core.access import AccessDenied, build_actor
from mantle.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_only_hr_admins_reach_the_pages_and_see_only_their_organisations(trust: Any) -> None:
    for username in ("staff", "manager", "exec", "analyst"):
        assert client_for(trust.users[username]).get("/accounts/users/").status_code == 403
    page = client_for(trust.users["hr"]).get("/accounts/users/").content.decode()
    assert "manager" in page and "staff" in page
    assert "other_hr" not in page
    other = trust.users["other_hr"]
    assert client_for(trust.users["hr"]).get(f"/accounts/users/{other.pk}/").status_code == 404


def test_search_finds_by_name_and_email(trust: Any) -> None:
    manager = trust.users["manager"]
    manager.first_name, manager.last_name = "Mo", "Manager"
    manager.save()
    client = client_for(trust.users["hr"])
    found = client.get("/accounts/users/", {"q": "mo manager"}).content.decode()
    assert f"/accounts/users/{manager.pk}/" in found
    assert f"/accounts/users/{trust.users['staff'].pk}/" not in found
    partial = client.get("/accounts/users/", {"q": "staff@"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content and b"1 account" in partial.content


def test_invite_creates_an_account_with_one_role_and_emails_a_set_password_link(
    trust: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(trust.users["hr"])
    number = trust.outsider.employee_numbers.get().number  # someone in another trust: not allowed
    refused = client.post(
        "/accounts/users/invite/",
        {
            "first_name": "Ola",
            "last_name": "New",
            "email": "ola.new@nhs.net",
            "organisation": "RXA",
            "role": "line_manager",
            "employee_number": number,
            "reason": "New ward manager",
        },
    )
    assert refused.status_code == 200 and b"No one in that organisation" in refused.content
    nurse_number = trust.nurse.employee_numbers.get().number
    trust.nurse.user = None
    trust.nurse.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/users/invite/",
            {
                "first_name": "Ola",
                "last_name": "New",
                "email": "Ola.New@nhs.net",
                "organisation": "RXA",
                "role": "line_manager",
                "employee_number": nurse_number,
                "reason": "New ward manager",
            },
        )
    assert response.status_code == 302
    user = type(trust.users["hr"]).objects.get(email="ola.new@nhs.net")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.organisation, membership.reason) == (
        "line_manager",
        trust.org,
        "New ward manager",
    )
    trust.nurse.refresh_from_db()
    assert trust.nurse.user == user
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ola.new@nhs.net"]
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body)
    assert link is not None
    path = link.group(0).split("8000", 1)[-1] if ":8000" in link.group(0) else link.group(0)
    set_password = Client().get(path, follow=True)
    assert b"Set a new password" in set_password.content
    assert AuditEvent.objects.filter(
        object_type="user", object_id=str(user.pk), action="create"
    ).exists()
    again = client.post(
        "/accounts/users/invite/",
        {
            "first_name": "Ola",
            "last_name": "New",
            "email": "ola.new@NHS.net",
            "organisation": "RXA",
            "role": "staff",
            "reason": "again",
        },
    )
    assert b"already exists" in again.content


def test_roles_are_granted_and_revoked_per_organisation_with_a_reason(trust: Any) -> None:
    hr, staff = build_actor(trust.users["hr"]), trust.users["staff"]
    with pytest.raises(ValidationError):
        role_grant(actor=hr, user=staff, organisation=trust.org, role="line_manager", reason="")
    with pytest.raises(AccessDenied):
        role_grant(actor=hr, user=staff, organisation=trust.other_org, role="staff", reason="x")
    with pytest.raises(AccessDenied):
        role_grant(actor=hr, user=staff, organisation=None, role="analyst", reason="x")
    with pytest.raises(AccessDenied):
        role_grant(
            actor=hr, user=trust.users["hr"], organisation=trust.org, role="executive", reason="x"
        )
    membership = role_grant(
        actor=hr, user=staff, organisation=trust.org, role="line_manager", reason="Promoted"
    )
    assert membership.granted_by == trust.users["hr"]
    role_revoke(actor=hr, membership=membership, reason="Acting cover ended")
    assert not staff.memberships.filter(role="line_manager").exists()
    details = list(
        AuditEvent.objects.filter(object_id=str(staff.pk)).values_list("detail", flat=True)
    )
    assert {"granted": "line_manager", "reason": "Promoted"} in details
    assert {"revoked": "line_manager", "reason": "Acting cover ended"} in details


def test_grant_and_revoke_through_the_pages(trust: Any) -> None:
    client, staff = client_for(trust.users["hr"]), trust.users["staff"]
    missing_reason = client.post(
        f"/accounts/users/{staff.pk}/roles/add/", {"organisation": "RXA", "role": "executive"}
    )
    assert missing_reason.status_code == 200 and b"There is a problem" in missing_reason.content
    granted = client.post(
        f"/accounts/users/{staff.pk}/roles/add/",
        {"organisation": "RXA", "role": "executive", "reason": "Joined the board"},
    )
    assert granted.status_code == 302
    membership = staff.memberships.get(role="executive")
    detail = client.get(f"/accounts/users/{staff.pk}/").content.decode()
    assert "Joined the board" in detail and f"membership={membership.pk}" in detail
    revoked = client.post(
        f"/accounts/users/{staff.pk}/revoke/",
        {"membership": membership.pk, "reason": "Left the board"},
    )
    assert revoked.status_code == 302
    assert not staff.memberships.filter(role="executive").exists()


def test_linking_an_account_to_a_person_shows_on_both_pages(trust: Any) -> None:
    hr = trust.users["hr"]
    client = client_for(hr)
    ceo = (
        trust.ceo_post.assignments.get().person if hasattr(trust.ceo_post, "assignments") else None
    )
    newcomer = type(hr).objects.create_user("newcomer", email="n@example.nhs.uk")
    Membership.objects.create(user=newcomer, organisation=trust.org, role="staff")
    person = trust.manager
    taken = client.post(
        f"/accounts/users/{newcomer.pk}/link/",
        {
            "link_organisation": "RXA",
            "employee_number": person.employee_numbers.get().number,
            "link_reason": "x",
        },
    )
    assert b"already linked to another account" in taken.content
    unlinked_person = type(person).objects.create(
        first_name="Pat", last_name="Person", date_of_birth=person.date_of_birth
    )
    unlinked_person.employee_numbers.create(organisation=trust.org, number="E9999999")
    response = client.post(
        f"/accounts/users/{newcomer.pk}/link/",
        {"link_organisation": "RXA", "employee_number": "E9999999", "link_reason": "Started"},
    )
    assert response.status_code == 302
    unlinked_person.refresh_from_db()
    assert unlinked_person.user == newcomer
    assert "Pat Person" in client.get(f"/accounts/users/{newcomer.pk}/").content.decode()
    profile = client.get(f"/register/people/{unlinked_person.pk}/").content.decode()
    assert f"/accounts/users/{newcomer.pk}/" in profile and "newcomer" in profile
    del ceo


def test_link_refuses_people_the_administrator_cannot_see(trust: Any) -> None:
    hr = build_actor(trust.users["hr"])
    with pytest.raises(AccessDenied):
        user_person_link(
            actor=hr, user=trust.users["analyst"], person=trust.outsider, reason="wrong trust"
        )


def test_deactivation_stops_sign_in_and_tokens(trust: Any) -> None:
    staff, hr = trust.users["staff"], build_actor(trust.users["hr"])
    Membership.objects.create(user=staff, organisation=trust.org, role="hr_admin")
    _, raw = api_token_create(user=staff, name="feed")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/v1/me/", **headers).status_code == 200
    user_active_set(actor=hr, user=staff, active=False, reason="Left the trust")
    assert Client().get("/api/v1/me/", **headers).status_code == 401
    response = Client().post(
        "/accounts/sign-in/", {"username": "staff", "password": "correct-horse-battery"}
    )
    assert response.status_code == 200 and b"Enter a correct username" in response.content
    with pytest.raises(AccessDenied):
        user_active_set(actor=hr, user=trust.users["hr"], active=False, reason="me")


def test_change_password_page(trust: Any) -> None:
    user = trust.users["staff"]
    client = client_for(user)
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and b"Change your password" in page.content
    wrong = client.post(
        "/accounts/password/",
        {
            "old_password": "nope",
            "new_password1": "a-New-passw0rd-x",
            "new_password2": "a-New-passw0rd-x",
        },
    )
    assert b"There is a problem" in wrong.content
    done = client.post(
        "/accounts/password/",
        {
            "old_password": "correct-horse-battery",
            "new_password1": "a-New-passw0rd-x",
            "new_password2": "a-New-passw0rd-x",
        },
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-New-passw0rd-x")
    assert AuditEvent.objects.filter(object_id=str(user.pk), detail__password="changed").exists()


def test_api_tokens_are_offered_only_to_roles_that_use_the_api(trust: Any, settings: Any) -> None:
    porter = trust.users["staff"]
    page = client_for(porter).get("/accounts/").content.decode()
    assert "Personal API tokens" not in page
    assert client_for(porter).post("/accounts/", {"name": "mine"}).status_code == 403
    with pytest.raises(AccessDenied):
        api_token_create(user=porter, name="mine")
    assert not ApiToken.objects.filter(user=porter).exists()
    hr_page = client_for(trust.users["hr"]).get("/accounts/").content.decode()
    assert "Personal API tokens" in hr_page and "Create token" in hr_page
    # A token stops working when its holder's role no longer uses the API.
    _, raw = api_token_create(user=trust.users["hr"], name="feed")
    settings.MANTLE_API_TOKEN_ROLES = ["analyst"]
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def _production_check(**env: str) -> Any:
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "mantle.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("OIDC_", "MANTLE_OIDC"))},
            "DJANGO_SETTINGS_MODULE": "mantle.config.settings.production",
            "SECRET_KEY": "x7Gq-p9Lm_T2vB8nR4wZ6yK1cF3hJ5dS0aQeUoIiPl7Mn2Bv9Cx4Za8Ws6Ed1Rf3Tg",
            "DATABASE_URL": "postgres://mantle@127.0.0.1:5432/mantle",
            "ALLOWED_HOSTS": "mantle.example.nhs.uk",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_needs_a_way_in_and_a_complete_identity_provider() -> None:
    no_way_in = _production_check(MANTLE_LOCAL_SIGN_IN="false")
    assert no_way_in.returncode != 0 and "nobody could sign in" in no_way_in.stderr
    half = _production_check(OIDC_RP_CLIENT_ID="abc", OIDC_RP_CLIENT_SECRET="s")
    assert half.returncode != 0 and "OIDC_OP_ISSUER" in half.stderr
    entra = _production_check(
        MANTLE_LOCAL_SIGN_IN="false",
        OIDC_RP_CLIENT_ID="abc",
        OIDC_RP_CLIENT_SECRET="s",
        MANTLE_OIDC_ENTRA_TENANT_ID="0000-tenant",
    )
    assert entra.returncode == 0, entra.stderr


def test_only_a_superuser_changes_a_superusers_account(trust: Any) -> None:
    from mantle.accounts.services import two_step_reset

    root = type(trust.users["hr"]).objects.create_superuser("root", "root@example.nhs.uk", "pw")
    Membership.objects.create(user=root, organisation=trust.org, role="staff")
    hr = build_actor(trust.users["hr"])
    for change in (
        lambda: two_step_reset(actor=hr, user=root, reason="lost phone"),
        lambda: user_active_set(actor=hr, user=root, active=False, reason="left"),
        lambda: role_grant(
            actor=hr, user=root, organisation=trust.org, role="hr_admin", reason="x"
        ),
    ):
        with pytest.raises(AccessDenied):
            change()
    client = client_for(trust.users["hr"])
    assert client.get(f"/accounts/users/{root.pk}/nonsense/").status_code == 404


def test_reset_two_step_page_needs_a_reason_and_removes_the_devices(trust: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from mantle.accounts.mfa import demo_totp_device_ensure

    colleague = trust.users["manager"]
    demo_totp_device_ensure(user=colleague)
    client = client_for(trust.users["hr"])
    assert b"Reset two-step verification" in client.get(f"/accounts/users/{colleague.pk}/").content
    page = f"/accounts/users/{colleague.pk}/reset_two_step/"
    assert b"There is a problem" in client.post(page, {"reason": ""}).content
    assert TOTPDevice.objects.filter(user=colleague).exists()
    assert client.post(page, {"reason": "New phone"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert AuditEvent.objects.filter(
        object_id=str(colleague.pk), detail__two_step="reset", detail__reason="New phone"
    ).exists()


def test_without_single_sign_on_the_sign_in_page_offers_passwords_only(
    client: Any, settings: Any
) -> None:
    settings.MANTLE_OIDC_ENABLED = False
    page = client.get("/accounts/sign-in/").content.decode()
    assert 'name="password"' in page and "Sign in with" not in page
    assert client.get("/accounts/sign-in/sso/").status_code == 404
    settings.MANTLE_LOCAL_SIGN_IN = False
    assert client.get("/accounts/password-reset/").status_code == 404
    assert "Sign-in is not set up yet" in client.get("/accounts/sign-in/").content.decode()


def test_roles_in_other_organisations_are_counted_not_shown(trust: Any) -> None:
    staff = trust.users["staff"]
    Membership.objects.create(user=staff, organisation=trust.other_org, role="hr_admin")
    client = client_for(trust.users["hr"])
    detail = client.get(f"/accounts/users/{staff.pk}/").content.decode()
    assert "1 role in other organisations" in detail
    assert trust.other_org.name not in detail
    listing = client.get("/accounts/users/", {"q": "staff"}).content.decode()
    assert "RXB" not in listing and "Staff member (RXA)" in listing


def test_an_unused_invitation_can_be_sent_again(
    trust: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from mantle.accounts.services import user_invite

    hr = build_actor(trust.users["hr"])
    with django_capture_on_commit_callbacks(execute=True):
        invited = user_invite(
            actor=hr,
            email="late@nhs.net",
            first_name="Lee",
            last_name="Late",
            organisation=trust.org,
            role="staff",
            reason="Porter",
        )
    client = client_for(trust.users["hr"])
    assert b"Send the invitation again" in client.get(f"/accounts/users/{invited.pk}/").content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/accounts/users/{invited.pk}/invitation/")
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["late@nhs.net"], ["late@nhs.net"]]
    assert AuditEvent.objects.filter(detail__invitation="sent again").exists()
    used = trust.users["staff"]  # has signed in before: password reset is the route instead
    used.last_login = used.date_joined
    used.save()
    client.post(f"/accounts/users/{used.pk}/invitation/")
    assert len(mail.outbox) == 2


def test_group_mappings_are_made_and_removed_with_a_reason(trust: Any) -> None:
    from mantle.accounts.models import GroupRoleMapping

    client = client_for(trust.users["hr"])
    other_org = client.post(
        "/accounts/users/groups/",
        {"group": "g-1", "organisation": "RXB", "role": "executive", "reason": "board"},
    )
    assert b"There is a problem" in other_org.content
    made = client.post(
        "/accounts/users/groups/",
        {"group": "g-1", "organisation": "RXA", "role": "executive", "reason": "Board members"},
    )
    assert made.status_code == 302
    mapping = GroupRoleMapping.objects.get()
    assert (mapping.group, mapping.role, mapping.created_by) == (
        "g-1",
        "executive",
        trust.users["hr"],
    )
    assert b"g-1" in client.get("/accounts/users/groups/").content
    client.post("/accounts/users/groups/", {"delete": mapping.pk, "delete_reason": ""})
    assert GroupRoleMapping.objects.exists()  # a reason is required
    client.post("/accounts/users/groups/", {"delete": mapping.pk, "delete_reason": "Renamed"})
    assert not GroupRoleMapping.objects.exists()
    assert AuditEvent.objects.filter(object_type="group_role_mapping", action="delete").exists()
    assert client_for(trust.users["other_hr"]).get("/accounts/users/groups/").status_code == 200
    assert client_for(trust.users["staff"]).get("/accounts/users/groups/").status_code == 403
