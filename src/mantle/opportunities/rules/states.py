"""The two state machines (docs/opportunities.md, "How an opportunity and an application move").

Opportunity: draft → pending (submitted to the sponsor) → open (approved) or declined (with a reason);
declined → pending (resubmitted after changes); open → closed (no more applications) → open
(reopened); draft, pending, open or closed → cancelled.

Application: submitted → released (the line manager approves the time, with a backfill note) or
not released (a reason is required); released → selected or not selected (by the owner, or by an
applied allocation round); selected → completed (owner's feedback) ; submitted, released or selected
→ withdrawn (by the applicant). Nobody is selected before release.
"""

from __future__ import annotations

from typing import Final

OPPORTUNITY_MOVES: Final[dict[str, dict[str, str]]] = {
    "submit": {"draft": "pending", "declined": "pending"},
    "approve": {"pending": "open"},
    "decline": {"pending": "declined"},
    "close": {"open": "closed"},
    "reopen": {"closed": "open"},
    "cancel": {
        "draft": "cancelled",
        "pending": "cancelled",
        "open": "cancelled",
        "closed": "cancelled",
    },
}

APPLICATION_MOVES: Final[dict[str, dict[str, str]]] = {
    "release": {"submitted": "released"},
    "refuse_release": {"submitted": "not_released"},
    "select": {"released": "selected", "not_selected": "selected"},
    "reject": {"released": "not_selected", "selected": "not_selected"},
    "complete": {"selected": "completed"},
    "withdraw": {"submitted": "withdrawn", "released": "withdrawn", "selected": "withdrawn"},
}

LIVE_APPLICATION: Final = frozenset({"submitted", "released", "selected"})


class MoveError(ValueError):
    """The action is not allowed from the record's current state."""


def next_state(moves: dict[str, dict[str, str]], *, action: str, current: str) -> str:
    """The state after ``action`` from ``current``, or MoveError naming what is allowed."""
    table = moves.get(action)
    if table is None:
        raise MoveError(f"Unknown action {action!r}.")
    if current not in table:
        allowed = ", ".join(sorted(table)) or "no state"
        raise MoveError(f"Cannot {action.replace('_', ' ')} from {current!r}: only from {allowed}.")
    return table[current]


def opportunity_next(*, action: str, current: str) -> str:
    return next_state(OPPORTUNITY_MOVES, action=action, current=current)


def application_next(*, action: str, current: str) -> str:
    return next_state(APPLICATION_MOVES, action=action, current=current)
