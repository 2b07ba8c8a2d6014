"""Health, errors, sign-in and lock-out, htmx partials, the OpenAPI document and deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any
from unittest import mock

import pytest

from mantle.core.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_fails(client: Any) -> None:
    from django.db import connection

    with mock.patch.object(connection, "cursor", side_effect=RuntimeError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_unknown_url_is_a_design_system_404(client: Any) -> None:
    client.force_login(UserFactory())
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content and b"nhsuk-header" in response.content


def test_wrong_password_gets_a_generic_message_and_five_failures_lock_the_account(
    client: Any,
) -> None:
    UserFactory(username="nurse1")
    # given four wrong passwords: each gets the same generic message
    for _ in range(4):
        response = client.post("/accounts/sign-in/", {"username": "nurse1", "password": "wrong"})
        assert response.status_code == 200
        assert b"Enter a correct username and password" in response.content
    # an unknown username gets exactly the same message
    unknown = client.post("/accounts/sign-in/", {"username": "nobody", "password": "wrong"})
    assert b"Enter a correct username and password" in unknown.content
    # when the fifth fails, the account is locked, even for the right password
    client.post("/accounts/sign-in/", {"username": "nurse1", "password": "wrong"})
    locked = client.post(
        "/accounts/sign-in/", {"username": "nurse1", "password": "correct-horse-battery"}
    )
    assert locked.status_code == 429
    assert b"locked" in locked.content


def test_sign_in_then_sign_out(client: Any) -> None:
    UserFactory(username="nurse2")
    response = client.post(
        "/accounts/sign-in/", {"username": "nurse2", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/sign-out/")
    assert client.get("/").status_code == 302


def test_password_reset_sends_an_email(client: Any) -> None:
    from django.core import mail

    UserFactory(username="nurse3", email="nurse3@example.nhs.uk")
    response = client.post("/accounts/password-reset/", {"email": "nurse3@example.nhs.uk"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_htmx_request_gets_only_the_partial(client: Any) -> None:
    client.force_login(UserFactory(is_superuser=True))
    full = client.get("/audit/")
    partial = client.get("/audit/", HTTP_HX_REQUEST="true")
    assert b"nhsuk-header" in full.content
    assert b"nhsuk-header" not in partial.content and b"audit" in partial.content.lower()


def test_openapi_document_is_valid(client: Any) -> None:
    from openapi_spec_validator import validate

    client.force_login(UserFactory())
    spec = client.get("/api/v1/openapi.json").json()
    validate(spec)
    assert "/api/v1/organisations/{code}/divide" in spec["paths"]


def test_interactive_api_docs_need_sign_in(client: Any) -> None:
    assert client.get("/api/v1/docs").status_code == 302
    client.force_login(UserFactory())
    assert client.get("/api/v1/docs").status_code == 200


def test_malformed_api_json_is_422_with_field_messages(client: Any) -> None:
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(
        "/api/v1/register/units", data="{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    body = response.json()
    assert body["code"] in ("validation_error", "bad_request") and body["message"]


def _run_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mantle.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "mantle.config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy() -> None:
    result = _run_check(
        {
            "SECRET_KEY": "x7Gq-p9Lm_T2vB8nR4wZ6yK1cF3hJ5dS0aQeUoIiPl7Mn2Bv9Cx4Za8Ws6Ed1Rf3Tg",
            "DATABASE_URL": "postgres://mantle@127.0.0.1:5432/mantle",
            "ALLOWED_HOSTS": "mantle.example.nhs.uk",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-m", "mantle.cli", "check"],
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "mantle.config.settings.production",
            "DATABASE_URL": "postgres://x@127.0.0.1/x",
            "ALLOWED_HOSTS": "x",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_api_validation_errors_name_each_field(client: Any) -> None:
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(
        "/api/v1/register/units", data={"organisation": "R"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    fields = {e["field"] for e in body["errors"]}
    assert body["code"] == "validation_error" and {"name", "organisation"} <= fields


def test_openapi_documents_the_error_body(client: Any) -> None:
    client.force_login(UserFactory())
    spec = client.get("/api/v1/openapi.json").json()
    responses = spec["paths"]["/api/v1/register/units"]["post"]["responses"]
    assert "422" in responses and "ErrorOut" in str(responses["422"])
