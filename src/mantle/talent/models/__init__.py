"""Talent models, re-exported so ``from mantle.talent.models import SuccessionPlan`` works."""

from .conversations import ConversationAction, TalentConversation
from .pools import PoolMembership, PoolMembershipEvent, TalentPool
from .reviews import Placement, PlacementMove, ReviewPanelMember, TalentReview
from .settings import TalentSettings
from .succession import (
    CandidateAction,
    FlightRiskRecord,
    ReadinessAssessment,
    SuccessionCandidate,
    SuccessionPlan,
)

__all__ = [
    "CandidateAction",
    "ConversationAction",
    "FlightRiskRecord",
    "Placement",
    "PlacementMove",
    "PoolMembership",
    "PoolMembershipEvent",
    "ReadinessAssessment",
    "ReviewPanelMember",
    "SuccessionCandidate",
    "SuccessionPlan",
    "TalentConversation",
    "TalentPool",
    "TalentReview",
    "TalentSettings",
]
