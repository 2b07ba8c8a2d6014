"""Filling an establishment with people on one date: who holds which post, at what FTE, since when.

The result is a set of assignments (one row per person per post held) and the people themselves.
Everything is vectorised over posts and assignments; only the sessional posts (a few per
specialty) and the rare extra assignments are placed one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mantle.demo.synthetic import calibration as cal
from mantle.demo.synthetic.people import (
    DAYS_PER_YEAR,
    People,
    RegistrationLedger,
    generate_people,
)
from mantle.demo.synthetic.posts import (
    KIND_SECOND,
    KIND_SHARED,
    KIND_SINGLE,
    PostTable,
    vacancy_rates,
)
from mantle.demo.synthetic.profiles import (
    FTE_DISTRIBUTIONS,
    FTE_KINDS,
    PROFILE_INDEX,
    profile_arrays,
)

IntArray = npt.NDArray[np.int64]
FTE_UNIT = 100_000  # FTE is held as an integer number of 1/100,000ths (five decimal places)

_PROFILES = profile_arrays()
# Profiles whose holders' hours do not follow the post's budget (non-executives are sessional).
_OWN_HOURS = np.isin(
    np.arange(len(_PROFILES.fte_kind)),
    [PROFILE_INDEX[k] for k in ("chair", "non_executive", "gp_lead")],
)
_MEAN_FTE = np.asarray(
    [float(np.dot(*FTE_DISTRIBUTIONS[FTE_KINDS[k]])) for k in _PROFILES.fte_kind.tolist()]
)
# Profiles some of whose part-time holders also hold a second ordinary assignment.
_MULTI_POST_PROFILES = [
    PROFILE_INDEX[k]
    for k in (
        "healthcare_assistant",
        "nurse",
        "clinical_admin",
        "admin",
        "domestic",
        "support_worker",
    )
]


@dataclass
class Assignments:
    """Current assignments, one row each (ended assignments are removed, not flagged)."""

    person: IntArray
    post: IntArray
    seq: IntArray  # 1 for the first assignment an employee ever held, then 2, 3, …
    fte: IntArray  # in FTE_UNIT
    start: IntArray  # days since 1970-01-01

    def __len__(self) -> int:
        return len(self.person)

    def take(self, keep: npt.NDArray[np.bool_]) -> Assignments:
        """Only the rows where ``keep`` is true."""
        return Assignments(
            self.person[keep], self.post[keep], self.seq[keep], self.fte[keep], self.start[keep]
        )

    def reorder(self, order: IntArray) -> Assignments:
        """The rows in the given order."""
        return Assignments(
            self.person[order],
            self.post[order],
            self.seq[order],
            self.fte[order],
            self.start[order],
        )

    def extend(self, other: Assignments) -> Assignments:
        return Assignments(
            np.concatenate([self.person, other.person]),
            np.concatenate([self.post, other.post]),
            np.concatenate([self.seq, other.seq]),
            np.concatenate([self.fte, other.fte]),
            np.concatenate([self.start, other.start]),
        )


def draw_fte(rng: np.random.Generator, *, profile: IntArray) -> IntArray:
    """Contracted FTE for new assignments, from each profile's hours distribution."""
    out = np.zeros(len(profile), dtype=np.int64)
    kinds = _PROFILES.fte_kind[profile]
    for k, name in enumerate(FTE_KINDS):
        rows = np.flatnonzero(kinds == k)
        if len(rows) == 0:
            continue
        values, probs = FTE_DISTRIBUTIONS[name]
        picks = rng.choice(len(values), size=len(rows), p=np.asarray(probs) / sum(probs))
        out[rows] = np.round(np.asarray(values)[picks] * FTE_UNIT).astype(np.int64)
    return out


def staffing_levels(rng: np.random.Generator, *, count: int) -> npt.NDArray[np.float64]:
    """Share of its budget each pooled post is staffed to (about 93%, as vacancy rates run)."""
    return np.clip(rng.normal(cal.SHARED_FILL_MEAN, cal.SHARED_FILL_SD, count), 0.75, 1.0)


def holders_per_post(
    rng: np.random.Generator,
    *,
    posts: PostTable,
    live: npt.NDArray[np.bool_],
    fill: npt.NDArray[np.float64],
) -> IntArray:
    """How many people hold each post on the first extract.

    Rules: a single post is filled unless it falls vacant at its tier's vacancy rate; a pooled
    post is staffed to about 93% of its budget, in heads of its profile's average hours.
    """
    n = len(posts)
    counts = np.zeros(n, dtype=np.int64)
    single = live & (posts.kind == KIND_SINGLE)
    counts[single & (rng.random(n) >= vacancy_rates(posts=posts))] = 1
    shared = live & (posts.kind == KIND_SHARED)
    expected = posts.budget * fill / _MEAN_FTE[posts.profile]
    counts[shared] = np.floor(expected[shared] + rng.random(int(shared.sum()))).astype(np.int64)
    return counts


def tenure_years(
    rng: np.random.Generator, *, profile: IntArray, age: npt.NDArray[np.float64]
) -> npt.NDArray[np.float64]:
    """Years in the current assignment: exponential around the profile's mean, never starting
    before the holder reached the youngest age for that kind of post."""
    drawn = rng.exponential(_PROFILES.tenure[profile])
    return np.clip(np.minimum(drawn, age - _PROFILES.age_lo[profile]), 0.0, None)


def fill_posts(
    rng: np.random.Generator,
    posts: PostTable,
    *,
    ref_day: int,
    ledger: RegistrationLedger,
    employee_bases: IntArray,
    live: npt.NDArray[np.bool_],
    fill: npt.NDArray[np.float64],
) -> tuple[Assignments, People]:
    """Fill every live post as on ``ref_day``; return the assignments and the people.

    Rules: one person per assignment on single and pooled posts; sessional posts go to a
    consultant already on the named pool (the most senior of up to three candidates), whose
    clinical assignment is rebalanced so that the two make 1.0 FTE (0.7–0.9 clinical); about
    half of medical directors keep 0.1–0.2 FTE of consultant sessions; a few part-time staff
    hold a second ordinary post. Employee numbers rise with first start date within each
    organisation.
    """
    counts = holders_per_post(rng, posts=posts, live=live, fill=fill)
    post = np.repeat(np.arange(len(posts)), counts)
    profile = posts.profile[post]
    fte = draw_fte(rng, profile=profile)
    single = posts.kind[post] == KIND_SINGLE
    capped = single & ~_OWN_HOURS[profile]
    budget_units = np.round(posts.budget[post] * FTE_UNIT).astype(np.int64)
    fte[capped] = np.minimum(fte[capped], budget_units[capped])
    n = len(post)
    people = generate_people(
        rng,
        ledger,
        profile=profile,
        required=posts.reg_required[post],
        statutory=posts.statutory[post],
        ref_day=np.full(n, ref_day, dtype=np.int64),
        employee_number=np.zeros(n, dtype=np.int64),
    )
    age = (ref_day - people.dob) / DAYS_PER_YEAR
    start = ref_day - np.round(tenure_years(rng, profile=profile, age=age) * DAYS_PER_YEAR).astype(
        np.int64
    )
    assignments = Assignments(
        person=np.arange(n, dtype=np.int64),
        post=post,
        seq=np.ones(n, dtype=np.int64),
        fte=fte,
        start=start,
    )
    extra = _sessional_and_extra(rng, posts, assignments, age, live, ref_day)
    assignments = assignments.extend(extra)
    numbers = employee_numbers(rng, org=posts.org[post], first_start=start, bases=employee_bases)
    people.frame = people.frame.with_columns(employee_number=numbers)
    return assignments, people


def employee_numbers(
    rng: np.random.Generator, *, org: IntArray, first_start: IntArray, bases: IntArray
) -> IntArray:
    """Eight-digit employee numbers issued in order of first start date within each organisation."""
    order = np.lexsort((first_start, org))
    gaps = rng.integers(1, 5, size=len(org))
    running = np.cumsum(gaps[order])
    sorted_org = org[order]
    first_of_org = np.r_[True, sorted_org[1:] != sorted_org[:-1]]
    group_start = np.maximum.accumulate(np.where(first_of_org, running - gaps[order], 0))
    numbers = np.empty(len(org), dtype=np.int64)
    numbers[order] = bases[sorted_org] + running - group_start
    return numbers


class _Extra:
    """Accumulates assignments added one by one (sessional, clinical-session and second posts)."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, int, int, int, int]] = []
        self.next_seq: dict[int, int] = {}

    def add(self, *, person: int, post: int, fte: int, start: int) -> None:
        seq = self.next_seq.get(person, 2)
        self.next_seq[person] = seq + 1
        self.rows.append((person, post, seq, fte, start))

    def build(self) -> Assignments:
        cols = np.asarray(self.rows, dtype=np.int64).reshape(-1, 5)
        return Assignments(cols[:, 0], cols[:, 1], cols[:, 2], cols[:, 3], cols[:, 4])


def pick_senior(
    rng: np.random.Generator, *, candidates: list[int], age: npt.NDArray[np.float64]
) -> int:
    """The oldest of up to three randomly drawn candidates (seniority tends to go with age)."""
    draw = rng.choice(len(candidates), size=min(3, len(candidates)), replace=False)
    return max((candidates[j] for j in draw.tolist()), key=lambda i: age[i])


def _sessional_and_extra(
    rng: np.random.Generator,
    posts: PostTable,
    a: Assignments,
    age: npt.NDArray[np.float64],
    live: npt.NDArray[np.bool_],
    ref_day: int,
) -> Assignments:
    extra = _Extra()
    holders_of: dict[int, list[int]] = {}
    pools = np.unique(posts.pool_post[posts.pool_post >= 0])
    for i in np.flatnonzero(np.isin(a.post, pools)).tolist():
        holders_of.setdefault(int(a.post[i]), []).append(i)
    taken: set[int] = set()
    vacancy = vacancy_rates(posts=posts)
    holder_age = age[a.person]
    for s in np.flatnonzero(live & (posts.kind == KIND_SECOND)).tolist():
        if rng.random() < vacancy[s]:
            continue
        candidates = [i for i in holders_of.get(int(posts.pool_post[s]), []) if i not in taken]
        if not candidates:
            continue
        chosen = pick_senior(rng, candidates=candidates, age=holder_age)
        taken.add(chosen)
        mgmt = round(float(posts.budget[s]) * FTE_UNIT)
        # The job plan is rebalanced: clinical sessions plus management make a full-time post.
        a.fte[chosen] = FTE_UNIT - mgmt
        in_post = (ref_day - int(a.start[chosen])) / DAYS_PER_YEAR
        years = min(float(rng.exponential(3.0)), in_post)
        extra.add(
            person=int(a.person[chosen]),
            post=s,
            fte=mgmt,
            start=ref_day - round(years * DAYS_PER_YEAR),
        )
    # Medical directors who keep consultant sessions on their specialty's pool.
    for i in np.flatnonzero(posts.extra_post[a.post] >= 0).tolist():
        clinical = int(rng.choice((10_000, 20_000)))
        a.fte[i] = min(int(a.fte[i]), FTE_UNIT - clinical)
        who = int(a.person[i])
        years_before = min(float(rng.exponential(6.0)), max(float(age[who]) - 33.0, 0.0))
        extra.add(
            person=who,
            post=int(posts.extra_post[a.post[i]]),
            fte=clinical,
            start=int(a.start[i]) - round(years_before * DAYS_PER_YEAR),
        )
    # A few part-time staff hold a second post of the same kind elsewhere in the organisation.
    by_group: dict[tuple[int, int], list[int]] = {}
    for p in np.flatnonzero(live & (posts.kind == KIND_SHARED)).tolist():
        by_group.setdefault((int(posts.org[p]), int(posts.profile[p])), []).append(p)
    eligible = (
        (a.fte <= 60_000)
        & (a.seq == 1)
        & np.isin(posts.profile[a.post], _MULTI_POST_PROFILES)
        & (rng.random(len(a)) < 0.02)
    )
    for i in np.flatnonzero(eligible).tolist():
        p = int(a.post[i])
        options = by_group.get((int(posts.org[p]), int(posts.profile[p])), [])
        other = options[int(rng.integers(len(options)))] if options else p
        if other == p:
            continue
        extra_fte = min(int(rng.choice((20_000, 30_000, 40_000))), FTE_UNIT - int(a.fte[i]))
        extra.add(
            person=int(a.person[i]),
            post=other,
            fte=extra_fte,
            start=min(ref_day, int(a.start[i]) + int(rng.integers(0, 365))),
        )
    return extra.build()
