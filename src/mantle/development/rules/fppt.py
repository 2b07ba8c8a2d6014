"""The FPPT annual cycle as a state machine, and who may do what to a cycle.

Cycle (FPPT Framework, NHS England 2023): the board member self-attests (including against the six
domains of the board Leadership Competency Framework) → their line manager (the chief executive for
executive directors, the chair for non-executives) reviews → the chair signs off with a conclusion →
the organisation includes it in the annual submission to the NHS England regional director.
The checks checklist is recorded alongside, by the chair or the company secretary, until sign-off.
A reviewer or the chair may return a cycle to the member to attest again.

The checklist below is the framework's typical list; the framework itself leaves the exact list to
the organisation (marked *unconfirmed* in docs/development.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class CycleStatus(StrEnum):
    DRAFT = "draft"
    ATTESTED = "attested"
    REVIEWED = "reviewed"
    SIGNED_OFF = "signed_off"
    SUBMITTED = "submitted"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: Final[dict[CycleStatus, str]] = {
    CycleStatus.DRAFT: "Awaiting self-attestation",
    CycleStatus.ATTESTED: "Awaiting line-manager review",
    CycleStatus.REVIEWED: "Awaiting chair sign-off",
    CycleStatus.SIGNED_OFF: "Signed off, not yet submitted",
    CycleStatus.SUBMITTED: "Submitted to the regional director",
}


class Action(StrEnum):
    OPEN = "open"
    VIEW = "view"
    VIEW_EVIDENCE = "view_evidence"
    ATTEST = "attest"
    RECORD_CHECK = "record_check"
    REVIEW = "review"
    RETURN = "return"
    SIGN_OFF = "sign_off"
    SUBMIT = "submit"
    RECORD_REFERENCE = "record_reference"


class CheckOutcome(StrEnum):
    PENDING = "pending"
    SATISFACTORY = "satisfactory"
    CONCERN = "concern"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return {
            "pending": "Not yet checked",
            "satisfactory": "Satisfactory",
            "concern": "Concern found",
            "not_applicable": "Not applicable",
        }[self.value]


class Conclusion(StrEnum):
    FIT = "fit"
    NOT_FIT = "not_fit"

    @property
    def label(self) -> str:
        return "Fit and proper" if self is Conclusion.FIT else "Not fit and proper"


CHECK_LABELS: Final[dict[str, str]] = {
    "right_to_work": "Right to work",
    "employment_history": "Employment history (including gaps)",
    "qualifications": "Qualifications",
    "professional_registration": "Professional registration",
    "dbs": "Disclosure and Barring Service check",
    "references": "References",
    "insolvency": "Insolvency and bankruptcy registers",
    "disqualified_directors": "Disqualified directors register",
    "charity_trustee": "Removed charity trustees register",
    "employment_tribunal": "Employment tribunal judgments",
    "social_media": "Social media and public record",
    "self_attestation": "Self-attestation received",
}
"""The default checklist, in the order a checker works through it."""

DECLARATIONS: Final[dict[str, str]] = {
    "good_character": "I am of good character and know of nothing that calls it into question.",
    "qualifications": "I have the qualifications, competence, skills and experience for my role.",
    "financial_soundness": (
        "I am not an undischarged bankrupt, subject to a debt relief or individual voluntary "
        "arrangement, or disqualified as a company director or charity trustee."
    ),
    "no_misconduct": (
        "I have not been responsible for, privy to, contributed to or facilitated serious "
        "misconduct or mismanagement."
    ),
    "disclosure": "I will tell the chair promptly if anything in this declaration changes.",
}
"""Self-attestation statements, in Mantle's own words, covering the framework's three tests."""

LCF_RATINGS: Final[dict[str, str]] = {
    "almost_always": "Almost always",
    "frequently": "Frequently",
    "occasionally": "Occasionally",
    "rarely_or_never": "Rarely or never",
    "no_chance": "No chance to demonstrate",
}
"""The board Leadership Competency Framework's self-rating scale."""

_MOVES: Final[dict[Action, tuple[frozenset[CycleStatus], CycleStatus]]] = {
    Action.ATTEST: (frozenset({CycleStatus.DRAFT}), CycleStatus.ATTESTED),
    Action.REVIEW: (frozenset({CycleStatus.ATTESTED}), CycleStatus.REVIEWED),
    Action.RETURN: (frozenset({CycleStatus.ATTESTED, CycleStatus.REVIEWED}), CycleStatus.DRAFT),
    Action.SIGN_OFF: (frozenset({CycleStatus.REVIEWED}), CycleStatus.SIGNED_OFF),
    Action.SUBMIT: (frozenset({CycleStatus.SIGNED_OFF}), CycleStatus.SUBMITTED),
}
_OPEN_FOR_CHECKS: Final = frozenset({CycleStatus.DRAFT, CycleStatus.ATTESTED, CycleStatus.REVIEWED})


class TransitionError(ValueError):
    """An action that the cycle's status does not allow."""


@dataclass(frozen=True)
class Party:
    """Who is acting, relative to one cycle: their roles in the cycle's organisation, whether they are
    the board member, whether they are the assigned reviewer, and whether they are a superuser."""

    roles: frozenset[str] = frozenset()
    is_member: bool = False
    is_reviewer: bool = False
    superuser: bool = False

    @property
    def chair(self) -> bool:
        return "chair" in self.roles

    @property
    def secretary(self) -> bool:
        return "company_secretary" in self.roles


def next_status(*, action: Action, status: CycleStatus) -> CycleStatus:
    """The status after ``action``. Rule: attest from draft; review from attested; return from attested
    or reviewed back to draft; sign off from reviewed; submit from signed off. Anything else raises."""
    if action not in _MOVES:
        raise TransitionError(f"'{action}' does not change a cycle's status.")
    allowed_from, to = _MOVES[action]
    if status not in allowed_from:
        raise TransitionError(
            f"A cycle that is '{status.label.lower()}' cannot be {_PAST[action]}."
        )
    return to


_PAST: Final[dict[Action, str]] = {
    Action.ATTEST: "attested",
    Action.REVIEW: "reviewed",
    Action.RETURN: "returned to the member",
    Action.SIGN_OFF: "signed off",
    Action.SUBMIT: "submitted",
}


def may(*, action: Action, party: Party, status: CycleStatus | None = None) -> bool:
    """Whether ``party`` may take ``action`` on a cycle in ``status``.

    Rules (FPPT Framework; evidence is held locally and seen only by the chair, the company secretary
    and the member): view — member, chair, company secretary, assigned reviewer, superuser (audited);
    evidence — member, chair, company secretary; attest — the member only; checks — chair or company
    secretary, never on their own cycle, until sign-off; review — the assigned reviewer, not the member;
    return — the reviewer or a chair who is not the member; sign off — a chair who is not the member;
    submit — chair or company secretary; open a cycle and record references — chair or company secretary.
    Status rules come from ``next_status``.
    """
    officer = party.chair or party.secretary
    if action is Action.VIEW:
        return party.is_member or officer or party.is_reviewer or party.superuser
    if action is Action.VIEW_EVIDENCE:
        return party.is_member or officer
    if action in (Action.OPEN, Action.RECORD_REFERENCE):
        return officer
    if action is Action.RECORD_CHECK:
        return officer and not party.is_member and status in _OPEN_FOR_CHECKS
    if action is Action.ATTEST:
        allowed = party.is_member
    elif action is Action.REVIEW:
        allowed = party.is_reviewer and not party.is_member
    elif action is Action.RETURN:
        allowed = (party.is_reviewer or party.chair) and not party.is_member
        if status is CycleStatus.REVIEWED and not party.chair:
            allowed = False
    elif action is Action.SIGN_OFF:
        allowed = party.chair and not party.is_member
    elif action is Action.SUBMIT:
        allowed = officer
    else:  # pragma: no cover - every Action is handled above
        return False
    if status is None:
        return allowed
    return allowed and status in _MOVES[action][0]


def sign_off_blockers(*, outcomes: Mapping[str, str], conclusion: str, comment: str) -> list[str]:
    """Why a cycle cannot be signed off yet. Rule: every check has an outcome (none 'not yet checked');
    a conclusion is given; a concern on any check needs a written explanation of the conclusion."""
    problems = []
    pending = [CHECK_LABELS.get(k, k) for k, v in outcomes.items() if v == CheckOutcome.PENDING]
    if pending:
        problems.append("These checks have no outcome yet: " + ", ".join(pending) + ".")
    if conclusion not in {c.value for c in Conclusion}:
        problems.append("Choose whether the member is fit and proper.")
    concerns = [k for k, v in outcomes.items() if v == CheckOutcome.CONCERN]
    if concerns and not comment.strip():
        problems.append("A check found a concern: explain how the conclusion was reached.")
    return problems


def attestation_problems(
    *, declarations: Mapping[str, bool], lcf_ratings: Mapping[str, str], lcf_domains: list[str]
) -> list[str]:
    """Why a self-attestation is incomplete. Rule: every declaration confirmed, and a rating on the
    LCF self-rating scale for each of the framework's domains."""
    problems = []
    unconfirmed = [k for k in DECLARATIONS if not declarations.get(k)]
    if unconfirmed:
        problems.append("Confirm every declaration, or speak to the chair before attesting.")
    missing = [d for d in lcf_domains if lcf_ratings.get(d) not in LCF_RATINGS]
    if missing:
        problems.append("Rate yourself against every Leadership Competency Framework domain.")
    return problems


LOW_LCF_RATINGS: Final = frozenset({"rarely_or_never"})
"""Self-ratings the chair should see: a member who says they rarely or never demonstrate a domain
of the board Leadership Competency Framework."""


def attestation_flags(
    *,
    attested: bool,
    declarations: Mapping[str, bool],
    lcf_ratings: Mapping[str, str],
    domains: Sequence[tuple[str, str]],
) -> list[str]:
    """What the chair should look at in a member's self-attestation, in words; empty when nothing.

    Rules: no self-attestation yet; any declaration not confirmed; any framework domain rated
    "Rarely or never" (``LOW_LCF_RATINGS``, named); any domain not rated.
    """
    if not attested:
        return ["No self-attestation yet."]
    flags = []
    unconfirmed = [text for key, text in DECLARATIONS.items() if not declarations.get(key)]
    if unconfirmed:
        flags.append(f"{len(unconfirmed)} declaration(s) not confirmed: " + " / ".join(unconfirmed))
    low = [name for key, name in domains if lcf_ratings.get(key) in LOW_LCF_RATINGS]
    if low:
        flags.append(
            f"Rated themself “Rarely or never” on {len(low)} of {len(domains)} framework "
            f"domains: {', '.join(low)}."
        )
    unrated = [name for key, name in domains if lcf_ratings.get(key) not in LCF_RATINGS]
    if unrated:
        flags.append(f"No self-rating for: {', '.join(unrated)}.")
    return flags
