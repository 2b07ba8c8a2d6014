"""E-mails about 360° feedback, rendered from templates and sent through Django's mail backend.

Called only from background tasks (``tasks.py``), which run after the change they report has
committed. Rule: no e-mail names a rater to the participant or says who has responded.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse


def site_url(path: str) -> str:
    """An absolute link for an e-mail (MANTLE_SITE_URL, else a relative path the reader can paste)."""
    base = str(getattr(settings, "MANTLE_SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}"


def send(*, template: str, to: list[str], context: dict[str, Any]) -> int:
    """Render ``capability/email/<template>_subject.txt`` and ``…_body.txt`` and send one message.

    Rule: nothing is sent to an empty address list (a colleague without an e-mail is skipped).
    """
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    context = {"service_name": settings.MANTLE_SERVICE_NAME, **context}
    subject = render_to_string(f"capability/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"capability/email/{template}_body.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def cycle_url(cycle_id: int) -> str:
    return site_url(reverse("capability:cycle_detail", args=[cycle_id]))
