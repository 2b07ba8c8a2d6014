"""The API contract: the OpenAPI document (token access, offline export, no name clashes, every error status
declared), Swagger UI served locally, and bad parameters answered with 422 naming them."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from pydantic import BaseModel

from mantle.accounts.services import api_token_create
from mantle.config.api import ERROR_STATUSES, api
from mantle.core.testing.factories import OrganisationFactory, UserFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def token() -> str:
    return api_token_create(user=UserFactory(is_superuser=True), name="tools")[1]


def test_the_openapi_document_is_reachable_with_a_token_and_refused_as_json_without(
    client: Any, token: str
) -> None:
    from openapi_spec_validator import validate

    response = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    validate(response.json())
    anonymous = client.get("/api/v1/openapi.json")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "not_authenticated"
    wrong = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION="Bearer mnt_not-a-token")
    assert wrong.status_code == 401


def test_swagger_ui_and_its_assets_are_served_by_mantle_not_a_cdn(client: Any) -> None:
    client.force_login(UserFactory())
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page and "/static/ninja/swagger-ui.css" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert "<script>" not in page.replace(
        " ", ""
    )  # settings travel as JSON, the init script is a file


def test_export_openapi_writes_the_document_offline(
    tmp_path: Path, client: Any, token: str
) -> None:
    target = tmp_path / "openapi.json"
    call_command("export_openapi", str(target))
    exported = json.loads(target.read_text())
    served = client.get("/api/v1/openapi.json", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert exported == served
    assert exported["info"]["title"] == "Mantle API"


def test_every_operation_declares_the_error_answers_with_the_error_schema() -> None:
    spec = api.get_openapi_schema()
    assert len(spec["paths"]) > 30
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            declared = {str(status) for status in operation["responses"]}
            missing = set(ERROR_STATUSES) - declared
            assert not missing, f"{method.upper()} {path} does not declare {sorted(missing)}"
    retry = spec["paths"]["/api/v1/me/"]["get"]["responses"]["429"]
    assert "Retry-After" in retry["headers"]
    assert retry["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }


def _models(annotation: Any) -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.add(annotation)
        for field in annotation.model_fields.values():
            found |= _models(field.annotation)
    for arg in typing.get_args(annotation):
        found |= _models(arg)
    return found


def test_no_two_schemas_share_a_name_in_the_document() -> None:
    """Two classes with one name (e.g. capability's and talent's NominationIn) silently became one."""
    classes: set[type[BaseModel]] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    classes |= _models(model)
                for response_model in operation.response_models.values():
                    classes |= _models(response_model)
    by_name: dict[str, set[str]] = {}
    for cls in classes:
        if cls.__module__.startswith("mantle."):
            by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert clashes == {}
    names = set(api.get_openapi_schema()["components"]["schemas"])
    assert {"RaterNominationIn", "PoolNominationIn"} <= names


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("offset=367092836335213519688433664", "offset"),
        ("offset=-1", "offset"),
        ("limit=0", "limit"),
        ("limit=100000", "limit"),
    ],
)
def test_list_endpoints_answer_bad_paging_with_422_naming_it(
    client: Any, token: str, query: str, field: str
) -> None:
    response = client.get(
        f"/api/v1/register/organisations?{query}", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert any(e["field"].endswith(field) for e in body["errors"]), body


def test_paging_within_bounds_still_works(client: Any, token: str) -> None:
    OrganisationFactory(code="RXA")
    response = client.get(
        "/api/v1/register/organisations?limit=1000&offset=0", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    assert response.json()["count"] >= 1


@pytest.mark.parametrize("depth", ["0", "-1", "21"])
@pytest.mark.parametrize("report", ["heatmap", "coverage"])
def test_capability_reports_answer_a_depth_out_of_range_with_422_naming_it(
    client: Any, depth: str, report: str
) -> None:
    org = OrganisationFactory(code="RXA")
    client.force_login(make_user(username="hr", roles=[("hr_admin", org)], superuser=True))
    response = client.get(f"/api/v1/capability/organisations/RXA/{report}?by=unit&depth={depth}")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["query.depth"]


def test_text_with_nul_characters_is_422_naming_the_field_not_a_database_error(
    client: Any, token: str
) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = client.post(
        "/api/v1/register/units",
        data=json.dumps({"organisation": "RXA", "name": "Ward\u0000 9"}),
        content_type="application/json",
        **headers,
    )
    assert body.status_code == 422
    assert [e["field"] for e in body.json()["errors"]] == ["name"]
    query = client.get("/api/v1/register/people?q=a%00b", **headers)
    assert query.status_code == 422
    assert [e["field"] for e in query.json()["errors"]] == ["query.q"]
    path = client.get("/api/v1/register/organisations/R%00A/units", **headers)
    assert path.status_code == 422
    assert [e["field"] for e in path.json()["errors"]] == ["path"]
