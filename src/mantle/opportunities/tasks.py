"""Background e-mail for marketplace events, enqueued with ``transaction.on_commit`` by the services
so nothing is sent for a change that rolled back. Each goes only to the person it concerns, at their
account's address; nothing is sent without one."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from .models import Application, Opportunity


def _send(user: object, subject: str, body: str) -> int:
    email = getattr(user, "email", "")
    if not email:
        return 0
    return send_mail(
        subject=subject,
        message=body + "\nOpen Mantle and choose Opportunities to see it.\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )


@task()
def send_sponsor_request(opportunity_id: int) -> int:
    """Ask the sponsor to approve an opportunity."""
    opp = Opportunity.objects.select_related("sponsor").filter(pk=opportunity_id).first()
    if opp is None or opp.status != Opportunity.Status.PENDING:
        return 0
    return _send(
        opp.sponsor,
        f"Please approve an opportunity: {opp.title}",
        f'"{opp.title}" has been posted with you as its sponsor and waits for your approval.\n',
    )


@task()
def send_sponsor_decision(opportunity_id: int) -> int:
    """Tell the owner whether the sponsor approved their opportunity."""
    opp = Opportunity.objects.select_related("owner__user").filter(pk=opportunity_id).first()
    if opp is None or opp.owner.user is None:
        return 0
    approved = opp.status == Opportunity.Status.OPEN
    body = f'Your opportunity "{opp.title}" has been {"approved and is open" if approved else "not approved"}.\n'
    if opp.sponsor_note:
        body += f"\nThe sponsor's note:\n{opp.sponsor_note}\n"
    return _send(opp.owner.user, f"Opportunity {'approved' if approved else 'not approved'}", body)


@task()
def send_release_request(application_id: int) -> int:
    """Ask the applicant's line manager to release their time."""
    app = (
        Application.objects.select_related("line_manager__user", "person", "opportunity")
        .filter(pk=application_id)
        .first()
    )
    if app is None or app.line_manager is None or app.line_manager.user is None:
        return 0
    return _send(
        app.line_manager.user,
        f"Release request: {app.person.full_name}",
        f'{app.person.full_name} has applied for "{app.opportunity.title}" '
        f"({app.opportunity.hours_per_week:g} hours a week). Please release their time, with a note on "
        "backfill, or give a reason for not releasing it.\n",
    )


@task()
def send_application_update(application_id: int) -> int:
    """Tell the applicant where their application now stands, with the reason given."""
    app = (
        Application.objects.select_related("person__user", "opportunity")
        .filter(pk=application_id)
        .first()
    )
    if app is None or app.person.user is None:
        return 0
    body = f'Your application for "{app.opportunity.title}": {app.get_status_display().lower()}.\n'
    reason = app.release_reason if app.status == "not_released" else app.decision_reason
    if reason:
        body += f"\n{reason}\n"
    return _send(app.person.user, f"Your application: {app.opportunity.title}", body)


@task()
def send_new_application(application_id: int) -> int:
    """Tell the owner that someone has been released to apply for their opportunity."""
    app = (
        Application.objects.select_related("opportunity__owner__user", "person")
        .filter(pk=application_id)
        .first()
    )
    if app is None or app.opportunity.owner.user is None:
        return 0
    return _send(
        app.opportunity.owner.user,
        f"Released applicant: {app.opportunity.title}",
        f'{app.person.full_name} has been released by their line manager to take up "{app.opportunity.title}" '
        "and can now be selected.\n",
    )
