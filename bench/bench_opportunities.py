"""Time the opportunities marketplace (issue 18): "recommended for me" for one person among 2,000
open opportunities (target ≤ 100 ms server time) and the optimal allocation of a round of 500
applicants × 100 opportunities (target ≤ 5 s), with and without fairness bounds.

Run from the repository root (a throw-away SQLite database under /tmp, well under a minute):

    .venv/bin/python bench/bench_opportunities.py

With ``DATABASE_URL=postgres://…`` it runs against that (empty, disposable) database instead. Prints
one JSON line of figures at the end.
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

KINDS = [
    "qi_lead",
    "committee",
    "redesign",
    "audit",
    "shadowing",
    "board_observer",
    "mentoring",
    "acting_up",
    "secondment",
]
WORDS = [
    "patient",
    "flow",
    "discharge",
    "falls",
    "safety",
    "audit",
    "rota",
    "budget",
    "digital",
    "wellbeing",
    "quality",
    "staff",
]


def timed(action: Any, repeat: int = 7) -> tuple[float, float, float]:
    """Best and median wall-clock seconds of ``repeat`` runs, and the best CPU seconds (a busy
    shared machine inflates wall-clock time; on an idle one wall-clock is about the CPU time)."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), statistics.median(walls), min(cpus)


def build(opportunities: int) -> tuple[Any, Any]:
    from mantle.capability.models import FrameworkVersion, SelfAssessment
    from mantle.capability.services import frameworks_load_shipped
    from mantle.core.testing.factories import (
        OrganisationFactory,
        make_assignment,
        make_person,
        make_post,
        make_user,
    )
    from mantle.opportunities.models import MarketplaceProfile, Opportunity
    from mantle.opportunities.selectors import dimension_labels
    from mantle.talent.models import TalentConversation

    call_command("migrate", verbosity=0)
    frameworks_load_shipped()
    org: Any = OrganisationFactory(code="RBE", name="Bench Trust")
    post = make_post(organisation=org, title="Staff Nurse")
    person = make_person(organisation=org, first_name="Bench", last_name="Nurse")
    make_assignment(person=person, post=post)
    user = make_user(username="bench", person=person, roles=[("staff", org)])
    version = FrameworkVersion.objects.select_related("framework").get(framework__key="hlm")
    dims = [k.split(":", 1)[1] for k in dimension_labels() if k.startswith("hlm:")]
    rng = random.Random(18)
    SelfAssessment.objects.create(
        person=person,
        framework_version=version,
        status="completed",
        scores={d: rng.uniform(1, 5) for d in dims},
        completed_at=timezone.now(),
    )
    TalentConversation.objects.create(
        person=person,
        organisation=org,
        held_on=timezone.localdate(),
        impact="solid",
        readiness="ready_1_2_years",
        management_interest="middle",
        aspiration="Improve patient flow and discharge; learn budgets.",
        status="agreed",
    )
    MarketplaceProfile.objects.create(person=person, hours_available=Decimal("4"))
    today = timezone.localdate()
    keys = list(dimension_labels())
    Opportunity.objects.bulk_create(
        [
            Opportunity(
                organisation=org,
                title=f"Opportunity {i}: {' '.join(rng.sample(WORDS, 2))}",
                kind=rng.choice(KINDS),
                description=" ".join(rng.sample(WORDS, 6)) + ". " * 20,
                owner=person,
                sponsor=user,
                posted_by=user,
                time_amount=Decimal(rng.choice(["1", "2", "3", "4", "6", "8"])),
                starts_on=today + dt.timedelta(days=60),
                ends_on=today + dt.timedelta(days=240),
                closes_on=today + dt.timedelta(days=rng.randint(1, 50)),
                places=rng.randint(1, 4),
                eligible_bands=rng.choice([[], [], [], ["Band 5", "Band 6"], ["Band 7"]]),
                dimensions=rng.sample(keys, 2),
                status="open",
            )
            for i in range(opportunities)
        ],
        batch_size=500,
    )
    return user, person


def main() -> None:
    from mantle.analytics.allocation import Candidate, allocate
    from mantle.core.access import build_actor
    from mantle.opportunities import selectors

    user, _person = build(2000)
    actor = build_actor(user)
    on = timezone.localdate()
    recs = selectors.recommendations(actor, on=on)
    assert len(recs) == 5, recs
    best, median, cpu = timed(lambda: selectors.recommendations(build_actor(user), on=on))
    client = Client()
    client.force_login(user)
    assert client.get("/api/v1/opportunities/recommended").status_code == 200
    api_best, api_median, api_cpu = timed(lambda: client.get("/api/v1/opportunities/recommended"))
    print(
        f"recommendations among 2,000 open: best {best * 1000:.0f} ms, median {median * 1000:.0f} ms"
        f", CPU best {cpu * 1000:.0f} ms"
    )
    print(
        f"  through the API: best {api_best * 1000:.0f} ms, median {api_median * 1000:.0f} ms"
        f", CPU best {api_cpu * 1000:.0f} ms"
    )

    rng = random.Random(5)
    groups = {
        k: {p: rng.choice(["reference", "focus", "focus", "unknown"]) for p in range(500)}
        for k in ("sex", "ethnicity", "disability")
    }
    figures: dict[str, Any] = {
        "recommend_ms_best": round(best * 1000, 1),
        "recommend_ms_median": round(median * 1000, 1),
        "recommend_cpu_ms_best": round(cpu * 1000, 1),
        "recommend_api_ms_median": round(api_median * 1000, 1),
        "recommend_api_cpu_ms_best": round(api_cpu * 1000, 1),
    }
    for label, per_person in (("dense", 100), ("ten_each", 10)):
        candidates = [
            Candidate(p, o, round(rng.random(), 4))
            for p in range(500)
            for o in (range(100) if per_person == 100 else rng.sample(range(100), per_person))
        ]
        for ratio in (None, 0.8):
            start = time.perf_counter()
            result = allocate(
                candidates=candidates,
                places=dict.fromkeys(range(100), 3),
                groups=groups,
                ratio=ratio,
            )
            seconds = time.perf_counter() - start
            name = f"allocate_{label}_{'fair' if ratio else 'free'}_s"
            figures[name] = round(seconds, 2)
            print(
                f"allocation 500 × 100 ({label}, {len(candidates):,} applications, ratio {ratio}): "
                f"{seconds:.2f} s – {result.message}"
            )
    figures["targets"] = {"recommend_ms": 100, "allocate_s": 5}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
