"""Single sign-on against a real OpenID Connect provider on loopback: sign-in, sign-out, a token for another
audience, an expired token, unknown and unverified people, group-to-role mappings and switching passwords off.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from django.test import Client

from mantle.accounts.models import ExternalIdentity, GroupRoleMapping, Membership
from mantle.core.models import AuditEvent
from mantle.core.testing.factories import OrganisationFactory, UserFactory, make_user

from .sso_helpers import csrf_from, form_action, hidden_inputs, sso_sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hana(db: Any) -> Any:
    """Hana's Mantle account; the provider sends her address in another case."""
    org = OrganisationFactory(code="RXA", name="Alpha Hospitals NHS Trust")
    return make_user(username="hreid", roles=[("hr_admin", org)])


def _set_email(user: Any, email: str) -> None:
    user.email = email
    user.save(update_fields=["email"])


def test_known_person_signs_in_and_the_subject_is_bound(
    live_server: Any, sso: Any, hana: Any
) -> None:
    _set_email(hana, "hana.reid@nhs.net")
    session, response = sso_sign_in(live_server.url, "hr.sso")
    assert response.status_code == 200
    assert response.url.rstrip("/") == live_server.url
    me = session.get(f"{live_server.url}/accounts/", timeout=10)
    assert "Your account" in me.text and "single sign-on" in me.text
    identity = ExternalIdentity.objects.get(user=hana)
    assert (identity.issuer, identity.subject) == (sso.issuer, "hr.sso")
    assert AuditEvent.objects.filter(
        action="sign_in", object_id=str(hana.pk), detail__method="single sign-on"
    ).exists()
    # Once bound, the subject identifies her even after her address changes in Mantle.
    _set_email(hana, "h.reid@other.example")
    _, again = sso_sign_in(live_server.url, "hr.sso")
    assert again.status_code == 200 and again.url.rstrip("/") == live_server.url


def test_accounts_can_be_matched_by_another_claim(
    live_server: Any, sso: Any, settings: Any, hana: Any
) -> None:
    settings.MANTLE_OIDC_MATCH_CLAIM = "preferred_username"
    settings.MANTLE_OIDC_MATCH_FIELD = "username"
    _set_email(hana, "")  # no e-mail in Mantle: the username alone identifies her
    _, response = sso_sign_in(live_server.url, "hr.sso")
    assert response.status_code == 200 and response.url.rstrip("/") == live_server.url
    assert ExternalIdentity.objects.get(subject="hr.sso").user == hana


def test_claims_from_the_id_token_alone_as_with_entra(
    live_server: Any, sso: Any, settings: Any, hana: Any
) -> None:
    settings.OIDC_OP_USER_ENDPOINT = ""  # Entra: no userinfo call, the ID token carries the claims
    _set_email(hana, "hana.reid@nhs.net")
    _, response = sso_sign_in(live_server.url, "hr.sso")
    assert response.status_code == 200 and response.url.rstrip("/") == live_server.url


def test_unknown_person_is_refused_with_a_page_and_no_account_is_made(
    live_server: Any, sso: Any, hana: Any
) -> None:
    users_before = type(hana).objects.count()
    session, response = sso_sign_in(live_server.url, "stranger")
    assert response.status_code == 403
    assert "There is no Mantle account for you yet" in response.text
    assert "stranger@example.org" in response.text
    assert type(hana).objects.count() == users_before
    assert session.get(f"{live_server.url}/accounts/", timeout=10).url.startswith(
        f"{live_server.url}/accounts/sign-in/"
    )
    assert AuditEvent.objects.filter(action="sign_in", detail__refused="unknown_user").exists()


def test_unknown_person_gets_an_account_without_roles_when_the_setting_allows(
    live_server: Any, sso: Any, settings: Any, hana: Any
) -> None:
    settings.OIDC_CREATE_USER = True
    _, response = sso_sign_in(live_server.url, "newcomer")
    assert response.status_code == 200
    user = type(hana).objects.get(email="newcomer@example.org")
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()


def test_a_token_issued_to_another_application_is_refused(
    live_server: Any, sso: Any, hana: Any
) -> None:
    _set_email(hana, "hana.reid@nhs.net")
    sso.set_mode("wrong_audience")
    session, response = sso_sign_in(live_server.url, "hr.sso")
    assert response.status_code == 403
    assert "issued to another application" in response.text
    assert "/accounts/sign-in/" in session.get(f"{live_server.url}/", timeout=10).url
    assert not ExternalIdentity.objects.exists()


def test_an_expired_token_is_refused(live_server: Any, sso: Any, hana: Any) -> None:
    _set_email(hana, "hana.reid@nhs.net")
    sso.set_mode("expired")
    _, response = sso_sign_in(live_server.url, "hr.sso")
    assert response.status_code == 403
    assert "it has expired" in response.text
    assert not ExternalIdentity.objects.exists()


def test_an_unverified_email_address_matches_no_one(live_server: Any, sso: Any) -> None:
    UserFactory(username="una", email="unverified@nhs.net")
    _, response = sso_sign_in(live_server.url, "unverified")
    assert response.status_code == 403
    assert "did not confirm" in response.text


def test_a_deactivated_account_is_refused(live_server: Any, sso: Any, hana: Any) -> None:
    _set_email(hana, "hana.reid@nhs.net")
    hana.is_active = False
    hana.save(update_fields=["is_active"])
    _, response = sso_sign_in(live_server.url, "hr.sso")
    assert response.status_code == 403
    assert "switched off" in response.text


def test_roles_come_from_groups_only_through_a_mapping(
    live_server: Any, sso: Any, hana: Any
) -> None:
    _set_email(hana, "hana.reid@nhs.net")
    org = hana.memberships.get().organisation
    sso_sign_in(live_server.url, "hr.sso")
    assert set(hana.memberships.values_list("role", flat=True)) == {"hr_admin"}

    mapping = GroupRoleMapping.objects.create(
        group="grp-mantle-executives", organisation=org, role="executive"
    )
    sso_sign_in(live_server.url, "hr.sso")
    executive = hana.memberships.get(role="executive")
    assert executive.source == "idp_group" and executive.organisation == org

    mapping.delete()
    sso_sign_in(live_server.url, "hr.sso")
    assert set(hana.memberships.values_list("role", flat=True)) == {"hr_admin"}


def test_sign_out_ends_the_session_here_and_at_the_provider(
    live_server: Any, sso: Any, hana: Any
) -> None:
    _set_email(hana, "hana.reid@nhs.net")
    session, _ = sso_sign_in(live_server.url, "hr.sso")
    page = session.get(f"{live_server.url}/accounts/sign-out/", timeout=10)
    response = session.post(
        f"{live_server.url}/accounts/sign-out/",
        data={"csrfmiddlewaretoken": csrf_from(page.text)},
        headers={"Referer": f"{live_server.url}/accounts/sign-out/"},
        timeout=10,
    )
    # The provider asks to confirm signing out of it too, then returns to Mantle's sign-in page.
    assert response.url.startswith(sso.issuer)
    confirm = hidden_inputs(response.text)
    done = session.post(
        urljoin(response.url, form_action(response.text)), data={**confirm, "logout": "yes"}
    )
    assert done.url.startswith(f"{live_server.url}/accounts/sign-in/")
    assert "/accounts/sign-in/" in session.get(f"{live_server.url}/", timeout=10).url
    # Signing in again means logging in at the provider again.
    start = session.get(f"{live_server.url}/accounts/sign-in/sso/", timeout=10)
    assert 'name="login"' in start.text


def test_two_step_is_left_to_the_provider_after_single_sign_on(
    live_server: Any, sso: Any, settings: Any, hana: Any
) -> None:
    settings.MANTLE_MFA_REQUIRED_ROLES = ["hr_admin", "superuser"]
    _set_email(hana, "hana.reid@nhs.net")
    session, response = sso_sign_in(live_server.url, "hr.sso")
    assert response.url.rstrip("/") == live_server.url
    assert "/accounts/mfa/" not in session.get(f"{live_server.url}/accounts/users/", timeout=10).url


def test_passwords_switched_off_leave_single_sign_on_working(
    live_server: Any, sso: Any, settings: Any, hana: Any
) -> None:
    settings.MANTLE_LOCAL_SIGN_IN = False
    _set_email(hana, "hana.reid@nhs.net")
    session = requests.Session()
    page = session.get(f"{live_server.url}/accounts/sign-in/", timeout=10)
    assert 'name="password"' not in page.text and "Sign in with" in page.text
    refused = Client().post(
        "/accounts/sign-in/", {"username": "hreid", "password": "correct-horse-battery"}
    )
    assert refused.status_code == 404 and b"Passwords are switched off" in refused.content
    assert "_auth_user_id" not in refused.wsgi_request.session
    _, response = sso_sign_in(live_server.url, "hr.sso", session=session)
    assert response.url.rstrip("/") == live_server.url


def test_refused_single_sign_ons_do_not_lock_out_anyone_else(
    live_server: Any, sso: Any, hana: Any
) -> None:
    # Lock-out (django-axes) counts per username; a refused single sign-on has none, so strangers
    # knocking repeatedly must not lock the door for everyone.
    _set_email(hana, "hana.reid@nhs.net")
    for _ in range(7):
        assert sso_sign_in(live_server.url, "stranger")[1].status_code == 403
    _, response = sso_sign_in(live_server.url, "hr.sso")
    assert response.url.rstrip("/") == live_server.url
