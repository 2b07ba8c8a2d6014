"""Every change to talent records goes through these services (keyword-only, audited)."""

from .conversations import (
    conversation_action_add,
    conversation_action_complete,
    conversation_agree,
    conversation_create,
    conversation_update,
)
from .pools import (
    pool_consent_set,
    pool_create,
    pool_decide,
    pool_membership_end,
    pool_nominate,
)
from .reviews import (
    placement_move,
    placement_propose,
    review_calibration_start,
    review_create,
    review_lock,
    review_panel_add,
)
from .settings import talent_settings_for, talent_settings_update
from .succession import (
    candidate_action_add,
    candidate_action_complete,
    candidate_add,
    candidate_readiness_set,
    candidate_remove,
    flight_risk_record,
    plan_create,
    plan_mark_reviewed,
    plan_update,
    post_critical_set,
)

__all__ = [
    "candidate_action_add",
    "candidate_action_complete",
    "candidate_add",
    "candidate_readiness_set",
    "candidate_remove",
    "conversation_action_add",
    "conversation_action_complete",
    "conversation_agree",
    "conversation_create",
    "conversation_update",
    "flight_risk_record",
    "placement_move",
    "placement_propose",
    "plan_create",
    "plan_mark_reviewed",
    "plan_update",
    "pool_consent_set",
    "pool_create",
    "pool_decide",
    "pool_membership_end",
    "pool_nominate",
    "post_critical_set",
    "review_calibration_start",
    "review_create",
    "review_lock",
    "review_panel_add",
    "talent_settings_for",
    "talent_settings_update",
]
