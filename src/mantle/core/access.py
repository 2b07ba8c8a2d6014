"""The one permission-scoping layer. Views, the API and exports all ask the ``Actor`` what the signed-in
user may see; selectors take the actor and return only what it allows. No view filters by hand.

Roles (held per organisation through ``accounts.Membership``):
* staff member — own record only;
* line manager — self and the people in posts that report (directly or further down) to theirs;
* HR/OD administrator — every record and unsuppressed aggregates of their organisation;
* executive / board viewer — organisation-wide aggregates, suppressed; no personal records but their own;
* system analyst — cross-organisation aggregates, suppressed; no personal records but their own.
A Django superuser is treated as an HR/OD administrator everywhere and an analyst.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest


class AccessDenied(Exception):
    """Raised by services when the actor may not do something; views turn it into 403 or 404."""


@dataclass
class Actor:
    user: AbstractBaseUser | AnonymousUser
    person_id: int | None = None
    superuser: bool = False
    roles_by_org: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    org_ids: dict[str, int] = field(default_factory=dict)
    analyst: bool = False

    # --- role questions ---------------------------------------------------------------------------
    def has_role(self, role: str, org_code: str) -> bool:
        return self.superuser or role in self.roles_by_org.get(org_code, set())

    def is_hr_admin(self, org_code: str) -> bool:
        return self.superuser or "hr_admin" in self.roles_by_org.get(org_code, set())

    def orgs_with(self, *roles: str) -> set[str]:
        return {code for code, held in self.roles_by_org.items() if held.intersection(roles)}

    @property
    def is_hr_admin_anywhere(self) -> bool:
        return self.superuser or bool(self.orgs_with("hr_admin"))

    @property
    def is_manager_anywhere(self) -> bool:
        return bool(self.orgs_with("line_manager"))

    @property
    def is_executive_anywhere(self) -> bool:
        return bool(self.orgs_with("executive", "chair"))

    @property
    def can_view_aggregates_anywhere(self) -> bool:
        return (
            self.superuser or self.analyst or bool(self.orgs_with("hr_admin", "executive", "chair"))
        )

    def can_view_aggregates(self, org_code: str) -> bool:
        """Organisation aggregates: HR/OD administrators, executives/board viewers and analysts."""
        return (
            self.superuser
            or self.analyst
            or bool(self.roles_by_org.get(org_code, set()) & {"hr_admin", "executive", "chair"})
        )

    def sees_unsuppressed(self, org_code: str) -> bool:
        """Small numbers are shown only to HR/OD administrators of that organisation."""
        return self.is_hr_admin(org_code)

    def organisation_codes_with_register_access(self) -> set[str]:
        """Organisations whose establishment (posts, org chart) the actor may browse."""
        if self.superuser:
            from mantle.workforce.models import Organisation

            return set(Organisation.objects.values_list("code", flat=True))
        return self.orgs_with("hr_admin", "executive", "chair", "line_manager")

    def aggregate_org_codes(self) -> set[str] | None:
        """Organisations whose aggregates the actor may see; None means every organisation."""
        if self.superuser or self.analyst:
            return None
        return self.orgs_with("hr_admin", "executive", "chair")


def build_actor(user: AbstractBaseUser | AnonymousUser) -> Actor:
    actor = Actor(user=user)
    if not user.is_authenticated:
        return actor
    actor.superuser = bool(getattr(user, "is_superuser", False))
    from mantle.accounts.models import Membership

    for role, code, org_id in Membership.objects.filter(user=user).values_list(  # type: ignore[misc]
        "role", "organisation__code", "organisation_id"
    ):
        if role == "analyst":
            actor.analyst = True
        if code:
            actor.roles_by_org.setdefault(code, set()).add(role)
            actor.org_ids[code] = org_id
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    actor.person_id = person.pk if person is not None else None
    return actor


def actor_for(request: HttpRequest) -> Actor:
    """The acting user's scopes, computed once per request."""
    cached = getattr(request, "_mantle_actor", None)
    if cached is None or cached.user is not request.user:
        cached = build_actor(request.user)
        request._mantle_actor = cached  # type: ignore[attr-defined]
    return cached
