"""The page budget (issue 12): every page and API list, for every demo role that may open it.

For every route in the URL conf that answers GET with a page (HTML) or an API list/record (JSON), and
for every demo account (`mantle demo` creates them), the page is requested through the full Django
stack — a test ``Client`` signed in as a browser would be, all middleware included — BENCH_REPEAT
times (5) after one warm-up request, and the median server time is kept. Pages with an htmx partial
(`core.htmx.render_page`) are measured again with ``HX-Request: true`` when the partial differs from
the full page. Routes with parameters are filled with real records: the role's own records first,
then the first and last records of the model; a role "may open" a page when it answers 200 (a 403
or 404 means the role may not, and the pair is skipped). Downloads (CSV, XLSX, PDF), forms that only
POST and sign-in/password pages are not pages in this sense and are skipped.

It runs twice, each in its own process so Django binds to one database:
* sqlite — the demo trust (`mantle demo`, 5,000 staff) on SQLite, as `make run` gives a new user;
* pg     — the national synthetic NHS (`mantle demo --national`, ≈1.3 million people, BENCH_SCALE
           to shrink) on PostgreSQL, with the largest trust as the organisation: its demo accounts
           and domain records (capability, talent, development, FPPT) seeded as for the demo trust.

BENCH_REUSE=1 measures again on databases a previous run loaded (var/bench_pages.sqlite3 and the
PostgreSQL database mantle_bench_pages, or BENCH_DB). BENCH_ONLY=sqlite|pg runs one of the two;
BENCH_MATCH=<substring>[,<substring>...] measures only paths containing one of them (for profiling a
page); BENCH_SKIP=<a>,<b> leaves out paths containing any of those substrings (e.g. another team's
pages while iterating on yours); BENCH_ROLES=<role>[,<role>...] only those demo accounts.
BENCH_PG_DEMO=1 loads the demo trust (as `mantle demo`) on PostgreSQL instead of the national data
(a quick check).

Prints a table of the 10 slowest pages on each database, then one JSON line:
{"pages", "sqlite_median_ms", "sqlite_p95_ms", "sqlite_slowest", "pg_median_ms", "pg_p95_ms",
 "pg_slowest", "over_budget", "errors"}. Budget: every page ≤ 300 ms, median ≤ 60 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import PG, ROOT

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
SCALE = float(os.environ.get("BENCH_SCALE", "1.0"))
PAGE_BUDGET_MS = 300.0
SLOW_MS = 10 * PAGE_BUDGET_MS
MEDIAN_BUDGET_MS = 60.0
SQLITE_PATH = ROOT / "var" / "bench_pages.sqlite3"
PG_NAME = os.environ.get("BENCH_DB", "mantle_bench_pages")  # BENCH_DB: a database of your own
ROLES = (
    "admin",
    "hr",
    "chair",
    "exec",
    "secretary",
    "analyst",
    "manager",
    "director",
    "staff",
    "porter",
)
# Routes that are not pages a signed-in user opens: authentication flows, downloads, the API's own
# documentation, and the public rater form (reached by a one-time token in an e-mail).
SKIP_PREFIXES = (
    "accounts/sign-",
    "accounts/password-reset",
    "accounts/reset/",
    "api/v1/openapi.json",
    "api/v1/docs",
    "feedback/r/",
    "healthz",
    "development/evidence/",
)
SKIP_SUFFIXES = (".csv", ".xlsx", "/print/", "/download/")
# A parameter's model, by parameter name; (route prefix, name) overrides where a name is ambiguous.
PARAM_MODELS = {
    "person_id": "workforce.Person",
    "user_id": "auth.User",
    "membership_id": "accounts.Membership",
    "post_id": "workforce.Post",
    "run_id": "imports.ImportRun",
    "holding_id": "development.Holding",
    "offering_id": "development.Offering",
    "enrolment_id": "development.Enrolment",
    "requirement_id": "development.Requirement",
    "pool_id": "talent.TalentPool",
    "review_id": "talent.TalentReview",
    "placement_id": "talent.Placement",
    "plan_id": "talent.SuccessionPlan",
    "nomination_id": "capability.Nomination",
    "member_id": "capability.PanelMember",
    "assessment_id": "capability.SelfAssessment",
    "cycle_id": "capability.Cycle",
    "opportunity_id": "opportunities.Opportunity",
    "application_id": "opportunities.Application",
    "round_id": "opportunities.AllocationRound",
}
PREFIX_MODELS = {
    ("leadership/practice/", "assessment_id"): "capability.PracticeAssessment",
    ("development/fppt/", "cycle_id"): "development.FpptCycle",
    ("talent/conversations/", "pk"): "talent.TalentConversation",
    ("talent/conversation-actions/", "pk"): "talent.ConversationAction",
    ("talent/reviews/", "pk"): "talent.TalentReview",
    ("talent/pools/", "pk"): "talent.TalentPool",
    ("talent/memberships/", "pk"): "talent.PoolMembership",
    ("talent/succession/plans/", "pk"): "talent.SuccessionPlan",
    ("talent/succession/candidates/", "pk"): "talent.SuccessionCandidate",
    ("talent/succession/actions/", "pk"): "talent.CandidateAction",
    ("scenarios/", "pk"): "scenarios.Scenario",
    ("api/v1/scenarios/", "scenario_id"): "scenarios.Scenario",
    ("api/v1/scenarios/", "run_id"): "scenarios.ScenarioRun",
}


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------


def _django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "mantle.config.settings.local"
    # The settings `make run` serves with (local: DEBUG on, file cache), cache in its own directory.
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("MANTLE_CACHE_LOCATION", str(ROOT / "var" / "bench_pages_cache"))
    import django

    django.setup()


def load_sqlite(reuse: bool) -> Any:
    if not (reuse and SQLITE_PATH.exists()):
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        _django(f"sqlite:///{SQLITE_PATH}")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("demo", verbosity=0)
    else:
        _django(f"sqlite:///{SQLITE_PATH}")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # the code may have moved on since the load
    from mantle.workforce.models import Organisation

    return Organisation.objects.exclude(org_type="icb").get()


def load_pg(reuse: bool) -> Any:
    import psycopg

    url = f"{PG}/{PG_NAME}"
    if not reuse:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')
    _django(url)
    from django.core.management import call_command

    from mantle.workforce.models import Organisation

    if reuse:
        call_command("migrate", verbosity=0)
        if (ROOT / "var" / "bench_pages_pg_org").exists():
            return Organisation.objects.get(code=_marker_org())
        return _prepare_largest_trust()  # a previous load stopped after the national data
    (ROOT / "var" / "bench_pages_pg_org").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if os.environ.get("BENCH_PG_DEMO") == "1":
        call_command("demo", verbosity=0)
        org = Organisation.objects.exclude(org_type="icb").get()
        (ROOT / "var" / "bench_pages_pg_org").write_text(org.code)
        return org
    call_command("demo", national=True, scale=SCALE, verbosity=0)
    print(
        f"pg: national synthetic NHS loaded in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return _prepare_largest_trust()


def _prepare_largest_trust() -> Any:
    """The largest trust becomes the demo organisation: frameworks, its domain records (capability,
    talent, development), the demo accounts and this year's FPPT cycles, as `mantle demo` makes them."""
    import datetime as dt

    from django.core.management import call_command
    from django.db.models import Count

    from mantle.demo import services
    from mantle.workforce.models import Assignment, Organisation

    end = services.month_end(dt.date.today())
    largest = (
        Assignment.objects.current_on(end)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation_id")
        .first()
    )
    assert largest is not None, "no national data loaded"
    org = Organisation.objects.get(pk=largest["organisation_id"])
    started = time.perf_counter()
    call_command("load_frameworks", verbosity=0)
    services.seed_domain_apps(org=org, on=end, seed=1, log=lambda _m: None)
    services.demo_accounts_create(org=org, on=end)
    services.fppt_year_open(org=org, on=end, log=lambda _m: None)
    (ROOT / "var" / "bench_pages_pg_org").write_text(org.code)
    print(
        f"pg: organisation {org.code} ({largest['n']} assignments) prepared in "
        f"{time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    return org


def _marker_org() -> str:
    return (ROOT / "var" / "bench_pages_pg_org").read_text().strip()


# --------------------------------------------------------------------------------------------------
# Routes and their parameters
# --------------------------------------------------------------------------------------------------


def routes() -> list[tuple[str, list[str]]]:
    """(route pattern, parameter names) for every route, in URL-conf order."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith("admin/"):
                    continue
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if route.startswith(SKIP_PREFIXES) or route.endswith(SKIP_SUFFIXES):
                    continue
                names = list(p.pattern.regex.groupindex)
                route_names = [r for r in found if r[0] == route]
                if not route_names:
                    found.append((route, names))

    walk(get_resolver().url_patterns, "")
    return found


def _model(route: str, name: str) -> Any:
    from django.apps import apps

    for (prefix, param), label in PREFIX_MODELS.items():
        if route.startswith(prefix) and name == param:
            return apps.get_model(label)
    label = PARAM_MODELS.get(name)
    if label is None and route.startswith("api/v1/capability/cycles") and name == "cycle_id":
        label = "capability.Cycle"
    return apps.get_model(label) if label else None


def _person_fields(model: Any) -> list[str]:
    from mantle.workforce.models import Person

    return [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "many_to_one", False) and f.related_model is Person
    ]


def _records(model: Any, person: Any, org: Any) -> list[Any]:
    """The role's own records first, then the first and last few of the organisation's."""
    from django.db.models import Q

    qs = model._default_manager.all()
    org_fields = [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "many_to_one", False) and f.name == "organisation"
    ]
    if org_fields:
        qs = qs.filter(organisation=org)
    out: list[Any] = []
    if person is not None:
        if model._meta.label == "workforce.Person":
            out.append(person)
        fields = _person_fields(model)
        if fields:
            q = Q()
            for f in fields:
                q |= Q(**{f: person})
            out.extend(qs.filter(q).order_by("-pk")[:2])
    out.extend(qs.order_by("pk")[:2])
    out.extend(qs.order_by("-pk")[:1])
    seen: set[int] = set()
    unique = []
    for r in out:
        if r.pk not in seen:
            seen.add(r.pk)
            unique.append(r)
    return unique


def _fill(route: str, names: list[str], person: Any, org: Any) -> list[str]:
    """Candidate paths for a route, the role's own records first."""
    import re

    def path_for(values: dict[str, Any]) -> str:
        out = route
        for name, value in values.items():
            out = re.sub(rf"<(?:\w+:)?{name}>", str(value), out)
        return "/" + out.lstrip("^").rstrip("$")

    if not names:
        return [path_for({})]
    values_list: list[dict[str, Any]] = []
    if names == ["code"]:
        values_list = [{"code": org.code}]
    elif set(names) == {"key", "version"}:
        from mantle.capability.models import FrameworkVersion

        values_list = [
            {"key": fv.framework.key, "version": fv.version}
            for fv in FrameworkVersion.objects.select_related("framework").order_by("pk")[:1]
        ]
    else:
        # The innermost parameter picks the record; the outer ones follow its foreign keys.
        inner = names[-1]
        model = _model(route, inner)
        if model is None:
            return []
        for record in _records(model, person, org):
            values: dict[str, Any] = {inner: record.pk}
            for outer in names[:-1]:
                if outer == "code":
                    values["code"] = org.code
                    continue
                outer_model = _model(route, outer)
                fk = next(
                    (
                        f.name
                        for f in model._meta.get_fields()
                        if getattr(f, "many_to_one", False) and f.related_model is outer_model
                    ),
                    None,
                )
                if fk is None:
                    break
                values[outer] = getattr(record, f"{fk}_id")
            else:
                values_list.append(values)
    return [path_for(v) for v in values_list]


# --------------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------------


def _kind(response: Any) -> str | None:
    content_type = response.get("Content-Type", "")
    if "text/html" in content_type:
        return "html"
    if "json" in content_type:
        return "json"
    return None


def sign_in(client: Any, user: Any) -> None:
    """Signed in as a browser would be after the whole sign-in, second step included: the session
    says it came through single sign-on, whose identity provider does the second factor."""
    client.force_login(user)
    try:
        from mantle.accounts.policy import AUTH_METHOD_SSO, SESSION_AUTH_METHOD
    except ImportError:  # no two-step policy in this version
        return
    session = client.session
    session[SESSION_AUTH_METHOD] = AUTH_METHOD_SSO
    session.save()


def measure(engine: str, reuse: bool) -> dict[str, Any]:
    org = load_sqlite(reuse) if engine == "sqlite" else load_pg(reuse)
    import logging

    from django.contrib.auth import get_user_model
    from django.test import Client

    from mantle.workforce.models import Person

    logging.getLogger("django.request").setLevel(logging.ERROR)  # 403/404s are expected here
    matches = [m for m in os.environ.get("BENCH_MATCH", "").split(",") if m]
    skip = tuple(s for s in os.environ.get("BENCH_SKIP", "").split(",") if s)
    roles = [r for r in os.environ.get("BENCH_ROLES", "").split(",") if r] or ROLES
    results: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    all_routes = routes()
    for username in roles:
        user = get_user_model().objects.get(username=username)
        person = Person.objects.filter(user=user).first()
        client = Client(raise_request_exception=False)
        sign_in(client, user)
        for route, names in all_routes:
            for path in _fill(route, names, person, org):
                if (matches and not any(m in path for m in matches)) or any(
                    s in path for s in skip
                ):
                    continue
                start = time.perf_counter()
                response = client.get(path)
                first_ms = (time.perf_counter() - start) * 1000
                if response.status_code >= 500:
                    errors.append({"path": path, "role": username, "status": response.status_code})
                    break
                if response.status_code != 200 or _kind(response) is None:
                    continue  # this role may not open it (or it is not a page): try the next record
                variants = [({}, path)]
                if _kind(response) == "html":
                    partial = client.get(path, HTTP_HX_REQUEST="true")
                    if partial.status_code >= 500:
                        errors.append(
                            {
                                "path": path + " [htmx]",
                                "role": username,
                                "status": partial.status_code,
                            }
                        )
                    if partial.status_code == 200 and len(partial.content) < len(response.content):
                        variants.append(({"HTTP_HX_REQUEST": "true"}, path + " [htmx]"))
                for headers, label in variants:
                    times, cpus = [], []
                    # A page far over budget is timed once more, not REPEAT times (bounded run).
                    repeat = 1 if first_ms > SLOW_MS else REPEAT
                    for _ in range(repeat):
                        start, cpu = time.perf_counter(), time.process_time()
                        client.get(path, **headers)
                        times.append((time.perf_counter() - start) * 1000)
                        cpus.append((time.process_time() - cpu) * 1000)
                    results.append(
                        {
                            "route": route,
                            "path": label,
                            "role": username,
                            "ms": round(statistics.median(times), 1),
                            "cpu_ms": round(statistics.median(cpus), 1),
                        }
                    )
                break  # one record per route and role
    return {"engine": engine, "org": org.code, "results": results, "errors": errors}


def summarise(run: dict[str, Any]) -> dict[str, Any]:
    times = sorted(r["ms"] for r in run["results"])
    if not times:
        return {"median_ms": None, "p95_ms": None, "slowest": None, "median_cpu_ms": None}
    slowest = max(run["results"], key=lambda r: r["ms"])
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "median_cpu_ms": round(statistics.median(r.get("cpu_ms", 0) for r in run["results"]), 1),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": p95,
        "slowest": {"path": slowest["path"], "role": slowest["role"], "ms": slowest["ms"]},
    }


def table(run: dict[str, Any]) -> str:
    rows = sorted(run["results"], key=lambda r: -r["ms"])[:10]
    lines = [f"10 slowest on {run['engine']} (organisation {run['org']}):"]
    lines += [
        f"  {r['ms']:8.1f} ms (CPU {r.get('cpu_ms', 0):7.1f})  {r['role']:<10} {r['path']}"
        for r in rows
    ]
    return "\n".join(lines)


def main() -> None:
    reuse = os.environ.get("BENCH_REUSE") == "1"
    if len(sys.argv) > 1 and sys.argv[1] in ("sqlite", "pg"):
        print(json.dumps(measure(sys.argv[1], reuse)))
        return
    only = os.environ.get("BENCH_ONLY")
    runs = {}
    for engine in ("sqlite", "pg"):
        if only and only != engine:
            continue
        done = subprocess.run(
            [sys.executable, __file__, engine], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            sys.stderr.write(done.stderr)
            sys.exit(f"bench_pages: the {engine} run failed")
        sys.stderr.write(done.stderr)
        runs[engine] = json.loads(done.stdout.strip().splitlines()[-1])
        out = ROOT / "var" / f"bench_pages_{engine}.json"
        out.write_text(json.dumps(runs[engine], indent=1))
        print(table(runs[engine]))
    line: dict[str, Any] = {"pages": max((len(r["results"]) for r in runs.values()), default=0)}
    over: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for engine in ("sqlite", "pg"):
        if engine not in runs:
            continue
        s = summarise(runs[engine])
        line[f"{engine}_median_ms"] = s["median_ms"]
        line[f"{engine}_p95_ms"] = s["p95_ms"]
        line[f"{engine}_slowest"] = s["slowest"]
        line[f"{engine}_median_cpu_ms"] = s["median_cpu_ms"]
        over += [
            {"db": engine, "path": r["path"], "role": r["role"], "ms": r["ms"]}
            for r in runs[engine]["results"]
            if r["ms"] > PAGE_BUDGET_MS
        ]
        errors += [{"db": engine, **e} for e in runs[engine]["errors"]]
    line["over_budget"] = len(over)
    line["errors"] = errors
    line["within_budget"] = (
        not over
        and not errors
        and all((line.get(f"{e}_median_ms") or 0) <= MEDIAN_BUDGET_MS for e in runs)
    )
    print(json.dumps(line))


if __name__ == "__main__":
    main()
