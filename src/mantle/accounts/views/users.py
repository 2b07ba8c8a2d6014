"""User and role administration for HR/OD administrators, in Mantle's own pages (not /admin/)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from mantle.core.access import AccessDenied, Actor, actor_for
from mantle.core.htmx import render_page

from .. import selectors, services
from ..forms import GroupMappingForm, InviteForm, LinkPersonForm, ReasonForm, RoleGrantForm
from ..mfa import confirmed_totp_device
from ..models import GroupRoleMapping, Membership


def _admin(request: HttpRequest) -> Actor:
    actor = actor_for(request)
    if not actor.is_hr_admin_anywhere:
        raise PermissionDenied("Only HR/OD administrators manage accounts.")
    return actor


def _crumbs(*items: tuple[str, str]) -> list[dict[str, str]]:
    return [{"text": "Home", "href": "/"}, {"text": "Users", "href": "/accounts/users/"}] + [
        {"text": t, "href": h} for t, h in items
    ]


def _apply(form: Any, action: Callable[[], Any]) -> bool:
    """Run a service; turn its refusals into form errors (or 403). True when it succeeded."""
    try:
        action()
    except ValidationError as error:
        for name, errors in error.message_dict.items():
            target = name if name in form.fields else None
            for message in errors:
                form.add_error(target, message)
        return False
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from error
    return True


@require_http_methods(["GET"])
def user_list(request: HttpRequest) -> HttpResponse:
    """Accounts in the administrator's organisations, searchable by name, username or e-mail."""
    actor = _admin(request)
    q = request.GET.get("q", "")
    users = selectors.users_manageable(actor, q=q).prefetch_related(
        Prefetch(
            "memberships", queryset=selectors.memberships_visible(actor), to_attr="visible_roles"
        )
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render_page(
        request,
        "accounts/user_list.html",
        {"page": page, "q": q, "breadcrumbs": _crumbs()},
    )


@require_http_methods(["GET", "POST"])
def user_invite(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    form = InviteForm(
        request.POST or None,
        organisations=selectors.administered_organisations(actor),
        superuser=False,
    )
    if request.method == "POST" and form.is_valid():
        person = form.person()
        created: dict[str, Any] = {}
        if not form.errors and _apply(
            form,
            lambda: created.update(
                user=services.user_invite(
                    actor=actor,
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    organisation=form.chosen_organisation(),  # type: ignore[arg-type]
                    role=form.cleaned_data["role"],
                    reason=form.cleaned_data["reason"],
                    person=person,
                )
            ),
        ):
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("accounts:user_detail", user_id=created["user"].pk)
    return render(
        request,
        "accounts/user_invite.html",
        {"form": form, "breadcrumbs": _crumbs(("Invite a user", ""))},
    )


@require_http_methods(["GET"])
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _admin(request)
    user = selectors.user_get_manageable(actor, user_id)
    person = getattr(user, "person", None)
    memberships = (
        selectors.memberships_visible(actor)
        .filter(user=user)
        .order_by("organisation__name", "role")
    )
    elsewhere = user.memberships.count() - len(memberships)
    return render_page(
        request,
        "accounts/user_detail.html",
        {
            "account": user,
            "person": person,
            "memberships": memberships,
            "elsewhere": elsewhere,
            "is_self": user.pk == actor.user.pk,
            "two_step": confirmed_totp_device(user) is not None,
            "trail": selectors.user_audit_trail(user),
            "manageable_codes": set(actor.orgs_with("hr_admin")),
            "superuser": actor.superuser,
            "breadcrumbs": _crumbs((user.get_full_name() or user.get_username(), "")),
        },
    )


@require_http_methods(["GET", "POST"])
def role_grant(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _admin(request)
    user = selectors.user_get_manageable(actor, user_id)
    form = RoleGrantForm(
        request.POST or None,
        organisations=selectors.administered_organisations(actor),
        superuser=actor.superuser,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.role_grant(
                actor=actor,
                user=user,
                organisation=form.chosen_organisation(),
                role=form.cleaned_data["role"],
                reason=form.cleaned_data["reason"],
            ),
        )
    ):
        messages.success(request, "Role granted.")
        return redirect("accounts:user_detail", user_id=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "account": user,
            "heading": "Grant a role",
            "button": "Grant role",
            "breadcrumbs": _crumbs(
                (user.get_username(), f"/accounts/users/{user.pk}/"), ("Grant a role", "")
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def person_link(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _admin(request)
    user = selectors.user_get_manageable(actor, user_id)
    form = LinkPersonForm(
        request.POST or None, organisations=selectors.administered_organisations(actor)
    )
    if request.method == "POST" and form.is_valid():
        person = form.person()
        if person is not None and _apply(
            form,
            lambda: services.user_person_link(
                actor=actor, user=user, person=person, reason=form.cleaned_data["link_reason"]
            ),
        ):
            messages.success(request, f"Account linked to {person.full_name}.")
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "account": user,
            "heading": "Link to a staff record",
            "button": "Link account",
            "breadcrumbs": _crumbs(
                (user.get_username(), f"/accounts/users/{user.pk}/"), ("Link to a staff record", "")
            ),
        },
    )


# One confirmation page (with a reason) for each change that takes something away or switches it.
CONFIRMATIONS: dict[str, dict[str, str]] = {
    "revoke": {"heading": "Revoke a role", "button": "Revoke role"},
    "unlink": {"heading": "Unlink the staff record", "button": "Unlink"},
    "deactivate": {"heading": "Deactivate the account", "button": "Deactivate account"},
    "reactivate": {"heading": "Reactivate the account", "button": "Reactivate account"},
    "reset_two_step": {
        "heading": "Reset two-step verification",
        "button": "Reset two-step verification",
    },
}


@require_http_methods(["GET", "POST"])
def user_change(request: HttpRequest, user_id: int, change: str) -> HttpResponse:
    actor = _admin(request)
    user = selectors.user_get_manageable(actor, user_id)
    if change not in CONFIRMATIONS:
        raise Http404("No such page.")
    membership: Membership | None = None
    if change == "revoke":
        membership = get_object_or_404(
            Membership,
            pk=request.GET.get("membership") or request.POST.get("membership"),
            user=user,
        )
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        actions: dict[str, Callable[[], Any]] = {
            "revoke": lambda: services.role_revoke(
                actor=actor, membership=cast(Membership, membership), reason=reason
            ),
            "unlink": lambda: services.user_person_unlink(actor=actor, user=user, reason=reason),
            "deactivate": lambda: services.user_active_set(
                actor=actor, user=user, active=False, reason=reason
            ),
            "reactivate": lambda: services.user_active_set(
                actor=actor, user=user, active=True, reason=reason
            ),
            "reset_two_step": lambda: services.two_step_reset(
                actor=actor, user=user, reason=reason
            ),
        }
        if _apply(form, actions[change]):
            messages.success(request, f"{CONFIRMATIONS[change]['heading']}: done.")
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "account": user,
            "membership": membership,
            "hidden": {"membership": membership.pk} if membership else {},
            **CONFIRMATIONS[change],
            "breadcrumbs": _crumbs(
                (user.get_username(), f"/accounts/users/{user.pk}/"),
                (CONFIRMATIONS[change]["heading"], ""),
            ),
        },
    )


@require_http_methods(["POST"])
def invitation_resend(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _admin(request)
    user = selectors.user_get_manageable(actor, user_id)
    try:
        services.user_invitation_resend(actor=actor, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except AccessDenied as error:
        raise PermissionDenied(str(error)) from error
    else:
        messages.success(request, f"Invitation sent again to {user.email}.")
    return redirect("accounts:user_detail", user_id=user.pk)


@require_http_methods(["GET", "POST"])
def group_mappings(request: HttpRequest) -> HttpResponse:
    """Identity-provider groups mapped to roles: the only way a role comes from single sign-on."""
    actor = _admin(request)
    form = GroupMappingForm(
        request.POST or None,
        organisations=selectors.administered_organisations(actor),
        superuser=actor.superuser,
    )
    if request.method == "POST" and "delete" in request.POST:
        mapping = get_object_or_404(
            selectors.group_mappings_visible(actor), pk=request.POST.get("delete")
        )
        reason = request.POST.get("delete_reason", "")
        try:
            services.group_mapping_delete(actor=actor, mapping=mapping, reason=reason)
        except ValidationError:
            messages.error(request, "Enter a reason for removing the mapping.")
        except AccessDenied as error:
            raise PermissionDenied(str(error)) from error
        else:
            messages.success(
                request, "Mapping removed. People lose the role at their next sign-in."
            )
        return redirect("accounts:group_mappings")
    if (
        request.method == "POST"
        and form.is_valid()
        and _apply(
            form,
            lambda: services.group_mapping_create(
                actor=actor,
                group=form.cleaned_data["group"],
                organisation=form.chosen_organisation(),
                role=form.cleaned_data["role"],
                reason=form.cleaned_data["reason"],
            ),
        )
    ):
        messages.success(request, "Mapping added. Members get the role at their next sign-in.")
        return redirect("accounts:group_mappings")
    mappings: list[GroupRoleMapping] = list(selectors.group_mappings_visible(actor))
    return render(
        request,
        "accounts/group_mappings.html",
        {"form": form, "mappings": mappings, "breadcrumbs": _crumbs(("Group mappings", ""))},
    )
