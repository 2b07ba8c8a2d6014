"""Talent conversations: the individual owns the record; their line manager coaches and may write too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from mantle.core.access import AccessDenied, Actor
from mantle.talent.access import can_see_conversations_of
from mantle.talent.models import ConversationAction, TalentConversation
from mantle.workforce.models import Assignment, Organisation, Person

from ._common import audit, require_text, today, user_of

EDITABLE = (
    "held_on",
    "impact",
    "impact_notes",
    "growth_depth",
    "growth_breadth",
    "growth_stretch",
    "growth_notes",
    "readiness",
    "management_interest",
    "career_interest_notes",
    "aspiration",
)


def _home_organisation(person: Person, *, on: dt.date) -> Organisation:
    current = (
        Assignment.objects.current_on(on)
        .filter(person=person)
        .select_related("organisation")
        .order_by("-fte")
        .first()
    )
    if current is not None:
        return current.organisation
    number = person.employee_numbers.select_related("organisation").first()
    if number is None:
        raise ValidationError("This person has no staff record in any organisation.")
    return number.organisation


def _check_writer(actor: Actor, person: Person, *, on: dt.date) -> None:
    if not can_see_conversations_of(actor, person, on=on):
        raise AccessDenied("Only the person and their line manager may write this record.")


@transaction.atomic
def conversation_create(
    *, actor: Actor, person: Person, via: str = "web", **fields: Any
) -> TalentConversation:
    """Record a talent conversation. Rule: the person themselves or their line-management chain only;
    the conversation starts as a draft until the person agrees it; a manager who writes it is recorded
    as the coach."""
    held_on = fields.get("held_on") or today()
    _check_writer(actor, person, on=today())
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    if held_on > today():
        raise ValidationError({"held_on": "The conversation date cannot be in the future."})
    conversation = TalentConversation(
        person=person,
        organisation=_home_organisation(person, on=held_on),
        created_by=user_of(actor),
        coach_id=actor.person_id if actor.person_id != person.pk else None,
        **{**fields, "held_on": held_on},
    )
    conversation.full_clean()
    conversation.save()
    audit(
        actor,
        "create",
        conversation,
        org_code=conversation.organisation.code,
        via=via,
        label=f"Talent conversation: {person.full_name}",
    )
    return conversation


@transaction.atomic
def conversation_update(
    *, actor: Actor, conversation: TalentConversation, via: str = "web", **changes: Any
) -> TalentConversation:
    """Change a conversation. Rule: the person or their line-management chain; any change returns an
    agreed record to draft, so the person agrees what is finally recorded."""
    _check_writer(actor, conversation.person, on=today())
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    for key, value in changes.items():
        setattr(conversation, key, value)
    if conversation.held_on > today():
        raise ValidationError({"held_on": "The conversation date cannot be in the future."})
    conversation.status = TalentConversation.Status.DRAFT
    conversation.agreed_on = None
    if actor.person_id is not None and actor.person_id != conversation.person_id:
        conversation.coach_id = actor.person_id
    conversation.full_clean()
    conversation.save()
    audit(
        actor,
        "change",
        conversation,
        org_code=conversation.organisation.code,
        via=via,
        detail={"fields": sorted(changes)},
    )
    return conversation


@transaction.atomic
def conversation_agree(
    *, actor: Actor, conversation: TalentConversation, via: str = "web"
) -> TalentConversation:
    """The person agrees the record. Rule: only the person it is about may agree it."""
    if actor.person_id != conversation.person_id:
        raise AccessDenied("Only the person the conversation is about may agree it.")
    conversation.status = TalentConversation.Status.AGREED
    conversation.agreed_on = today()
    conversation.save(update_fields=["status", "agreed_on", "updated_at"])
    audit(
        actor,
        "change",
        conversation,
        org_code=conversation.organisation.code,
        via=via,
        detail={"status": "agreed"},
    )
    return conversation


@transaction.atomic
def conversation_action_add(
    *,
    actor: Actor,
    conversation: TalentConversation,
    description: str,
    due_on: dt.date,
    via: str = "web",
) -> ConversationAction:
    """Add a dated action to the development plan. Rule: the person or their line-management chain;
    an action needs a description and a due date."""
    _check_writer(actor, conversation.person, on=today())
    action = ConversationAction.objects.create(
        conversation=conversation,
        description=require_text(description, field="description", message="Describe the action."),
        due_on=due_on,
    )
    audit(actor, "create", action, org_code=conversation.organisation.code, via=via)
    return action


@transaction.atomic
def conversation_action_complete(
    *,
    actor: Actor,
    action: ConversationAction,
    completed_on: dt.date | None = None,
    via: str = "web",
) -> ConversationAction:
    """Mark a development action done. Rule: as for adding one; the date cannot be in the future."""
    conversation = action.conversation
    _check_writer(actor, conversation.person, on=today())
    done = completed_on or today()
    if done > today():
        raise ValidationError({"completed_on": "The completion date cannot be in the future."})
    action.completed_on = done
    action.save(update_fields=["completed_on"])
    audit(
        actor,
        "change",
        action,
        org_code=conversation.organisation.code,
        via=via,
        detail={"completed_on": done.isoformat()},
    )
    return action
