"""Time the capability pages end to end, from the database: the organisation heatmap over 100,000
completed self-assessments (target ≤ 300 ms server time, issue 12) and a 360° report page (target
≤ 150 ms server time). Readers: an HR/OD administrator (exact figures) and an executive (protected).
The snapshot each month-end's figures are sliced from is timed once cold (what the worker spends
after an import or a write), then pages are timed as readers get them.

Run from the repository root (builds a throw-away SQLite database under /tmp, ~1–2 minutes):

    .venv/bin/python bench/bench_capability_pages.py            # 100,000 people
    .venv/bin/python bench/bench_capability_pages.py 20000      # a smaller run

With ``DATABASE_URL=postgres://…`` it runs against that (empty, disposable) database instead.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mantle.config.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='mantle-bench-')}/bench.db"

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

OCCUPATIONS = ["N6A", "H1A", "H2R", "G2A", "S1A", "010", "G3B", "H1C"]
TIERS = ["none"] * 14 + ["first_line"] * 3 + ["middle", "senior"]


def timed(label: str, action: Any, repeat: int = 3) -> float:
    """Print the best wall-clock and CPU time of ``repeat`` runs.

    CPU time (all threads of this process) is printed too because a busy shared machine inflates
    wall-clock time; on an otherwise idle machine wall-clock is at most the CPU figure.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    print(
        f"{label:<58} wall best {min(walls) * 1000:7.1f} ms, median "
        f"{statistics.median(walls) * 1000:7.1f} ms; CPU best {min(cpus) * 1000:7.1f} ms"
    )
    return min(walls)


def build(people: int) -> tuple[Any, Any, Any]:
    from mantle.capability import questionnaire
    from mantle.capability.models import FrameworkVersion, SelfAssessment
    from mantle.capability.services import frameworks_load_shipped
    from mantle.core.testing.factories import make_user
    from mantle.workforce.models import (
        Assignment,
        EmployeeNumber,
        Organisation,
        Person,
        Post,
        PostVersion,
        Unit,
    )

    rng = random.Random(2024)
    call_command("migrate", verbosity=0)
    frameworks_load_shipped()
    hlm = FrameworkVersion.objects.get(framework__key="hlm")
    spec = hlm.spec()
    org = Organisation.objects.create(code="RBE", name="Bench Hospitals NHS Trust")
    root = Unit.objects.create(organisation=org, name="Trust", path="Trust", depth=1)
    units = []
    for d in range(6):
        division = Unit.objects.create(
            organisation=org, parent=root, name=f"Division {d}", path=f"Trust/Division {d}", depth=2
        )
        for s in range(10):
            units.append(
                Unit.objects.create(
                    organisation=org,
                    parent=division,
                    name=f"Service {s}",
                    path=f"Trust/Division {d}/Service {s}",
                    depth=3,
                )
            )
    start = dt.date(2020, 1, 1)
    Post.objects.bulk_create(
        (Post(organisation=org, position_number=f"P{i:07d}") for i in range(people)),
        batch_size=5000,
    )
    posts = list(Post.objects.filter(organisation=org).order_by("pk").values_list("pk", flat=True))
    PostVersion.objects.bulk_create(
        (
            PostVersion(
                post_id=p,
                organisation=org,
                valid_from=start,
                title="Post",
                unit=units[i % len(units)],
                occupation_code=OCCUPATIONS[i % len(OCCUPATIONS)],
                pay_band="Band 5",
                tier=TIERS[i % len(TIERS)],
            )
            for i, p in enumerate(posts)
        ),
        batch_size=5000,
    )
    Person.objects.bulk_create(
        (
            Person(first_name="P", last_name=str(i), date_of_birth=dt.date(1980, 1, 1))
            for i in range(people)
        ),
        batch_size=5000,
    )
    persons = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    EmployeeNumber.objects.bulk_create(
        (EmployeeNumber(person_id=p, organisation=org, number=f"E{p}") for p in persons),
        batch_size=5000,
    )
    Assignment.objects.bulk_create(
        (
            Assignment(
                organisation=org,
                assignment_number=f"A{i}",
                person_id=p,
                post_id=posts[i],
                fte=Decimal("1"),
                start_date=start,
                valid_from=start,
            )
            for i, p in enumerate(persons)
        ),
        batch_size=5000,
    )
    keys = [d.key for d in spec.dimensions]
    now = timezone.now()
    SelfAssessment.objects.bulk_create(
        (
            SelfAssessment(
                person_id=p,
                framework_version=hlm,
                status="completed",
                ratings=questionnaire.empty_answers(),
                completed_at=now - dt.timedelta(days=rng.randint(1, 700)),
                scores={k: round(rng.uniform(1, 4), 3) for k in keys},
            )
            for p in persons
        ),
        batch_size=5000,
    )
    hr = make_user(username="bench-hr", roles=[("hr_admin", org)])
    return org, hlm, hr


def build_cycle(org: Any, hlm: Any) -> tuple[Any, Any]:
    from mantle.capability import questionnaire
    from mantle.capability.models import Cycle, Nomination, Response
    from mantle.core.testing.factories import make_user
    from mantle.workforce.models import Person

    rng = random.Random(7)
    spec = hlm.spec()
    participant = Person.objects.order_by("pk")[0]
    user = make_user(username="bench-participant", person=participant)
    closed = timezone.now() - dt.timedelta(days=3)
    cycle = Cycle.objects.create(
        organisation=org,
        participant=participant,
        framework_version=hlm,
        mode="developmental",
        status="released",
        deadline=closed.date(),
        closed_at=closed,
        released_at=closed,
    )
    groups = ["self", "line_manager"] + ["peer"] * 6 + ["direct_report"] * 5 + ["other"] * 2
    for group in groups:
        Nomination.objects.create(cycle=cycle, group=group, name=group, status="submitted")
        answers = questionnaire.empty_answers()
        for d in spec.dimensions:
            for s in d.statements:
                answers["statements"][s.key] = rng.randint(1, 4)
            answers["importance"][d.key] = rng.randint(1, 4)
        ratings = questionnaire.engine_ratings(spec, answers)
        Response.objects.create(
            cycle=cycle,
            group=group,
            ratings={k: [v[0], v[1]] for k, v in ratings.items()},
            comments=[f"A comment from a {group}."],
        )
    return cycle, user


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print(
        f"Building {people:,} people with a completed self-assessment each "
        f"({os.environ['DATABASE_URL'].split(':')[0]})…"
    )
    begin = time.perf_counter()
    org, hlm, hr = build(people)
    print(f"  built in {time.perf_counter() - begin:.1f} s")
    from django.core.cache import cache

    from mantle.capability.selectors import capability_heatmap
    from mantle.core.access import build_actor
    from mantle.core.testing.factories import make_user

    executive = make_user(username="bench-exec", roles=[("executive", org)])
    figures: dict[str, Any] = {"people": people}
    for reader, user in (("hr", hr), ("exec", executive)):
        actor = build_actor(user)
        # Cold: the snapshot is decided (once per organisation, month-end, framework and source;
        # the worker does this after an import or a write, ahead of the first reader).
        cache.clear()
        start = time.perf_counter()
        capability_heatmap(actor, organisation=org, framework_version=hlm, by="staff_group")
        cold = time.perf_counter() - start
        print(f"{reader}: heatmap snapshot decided (cold) in {cold * 1000:.0f} ms")
        figures[f"{reader}_snapshot_cold_ms"] = round(cold * 1000)
        for by in ("staff_group", "tier", "unit"):
            warm = timed(
                f"{reader}: heatmap by {by} (from the snapshot)",
                lambda by=by, actor=actor: capability_heatmap(
                    actor, organisation=org, framework_version=hlm, by=by, unit_depth=3
                ),
            )
            figures[f"{reader}_heatmap_{by}_ms"] = round(warm * 1000, 1)
        client = Client()
        client.force_login(user)
        client.get("/leadership/organisation/?by=staff_group")  # coverage snapshot, once
        page = timed(
            f"{reader}: organisation page (full request, heatmap + coverage)",
            lambda client=client: client.get("/leadership/organisation/?by=staff_group"),
            repeat=5,
        )
        api = timed(
            f"{reader}: heatmap API by unit (full request)",
            lambda client=client: client.get(
                f"/api/v1/capability/organisations/{org.code}/heatmap?by=unit&depth=3"
            ),
            repeat=5,
        )
        figures[f"{reader}_page_ms"] = round(page * 1000, 1)
        figures[f"{reader}_api_ms"] = round(api * 1000, 1)
    cycle, user = build_cycle(org, hlm)
    client.force_login(user)
    url = f"/leadership/360/{cycle.pk}/report/"
    assert client.get(url).status_code == 200
    timed("360° report page, 15 raters (full request)", lambda: client.get(url), repeat=20)
    report = timed(
        "360° report print view (full request)", lambda: client.get(url + "print/"), repeat=20
    )
    figures["report_print_ms"] = round(report * 1000, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
