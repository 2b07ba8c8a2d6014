"""Management tiers and the default table that infers a post's tier when the organisation has not
set it.

The inference is data: a tuple of ``TierRule`` rows, tried in ascending priority, the first match
winning. Administrators can replace the table; the code only knows how to match a row. The
organisation's own tier on a post always wins over inference (that is the caller's rule, not this
module's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from mantle.workforce.rules.bands import band_in_range, normalise_pay_band

__all__ = [
    "ALL_MANAGEMENT",
    "BOARD",
    "DEFAULT_TIER_RULES",
    "SENIOR_MANAGEMENT",
    "TIER_LABELS",
    "Tier",
    "TierRule",
    "infer_tier",
    "parse_tier",
]


class Tier(StrEnum):
    """Every post has exactly one management tier."""

    BOARD_NON_EXECUTIVE = "board_non_executive"
    BOARD_EXECUTIVE = "board_executive"
    SENIOR = "senior"
    MIDDLE = "middle"
    FIRST_LINE = "first_line"
    NONE = "none"


TIER_LABELS: dict[Tier, str] = {
    Tier.BOARD_NON_EXECUTIVE: "Board – non-executive",
    Tier.BOARD_EXECUTIVE: "Board – executive",
    Tier.SENIOR: "Senior management",
    Tier.MIDDLE: "Middle management",
    Tier.FIRST_LINE: "First-line management",
    Tier.NONE: "Not a management post",
}

BOARD: frozenset[Tier] = frozenset({Tier.BOARD_NON_EXECUTIVE, Tier.BOARD_EXECUTIVE})
SENIOR_MANAGEMENT: frozenset[Tier] = frozenset({Tier.BOARD_EXECUTIVE, Tier.SENIOR})
ALL_MANAGEMENT: frozenset[Tier] = frozenset(Tier) - {Tier.NONE}


def _tier_key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


# Values, labels and the short forms people type ("NED", "exec", "first line", "not management").
_TIER_BY_KEY: dict[str, Tier] = {
    **{_tier_key(tier.value): tier for tier in Tier},
    **{_tier_key(label): tier for tier, label in TIER_LABELS.items()},
    "boardnonexec": Tier.BOARD_NON_EXECUTIVE,
    "nonexecutive": Tier.BOARD_NON_EXECUTIVE,
    "boardexec": Tier.BOARD_EXECUTIVE,
    "executive": Tier.BOARD_EXECUTIVE,
    "seniormanagement": Tier.SENIOR,
    "middlemanagement": Tier.MIDDLE,
    "firstlinemanagement": Tier.FIRST_LINE,
    "notmanagement": Tier.NONE,
    "nonmanagement": Tier.NONE,
}


def parse_tier(text: str | None) -> Tier | None:
    """Read a tier from its value or human label, ignoring case, spaces and punctuation.

    Rule: "senior", "Senior management" and "SENIOR_MANAGEMENT" are all ``Tier.SENIOR``; blank or
    unrecognised text gives None (the caller decides whether that means "infer" or "error").
    """
    if text is None:
        return None
    return _TIER_BY_KEY.get(_tier_key(text))


@dataclass(frozen=True, slots=True)
class TierRule:
    """One row of a tier inference table.

    Patterns are case-insensitive regular expressions found anywhere in the text (``re.search``);
    ``occupation_prefix`` is matched at the start of the occupation code; ``min_band`` /
    ``max_band`` bound the pay band on its ladder; ``bands`` lists canonical bands. An empty
    condition matches anything, and a rule matches when all its non-empty conditions match.
    """

    priority: int
    tier: Tier
    description: str
    job_role_pattern: str = ""
    title_pattern: str = ""
    occupation_prefix: str = ""
    min_band: str = ""
    max_band: str = ""
    bands: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Rules come from an editable table, so a broken row must fail when it is built, with a
        # message naming the row, rather than mid-import.
        object.__setattr__(self, "tier", Tier(self.tier))
        for field_name in ("job_role_pattern", "title_pattern"):
            pattern = getattr(self, field_name)
            try:
                _compiled(pattern)
            except re.error as exc:
                raise ValueError(
                    f"tier rule {self.priority} ({self.description}): {field_name} "
                    f"{pattern!r} is not a valid regular expression: {exc}"
                ) from None
        canonical: list[str] = []
        for band in (self.min_band, self.max_band, *self.bands):
            if band and normalise_pay_band(band) is None:
                raise ValueError(
                    f"tier rule {self.priority} ({self.description}): {band!r} is not a pay band"
                )
        for band in self.bands:
            normalised = normalise_pay_band(band)
            assert normalised is not None  # checked above
            canonical.append(normalised)
        object.__setattr__(self, "bands", tuple(canonical))
        object.__setattr__(self, "occupation_prefix", self.occupation_prefix.strip().upper())

    def matches(
        self, *, job_role: str, title: str, occupation_code: str, pay_band: str | None
    ) -> bool:
        """Whether every non-empty condition of this rule holds for the post."""
        if self.job_role_pattern and not _compiled(self.job_role_pattern).search(job_role):
            return False
        if self.title_pattern and not _compiled(self.title_pattern).search(title):
            return False
        if self.occupation_prefix and not occupation_code.startswith(self.occupation_prefix):
            return False
        if (self.min_band or self.max_band) and not band_in_range(
            band=pay_band, min_band=self.min_band, max_band=self.max_band
        ):
            return False
        return not (self.bands and pay_band not in self.bands)


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=64)
def _ordered(rules: tuple[TierRule, ...]) -> tuple[TierRule, ...]:
    # sorted() is stable, so rules with equal priority keep the order they were given in.
    return tuple(sorted(rules, key=lambda rule: rule.priority))


def infer_tier(
    *,
    rules: Iterable[TierRule],
    job_role: str | None,
    title: str | None,
    occupation_code: str | None,
    pay_band: str | None,
) -> tuple[Tier, TierRule | None]:
    """Infer a post's tier from the first matching rule, in ascending priority.

    Rule: rules are tried lowest priority number first (ties keep their given order); the first
    rule whose conditions all hold gives the tier and is returned so the reason can be shown;
    when no rule matches the post is ``Tier.NONE`` with no rule.
    """
    band = normalise_pay_band(pay_band) if pay_band else None
    role_text = job_role or ""
    title_text = title or ""
    code = (occupation_code or "").strip().upper()
    for rule in _ordered(tuple(rules)):
        if rule.matches(job_role=role_text, title=title_text, occupation_code=code, pay_band=band):
            return rule.tier, rule
    return Tier.NONE, None


# --- The default inference table (docs: divide-metrics, "Posts and tiers") ---

# An executive role must start the title, or follow "and" / "&" / "/" in a combined title, so that
# "Deputy Director of Nursing" and "Divisional Medical Director" are not read as board posts while
# "Deputy Chief Executive and Director of Finance" is. It must also end there, or be followed by a
# separator, so that "Chief Nurse Information Officer" is not read as the chief nurse.
_EXEC_START = r"(?:^|\band\s+|&\s*|/\s*)(?:(?:interim|acting|joint)\s+)*(?:executive\s+)?"
_EXEC_END = r"\s*(?:$|,|\(|&|/|\+|\band\b|-\s*(?:interim|acting)\b)"
_EXEC_ROLES = (
    r"(?:chief\s+executive(?:\s+officer)?|ceo|"
    r"chief\s+(?:operating|finance|financial|nurse|nursing|medical|people)(?:\s+officer)?|"
    r"coo|cfo|cno|cmo|cpo|"
    r"medical\s+director|"
    r"(?:nurse|nursing|finance|operations|workforce|people|hr)\s+director|"
    r"director\s+of\s+(?:nursing|finance|operations|people|workforce|hr|human\s+resources)|"
    r"(?:board\s+level|other\s+executive)\s+director)"
)
_EXEC_TITLE = _EXEC_START + _EXEC_ROLES + _EXEC_END
# Any title naming an executive directorship outright ("Executive Director of Strategy").
_EXECUTIVE_DIRECTOR = r"^(?:(?:interim|acting|joint)\s+)*executive\s+director\b"

_NON_EXECUTIVE = (
    r"\bnon[\s-]*exec|\bned\b|^(?:(?:interim|acting|vice|deputy)\s+)*chair(?:man|woman|person)?\b"
)
_DIVISIONAL_DIRECTOR = (
    r"^(?=.*\bdirector\b).*\b(?:divisions?|divisional|care\s+groups?|directorates?|cbu|"
    r"clinical\s+business\s+units?)\b"
)
_DEPUTY_DIRECTOR = r"\b(?:deputy|associate|assistant)\s+(?:\w+\s+){0,3}?(?:director|chief)\b"
_CLINICAL_DIRECTOR = r"\b(?:clinical|medical)\s+director\b"
_ANY_DIRECTOR = r"\bdirector\b"
_MANAGERIAL_TITLE = r"\b(?:manager|head|director|chief)\b"
_MIDDLE_TITLE = (
    r"\b(?:service|general|operations|operational|directorate|business)\s+manager\b|"
    r"\bhead\s+of\b|(?<!community\s)\bmatron\b"
)
_FIRST_LINE_TITLE = (
    r"\b(?:ward|department|departmental|unit|team|theatre|clinic)\s+(?:manager|leader)\b|"
    r"\bteam\s+lead\b|\bward\s+sister\b|\bsister\b|\bcharge\s+nurse\b"
)
_CLINICAL_MANAGER_PREFIXES = ("N0", "S0", "U0", "A0")


def _both(priority: int, tier: Tier, description: str, pattern: str) -> tuple[TierRule, ...]:
    # The same wording counts whether the organisation put it in the ESR job role or the title.
    return (
        TierRule(priority, tier, f"{description} (job role)", job_role_pattern=pattern),
        TierRule(priority, tier, f"{description} (title)", title_pattern=pattern),
    )


DEFAULT_TIER_RULES: tuple[TierRule, ...] = (
    # Board – non-executive: chair, vice-chair and non-executive directors.
    *_both(10, Tier.BOARD_NON_EXECUTIVE, "Chair or non-executive director", _NON_EXECUTIVE),
    TierRule(11, Tier.BOARD_NON_EXECUTIVE, "Non-executive pay", bands=("Non-Executive",)),
    # A director *of a division* is senior management even when the words of an executive role
    # appear ("Divisional Director of Nursing", "Medical Director, Surgical Division").
    *_both(15, Tier.SENIOR, "Director of a division or care group", _DIVISIONAL_DIRECTOR),
    # Board – executive: chief executive and the voting executive directors.
    *_both(20, Tier.BOARD_EXECUTIVE, "Chief executive or executive director", _EXEC_TITLE),
    *_both(21, Tier.BOARD_EXECUTIVE, "Executive director", _EXECUTIVE_DIRECTOR),
    # Senior: deputies and associates, clinical and medical directors below the board, other
    # directors, senior manager codes and managerial posts at 8c and above.
    *_both(30, Tier.SENIOR, "Deputy, associate or assistant director", _DEPUTY_DIRECTOR),
    *_both(31, Tier.SENIOR, "Clinical or medical director (not on the board)", _CLINICAL_DIRECTOR),
    *_both(32, Tier.SENIOR, "Director not on the board", _ANY_DIRECTOR),
    TierRule(
        33, Tier.SENIOR, "ESR job role 'Senior Manager'", job_role_pattern=r"^senior\s+manager$"
    ),
    TierRule(40, Tier.SENIOR, "Senior manager occupation code (G0x)", occupation_prefix="G0"),
    TierRule(41, Tier.SENIOR, "Very senior manager pay", bands=("VSM",)),
    TierRule(
        42,
        Tier.SENIOR,
        "Manager occupation code (G1x) at 8c–9",
        occupation_prefix="G1",
        min_band="Band 8c",
    ),
    *(
        TierRule(
            43,
            Tier.SENIOR,
            f"Clinical manager code ({prefix}x) at 8c–9",
            occupation_prefix=prefix,
            min_band="Band 8c",
        )
        for prefix in _CLINICAL_MANAGER_PREFIXES
    ),
    TierRule(
        44,
        Tier.SENIOR,
        "Managerial job role at 8c–9",
        job_role_pattern=_MANAGERIAL_TITLE,
        min_band="Band 8c",
    ),
    TierRule(
        44,
        Tier.SENIOR,
        "Managerial title at 8c–9",
        title_pattern=_MANAGERIAL_TITLE,
        min_band="Band 8c",
    ),
    # Middle: matrons, manager codes, clinical manager codes at 8a–8b, service and general
    # managers, heads of service.
    TierRule(50, Tier.MIDDLE, "Modern matron occupation code (NCx)", occupation_prefix="NC"),
    TierRule(51, Tier.MIDDLE, "Manager occupation code (G1x)", occupation_prefix="G1"),
    *(
        TierRule(
            52,
            Tier.MIDDLE,
            f"Clinical manager code ({prefix}x) at 8a–8b",
            occupation_prefix=prefix,
            min_band="Band 8a",
            max_band="Band 8b",
        )
        for prefix in _CLINICAL_MANAGER_PREFIXES
    ),
    *_both(53, Tier.MIDDLE, "Service or general manager, head of service, matron", _MIDDLE_TITLE),
    TierRule(54, Tier.MIDDLE, "ESR job role 'Manager'", job_role_pattern=r"^manager$"),
    # First line: ward and department managers, sisters and charge nurses, team leaders; and the
    # clinical manager codes at bands 5–7, which is how ward managers are usually coded.
    *_both(
        60,
        Tier.FIRST_LINE,
        "Ward or department manager, sister, charge nurse, team leader",
        _FIRST_LINE_TITLE,
    ),
    *(
        TierRule(
            61,
            Tier.FIRST_LINE,
            f"Clinical manager code ({prefix}x) at bands 5–7",
            occupation_prefix=prefix,
            min_band="Band 5",
            max_band="Band 7",
        )
        for prefix in _CLINICAL_MANAGER_PREFIXES
    ),
)
