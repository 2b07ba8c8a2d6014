"""The talent measures behind the dashboards and the API: succession exposure, bench strength, the
clinical pipeline, review results and conversation counts. Loads facts from the register, calls the
pure rules in ``rules/``, and applies disclosure control for viewers. Definitions: docs/talent.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q

from mantle.analytics.disclosure import SUPPRESSED, Family
from mantle.analytics.disclosure.counts import FOOTNOTES
from mantle.talent.disclosure import PlacedPerson, ReviewFigures, protect_review
from mantle.talent.models import (
    FlightRiskRecord,
    PlacementMove,
    ReadinessAssessment,
    SuccessionCandidate,
    SuccessionPlan,
    TalentConversation,
    TalentPool,
    TalentReview,
)
from mantle.talent.models import TalentSettings as TalentSettingsModel
from mantle.talent.population import ClinicalFacts, clinical_facts_of
from mantle.talent.rules.bench import BenchRollup, PostBench, post_bench, roll_up
from mantle.talent.rules.equality import EqualityRow, PersonOutcome
from mantle.talent.rules.exposure import (
    ExposureLevel,
    FlightRisk,
    Holder,
    PostExposure,
    post_exposure,
)
from mantle.talent.rules.ninebox import RaterSummary, box_of, distribution, rater_summaries
from mantle.talent.rules.pipeline import (
    PipelineProjection,
    PostPipeline,
    post_pipeline,
    project_senior_share,
)
from mantle.talent.rules.readiness import (
    Assessment,
    CandidateFacts,
    CountedCandidate,
    Readiness,
    counted_candidates,
    readiness_due_for_review,
)
from mantle.talent.rules.retirement import retirement_date
from mantle.talent.services.settings import talent_settings_for
from mantle.workforce.models import (
    Assignment,
    EqualityRecord,
    Organisation,
    Person,
    PostVersion,
    Tier,
)
from mantle.workforce.rules.registration import Profession

SENIOR_MANAGEMENT = (Tier.BOARD_EXECUTIVE.value, Tier.SENIOR.value)
PROFESSION_LABELS: dict[str, str] = {
    Profession.MEDICAL: "Medical & dental",
    Profession.NURSING_MIDWIFERY: "Nursing & midwifery",
    Profession.ALLIED_HEALTH: "Allied health",
    Profession.HEALTHCARE_SCIENCE: "Healthcare science",
    Profession.PHARMACY: "Pharmacy",
    Profession.OTHER_REGISTERED: "Other registered",
}


def threshold() -> int:
    return int(settings.MANTLE_SUPPRESSION_THRESHOLD)


def _settings(org: Organisation) -> TalentSettingsModel:
    return talent_settings_for(org)


# --- succession ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HolderRow:
    person: Person
    acting: bool
    retirement_on: dt.date


@dataclass
class PostRow:
    version: PostVersion
    holders: list[HolderRow]
    exposure: PostExposure
    bench: PostBench
    pipeline: PostPipeline
    counted: list[CountedCandidate]
    plan: SuccessionPlan | None
    review_overdue: bool
    assessments_due: int

    @property
    def post_id(self) -> int:
        return self.version.post_id

    @property
    def unit_path(self) -> str:
        return self.version.unit.path

    @property
    def no_ready_successor(self) -> bool:
        return not self.bench.has_ready_successor


@dataclass
class SuccessionReport:
    organisation: Organisation
    on: dt.date
    unit: str | None
    posts: list[PostRow]
    rollups: dict[str, BenchRollup]
    projection: PipelineProjection | None
    clinical: dict[int, ClinicalFacts] = field(repr=False, default_factory=dict)
    all_posts: list[PostRow] = field(repr=False, default_factory=list)
    """Every critical post of the organisation (the disclosure family covers every unit)."""
    projection_sets: dict[str, frozenset[int]] | None = field(repr=False, default=None)
    """The people behind each projection count (for the disclosure family)."""

    def heat_list(self) -> list[PostRow]:
        """Critical posts, most exposed first; within a level, those without a ready successor first,
        then the soonest retirement."""
        return sorted(
            self.posts,
            key=lambda r: (
                -r.exposure.level,
                r.bench.has_ready_successor,
                r.exposure.retirement_on or dt.date.max,
                r.version.title,
            ),
        )


def _in_unit(path: str, unit: str | None) -> bool:
    return not unit or path == unit or path.startswith(unit + "/")


def succession_report(
    *,
    organisation: Organisation,
    on: dt.date,
    unit: str | None = None,
    post_id: int | None = None,
    also_people: Iterable[int] = (),
) -> SuccessionReport:
    """Exposure, bench strength and the clinical pipeline of every critical post on ``on`` in view
    (the organisation, a unit subtree, or one post) (docs/talent.md). The projection is always for
    the whole organisation; it is not computed (None) when one post is asked for."""
    conf = _settings(organisation)
    versions = list(
        PostVersion.objects.current_on(on)
        .filter(organisation=organisation)
        .filter(Q(critical=True) | Q(tier__in=SENIOR_MANAGEMENT))
        .select_related("unit", "post")
    )
    critical = [v for v in versions if v.critical]
    if post_id is not None:
        critical = [v for v in critical if v.post_id == post_id]
    critical_ids = {v.post_id for v in critical}
    assignments = list(
        Assignment.objects.current_on(on)
        .filter(organisation=organisation, post_id__in={v.post_id for v in versions})
        .select_related("person")
    )
    holders_by_post: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        holders_by_post[a.post_id].append(a)
    # Plans, nominations, readiness and flight risk as plain rows: four queries whatever the number
    # of posts, without building a model instance per nomination and assessment (issue 12).
    plans = {p.post_id: p for p in SuccessionPlan.objects.filter(post_id__in=critical_ids)}
    plan_post = {p.pk: p.post_id for p in plans.values()}
    assessments_of: dict[int, list[Assessment]] = defaultdict(list)
    for candidate_id, readiness, assessed_on, pk in ReadinessAssessment.objects.filter(
        candidate__plan_id__in=plan_post
    ).values_list("candidate_id", "readiness", "assessed_on", "pk"):
        assessments_of[candidate_id].append(Assessment(assessed_on, Readiness(readiness), pk))
    candidates_of: dict[int, list[CandidateFacts]] = defaultdict(list)
    for pk, plan_pk, person_id, added_on, removed_on, rank in (
        SuccessionCandidate.objects.filter(plan_id__in=plan_post)
        .order_by("plan_id", "rank", "pk")
        .values_list("pk", "plan_id", "person_id", "added_on", "removed_on", "rank")
    ):
        candidates_of[plan_post[plan_pk]].append(
            CandidateFacts(person_id, added_on, removed_on, tuple(assessments_of[pk]), rank)
        )
    risks_of: dict[int, list[tuple[dt.date, int, str]]] = defaultdict(list)
    for plan_pk, recorded_on, pk, risk in FlightRiskRecord.objects.filter(
        plan_id__in=plan_post
    ).values_list("plan_id", "recorded_on", "pk", "risk"):
        risks_of[plan_post[plan_pk]].append((recorded_on, pk, risk))
    candidate_ids = {c.person_id for facts in candidates_of.values() for c in facts}
    employed = set(
        Assignment.objects.current_on(on)
        .filter(person_id__in=candidate_ids)
        .values_list("person_id", flat=True)
    )
    # Clinician status is needed only for the holders of these posts (of the one post asked for, when
    # there is no projection) and the employed candidates: read just their rows (issue 12).
    clinical = clinical_facts_of(
        organisation=organisation,
        on=on,
        person_ids={
            a.person_id for a in assignments if post_id is None or a.post_id in critical_ids
        }
        | (candidate_ids & employed)
        # Others the page needs on the same date (the pools' members): one read of the register.
        | set(also_people),
    )
    is_clinician = {pid: f.is_clinician for pid, f in clinical.items()}
    professions = {pid: f.profession for pid, f in clinical.items()}

    rows: list[PostRow] = []
    for v in critical:
        plan = plans.get(v.post_id)
        post_holders = holders_by_post.get(v.post_id, [])
        holder_rows = [
            HolderRow(
                a.person,
                a.acting,
                retirement_date(
                    date_of_birth=a.person.date_of_birth,
                    basis=conf.retirement_basis,
                    fixed_age=conf.fixed_retirement_age,
                    override_age=plan.incumbent_retirement_age if plan else None,
                ),
            )
            for a in post_holders
        ]
        risk = FlightRisk.UNKNOWN
        in_force = [r for r in risks_of.get(v.post_id, []) if r[0] <= on]
        if in_force:
            risk = FlightRisk(max(in_force)[2])
        exposure = post_exposure(
            on=on,
            holders=[Holder(h.person.pk, h.retirement_on, h.acting) for h in holder_rows],
            flight_risk=risk,
            near_years=conf.near_retirement_years,
            far_years=conf.far_retirement_years,
        )
        counted = counted_candidates(
            candidates=candidates_of.get(v.post_id, []),
            on=on,
            employed_person_ids=employed,
            incumbent_ids={a.person_id for a in post_holders},
        )
        rows.append(
            PostRow(
                version=v,
                holders=holder_rows,
                exposure=exposure,
                bench=post_bench(post_id=v.post_id, unit_path=v.unit.path, counted=counted),
                pipeline=post_pipeline(
                    post_id=v.post_id,
                    counted=counted,
                    clinician=is_clinician,
                    profession=professions,
                ),
                counted=counted,
                plan=plan,
                review_overdue=plan is not None and plan.next_review_on < on,
                assessments_due=sum(
                    1
                    for c in counted
                    if readiness_due_for_review(
                        assessed_on=c.assessed_on,
                        on=on,
                        interval_months=conf.readiness_review_months,
                    )
                ),
            )
        )

    projection: PipelineProjection | None = None
    projection_sets: dict[str, frozenset[int]] | None = None
    if post_id is None:
        # The projection covers the organisation's whole senior management, whatever unit is in
        # view: every critical row is computed above and filtered to the unit only afterwards.
        senior_posts = {v.post_id for v in versions if v.tier in SENIOR_MANAGEMENT}
        senior_holdings = [
            (a.post_id, a.person_id) for a in assignments if a.post_id in senior_posts
        ]
        ready_now = [
            (r.post_id, [c.person_id for c in r.counted if c.readiness is Readiness.READY_NOW])
            for r in sorted(rows, key=lambda r: (r.version.tier != Tier.BOARD_EXECUTIVE, r.post_id))
            if r.version.tier in SENIOR_MANAGEMENT
        ]
        projection = project_senior_share(
            senior_holdings=senior_holdings,
            ready_now_by_post=ready_now,
            clinician=is_clinician,
        )
        filled = {p for p, _ in projection.appointments}
        appointed = frozenset(person for _, person in projection.appointments)
        current = frozenset(person for _, person in senior_holdings)
        projected = (
            frozenset(person for post, person in senior_holdings if post not in filled) | appointed
        )
        projection_sets = {"appointments": appointed}
        for when, people in (("current", current), ("projected", projected)):
            clinicians = frozenset(p for p in people if is_clinician.get(p, False))
            projection_sets[f"{when}_holders"] = people
            projection_sets[f"{when}_clinicians"] = clinicians
            projection_sets[f"{when}_others"] = people - clinicians
    in_view = [r for r in rows if _in_unit(r.unit_path, unit)]
    return SuccessionReport(
        organisation=organisation,
        on=on,
        unit=unit,
        posts=in_view,
        rollups=roll_up(r.bench for r in in_view),
        projection=projection,
        clinical=clinical,
        all_posts=rows,
        projection_sets=projection_sets,
    )


_BENCH_PEOPLE = (
    "ready_now",
    "ready_1_2",
    "ready_3_plus",
    "bench_strength",
    "distinct_ready_now",
    "distinct_bench",
)


def _bench_row(scope: str, label: str, r: BenchRollup | None) -> dict[str, Any]:
    r = r or BenchRollup(scope)
    return {
        "scope": scope,
        "label": label,
        "critical_posts": r.critical_posts,
        "posts_with_ready_now": r.posts_with_ready_now,
        "posts_without_ready_successor": r.posts_without_ready_successor,
        "posts_without_bench": r.posts_without_bench,
        "posts_with_emergency_cover": r.posts_with_emergency_cover,
        "ready_now": r.ready_now,
        "ready_1_2": r.ready_1_2,
        "ready_3_plus": r.ready_3_plus,
        "bench_strength": r.bench_strength,
        "distinct_ready_now": r.distinct_ready_now,
        "distinct_bench": r.distinct_bench,
        "cover_ratio": r.cover_ratio,
        "bench_ratio": r.bench_ratio,
    }


def succession_summary(report: SuccessionReport, *, suppress: bool) -> dict[str, Any]:
    """The aggregate figures of a succession report as plain data (JSON-ready), with disclosure
    control when ``suppress`` (everyone but HR/OD administrators of the organisation): every figure
    is a slice of the organisation's one succession family on the date (``succession_family``:
    every unit at every depth, every table), so the page, its partial, the API and the CSV agree
    and no combination of them recovers a hidden count."""
    from mantle.talent.succession_family import succession_family

    scope = report.unit or ""
    depth = scope.count("/") + 1 if scope else 0
    child_paths = [
        path
        for path in report.rollups
        if path and path.count("/") == depth and (not scope or path.startswith(scope + "/"))
    ]
    children = [
        (_bench_row(p, p.rsplit("/", 1)[-1], report.rollups[p]), p, "all") for p in child_paths
    ]
    direct = [row.bench for row in report.posts if row.unit_path == scope]
    if direct:
        own = roll_up(direct).get(scope)
        children.append((_bench_row(scope, "Posts directly in this unit", own), scope, "direct"))
    total = (
        _bench_row(scope, "All critical posts in scope", report.rollups.get(scope)),
        scope,
        "all",
    )
    limit = threshold()

    levels = Counter(r.exposure.level for r in report.posts)
    exposure = {
        "critical_posts": len(report.posts),
        "high": levels.get(ExposureLevel.HIGH, 0),
        "medium": levels.get(ExposureLevel.MEDIUM, 0),
        "low": levels.get(ExposureLevel.LOW, 0),
        "vacant": sum(1 for r in report.posts if r.exposure.vacant),
        "acting_only": sum(1 for r in report.posts if r.exposure.acting_only),
        "retirement_near_or_past": sum(
            1
            for r in report.posts
            if r.exposure.retirement and r.exposure.retirement.value in ("past", "near")
        ),
        "flight_risk_high": sum(
            1 for r in report.posts if r.exposure.flight_risk is FlightRisk.HIGH
        ),
        "no_ready_successor": sum(1 for r in report.posts if r.no_ready_successor),
    }
    by_prof: Counter[str] = Counter()
    for r in report.posts:
        by_prof.update(r.pipeline.by_profession)
    pipeline: dict[str, Any] = {
        "successors": sum(r.pipeline.successors for r in report.posts),
        "clinician_successors": sum(r.pipeline.clinician_successors for r in report.posts),
        "ready_now": sum(r.pipeline.ready_now for r in report.posts),
        "ready_now_clinicians": sum(r.pipeline.ready_now_clinicians for r in report.posts),
        **{f"profession_{p.value}": by_prof.get(p.value, 0) for p in Profession},
    }
    pipeline["clinician_successor_share"] = (
        pipeline["clinician_successors"] / pipeline["successors"]
        if pipeline["successors"]
        else None
    )
    p = report.projection
    if p is None:
        raise ValueError("A summary needs the whole-organisation projection (no post_id).")
    projection: dict[str, Any] = {
        "current_holders": p.current_holders,
        "current_clinicians": p.current_clinicians,
        "current_share": p.current_share,
        "projected_holders": p.projected_holders,
        "projected_clinicians": p.projected_clinicians,
        "projected_share": p.projected_share,
        "change_pp": p.change_pp,
        "appointments": len(p.appointments),
    }
    footnotes: list[str] = []
    if suppress:
        fam = succession_family(report)
        used: list[Any] = []

        def show(cell: tuple[Any, ...], value: Any) -> Any:
            used.append(cell)
            return fam.show(cell, value)

        def derived(value: Any, *cells: tuple[Any, ...]) -> Any:
            return SUPPRESSED if any(not fam.protection.released(c) for c in cells) else value

        def bench(row: dict[str, Any], path: str, kind: str) -> dict[str, Any]:
            out = dict(row)
            for column in _BENCH_PEOPLE:
                out[column] = show((column, kind, path), row[column])
            out["bench_ratio"] = derived(row["bench_ratio"], ("bench_strength", kind, path))
            return out

        children_rows = [bench(row, path, kind) for row, path, kind in children]
        total_row = bench(*total)
        for column in ("acting_only", "retirement_near_or_past", "flight_risk_high"):
            exposure[column] = show((column, "all", scope), exposure[column])
        for column in ("successors", "clinician_successors", "ready_now_clinicians"):
            pipeline[column] = show((column, "all", scope), pipeline[column])
        pipeline["ready_now"] = show(("ready_now", "all", scope), pipeline["ready_now"])
        for x in Profession:
            key = f"profession_{x.value}"
            pipeline[key] = show((key, "all", scope), pipeline[key])
        pipeline["clinician_successor_share"] = derived(
            pipeline["clinician_successor_share"],
            ("successors", "all", scope),
            ("clinician_successors", "all", scope),
        )
        for key in PROJECTION_COUNTS:
            projection[key] = show(("projection", key), projection[key])
        for share, when in (("current_share", "current"), ("projected_share", "projected")):
            projection[share] = derived(
                projection[share],
                ("projection", f"{when}_holders"),
                ("projection", f"{when}_clinicians"),
            )
        projection["change_pp"] = derived(
            projection["change_pp"],
            *(("projection", k) for k in PROJECTION_COUNTS if k != "appointments"),
        )
        footnotes = fam.protection.footnotes(used)
        if SUPPRESSED in (
            pipeline["clinician_successor_share"],
            projection["change_pp"],
            *(row["bench_ratio"] for row in [total_row, *children_rows]),
        ):
            footnotes.append(FOOTNOTES["derived"])
    else:
        children_rows = [row for row, _, _ in children]
        total_row = total[0]
    return {
        "organisation": report.organisation.code,
        "as_of": report.on.isoformat(),
        "unit": report.unit,
        "exposure": exposure,
        "bench": {"scope": total_row, "units": children_rows},
        "pipeline": pipeline,
        "projection": projection,
        "suppression": {"applied": suppress, "threshold": limit, "footnotes": footnotes},
    }


PROJECTION_COUNTS = (
    "current_holders",
    "current_clinicians",
    "projected_holders",
    "projected_clinicians",
    "appointments",
)


def pool_member_ids(*, organisation: Organisation) -> set[int]:
    """Everyone who is a member of an active pool of the organisation."""
    return set(
        organisation.talent_pools.filter(is_active=True, memberships__status="member").values_list(
            "memberships__person_id", flat=True
        )
    )


def pool_summaries(
    *, organisation: Organisation, clinical: Mapping[int, ClinicalFacts] | None = None
) -> list[dict[str, Any]]:
    """Each active pool of the organisation with its member and pending-nomination counts and the
    number of members who are clinicians today (people counts: suppress before showing viewers).
    ``clinical``: today's facts already read for some people (only the others are read)."""
    today = dt.date.today()
    pools = list(TalentPool.objects.filter(organisation=organisation, is_active=True))
    members: dict[int, set[int]] = defaultdict(set)
    pending: Counter[int] = Counter()
    for pool_id, person_id, status in organisation.talent_pools.filter(
        memberships__status__in=["member", "nominated"]
    ).values_list("pk", "memberships__person_id", "memberships__status"):
        if status == "member":
            members[pool_id].add(person_id)
        else:
            pending[pool_id] += 1
    everyone = set().union(*members.values()) if members else set()
    facts = dict(clinical or {})
    facts.update(
        clinical_facts_of(organisation=organisation, on=today, person_ids=everyone - set(facts))
    )
    return [
        {
            "id": p.pk,
            "name": p.name,
            "members": len(members[p.pk]),
            "pending": pending[p.pk],
            "clinician_members": sum(
                1 for m in members[p.pk] if facts.get(m) and facts[m].is_clinician
            ),
            "share_within_icb": p.share_within_icb,
        }
        for p in pools
    ]


def suppress_pool_summaries(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Disclosure control for ``pool_summaries`` through the counts engine: one family for every
    pool of the organisation; in each, members = clinician members + the others (never shown)."""
    fam = Family(threshold=threshold())
    for row in rows:
        pool = row["id"]
        fam.count((pool, "members"), row["members"])
        fam.count((pool, "clinician_members"), row["clinician_members"])
        fam.count((pool, "pending"), row["pending"])
        fam.remainder(
            (pool, "members"), [(pool, "clinician_members")], name=(pool, "other_members")
        )
    protection = fam.protect()
    out = [
        {
            **row,
            **{
                c: protection.show((row["id"], c), row[c])
                for c in ("members", "clinician_members", "pending")
            },
        }
        for row in rows
    ]
    shown = [(row["id"], c) for row in rows for c in ("members", "clinician_members", "pending")]
    return out, protection.footnotes(shown)


# --- talent review results -------------------------------------------------------------------------
@dataclass
class ReviewResults:
    review: TalentReview
    proposed: dict[int, int]
    calibrated: dict[int, int]
    raters: list[RaterSummary[str]]
    moves: int
    moved_people: int


def review_results(review: TalentReview) -> ReviewResults:
    """Proposed and calibrated grids, the distribution by proposer and the number of moves."""
    placements = list(review.placements.select_related("proposed_by"))
    proposer_names = {
        p.proposed_by_id: (p.proposed_by.get_full_name() or p.proposed_by.get_username())
        for p in placements
        if p.proposed_by is not None
    }
    rows = [
        (
            proposer_names.get(p.proposed_by_id, "Unknown"),
            p.proposed_performance,
            p.proposed_potential,
        )
        for p in placements
    ]
    moves = PlacementMove.objects.filter(placement__review=review)
    return ReviewResults(
        review=review,
        proposed=distribution((p.proposed_performance, p.proposed_potential) for p in placements),
        calibrated=distribution((p.performance, p.potential) for p in placements),
        raters=rater_summaries(rows),
        moves=moves.count(),
        moved_people=moves.values("placement_id").distinct().count(),
    )


def review_people(review: TalentReview) -> list[PlacedPerson]:
    """Each placement of the review: the person, their box at each stage and their equality data
    (sex, ethnicity, disability, clinician on the review's date)."""
    placements = list(review.placements.order_by("pk"))
    ids = {p.person_id for p in placements}
    equality = {e.person_id: e for e in EqualityRecord.objects.filter(person_id__in=ids)}
    facts = clinical_facts_of(organisation=review.organisation, on=review.as_of, person_ids=ids)
    people = []
    for p in placements:
        eq = equality.get(p.person_id)
        fact = facts.get(p.person_id)
        people.append(
            PlacedPerson(
                person_id=p.person_id,
                boxes={
                    "proposed": box_of(p.proposed_performance, p.proposed_potential),
                    "calibrated": box_of(p.performance, p.potential),
                },
                outcome=PersonOutcome(
                    sex=eq.sex if eq else "",
                    ethnic_category=eq.ethnic_category if eq else "",
                    disability=eq.disability if eq else "",
                    clinician=fact.is_clinician if fact else None,
                    placed=False,
                ),
            )
        )
    return people


def review_figures(review: TalentReview, *, exact_grid: bool) -> ReviewFigures:
    """The grids and equality views of both stages, protected together (talent.disclosure,
    ``protect_review``). ``exact_grid`` for HR/OD of the organisation and the review's panel."""
    return protect_review(
        people=review_people(review), exact_grid=exact_grid, threshold=threshold()
    )


def review_equality(review: TalentReview, *, stage: str = "proposed") -> list[EqualityRow]:
    """The equality view of one stage as everyone but an exact-grid reader sees it (protected with
    the grids: ``review_figures``)."""
    return review_figures(review, exact_grid=False).equality[stage]


# --- talent conversations --------------------------------------------------------------------------
def conversation_counts(
    *, organisation: Organisation, since: dt.date, suppress: bool
) -> tuple[dict[str, Any], list[str]]:
    """Summary counts of the latest conversation per person held on or after ``since`` (HR/OD's view:
    counts only, never records)."""
    latest: dict[int, TalentConversation] = {}
    for c in TalentConversation.objects.filter(
        organisation=organisation, held_on__gte=since
    ).order_by("person_id", "held_on", "pk"):
        latest[c.person_id] = c
    convs = list(latest.values())
    counts: dict[str, Any] = {
        "people": len(convs),
        "agreed": sum(1 for c in convs if c.status == TalentConversation.Status.AGREED),
        **{
            f"readiness_{k}": sum(1 for c in convs if c.readiness == k)
            for k in TalentConversation.CareerReadiness.values
        },
        "interested_in_management": sum(1 for c in convs if c.management_interest),
        **{
            f"management_{k}": sum(1 for c in convs if c.management_interest == k)
            for k in TalentConversation.ManagementInterest.values
            if k
        },
        "growth_depth": sum(1 for c in convs if c.growth_depth),
        "growth_breadth": sum(1 for c in convs if c.growth_breadth),
        "growth_stretch": sum(1 for c in convs if c.growth_stretch),
        "with_actions": sum(1 for c in convs if c.actions.exists()),
    }
    if not suppress:
        return counts, []
    readiness_cols = tuple(f"readiness_{k}" for k in TalentConversation.CareerReadiness.values)
    mgmt_cols = tuple(f"management_{k}" for k in TalentConversation.ManagementInterest.values if k)
    # One family through the counts engine: the readiness bands add up to the people, the kinds of
    # interest to those interested, and each subset's complement is a group never shown.
    fam = Family(threshold=threshold())
    for key, value in counts.items():
        fam.count(key, value)
    fam.remainder("people", list(readiness_cols), name="readiness_not_recorded")
    fam.remainder("interested_in_management", list(mgmt_cols), name="interest_not_recorded")
    for subset in (
        "agreed",
        "interested_in_management",
        "growth_depth",
        "growth_breadth",
        "growth_stretch",
        "with_actions",
    ):
        fam.remainder("people", [subset], name=f"not {subset}")
    protection = fam.protect()
    return {k: protection.show(k, v) for k, v in counts.items()}, protection.footnotes(list(counts))
