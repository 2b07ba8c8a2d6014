"""Issue 11, attack 7: a record the reader may not see answers exactly as a missing one does.

The walk is built from the URL conf and the django-ninja OpenAPI schema, so a new route is covered the
day it is added (a route with a path parameter this file cannot map fails the test, naming it). For
each demo role, each route and each method, it sends the same request twice: (a) with the id of a
record that exists but the role may not see, and (b) with an id that does not exist. Status codes
and body shapes (JSON keys; the HTML page title) must be identical.

Records "that exist but are not visible" come from two places:
* a second trust (R2B) loaded with the same synthetic generator and domain seeding as the demo trust:
  no demo role has any membership there, so none of its records is theirs to see;
* records in the demo trust belonging to a person whose register profile the role cannot open, that
  no page or API read for the same kind of record shows to the role, and that do not name the role's
  own user or person in any field.
A record any GET route shows to the role (2xx or a redirect) counts as visible and is skipped: the
rule is about existence leaks, not about what a visible record lets the reader do.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Model, QuerySet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from mantle.boardpack.models import BoardPack
from mantle.demo import services as demo
from mantle.workforce.models import Organisation, Person

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = ("hr", "chair", "exec", "secretary", "analyst", "manager", "director", "staff", "porter")
MISSING_INT = 2_000_000_000
MISSING_CODE = "ZZ9"
#: Parameters that are not record ids: public codes and slugs, credentials (their own tests cover
#: them), and the Django admin's (staff-only, Django's own).
NOT_IDS = {"key", "version", "token", "uidb64", "change", "content_type_id", "object_id", "id"}
SKIP_PREFIXES = ("admin/", "accounts/reset/")

#: (route pattern regex, parameter) -> model label. First match wins.
PARAM_MODELS: list[tuple[str, str, str]] = [
    (r".", "code", "workforce.Organisation"),
    (r".", "person_id", "workforce.Person"),
    (r".", "post_id", "workforce.Post"),
    (r"scenarios/", "run_id", "scenarios.ScenarioRun"),
    (r".", "run_id", "imports.ImportRun"),
    (r".", "user_id", "auth.User"),
    (r".", "membership_id", "accounts.Membership"),
    (r"(^|/)(self|assessments)/", "assessment_id", "capability.SelfAssessment"),
    (r"practice/", "assessment_id", "capability.PracticeAssessment"),
    (r".", "member_id", "capability.PanelMember"),
    (r"fppt/", "cycle_id", "development.FpptCycle"),
    (r".", "cycle_id", "capability.Cycle"),
    (r".", "nomination_id", "capability.Nomination"),
    (r".", "pool_id", "talent.TalentPool"),
    (r".", "review_id", "talent.TalentReview"),
    (r".", "placement_id", "talent.Placement"),
    (r".", "plan_id", "talent.SuccessionPlan"),
    (r".", "enrolment_id", "development.Enrolment"),
    (r".", "holding_id", "development.Holding"),
    (r".", "evidence_id", "development.Evidence"),
    (r".", "offering_id", "development.Offering"),
    (r".", "requirement_id", "development.Requirement"),
    (r"conversations/", "pk", "talent.TalentConversation"),
    (r"conversation-actions/", "pk", "talent.ConversationAction"),
    (r"reviews/", "pk", "talent.TalentReview"),
    (r"pools/", "pk", "talent.TalentPool"),
    (r"memberships/", "pk", "talent.PoolMembership"),
    (r"succession/plans/", "pk", "talent.SuccessionPlan"),
    (r"succession/candidates/", "pk", "talent.SuccessionCandidate"),
    (r"succession/actions/", "pk", "talent.CandidateAction"),
    (r"board-pack/", "pk", "boardpack.BoardPack"),
    (r"scenarios/", "pk", "scenarios.Scenario"),
    (r"scenarios/", "scenario_id", "scenarios.Scenario"),
    (r".", "opportunity_id", "opportunities.Opportunity"),
    (r".", "application_id", "opportunities.Application"),
    (r".", "round_id", "opportunities.AllocationRound"),
]

#: model label -> (filter selecting the second trust's records, parent parameters of a record,
#: the people a record belongs to).
Owners = Callable[[Any], list[Any]]
MODELS: dict[str, tuple[dict[str, Any], Callable[[Any], dict[str, Any]], Owners]] = {
    "workforce.Organisation": ({"code": "R2B"}, lambda o: {}, lambda o: []),
    "boardpack.BoardPack": ({"organisation__code": "R2B"}, lambda o: {}, lambda o: []),
    "scenarios.Scenario": ({"organisation__code": "R2B"}, lambda o: {}, lambda o: []),
    "scenarios.ScenarioRun": (
        {"scenario__organisation__code": "R2B"},
        lambda o: {"scenario_id": o.scenario_id},
        lambda o: [],
    ),
    "workforce.Person": (
        {"employee_numbers__organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o],
    ),
    "workforce.Post": (
        {"organisation__code": "R2B"},
        lambda o: {"code": o.organisation.code},
        lambda o: [],
    ),
    "imports.ImportRun": (
        {"organisation__code": "R2B"},
        lambda o: {"code": o.organisation.code},
        lambda o: [],
    ),
    "auth.User": (
        {"person__employee_numbers__organisation__code": "R2B"},
        lambda o: {},
        lambda o: [getattr(o, "person", None)],
    ),
    "accounts.Membership": (
        {"organisation__code": "R2B"},
        lambda o: {"user_id": o.user_id},
        lambda o: [getattr(o.user, "person", None)],
    ),
    "capability.SelfAssessment": (
        {"person__employee_numbers__organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.person],
    ),
    "capability.PracticeAssessment": (
        {"organisation__code": "R2B"},
        lambda o: {},
        lambda o: [],
    ),
    "capability.PanelMember": (
        {"assessment__organisation__code": "R2B"},
        lambda o: {"assessment_id": o.assessment_id},
        lambda o: [],
    ),
    "capability.Cycle": (
        {"organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.participant, o.line_manager],
    ),
    "capability.Nomination": (
        {"cycle__organisation__code": "R2B"},
        lambda o: {"cycle_id": o.cycle_id},
        lambda o: [o.cycle.participant, o.cycle.line_manager, o.person],
    ),
    "development.FpptCycle": (
        {"organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.person],
    ),
    "talent.TalentPool": ({"organisation__code": "R2B"}, lambda o: {}, lambda o: []),
    "talent.TalentReview": ({"organisation__code": "R2B"}, lambda o: {}, lambda o: []),
    "talent.Placement": (
        {"review__organisation__code": "R2B"},
        lambda o: {"review_id": o.review_id},
        lambda o: [o.person],
    ),
    "talent.SuccessionPlan": ({"organisation__code": "R2B"}, lambda o: {}, lambda o: []),
    "talent.TalentConversation": (
        {"organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.person],
    ),
    "talent.ConversationAction": (
        {"conversation__organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.conversation.person],
    ),
    "talent.PoolMembership": (
        {"pool__organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.person],
    ),
    "talent.SuccessionCandidate": (
        {"plan__organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.person],
    ),
    "talent.CandidateAction": (
        {"candidate__plan__organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.candidate.person],
    ),
    "development.Enrolment": (
        {"organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.person],
    ),
    "development.Holding": (
        {"person__employee_numbers__organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.person],
    ),
    "development.Evidence": (
        {"holding__person__employee_numbers__organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.holding.person if o.holding else None],
    ),
    "development.Offering": ({"organisation__code": "R2B"}, lambda o: {}, lambda o: []),
    "development.Requirement": ({"organisation__code": "R2B"}, lambda o: {}, lambda o: []),
    "opportunities.Opportunity": ({"organisation__code": "R2B"}, lambda o: {}, lambda o: [o.owner]),
    "opportunities.Application": (
        {"opportunity__organisation__code": "R2B"},
        lambda o: {},
        lambda o: [o.person, o.line_manager, o.opportunity.owner],
    ),
    "opportunities.AllocationRound": ({"organisation__code": "R2B"}, lambda o: {}, lambda o: []),
}


# --- the routes -------------------------------------------------------------------------------------
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


@functools.cache
def _api_operations() -> dict[str, dict[str, Any]]:
    from mantle.config.api import api

    schema = api.get_openapi_schema()
    return {"schema": schema, "paths": schema["paths"]}


def routes() -> list[tuple[str, list[str]]]:
    """Every route with a record-id path parameter, with the methods it answers."""
    operations = _api_operations()["paths"]
    found: dict[str, list[str]] = {}
    for route in _walk(get_resolver()):
        if route.startswith(SKIP_PREFIXES) or route.startswith("^") or "(?P" in route:
            continue
        params = [name for _, name in PARAM.findall(route)]
        if not [p for p in params if p not in NOT_IDS]:
            continue
        if route.startswith("api/"):
            key = "/" + PARAM.sub(lambda m: "{" + m.group(2) + "}", route)
            methods = [m.upper() for m in operations.get(key, {})]
            found.setdefault(route, [])
            found[route] = sorted(set(found[route]) | set(methods))
        else:
            found[route] = ["GET", "POST"]
    return sorted(found.items())


def _model_for(route: str, param: str) -> str | None:
    for pattern, name, label in PARAM_MODELS:
        if name == param and re.search(pattern, route):
            return label
    return None


def _varied(route: str) -> tuple[str, str]:
    """The parameter the walk varies (the last record id) and its model."""
    params = [name for _, name in PARAM.findall(route) if name not in NOT_IDS]
    varied = params[-1]
    label = _model_for(route, varied)
    if label is None:
        raise AssertionError(f"No model mapped for <{varied}> in {route}: add it to PARAM_MODELS")
    return varied, label


def _url(route: str, values: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(2)
        if name not in values:
            raise KeyError(name)
        return str(values[name])

    return "/" + PARAM.sub(value, route)


# --- request bodies from the OpenAPI schema ----------------------------------------------------------
def _example(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    if "$ref" in schema:
        return _example(components[schema["$ref"].split("/")[-1]], components, depth)
    for combo in ("anyOf", "oneOf", "allOf"):
        if combo in schema:
            options = [s for s in schema[combo] if s.get("type") != "null"]
            return _example(options[0], components, depth) if options else None
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 4:
            return {}
        return {
            name: _example(prop, components, depth + 1)
            for name, prop in schema.get("properties", {}).items()
            if name in schema.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return (dt.date.today() + dt.timedelta(days=30)).isoformat()
    if schema.get("format") == "email":
        return "someone@example.nhs.uk"
    return "x"


def _body(route: str, method: str) -> str | None:
    if method in ("GET", "DELETE") or not route.startswith("api/"):
        return None
    info = _api_operations()
    key = "/" + PARAM.sub(lambda m: "{" + m.group(2) + "}", route)
    operation = info["paths"].get(key, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return "{}"
    components = info["schema"].get("components", {}).get("schemas", {})
    return json.dumps(_example(content["schema"], components))


#: Request-body fields that name a record (varied like path ids).
BODY_IDS = {"person_id": "workforce.Person"}


def body_id_operations() -> list[tuple[str, str, str]]:
    """API operations whose JSON body names a record: (route, method, field)."""
    info = _api_operations()
    components = info["schema"].get("components", {}).get("schemas", {})
    found = []
    for path, operations in info["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if not content:
                continue
            schema = content["schema"]
            while "$ref" in schema:
                schema = components[schema["$ref"].split("/")[-1]]
            for field in schema.get("properties", {}):
                if field in BODY_IDS:
                    route = re.sub(r"\{(\w+)\}", r"<\1>", path.lstrip("/"))
                    found.append((route, method.upper(), field))
    return sorted(found)


# --- comparing answers -------------------------------------------------------------------------------
def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


def _answer(response: Any) -> tuple[int, Any]:
    kind = response.get("Content-Type", "")
    if "json" in kind:
        try:
            return response.status_code, _shape(json.loads(response.content))
        except ValueError:
            return response.status_code, "invalid json"
    if "html" in kind:
        title = re.search(rb"<title>(.*?)</title>", response.content, re.S)
        return response.status_code, (title.group(1).strip() if title else b"")
    return response.status_code, kind


def _send(client: Client, method: str, url: str, body: str | None) -> tuple[int, Any]:
    if method == "GET":
        return _answer(client.get(url))
    if body is None:
        return _answer(client.generic(method, url))
    return _answer(client.generic(method, url, body, content_type="application/json"))


# --- data -------------------------------------------------------------------------------------------
def _second_trust() -> None:
    from mantle.demo.synthetic import generate_trust

    end = demo.month_end(dt.date.today())
    trust = generate_trust(seed=2, staff=120, snapshot_dates=[end])
    org = Organisation.objects.create(
        code="R2B", name="Second Test Trust", org_type=trust.organisation.org_type
    )
    for day, frame in trust.snapshots:
        demo.import_frame(
            org=org, frame=frame.with_columns(pl.lit("R2B").alias("org_code")), as_of=day
        )
    demo.seed_domain_apps(org=org, on=end, seed=2, log=lambda _: None)
    # A board pack of the second trust: no demo role may download it.
    BoardPack.objects.create(organisation=org, month=end, pdf=b"%PDF-1.7", size=8, seconds=0.1)
    person = Person.objects.filter(employee_numbers__organisation=org, user=None).first()
    assert person is not None
    user = get_user_model().objects.create(username="r2b-staff", email="r2b@example.nhs.uk")
    person.user = user
    person.save(update_fields=["user"])
    from mantle.opportunities.demo import seed_minimal

    seed_minimal(organisation=org, user=user)


def _foreign(record: Model, owners: list[Any], role_user: Any) -> bool:
    """No field of the record names the role's own user or person."""
    mine = {("user", role_user.pk)}
    person = getattr(role_user, "person", None)
    if person is not None:
        mine.add(("person", person.pk))
        if any(o is not None and o.pk == person.pk for o in owners):
            return False
    for field in record._meta.concrete_fields:
        related = field.related_model
        if field.is_relation and related is not None and not isinstance(related, str):
            target = related._meta.label
            value = getattr(record, field.attname)
            if (target == "auth.User" and ("user", value) in mine) or (
                target == "workforce.Person" and ("person", value) in mine
            ):
                return False
    return True


def _candidates(label: str, role_user: Any, client: Client) -> list[Model]:
    """One record of the second trust, and one of the demo trust the role may not see."""
    model = apps.get_model(label)
    second, _, owners = MODELS[label]
    chosen: list[Model] = []
    other = model.objects.filter(**second).order_by("pk").first()
    if other is not None:
        chosen.append(other)
    if label in ("workforce.Organisation",):
        return chosen
    queryset: QuerySet[Any] = model.objects.exclude(**second).order_by("pk")
    for record in queryset[:60]:
        people = [p for p in owners(record) if p is not None]
        if not people or not _foreign(record, people, role_user):
            continue
        if any(client.get(f"/register/people/{p.pk}/").status_code == 200 for p in people):
            continue
        chosen.append(record)
        break
    return chosen


def _values(route: str, varied: str, record: Model | None, label: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if record is not None:
        values.update(MODELS[label][1](record))
        values[varied] = record.code if label == "workforce.Organisation" else record.pk  # type: ignore[attr-defined]
    else:
        values[varied] = MISSING_CODE if varied == "code" else MISSING_INT
    # Parent parameters not derived from the record (e.g. <code> before a post) use the demo trust.
    for _, name in PARAM.findall(route):
        values.setdefault(name, "R1A" if name == "code" else "x")
    return values


def _visible_parents(
    route: str, client: Client, get_routes: dict[str, list[str]]
) -> dict[str, Any] | None:
    """Path values the role can see (a record some GET route shows them), or None."""
    values: dict[str, Any] = {}
    for _, name in PARAM.findall(route):
        label = _model_for(route, name)
        if label is None:
            return None
        model = apps.get_model(label)
        second = MODELS[label][0]
        found = None
        for record in model.objects.exclude(**second).order_by("pk")[:40]:
            value = record.code if label == "workforce.Organisation" else record.pk
            for get_route in get_routes.get(label, []):
                varied, _ = _varied(get_route)
                probe = _values(get_route, varied, record, label)
                if client.get(_url(get_route, probe)).status_code == 200:
                    found = value
                    break
            if found is not None:
                break
        if found is None:
            return None
        values[name] = found
    return values


def test_every_hidden_record_answers_like_a_missing_one(client: Client) -> None:
    # given the demo trust (its roles), and a second trust none of them belongs to
    call_command("demo", staff=300, stdout=open("/dev/null", "w"))  # noqa: SIM115
    _second_trust()
    table = routes()
    get_routes: dict[str, list[str]] = {}
    for route, methods in table:
        varied, label = _varied(route)
        if "GET" in methods:
            get_routes.setdefault(label, []).append(route)
    violations: list[str] = []
    checked = 0
    for role in ROLES:
        user = get_user_model().objects.get(username=role)
        client.force_login(user)
        candidates = {label: _candidates(label, user, client) for label in MODELS}
        hidden: dict[str, list[Model]] = {}
        for label, records in candidates.items():
            hidden[label] = []
            for record in records:
                # a record some GET route shows to the role is visible: not this test's business
                shown = False
                for route in get_routes.get(label, []):
                    varied, _ = _varied(route)
                    status = client.get(
                        _url(route, _values(route, varied, record, label))
                    ).status_code
                    if status < 400:
                        shown = True
                        break
                if not shown:
                    hidden[label].append(record)
        absent_answers: dict[tuple[str, str], tuple[int, Any]] = {}
        for route, methods in table:
            varied, label = _varied(route)
            for record in hidden[label]:
                for method in methods:
                    body = _body(route, method)
                    # when the role asks for the hidden record, and for one that does not exist
                    missing_url = _url(
                        route,
                        _values(route, varied, None, label)
                        | {
                            k: v
                            for k, v in _values(route, varied, record, label).items()
                            if k != varied
                        },
                    )
                    present = _send(
                        client, method, _url(route, _values(route, varied, record, label)), body
                    )
                    if (method, missing_url) not in absent_answers:
                        absent_answers[method, missing_url] = _send(
                            client, method, missing_url, body
                        )
                    absent = absent_answers[method, missing_url]
                    checked += 1
                    # then the answers cannot be told apart
                    if present != absent:
                        violations.append(
                            f"{role} {method} /{route} [{label} {record.pk}]: {present} vs missing {absent}"
                        )
        # and the same for ids named in a request body, under parents the role can see
        for route, method, field in body_id_operations():
            values = _visible_parents(route, client, get_routes)
            if values is None:
                continue
            url = _url(route, values)
            example = json.loads(_body(route, method) or "{}")
            absent = _send(client, method, url, json.dumps(example | {field: MISSING_INT}))
            for record in hidden[BODY_IDS[field]]:
                present = _send(client, method, url, json.dumps(example | {field: record.pk}))
                checked += 1
                if present != absent:
                    violations.append(
                        f"{role} {method} /{route} body {field}={record.pk}: {present}"
                        f" vs missing {absent}"
                    )
    if os.environ.get("MANTLE_WALK_REPORT"):
        with open(os.environ["MANTLE_WALK_REPORT"], "w") as report:
            report.write(f"checked {checked}\n" + "\n".join(violations))
    assert checked > 500, checked
    assert not violations, "\n".join(violations)
