"""Background e-mail for talent events. Enqueued with ``transaction.on_commit`` so nothing is sent for a
change that is rolled back."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_pool_decision_email(membership_id: int) -> int:
    """Tell a nominee that their nomination to a talent pool was approved or declined. Rule: only the
    person themselves is told, at their account's e-mail address; nothing is sent without one."""
    from mantle.talent.models import PoolMembership

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
