"""'Recommended for me': how well an opportunity fits a person (docs/opportunities.md, "Recommended
for me"). Pure: signals in, ranked fits with one explanatory sentence each out.

Fit = 0.40 × development + 0.35 × goals + 0.25 × time, each part between 0 and 1:

* **development** — the opportunity develops a dimension the person rated low. Each dimension's
  *weakness* is (their highest score − its score) ÷ (their highest − lowest score) within the same
  framework, from their latest completed self-assessment; with their consent (and only then), the
  mean of that and the same figure from their latest released 360 ("all others" means). The part is the
  largest weakness among the opportunity's dimensions (0 when it develops none they have rated).
* **goals** — half from their talent conversation's management interest (1 when they are interested
  in a management tier and the opportunity is management experience: acting up, secondment, shadowing
  a director, board observer; 0.5 for anyone who wants to grow by stretch, for any opportunity), half
  from words their development goals and career-interest notes share with the opportunity's title,
  description and dimension names (three or more shared words count fully).
* **time** — 1 when the opportunity's hours a week are within the hours they said they have; less in
  proportion as it needs more (0 at twice as many); 0.5 when they have not said.

Only eligible opportunities are ranked (eligibility is a filter, not a weight). Ties go to the
earlier closing date, then the lower id.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Final

WEIGHTS: Final = {"development": 0.40, "goals": 0.35, "time": 0.25}
MANAGEMENT_KINDS: Final = frozenset({"acting_up", "secondment", "shadowing", "board_observer"})
FULL_OVERLAP: Final = 3
_STOP: Final = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "this",
        "to",
        "we",
        "will",
        "with",
        "you",
        "your",
        "i",
        "my",
        "me",
        "more",
        "want",
        "would",
        "like",
        "work",
        "working",
        "role",
        "team",
        "teams",
        "new",
        "get",
        "take",
        "develop",
        "developing",
        "development",
        "lead",
        "leading",
        "leadership",
    ]
)
_WORD = re.compile(r"[a-z][a-z'-]{2,}")


def words(*texts: str) -> frozenset[str]:
    """Lower-case content words of three letters or more, without common words."""
    out: set[str] = set()
    for text in texts:
        out.update(w for w in _WORD.findall(text.lower()) if w not in _STOP)
    return frozenset(out)


def weaknesses(scores: Mapping[str, float]) -> dict[str, float]:
    """Weakness of each ``framework:dimension`` within its framework (module rule)."""
    by_framework: dict[str, dict[str, float]] = {}
    for key, value in scores.items():
        by_framework.setdefault(key.split(":", 1)[0], {})[key] = float(value)
    out: dict[str, float] = {}
    for dims in by_framework.values():
        high, low = max(dims.values()), min(dims.values())
        for key, value in dims.items():
            out[key] = 0.0 if high == low else (high - value) / (high - low)
    return out


def combined_weaknesses(
    self_scores: Mapping[str, float], others_scores: Mapping[str, float] | None
) -> dict[str, float]:
    """Self-assessment weaknesses, averaged with 360 ones where the person shares them."""
    own = weaknesses(self_scores)
    if not others_scores:
        return own
    theirs = weaknesses(others_scores)
    keys = set(own) | set(theirs)
    return {
        k: (own[k] + theirs[k]) / 2 if k in own and k in theirs else own.get(k, theirs.get(k, 0.0))
        for k in keys
    }


@dataclass(frozen=True)
class PersonSignals:
    weakness: Mapping[str, float] = field(default_factory=dict)
    uses_360: bool = False
    goal_words: frozenset[str] = frozenset()
    management_interest: str = ""
    stretch: bool = False
    hours_available: float | None = None

    @cached_property
    def goal_pattern(self) -> re.Pattern[str] | None:
        """One expression finding any goal word as a whole word (so an opportunity's text is
        scanned once, not split into words)."""
        if not self.goal_words:
            return None
        return re.compile(r"\b(" + "|".join(sorted(map(re.escape, self.goal_words))) + r")\b")


@dataclass(frozen=True)
class OpportunityFacts:
    id: int
    title: str
    kind: str
    dimensions: tuple[str, ...]
    hours_per_week: float
    closes_on: dt.date
    text: str
    """Title, description and dimension names, lower case (what goal words are matched in)."""


@dataclass(frozen=True)
class Fit:
    opportunity_id: int
    score: float
    development: float
    goals: float
    time: float
    explanation: str


def _hours(value: float) -> str:
    return f"{value:g} hour{'s' if value != 1 else ''} a week"


def _parts(person: PersonSignals, opp: OpportunityFacts) -> tuple[float, float, float, float]:
    """(score, development, goals, time) by the module rule."""
    development = max(
        (person.weakness[d] for d in opp.dimensions if d in person.weakness), default=0.0
    )
    interest = 0.0
    if person.management_interest and opp.kind in MANAGEMENT_KINDS:
        interest = 1.0
    elif person.stretch:
        interest = 0.5
    pattern = person.goal_pattern
    shared = {w for w in pattern.findall(opp.text) if w not in _STOP} if pattern is not None else ()
    goals = 0.5 * interest + 0.5 * min(1.0, len(shared) / FULL_OVERLAP)
    if person.hours_available is None:
        time = 0.5
    elif opp.hours_per_week <= person.hours_available:
        time = 1.0
    elif person.hours_available <= 0:
        time = 0.0
    else:
        time = max(
            0.0, 1.0 - (opp.hours_per_week - person.hours_available) / person.hours_available
        )
    score = WEIGHTS["development"] * development + WEIGHTS["goals"] * goals + WEIGHTS["time"] * time
    return round(score, 4), development, goals, time


def fit(
    person: PersonSignals, opp: OpportunityFacts, *, labels: Mapping[str, str] | None = None
) -> Fit:
    """The fit of one opportunity for one person, with the sentence that explains it."""
    labels = labels or {}
    score, development, goals, time = _parts(person, opp)
    rated = [(person.weakness[d], d) for d in opp.dimensions if d in person.weakness]
    interest = 0.0
    if person.management_interest and opp.kind in MANAGEMENT_KINDS:
        interest = 1.0
    elif person.stretch:
        interest = 0.5
    pattern = person.goal_pattern
    shared = (
        {w for w in pattern.findall(opp.text) if w not in _STOP} if pattern is not None else set()
    )
    overlap = min(1.0, len(shared) / FULL_OVERLAP)
    reasons: list[tuple[float, str]] = []
    if development > 0:
        _w, dim = max(rated)
        source = "your self-assessment and 360" if person.uses_360 else "your self-assessment"
        reasons.append(
            (
                WEIGHTS["development"] * development,
                f"it develops {labels.get(dim, dim)}, one of the areas you rated lowest in {source}",
            )
        )
    if interest == 1.0:
        tier = person.management_interest.replace("_", " ")
        reasons.append(
            (
                WEIGHTS["goals"] * 0.5,
                f"it is management experience and your talent conversation records an interest in {tier} management",
            )
        )
    elif interest:
        reasons.append((WEIGHTS["goals"] * 0.25, "you want to grow by stretch"))
    if shared:
        some = ", ".join(sorted(shared)[:3])
        reasons.append(
            (WEIGHTS["goals"] * 0.5 * overlap, f"it matches your development goals ({some})")
        )
    if person.hours_available is not None:
        if time == 1.0:
            reasons.append(
                (
                    WEIGHTS["time"] * 0.5,
                    f"its {_hours(opp.hours_per_week)} fits the {_hours(person.hours_available)} you have",
                )
            )
        else:
            reasons.append(
                (
                    0.0,
                    f"but it needs {_hours(opp.hours_per_week)}, more than the {_hours(person.hours_available)} you have",
                )
            )
    if not reasons:
        sentence = "Recommended because you are eligible; tell us your goals and complete a self-assessment for closer matches."
    else:
        ordered = sorted(reasons, key=lambda r: -r[0])
        parts = [text for weight, text in ordered if weight > 0]
        caveats = [text for weight, text in ordered if weight == 0]
        body = "; ".join(parts) if parts else "you are eligible"
        sentence = f"Recommended because {body}" + (f", {caveats[0]}" if caveats else "") + "."
    return Fit(opp.id, score, development, goals, time, sentence)


def rank(
    person: PersonSignals,
    opportunities: Iterable[OpportunityFacts],
    *,
    labels: Mapping[str, str] | None = None,
    limit: int | None = 10,
) -> list[Fit]:
    """Fits of every given (eligible) opportunity, best first (module rule for ties)."""
    opps: Sequence[OpportunityFacts] = list(opportunities)
    # Score everything, but write sentences only for the ones returned.
    order = sorted(opps, key=lambda o: (-_parts(person, o)[0], o.closes_on, o.id))
    chosen = order if limit is None else order[:limit]
    return [fit(person, o, labels=labels) for o in chosen]
