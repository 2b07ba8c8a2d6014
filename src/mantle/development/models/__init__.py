"""Development models, re-exported so ``from mantle.development.models import Holding`` works."""

from .catalogue import Cohort, Offering
from .fppt import BoardMemberReference, FpptCheck, FpptCycle, FpptTransition
from .holdings import Enrolment, Evidence, FundingSource, Holding
from .requirements import Reminder, Requirement

__all__ = [
    "BoardMemberReference",
    "Cohort",
    "Enrolment",
    "Evidence",
    "FpptCheck",
    "FpptCycle",
    "FpptTransition",
    "FundingSource",
    "Holding",
    "Offering",
    "Reminder",
    "Requirement",
]
