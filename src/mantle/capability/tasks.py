"""Background tasks: every 360° e-mail. Services enqueue these with ``transaction.on_commit`` so an
e-mail goes out only for a change that committed; each task re-reads the database and does nothing
when the state has moved on (for example a reminder for someone who has since answered)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks import task

from mantle.capability import emails
from mantle.capability.models import Cycle, Nomination


def _participant_email(cycle: Cycle) -> str:
    user = cycle.participant.user
    return user.email if user is not None else ""


def _rater_link(nomination: Nomination) -> str:
    if nomination.external:
        from mantle.capability.services.cycles import rater_link_token

        return emails.site_url(
            reverse("capability_public:rater_form", args=[rater_link_token(nomination)])
        )
    if nomination.group == "self":
        return emails.site_url(reverse("capability:self_rating", args=[nomination.cycle_id]))
    return emails.site_url(reverse("capability:rater_form", args=[nomination.pk]))


def _send_to_rater(nomination_id: int, template: str) -> int:
    nomination = (
        Nomination.objects.select_related(
            "cycle__participant", "cycle__framework_version__framework"
        )
        .filter(pk=nomination_id, status=Nomination.Status.INVITED)
        .first()
    )
    if nomination is None or not nomination.cycle.accepting_responses():
        return 0
    if nomination.external and not nomination.link_key:
        return 0
    return emails.send(
        template=template,
        to=[nomination.email],
        context={
            "nomination": nomination,
            "cycle": nomination.cycle,
            "participant": nomination.cycle.participant.full_name,
            "framework": str(nomination.cycle.framework_version),
            "link": _rater_link(nomination),
            "is_self": nomination.group == "self",
        },
    )


@task()
def send_rater_invitation(nomination_id: int) -> int:
    """Invite one rater (or the participant, for their self-rating)."""
    return _send_to_rater(nomination_id, "invitation")


@task()
def send_rater_reminder(nomination_id: int) -> int:
    """Remind one rater who has not answered yet; nothing if they have answered or declined."""
    return _send_to_rater(nomination_id, "reminder")


@task()
def send_cycle_opened(cycle_id: int) -> int:
    """Tell a participant that an administrator opened a 360° for them (choose raters next)."""
    cycle = Cycle.objects.select_related("participant__user").filter(pk=cycle_id).first()
    if cycle is None or cycle.status != Cycle.Status.NOMINATING:
        return 0
    return emails.send(
        template="cycle_opened",
        to=[_participant_email(cycle)],
        context={"cycle": cycle, "link": emails.cycle_url(cycle.pk)},
    )


@task()
def send_approval_request(cycle_id: int) -> int:
    """Ask the line manager (or, with none, the organisation's HR/OD administrators) to approve."""
    cycle = (
        Cycle.objects.select_related("participant", "line_manager__user", "organisation")
        .filter(pk=cycle_id, status=Cycle.Status.AWAITING_APPROVAL)
        .first()
    )
    if cycle is None:
        return 0
    if cycle.line_manager is not None and cycle.line_manager.user is not None:
        to = [cycle.line_manager.user.email]
    else:
        to = list(
            get_user_model()
            .objects.filter(
                memberships__organisation=cycle.organisation,
                memberships__role="hr_admin",
                is_active=True,
            )
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
    return emails.send(
        template="approval_request",
        to=to,
        context={
            "cycle": cycle,
            "participant": cycle.participant.full_name,
            "link": emails.cycle_url(cycle.pk),
        },
    )


@task()
def send_nominations_returned(cycle_id: int) -> int:
    """Tell the participant their nominations came back with a note."""
    cycle = Cycle.objects.select_related("participant__user").filter(pk=cycle_id).first()
    if cycle is None or cycle.status != Cycle.Status.NOMINATING:
        return 0
    return emails.send(
        template="nominations_returned",
        to=[_participant_email(cycle)],
        context={"cycle": cycle, "link": emails.cycle_url(cycle.pk)},
    )


@task()
def send_decline_notice(nomination_id: int) -> int:
    """Tell the participant a nominee declined, so they can nominate someone else in that group."""
    nomination = (
        Nomination.objects.select_related("cycle__participant__user")
        .filter(pk=nomination_id, status=Nomination.Status.DECLINED)
        .first()
    )
    if nomination is None or not nomination.cycle.accepting_responses():
        return 0
    return emails.send(
        template="declined",
        to=[_participant_email(nomination.cycle)],
        context={
            "nomination": nomination,
            "cycle": nomination.cycle,
            "link": emails.cycle_url(nomination.cycle_id),
        },
    )


@task()
def send_report_released(cycle_id: int) -> int:
    """Tell the participant that the report is ready (only the participant reads it)."""
    cycle = (
        Cycle.objects.select_related("participant__user", "line_manager__user")
        .filter(pk=cycle_id, status=Cycle.Status.RELEASED)
        .first()
    )
    if cycle is None:
        return 0
    to = [_participant_email(cycle)]
    link = emails.site_url(reverse("capability:cycle_report", args=[cycle.pk]))
    return emails.send(template="report_released", to=to, context={"cycle": cycle, "link": link})


@task()
def capability_snapshots_warm(org_code: str) -> int:
    """Compute the organisation's capability snapshots that the organisation page opens with
    (``selectors.heatmap.snapshots_warm``) ahead of the first reader: after an import
    (``MANTLE_AFTER_IMPORT_TASKS``) and after a write that changed a figure. Returns how many
    snapshots were computed; 0 when the organisation no longer exists."""
    from mantle.capability.selectors.heatmap import snapshots_warm
    from mantle.workforce.models import Organisation

    organisation = Organisation.objects.filter(code=org_code).first()
    if organisation is None:
        return 0
    return snapshots_warm(organisation=organisation)
