"""Management tiers of a post, and the default rules that infer a tier when the organisation has not
set one.

Every post has exactly one tier (divide-metrics "Posts and tiers"). The organisation's own setting
always wins; when it is missing, ``infer_tier`` applies a table of ``TierRule`` rows: data, not code
branches, so an organisation (or a later decision) can change the table without touching logic.

How the default table reads, in priority order (the first matching row wins):

1. assistants, PAs and secretaries *to* an executive are not that executive (→ none);
2. chair, vice chair and non-executive directors (→ board, non-executive);
3. deputy chief executive (→ board, executive: in NHS trusts it is an executive director's title);
4. deputy, associate and assistant directors / chiefs, clinical directors and directors of a
   division, directorate or care group (→ senior; checked before the board titles so that
   "Deputy Director of Nursing" and "Divisional Medical Director" are not mistaken for the board);
5. chief executive and the voting executive directors: medical director, director of nursing / chief
   nurse, finance, operations / COO, people / workforce / HR, and any "executive director"
   (→ board, executive);
6. other directors and chief officers, trust secretary, occupation codes G0x, VSM pay, and
   managerial posts (manager, head, matron, director) at band 8c to VSM (→ senior);
7. service / general / operations managers, heads of service, matrons (NCx, but not community
   matrons, who are case-managing clinicians), G1x codes, clinical manager codes N0x / S0x / U0x /
   A0x at 8a-8b, other managers at 8a-8b (→ middle);
8. ward / department / team managers, sisters and charge nurses, team leaders and supervisors,
   clinical manager codes and other managers at band 7 and below (→ first line);
9. any other post whose title says manager (→ middle); anything else → none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from mantle.workforce.rules.bands import (
    LADDER_BANDS,
    PAY_BANDS,
    band_in_range,
    normalise_pay_band,
)


class Tier(StrEnum):
    """Management tier of a post."""

    BOARD_NON_EXECUTIVE = "board_non_executive"
    BOARD_EXECUTIVE = "board_executive"
    SENIOR = "senior"
    MIDDLE = "middle"
    FIRST_LINE = "first_line"
    NONE = "none"


# Aggregates used by every measure (divide-metrics "Aggregates").
BOARD: frozenset[Tier] = frozenset({Tier.BOARD_NON_EXECUTIVE, Tier.BOARD_EXECUTIVE})
SENIOR_MANAGEMENT: frozenset[Tier] = frozenset({Tier.BOARD_EXECUTIVE, Tier.SENIOR})
ALL_MANAGEMENT: frozenset[Tier] = frozenset(t for t in Tier if t is not Tier.NONE)

TIER_LABELS: Mapping[Tier, str] = {
    Tier.BOARD_NON_EXECUTIVE: "Board – non-executive",
    Tier.BOARD_EXECUTIVE: "Board – executive",
    Tier.SENIOR: "Senior management",
    Tier.MIDDLE: "Middle management",
    Tier.FIRST_LINE: "First-line management",
    Tier.NONE: "Not management",
}


def _tier_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_TIER_ALIASES: dict[str, Tier] = {}
for _tier in Tier:
    _TIER_ALIASES[_tier_key(_tier.value)] = _tier
    _TIER_ALIASES[_tier_key(TIER_LABELS[_tier])] = _tier
for _alias, _tier in (
    ("board non executive", Tier.BOARD_NON_EXECUTIVE),
    ("non executive", Tier.BOARD_NON_EXECUTIVE),
    ("non-executive director", Tier.BOARD_NON_EXECUTIVE),
    ("board executive", Tier.BOARD_EXECUTIVE),
    ("executive", Tier.BOARD_EXECUTIVE),
    ("executive director", Tier.BOARD_EXECUTIVE),
    ("senior manager", Tier.SENIOR),
    ("senior management", Tier.SENIOR),
    ("middle", Tier.MIDDLE),
    ("middle manager", Tier.MIDDLE),
    ("first line", Tier.FIRST_LINE),
    ("first line manager", Tier.FIRST_LINE),
    ("not management", Tier.NONE),
    ("not a manager", Tier.NONE),
):
    _TIER_ALIASES[_tier_key(_alias)] = _tier


def parse_tier(text: str) -> Tier | None:
    """Read a tier from its code or its human label, ignoring case, spaces and punctuation.

    Rule: "senior", "SENIOR", "Senior management", "board_executive", "Board – executive" and
    "Board - executive" are all accepted; unknown text gives None.
    """
    return _TIER_ALIASES.get(_tier_key(text))


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class TierRule:
    """One row of a tier-inference table.

    A rule matches a post when every non-empty condition holds: ``job_role_pattern`` and
    ``title_pattern`` are case-insensitive regular expressions found anywhere (``re.search``) in the
    job role / position title; ``occupation_prefix`` starts the occupation code; ``min_band`` and
    ``max_band`` bound the pay band on the AfC / VSM ladder (inclusive); ``bands`` lists the
    canonical bands allowed. Empty conditions match anything, including a missing value.
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
        # Fail when the table is built, not when the first post happens to reach a broken row.
        for name in ("job_role_pattern", "title_pattern"):
            pattern = getattr(self, name)
            if pattern:
                try:
                    _compiled(pattern)
                except re.error as exc:
                    raise ValueError(f"{name} {pattern!r} is not a valid regex: {exc}") from exc
        for name in ("min_band", "max_band"):
            band = getattr(self, name)
            if band and band not in LADDER_BANDS:
                raise ValueError(f"{name} {band!r} must be one of {', '.join(LADDER_BANDS)}")
        for band in self.bands:
            if band not in PAY_BANDS:
                raise ValueError(f"band {band!r} in bands is not a canonical pay band")

    def matches(
        self,
        *,
        job_role: str | None,
        title: str | None,
        occupation_code: str | None,
        pay_band: str | None,
    ) -> bool:
        """Whether every non-empty condition of this rule holds for the post.

        Rule: conditions are combined with AND; a condition on a missing value does not hold.
        ``pay_band`` is expected in canonical form (``infer_tier`` normalises it).
        """
        if self.job_role_pattern and not (
            job_role and _compiled(self.job_role_pattern).search(job_role)
        ):
            return False
        if self.title_pattern and not (title and _compiled(self.title_pattern).search(title)):
            return False
        if self.occupation_prefix and not (
            occupation_code
            and occupation_code.strip().upper().startswith(self.occupation_prefix.upper())
        ):
            return False
        if (self.min_band or self.max_band) and not band_in_range(
            band=pay_band, min_band=self.min_band, max_band=self.max_band
        ):
            return False
        return not (self.bands and pay_band not in self.bands)


@lru_cache(maxsize=64)
def _by_priority(rules: tuple[TierRule, ...]) -> tuple[TierRule, ...]:
    # sorted() is stable, so rules of equal priority keep the order they were given in.
    return tuple(sorted(rules, key=lambda rule: rule.priority))


def infer_tier(
    *,
    rules: Iterable[TierRule],
    job_role: str | None,
    title: str | None,
    occupation_code: str | None,
    pay_band: str | None,
) -> tuple[Tier, TierRule | None]:
    """Infer a post's tier: the first rule (ascending priority) that matches, or (none, None).

    Rule: divide-metrics default inference, expressed as data (``DEFAULT_TIER_RULES``). Rules of
    equal priority are tried in the order given. The pay band may be free text; it is normalised
    with ``normalise_pay_band`` first. Returns the rule so a screen can say *why* a tier was chosen.
    """
    ordered = _by_priority(tuple(rules))
    band = normalise_pay_band(pay_band) if pay_band else None
    for rule in ordered:
        if rule.matches(
            job_role=job_role,
            title=title,
            occupation_code=occupation_code,
            pay_band=band,
        ):
            return rule.tier, rule
    return Tier.NONE, None


# Every pattern below fits in 200 characters and no default rule uses ``bands``, so that the
# defaults can be copied row for row into an editable rule table with the same meaning.

# Words that make a title managerial for the band-based rule ("managerial posts at 8c-9").
_MANAGERIAL_TITLE = r"\b(manager|head|matron|director|chief|controller)\b"
# "Case manager" and "care manager" are clinical case-management roles, not line management.
_MANAGER_TITLE = r"\b(?<!case )(?<!care )manager\b"
_CLINICAL_MANAGER_PREFIXES = ("N0", "S0", "U0", "A0")


def _rules_for_prefixes(
    priority: int, tier: Tier, description: str, *, min_band: str = "", max_band: str = ""
) -> tuple[TierRule, ...]:
    """One rule per clinical manager code (N0x, S0x, U0x, A0x) with the same band bounds."""
    return tuple(
        TierRule(
            priority=priority,
            tier=tier,
            description=f"{description} ({prefix}x)",
            occupation_prefix=prefix,
            min_band=min_band,
            max_band=max_band,
        )
        for prefix in _CLINICAL_MANAGER_PREFIXES
    )


DEFAULT_TIER_RULES: tuple[TierRule, ...] = (
    # Trust secretaries are senior officers even though "secretary" is also an admin title.
    TierRule(
        4,
        Tier.SENIOR,
        "Trust / company secretary",
        title_pattern=r"\b(trust|company|board|corporate)\s+secretary\b"
        r"|\bsecretary\s+to\s+the\s+(board|trust)\b",
    ),
    # Staff supporting an office holder are not that office holder.
    TierRule(
        5,
        Tier.NONE,
        "Assistant, PA or secretary to an office holder",
        title_pattern=r"\b(pa|p\.a\.|personal\s+assistant|executive\s+assistant|assistant"
        r"|secretary|administrator|co-?ordinator)\s+(to|for)\b",
    ),
    TierRule(
        5,
        Tier.NONE,
        "Office holder's assistant, PA or secretary",
        title_pattern=r"['’]s\s+(pa|p\.a\.|personal\s+assistant|executive\s+assistant|assistant"
        r"|secretary|administrator|admin|office)\b",
    ),
    TierRule(
        10,
        Tier.BOARD_NON_EXECUTIVE,
        "Non-executive director",
        title_pattern=r"\bnon[\s-]*exec(utive)?\b|\bned\b",
    ),
    TierRule(
        10,
        Tier.BOARD_NON_EXECUTIVE,
        "Chair or vice chair (not of a committee)",
        title_pattern=r"^(?!.*\bcommittee\b)\W*((trust|board|deputy|vice)[\s-]*)?"
        r"chair(man|woman|person)?\b",
    ),
    TierRule(
        10,
        Tier.BOARD_NON_EXECUTIVE,
        "Job role chair / non-executive director",
        job_role_pattern=r"non[\s-]*exec|^\W*chair(man|person)?\W*$",
    ),
    TierRule(
        15,
        Tier.BOARD_EXECUTIVE,
        "Deputy chief executive (an executive director's title)",
        title_pattern=r"\bdeputy\s+(chief\s+exec(utive)?|ceo)\b",
    ),
    # Checked before the board titles: "Deputy Director of Nursing" is not the director.
    TierRule(
        20,
        Tier.SENIOR,
        "Deputy, associate or assistant director / chief",
        title_pattern=r"\b(deputy|associate|assistant)[\s-]+((\w+|&)\s+){0,2}(director|chief)\b",
    ),
    TierRule(22, Tier.SENIOR, "Clinical director", title_pattern=r"\bclinical\s+director\b"),
    TierRule(
        22,
        Tier.SENIOR,
        "Director of a division, directorate, care group or site",
        title_pattern=r"\b(divisional|divisions?|directorates?|care[\s-]+groups?|locality|borough"
        r"|site)\b.*\bdirector\b|\bdirector\b.*\b(divisions?|directorates?|care[\s-]+groups?"
        r"|locality|borough|site)\b",
    ),
    TierRule(
        22, Tier.SENIOR, "Job role clinical director", job_role_pattern=r"clinical\s+director"
    ),
    TierRule(
        30,
        Tier.BOARD_EXECUTIVE,
        "Chief executive",
        title_pattern=r"\bchief\s+exec(utive)?\b|\bceo\b",
    ),
    TierRule(
        30,
        Tier.BOARD_EXECUTIVE,
        "Medical director",
        title_pattern=r"\bmedical\s+director\b|\bchief\s+medical\s+officer\b",
    ),
    TierRule(
        30,
        Tier.BOARD_EXECUTIVE,
        "Director of nursing / chief nurse",
        title_pattern=r"\bdirector\s+of\s+nursing\b|\bnursing\s+director\b"
        r"|\bchief\s+nurse\b(?!\s+information)|\bchief\s+nursing\s+officer\b",
    ),
    TierRule(
        30,
        Tier.BOARD_EXECUTIVE,
        "Director of finance",
        title_pattern=r"\bdirector\s+of\s+finance\b|\bfinance\s+director\b"
        r"|\bchief\s+financ(e|ial)\s+officer\b|\bcfo\b",
    ),
    TierRule(
        30,
        Tier.BOARD_EXECUTIVE,
        "Director of operations / chief operating officer",
        title_pattern=r"\bdirector\s+of\s+operations\b|\boperations\s+director\b"
        r"|\bchief\s+operating\s+officer\b|\bcoo\b",
    ),
    TierRule(
        30,
        Tier.BOARD_EXECUTIVE,
        "Director of people / workforce",
        title_pattern=r"\bdirector\s+of\s+(people|workforce|human\s+resources|hr)\b"
        r"|\b(people|workforce|hr|human\s+resources)\s+director\b|\bchief\s+people\s+officer\b",
    ),
    TierRule(
        30, Tier.BOARD_EXECUTIVE, "Executive director", title_pattern=r"\bexecutive\s+director\b"
    ),
    TierRule(
        30,
        Tier.BOARD_EXECUTIVE,
        "Job role chief executive / finance / medical / nursing director",
        job_role_pattern=r"^\W*(chief\s+executive|finance\s+director|director\s+of\s+finance"
        r"|medical\s+director|director\s+of\s+nursing)\b",
    ),
    TierRule(
        30,
        Tier.BOARD_EXECUTIVE,
        "Job role executive director",
        job_role_pattern=r"^\W*(other\s+executive\s+director|executive\s+director"
        r"|board\s+level\s+director)\b",
    ),
    TierRule(40, Tier.SENIOR, "Senior manager occupation code (G0x)", occupation_prefix="G0"),
    TierRule(41, Tier.SENIOR, "Director not on the board", title_pattern=r"\bdirector\b"),
    TierRule(
        41,
        Tier.SENIOR,
        "Chief officer not on the board",
        title_pattern=r"\bchief\s+\w+\s+officer\b"
        r"|\bchief\s+(pharmacist|scientist|information|digital|clinical)\b",
    ),
    TierRule(
        41, Tier.SENIOR, "Job role senior manager", job_role_pattern=r"^\W*senior\s+manager\b"
    ),
    TierRule(42, Tier.SENIOR, "Very senior manager pay", min_band="VSM"),
    TierRule(
        45,
        Tier.SENIOR,
        "Managerial post at band 8c to VSM",
        title_pattern=_MANAGERIAL_TITLE,
        min_band="Band 8c",
    ),
    TierRule(
        45,
        Tier.SENIOR,
        "Manager job role at band 8c to VSM",
        job_role_pattern=r"\bmanager\b",
        min_band="Band 8c",
    ),
    *_rules_for_prefixes(46, Tier.SENIOR, "Clinical manager code at band 8c+", min_band="Band 8c"),
    TierRule(
        50,
        Tier.MIDDLE,
        "Service, general or operations manager",
        title_pattern=r"\b(service|general|operations|operational|directorate|divisional"
        r"|business|care\s+group|locality|site)\s+manager\b",
    ),
    TierRule(50, Tier.MIDDLE, "Head of service", title_pattern=r"\bhead\s+of\b|\bhead\s+nurse\b"),
    # Community matrons manage a caseload of patients, not staff.
    TierRule(50, Tier.MIDDLE, "Matron (title)", title_pattern=r"(?<!community )\bmatron\b"),
    TierRule(50, Tier.MIDDLE, "Modern matron (NCx)", occupation_prefix="NC"),
    TierRule(50, Tier.MIDDLE, "Job role matron", job_role_pattern=r"(?<!community )\bmatron\b"),
    TierRule(51, Tier.MIDDLE, "Manager occupation code (G1x)", occupation_prefix="G1"),
    *_rules_for_prefixes(
        52,
        Tier.MIDDLE,
        "Clinical manager code at band 8a-8b",
        min_band="Band 8a",
        max_band="Band 8b",
    ),
    TierRule(
        53,
        Tier.MIDDLE,
        "Manager at band 8a-8b",
        title_pattern=_MANAGER_TITLE,
        min_band="Band 8a",
        max_band="Band 8b",
    ),
    TierRule(
        55,
        Tier.FIRST_LINE,
        "Ward, department or team manager",
        title_pattern=r"\b(ward|department|departmental|unit|team|theatre|clinic|shift|office"
        r"|section)\s+manager\b",
    ),
    TierRule(
        55,
        Tier.FIRST_LINE,
        "Sister / charge nurse, team leader or supervisor",
        title_pattern=r"\b(team|shift|section)\s+leader\b|\bteam\s+lead\b|\bsister\b"
        r"|\bcharge\s+nurse\b|\bsupervisor\b",
    ),
    TierRule(
        55,
        Tier.FIRST_LINE,
        "Job role sister / charge nurse / ward manager / team leader",
        job_role_pattern=r"sister|charge\s+nurse|ward\s+manager|team\s+leader",
    ),
    *_rules_for_prefixes(
        60, Tier.FIRST_LINE, "Clinical manager code at band 7 or below", max_band="Band 7"
    ),
    *_rules_for_prefixes(62, Tier.MIDDLE, "Clinical manager code off the AfC ladder"),
    TierRule(
        65,
        Tier.FIRST_LINE,
        "Manager at band 7 or below",
        title_pattern=_MANAGER_TITLE,
        max_band="Band 7",
    ),
    TierRule(
        65,
        Tier.FIRST_LINE,
        "Manager job role at band 7 or below",
        job_role_pattern=r"\bmanager\b",
        max_band="Band 7",
    ),
    TierRule(70, Tier.MIDDLE, "Other manager", title_pattern=_MANAGER_TITLE),
    TierRule(70, Tier.MIDDLE, "Manager job role", job_role_pattern=r"\bmanager\b"),
)
