"""Background work: reminder e-mails. Queued only after the transaction that recorded them commits."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from mantle.development.models import Reminder


@task()
def send_reminder_email(reminder_ids: list[int]) -> int:
    """Send one e-mail to a person listing their unsent reminders, then mark them sent. Rule: a
    reminder already marked sent is never sent again (safe to retry). Returns how many were sent."""
    reminders = list(
        Reminder.objects.filter(pk__in=reminder_ids, sent_at__isnull=True).order_by("kind", "pk")
    )
    if not reminders:
        return 0
    subject = reminders[0].subject if len(reminders) == 1 else "Your development reminders"
    lines = "\n".join(f"• {r.body}" for r in reminders)
    body = (
        "Hello,\n\nMantle has these reminders about your qualifications and development:\n\n"
        f"{lines}\n\nYou can see your record under 'Development' in {settings.MANTLE_SERVICE_NAME}."
        "\nIf something here is wrong, tell your HR or organisational development team.\n"
    )
    send_mail(
        subject=f"{settings.MANTLE_SERVICE_NAME}: {subject}",
        message=body,
        from_email=None,
        recipient_list=[reminders[0].email],
    )
    Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(sent_at=timezone.now())
    return len(reminders)
