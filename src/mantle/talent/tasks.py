"""Background e-mail for talent events. Enqueued with ``transaction.on_commit`` so nothing is sent for a
change that is rolled back."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from mantle.talent.models import PoolMembership, SuccessionPlan
from mantle.workforce.models import PostVersion


@task()
def send_pool_decision_email(membership_id: int) -> int:
    """Tell a nominee that their nomination to a talent pool was approved or declined. Rule: only the
    person themselves is told, at their account's e-mail address; nothing is sent without one."""
    membership = (
        PoolMembership.objects.select_related("pool", "person__user")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None or membership.person.user is None or not membership.person.user.email:
        return 0
    approved = membership.status == PoolMembership.Status.MEMBER
    outcome = "approved" if approved else "not approved this time"
    body = (
        f"Dear {membership.person.first_name},\n\n"
        f'Your nomination to the talent pool "{membership.pool.name}" has been {outcome}.\n'
    )
    if membership.decision_note:
        body += f"\nThe note from the decision:\n{membership.decision_note}\n"
    body += "\nYou can see your talent pools in Mantle under Talent.\n"
    return send_mail(
        subject=f"Talent pool nomination: {membership.pool.name}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[membership.person.user.email],
    )


@task()
def send_plan_review_reminders(organisation_code: str, within_days: int = 14) -> int:
    """E-mail each succession plan's owner the plans of one organisation whose next review is due
    within ``within_days`` or overdue. Rule: one e-mail per owner, naming posts only (no candidates),
    and only to owners with an e-mail address. Returns the number of e-mails sent."""
    today = dt.date.today()
    due = list(
        SuccessionPlan.objects.filter(
            organisation__code=organisation_code,
            next_review_on__lte=today + dt.timedelta(days=within_days),
            owner__isnull=False,
        ).select_related("owner", "post")
    )
    titles = dict(
        PostVersion.objects.current_on(today)
        .filter(post_id__in=[p.post_id for p in due])
        .values_list("post_id", "title")
    )
    by_owner: dict[Any, list[SuccessionPlan]] = defaultdict(list)
    for plan in due:
        if plan.owner is not None:
            by_owner[plan.owner].append(plan)
    sent = 0
    for owner, plans in by_owner.items():
        if not owner.email:
            continue
        lines = [
            f"- {titles.get(p.post_id, p.post.position_number)}: review "
            f"{'overdue since' if p.next_review_on < today else 'due on'} {p.next_review_on:%-d %B %Y}"
            for p in sorted(plans, key=lambda p: p.next_review_on)
        ]
        sent += send_mail(
            subject="Succession plans due for review",
            message="These succession plans you keep are due for review:\n\n"
            + "\n".join(lines)
            + "\n\nOpen them in Mantle under Talent, Succession plans you keep.\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[owner.email],
        )
    return sent
