"""Demo capability records for one organisation, built from the register already loaded.

What it creates (all through the same rules the services apply, but in bulk for speed):
* about 45% of staff in post, in every staff group, with a completed Healthcare Leadership Model
  self-assessment in the last two years (some with an earlier one too, so history shows), and a
  few unfinished drafts;
* released 360° cycles for up to 20 managers, with self, line manager, peers and direct reports
  drawn from the reporting lines, so reports, heatmaps and coverage have data; two cycles still
  open, so progress counts show;
* completed management-practice assessments for up to 6 units led by a manager, two panel dates
  each, so comparisons over time and across units work.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mantle.capability import questionnaire, sealing
from mantle.capability.engine import Response as EngineResponse
from mantle.capability.engine import self_assessment
from mantle.capability.engine.management_practice import score_management_practice
from mantle.capability.frameworks import FrameworkSpec
from mantle.capability.models import (
    Cycle,
    FrameworkVersion,
    Nomination,
    PanelMember,
    PracticeAssessment,
    Response,
    SealedResponse,
    SelfAssessment,
)
from mantle.capability.selectors.cycles import build_cycle_report
from mantle.capability.selectors.snapshots import capability_changed
from mantle.capability.services import frameworks_load_shipped
from mantle.capability.services.cycles import DEFAULT_LIMITS
from mantle.workforce.models import Assignment, Organisation, Person, PostVersion

SELF_SHARE = 0.45
MAX_CYCLES = 20
MAX_PRACTICE_UNITS = 6
TIER_LIFT = {"board_executive": 0.9, "senior": 0.7, "middle": 0.5, "first_line": 0.3, "none": 0.0}


def _answers(spec: FrameworkSpec, rng: random.Random, centre: float) -> questionnaire.Answers:
    """Plausible answers around ``centre`` with a personal profile across dimensions."""
    answers = questionnaire.empty_answers()
    low, high = spec.scale.minimum, spec.scale.maximum
    for dimension in spec.dimensions:
        lean = centre + rng.gauss(0, 0.45)
        for statement in dimension.statements:
            value = round(lean + rng.gauss(0, 0.5))
            answers["statements"][statement.key] = min(high, max(low, value))
        if spec.importance_scale is not None:
            answers["importance"][dimension.key] = rng.choice(spec.importance_scale.values[1:])
    return answers


def _moment(as_of: dt.date, rng: random.Random, *, within_days: int) -> dt.datetime:
    day = as_of - dt.timedelta(days=rng.randint(1, within_days))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour=rng.randint(8, 18))))


def seed_demo(*, organisation: Organisation, as_of: dt.date, rng: random.Random) -> None:
    """Create demo self-assessments, 360° cycles and management-practice results (see module)."""
    frameworks_load_shipped()
    hlm = FrameworkVersion.objects.get(framework__key="hlm", version="1.0")
    mpi = FrameworkVersion.objects.get(framework__key="mpi", version="1.0")
    now = timezone.now()
    FrameworkVersion.objects.filter(pk__in=[hlm.pk, mpi.pk], first_used_at__isnull=True).update(
        first_used_at=now
    )
    holdings = list(
        Assignment.objects.current_on(as_of)
        .filter(organisation=organisation)
        .order_by("person_id", "-fte", "start_date")
        .values_list("person_id", "post_id")
    )
    main_post: dict[int, int] = {}
    for person_id, post_id in holdings:
        main_post.setdefault(person_id, post_id)
    versions = {
        v.post_id: v
        for v in PostVersion.objects.current_on(as_of)
        .filter(organisation=organisation)
        .select_related("unit")
    }
    with transaction.atomic():
        _self_assessments(hlm, main_post, versions, as_of=as_of, rng=rng)
        _cycles(organisation, hlm, main_post, versions, as_of=as_of, rng=rng)
        _practice(organisation, mpi, main_post, versions, as_of=as_of, rng=rng)
    # The worker computes the organisation page's snapshots ahead of the first reader.
    capability_changed(org_code=organisation.code)


def _self_assessments(
    version: FrameworkVersion,
    main_post: dict[int, int],
    versions: dict[int, Any],
    *,
    as_of: dt.date,
    rng: random.Random,
) -> None:
    spec = version.spec()
    rows = []
    for person_id, post_id in main_post.items():
        if rng.random() > SELF_SHARE:
            continue
        tier = versions[post_id].tier if post_id in versions else "none"
        centre = 2.0 + TIER_LIFT.get(tier, 0.0) + rng.gauss(0, 0.3)
        repeats = 2 if rng.random() < 0.2 else 1
        for index in range(repeats):
            answers = _answers(spec, rng, centre - 0.4 * (repeats - 1 - index))
            result = self_assessment(
                framework=spec,
                response=EngineResponse("self", questionnaire.engine_ratings(spec, answers)),
            )
            completed = _moment(as_of, rng, within_days=700 if index == 0 else 300)
            rows.append(
                SelfAssessment(
                    person_id=person_id,
                    framework_version=version,
                    ratings=dict(answers),
                    status=SelfAssessment.Status.COMPLETED,
                    completed_at=completed,
                    scores={level.dimension_key: level.mean for level in result.levels},
                )
            )
        if rng.random() < 0.05:
            partial = _answers(spec, rng, centre)
            keep = dict(list(partial["statements"].items())[:10])
            rows.append(
                SelfAssessment(
                    person_id=person_id,
                    framework_version=version,
                    ratings={"statements": keep, "importance": {}},
                )
            )
    created = SelfAssessment.objects.bulk_create(rows, batch_size=2000)
    # started_at is set to "now" on creation; a completed demo assessment was started a few days
    # before it was completed, not on the day the demo was loaded.
    SelfAssessment.objects.filter(
        pk__in=[a.pk for a in created if a.completed_at is not None]
    ).update(started_at=F("completed_at") - dt.timedelta(days=3))


def _cycles(
    organisation: Organisation,
    version: FrameworkVersion,
    main_post: dict[int, int],
    versions: dict[int, Any],
    *,
    as_of: dt.date,
    rng: random.Random,
) -> None:
    spec = version.spec()
    holders: dict[int, list[int]] = defaultdict(list)
    for person_id, post_id in main_post.items():
        holders[post_id].append(person_id)
    reports_of: dict[int, list[int]] = defaultdict(list)
    for post_id, pv in versions.items():
        if pv.reports_to_id:
            reports_of[pv.reports_to_id].append(post_id)
    candidates = [
        (person_id, post_id)
        for person_id, post_id in main_post.items()
        if post_id in versions
        and versions[post_id].tier in ("first_line", "middle", "senior")
        and versions[post_id].reports_to_id in holders
    ]
    rng.shuffle(candidates)
    # People likely to hold a demo sign-in come first, so a demo user has a report to open: anyone
    # already linked to an account, and the first ward manager and divisional director (by person
    # id), who are whom the demo's accounts are given to.
    with_accounts = set(
        Person.objects.filter(pk__in=[c[0] for c in candidates], user__isnull=False).values_list(
            "pk", flat=True
        )
    )
    for role in ("ward manager", "divisional director"):
        holders_of_role = [
            person_id
            for person_id, post_id in candidates
            if role in (versions[post_id].job_role or "").lower()
        ]
        if holders_of_role:
            with_accounts.add(min(holders_of_role))
    candidates.sort(key=lambda c: c[0] not in with_accounts)
    # Raters are colleagues: the nomination shows their name, as a real nomination would.
    names = {
        p.pk: p.full_name
        for p in Person.objects.filter(pk__in=list(main_post)).only("first_name", "last_name")
    }
    for index, (person_id, post_id) in enumerate(candidates[:MAX_CYCLES]):
        manager_post = versions[post_id].reports_to_id
        manager = holders[manager_post][0]
        peers = [
            p
            for sibling in reports_of[manager_post]
            if sibling != post_id
            for p in holders.get(sibling, [])
        ][:6]
        reports = [p for child in reports_of[post_id] for p in holders.get(child, [])][:6]
        # Two cycles stay open (after the account holders) so progress counts can be seen too.
        still_open = index in (len(with_accounts), len(with_accounts) + 1)
        closed = _moment(as_of, rng, within_days=300)
        cycle = Cycle.objects.create(
            organisation=organisation,
            participant_id=person_id,
            framework_version=version,
            mode=rng.choice([Cycle.Mode.DEVELOPMENTAL, Cycle.Mode.APPRAISAL]),
            status=Cycle.Status.OPEN if still_open else Cycle.Status.CLOSED,
            deadline=as_of + dt.timedelta(days=14) if still_open else closed.date(),
            limits={g: list(v) for g, v in DEFAULT_LIMITS.items()},
            line_manager_id=manager,
            launched_at=closed - dt.timedelta(days=28),
            closed_at=None if still_open else closed,
        )
        raters = (
            [("self", person_id), ("line_manager", manager)]
            + [("peer", p) for p in peers]
            + [("direct_report", p) for p in reports]
        )
        centre = 2.2 + TIER_LIFT.get(versions[post_id].tier, 0.0) + rng.gauss(0, 0.3)
        nominations = []
        responses = []
        for group, rater in raters:
            answered = rng.random() < (0.6 if still_open else 0.85) or group == "self"
            nominations.append(
                Nomination(
                    cycle=cycle,
                    group=group,
                    person_id=rater,
                    name=names.get(rater, "A colleague"),
                    status=Nomination.Status.SUBMITTED if answered else Nomination.Status.INVITED,
                    invited_at=cycle.launched_at,
                )
            )
            if answered:
                shift = 0.4 if group == "self" else 0.0
                answers = _answers(spec, rng, centre + shift)
                ratings = questionnaire.engine_ratings(spec, answers)
                comment = (
                    rng.choice(DEMO_COMMENTS) if group != "self" and rng.random() < 0.6 else ""
                )
                responses.append(
                    Response(
                        cycle=cycle,
                        group=group,
                        ratings={k: [v[0], v[1]] for k, v in ratings.items()},
                        comments=[comment] if comment else [],
                    )
                )
        Nomination.objects.bulk_create(nominations)
        # As in the services: an open cycle's answers are sealed; a closed one's are stored in a
        # random order, never in rater order.
        rng.shuffle(responses)
        if still_open:
            SealedResponse.objects.bulk_create(
                SealedResponse(
                    cycle=cycle,
                    sealed=sealing.seal(
                        {"group": r.group, "ratings": r.ratings, "comments": r.comments},
                        cycle_id=cycle.pk,
                    ),
                )
                for r in responses
            )
        else:
            Response.objects.bulk_create(responses)
        if not still_open:
            report = build_cycle_report(cycle)
            cycle.status = Cycle.Status.RELEASED
            cycle.released_at = cycle.closed_at
            cycle.others_scores = {
                d.key: (
                    d.performance["all_others"].mean
                    if (d.performance["all_others"].n or 0) >= report.threshold
                    else None
                )
                for d in report.dimensions
            }
            cycle.save(update_fields=["status", "released_at", "others_scores"])


def _practice(
    organisation: Organisation,
    version: FrameworkVersion,
    main_post: dict[int, int],
    versions: dict[int, Any],
    *,
    as_of: dt.date,
    rng: random.Random,
) -> None:
    spec = version.spec()
    led_units = {}
    for _person_id, post_id in main_post.items():
        pv = versions.get(post_id)
        if pv is not None and pv.tier in ("first_line", "middle") and pv.unit_id not in led_units:
            led_units[pv.unit_id] = pv.unit
    units = list(led_units.values())
    rng.shuffle(units)
    for unit in units[:MAX_PRACTICE_UNITS]:
        level = rng.uniform(2.0, 3.6)
        for months_ago in (13, 2):
            assessed_on = as_of - dt.timedelta(days=30 * months_ago + rng.randint(0, 20))
            assessment = PracticeAssessment.objects.create(
                organisation=organisation,
                unit=unit,
                framework_version=version,
                assessed_on=assessed_on,
                status=PracticeAssessment.Status.COMPLETED,
                completed_at=timezone.make_aware(dt.datetime.combine(assessed_on, dt.time(17))),
            )
            panel = []
            for name, role in (
                ("Divisional director", "chair"),
                ("Peer unit manager", "peer"),
                ("Quality improvement lead", "improvement"),
            ):
                scores = {
                    d.key: min(5, max(1, round(level + rng.gauss(0, 0.7)))) for d in spec.dimensions
                }
                panel.append(
                    PanelMember(
                        assessment=assessment,
                        name=name,
                        role=role,
                        scores=scores,
                        evidence={spec.dimensions[0].key: DEMO_EVIDENCE},
                    )
                )
            PanelMember.objects.bulk_create(panel)
            result = score_management_practice(framework=spec, panel=[p.scores for p in panel])
            assessment.results = {
                "practices": {p.key: p.mean for p in result.practices},
                "areas": {a.key: a.mean for a in result.areas},
                "overall": result.overall,
                "panel_size": result.panel_size,
            }
            assessment.save(update_fields=["results"])
            level += rng.uniform(0.0, 0.5)


DEMO_EVIDENCE = "Daily safety huddle seen on the panel's visit; actions tracked on a visible board."
DEMO_COMMENTS = [
    "Always makes time to listen, even on the busiest shifts.",
    "Could share the reasons behind decisions more often.",
    "Calm and clear when things go wrong; the team trusts them.",
    "Would benefit from delegating more and developing the band 6s.",
    "Champions patients' views in every meeting.",
    "Sometimes moves on before the team has understood the change.",
    "Brilliant at connecting us with other services.",
    "Gives honest, kind feedback that helps people grow.",
]
