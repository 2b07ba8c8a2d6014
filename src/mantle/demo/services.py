"""Load the synthetic NHS through the real importer, add vacant posts from the establishment, create demo
accounts for every role and let each domain app seed its demo records."""

from __future__ import annotations

import datetime as dt
import importlib
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.contrib.auth import get_user_model
from django.db import transaction

from mantle.accounts.mfa import demo_totp_device_ensure
from mantle.accounts.models import Membership, Role
from mantle.imports.services import workforce_file_import
from mantle.workforce.models import Assignment, Organisation, Person, Post, PostVersion
from mantle.workforce.rules.tiers import infer_tier, parse_tier
from mantle.workforce.services import tier_rules_for, unit_ensure_paths

DEMO_PASSWORD = "mantle-demo-2026"
# Privileged demo accounts sign in with two-step verification using one published key (README).
DEMO_TWO_STEP_USERNAMES = ("admin", "hr", "secretary")
Log = Callable[[str], None]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    description: str


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)


def snapshot_dates(*, end: dt.date, count: int = 5, step_months: int = 3) -> list[dt.date]:
    """Quarterly month-end snapshot dates ending at ``end``."""
    dates = [end]
    cursor = end
    for _ in range(count - 1):
        for _ in range(step_months):
            cursor = month_end(cursor)
        dates.append(cursor)
    return sorted(dates)


def import_frame(*, org: Organisation, frame: pl.DataFrame, as_of: dt.date) -> Any:
    """Write a synthetic extract to a CSV and import it exactly as a user's file would be."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{org.code}-{as_of.isoformat()}.csv"
        frame.write_csv(path)
        outcome = workforce_file_import(
            path=path, org=org, as_of=as_of, filename=path.name, via="demo"
        )
    if outcome.parse is not None and outcome.parse.errors:
        first = outcome.parse.errors[:5]
        raise RuntimeError(f"synthetic extract for {org.code} failed validation: {first}")
    return outcome


@transaction.atomic
def establishment_add_vacancies(
    *, org: Organisation, establishment: pl.DataFrame, valid_from: dt.date
) -> int:
    """Posts in the establishment that nobody holds are still posts: add them (vacant)."""
    known = set(Post.objects.filter(organisation=org).values_list("position_number", flat=True))
    missing = establishment.filter(~pl.col("position_number").is_in(list(known)))
    if missing.height == 0:
        return 0
    units = unit_ensure_paths(org=org, paths=set(missing["unit_path"].to_list()))
    rules = tier_rules_for(org)
    Post.objects.bulk_create(
        [Post(organisation=org, position_number=p) for p in missing["position_number"].to_list()]
    )
    ids = dict(Post.objects.filter(organisation=org).values_list("position_number", "pk"))
    versions = []
    for row in missing.iter_rows(named=True):
        tier = parse_tier(row.get("management_tier") or "")
        source, reason = "set", "set in the establishment"
        if tier is None:
            tier, rule = infer_tier(
                rules=rules,
                job_role=row.get("job_role") or "",
                title=row["position_title"],
                occupation_code=row["occupation_code"],
                pay_band=row["pay_band"],
            )
            source, reason = "inferred", rule.description if rule else "no rule matched"
        versions.append(
            PostVersion(
                post_id=ids[row["position_number"]],
                organisation=org,
                valid_from=valid_from,
                title=row["position_title"],
                unit=units[row["unit_path"]],
                reports_to_id=ids.get(row.get("reports_to_position_number") or ""),
                occupation_code=row["occupation_code"],
                job_role=row.get("job_role") or "",
                pay_band=row["pay_band"],
                tier=str(tier),
                tier_source=source,
                tier_reason=reason[:200],
                statutory_clinical=(row.get("statutory_clinical_role") or "") == "Y",
                critical=(row.get("critical") or "") == "Y",
            )
        )
    PostVersion.objects.bulk_create(versions, batch_size=5000)
    return len(versions)


# Demo boards: the people and strategy directors attend the board without a vote, as in many
# trusts; the chief executive, finance, medical, nursing and operations directors vote.
DEMO_NON_VOTING_ROLES = frozenset({"Director of People", "Director of Strategy"})


def demo_board_voting_set(*, org: Organisation) -> int:
    """Mark the demo's people and strategy directors as non-voting board members. The synthetic
    extract has no ``voting`` column (it is optional, and a file without it keeps each post's
    setting), so the demo sets it by job role after the import. Returns the number of post versions
    changed."""
    return PostVersion.objects.filter(
        organisation=org, tier="board_executive", job_role__in=DEMO_NON_VOTING_ROLES
    ).update(voting=False)


def _person_in(org: Organisation, on: dt.date, **post_filter: Any) -> Person | None:
    versions = PostVersion.objects.current_on(on).filter(organisation=org, **post_filter)
    a = (
        Assignment.objects.current_on(on)
        .filter(post_id__in=versions.values("post_id"), person__user__isnull=True)
        .select_related("person")
        .order_by("person_id")
        .first()
    )
    return a.person if a else None


def _direct_report_of(
    manager: Person | None, org: Organisation, on: dt.date, **post_filter: Any
) -> Person | None:
    """A person without an account whose line manager (``line_manager_of``: the holder of the post
    their main post reports to) is ``manager``, preferring posts matching ``post_filter``; so the
    demo `staff` account's 360 nominations, enrolments etc. wait for the demo `manager` account."""
    from mantle.capability.selectors.cycles import line_manager_of
    from mantle.workforce.selectors import posts_held_by

    if manager is None:
        return None
    own = posts_held_by(manager.pk, on=on)
    reporting = PostVersion.objects.current_on(on).filter(organisation=org, reports_to_id__in=own)
    for versions in (reporting.filter(**post_filter), reporting):
        candidates = (
            Assignment.objects.current_on(on)
            .filter(post_id__in=versions.values("post_id"), person__user__isnull=True)
            .exclude(person=manager)
            .select_related("person")
            .order_by("person_id")
        )
        for a in candidates[:50]:
            if line_manager_of(a.person, on=on) == manager:
                return a.person
    return None


def demo_accounts_create(*, org: Organisation, on: dt.date) -> list[DemoAccount]:
    """One account for each role, linked to a real person in the demo trust where the role needs one."""
    user_model = get_user_model()
    accounts: list[DemoAccount] = []

    def make(
        username: str,
        role: str | None,
        description: str,
        person: Person | None = None,
        superuser: bool = False,
        org_scoped: bool = True,
    ) -> None:
        user, _ = user_model.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@demo.mantle.nhs.uk",
                "is_superuser": superuser,
                "is_staff": superuser,
                "first_name": person.first_name if person else username.title(),
                "last_name": person.last_name if person else "(demo)",
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if role:
            Membership.objects.get_or_create(
                user=user, role=role, organisation=org if org_scoped else None
            )
        if role not in (None, Role.ANALYST):
            Membership.objects.get_or_create(user=user, role=Role.STAFF, organisation=org)
        if person is not None and person.user_id is None:
            person.user = user
            person.save(update_fields=["user"])
        accounts.append(DemoAccount(username, role or "superuser", description))
        if username in DEMO_TWO_STEP_USERNAMES:
            demo_totp_device_ensure(user=user)

    make(
        "admin",
        None,
        "Django superuser: everything, including /admin/ (two-step sign-in)",
        superuser=True,
    )
    make(
        "hr",
        Role.HR_ADMIN,
        "HR/OD administrator: every record and unsuppressed figures (two-step sign-in)",
        _person_in(org, on, title__icontains="HR Business Partner")
        or _person_in(org, on, job_role__icontains="Human Resources"),
    )
    make(
        "chair",
        Role.CHAIR,
        "Chair of the board (FPPT sign-off, board aggregates)",
        _person_in(org, on, job_role__iexact="Chair"),
    )
    make(
        "exec",
        Role.EXECUTIVE,
        "Executive / board viewer: organisation aggregates, suppressed",
        _person_in(org, on, tier="board_executive", statutory_clinical=False),
    )
    make(
        "secretary",
        Role.COMPANY_SECRETARY,
        "Company secretary (FPPT records; two-step sign-in)",
        _person_in(org, on, title__iexact="Board Secretary"),
    )
    make(
        "analyst",
        Role.ANALYST,
        "System analyst: cross-organisation aggregates, suppressed",
        org_scoped=False,
    )
    ward_manager = _person_in(org, on, job_role__icontains="Ward Manager")
    make(
        "manager",
        Role.LINE_MANAGER,
        "Line manager (a ward manager): self and their team",
        ward_manager,
    )
    make(
        "director",
        Role.LINE_MANAGER,
        "Line manager (a divisional director): their division",
        _person_in(org, on, job_role__icontains="Divisional Director"),
    )
    make(
        "staff",
        Role.STAFF,
        "Staff member (a staff nurse reporting to `manager`): own record only",
        _direct_report_of(ward_manager, org, on, job_role__iexact="Staff Nurse")
        or _person_in(org, on, job_role__iexact="Staff Nurse"),
    )
    make(
        "porter",
        Role.STAFF,
        "Staff member (a porter): own record only",
        _person_in(org, on, job_role__icontains="Porter"),
    )
    return accounts


def demo_two_step_ensure() -> None:
    """Privileged demo accounts made before two-step verification existed get the published demo key."""
    from mantle.accounts.mfa import confirmed_totp_device

    for user in get_user_model().objects.filter(
        username__in=DEMO_TWO_STEP_USERNAMES, email__endswith="@demo.mantle.nhs.uk"
    ):
        if confirmed_totp_device(user) is None:
            demo_totp_device_ensure(user=user)


def demo_two_step_help() -> list[str]:
    """How to complete the demo's two-step sign-in (printed by `mantle demo`, so by `make run`)."""
    from mantle.accounts.mfa import demo_totp_key_base32

    return [
        f"{', '.join(DEMO_TWO_STEP_USERNAMES)} also need a code from an authenticator app: add the demo key "
        f"{demo_totp_key_base32()} to one (any TOTP app), or run `mantle demo_totp_code` for the current code.",
    ]


def seed_domain_apps(*, org: Organisation, on: dt.date, seed: int, log: Log) -> None:
    """Each domain app may offer ``seed_demo(organisation=…, as_of=…, rng=…)`` in its ``demo`` module."""
    for app in ("capability", "talent", "development", "outcomes", "scenarios", "boardpack"):
        try:
            module = importlib.import_module(f"mantle.{app}.demo")
        except ModuleNotFoundError as exc:
            if exc.name == f"mantle.{app}.demo":
                continue
            raise
        seeder = getattr(module, "seed_demo", None)
        if seeder is not None:
            seeder(organisation=org, as_of=on, rng=random.Random(seed))
            log(f"  seeded {app} demo records")


def fppt_year_open(*, org: Organisation, on: dt.date, log: Log) -> None:
    """Open this year's fit-and-proper-person cycles as the company secretary would, so the board
    view has records (it needs the demo accounts, which exist only after the other seeding)."""
    from mantle.core.access import build_actor
    from mantle.development.services.fppt import fppt_cycles_open_for_year

    secretary = get_user_model().objects.get(username="secretary")
    result = fppt_cycles_open_for_year(
        actor=build_actor(secretary), organisation=org, year=on.year, on=on
    )
    log(
        f"  opened {len(result.opened)} FPPT cycles for board members"
        + (f" ({len(result.skipped)} without a reviewer account)" if result.skipped else "")
    )


def opportunities_seed(*, org: Organisation, on: dt.date, seed: int, log: Log) -> None:
    """The opportunities marketplace needs the demo accounts (owners, sponsor, coordinator)."""
    from mantle.opportunities.demo import seed_demo

    seed_demo(organisation=org, as_of=on, rng=random.Random(seed))
    log("  seeded opportunities demo records")
