"""Capability models, re-exported so ``from mantle.capability.models import Cycle`` works.

* frameworks — framework versions and crosswalks held as validated JSON, immutable once used;
* assessments — self-assessments (save, resume, history);
* feedback — 360° cycles, cohorts, nominations and rater responses (sealed until the cycle closes, then stored shuffled with no rater link);
* practice — management-practice assessments of a unit by a panel.
"""

from .assessments import SelfAssessment
from .feedback import Cohort, Cycle, Nomination, RaterGroup, Response, SealedResponse
from .frameworks import Crosswalk, Framework, FrameworkVersion
from .practice import PanelMember, PracticeAssessment

__all__ = [
    "Cohort",
    "Crosswalk",
    "Cycle",
    "Framework",
    "FrameworkVersion",
    "Nomination",
    "PanelMember",
    "PracticeAssessment",
    "RaterGroup",
    "Response",
    "SealedResponse",
    "SelfAssessment",
]
