"""Month-to-month change in a trust's workforce between two extract dates.

Leavers (about one in nine a year, pro rata, more among resident doctors and people near
retirement), starters refilling pooled posts, vacancies filled by promotion or from outside —
including clinicians moving into management posts and back out — lateral moves, changes of hours,
consultants stepping into and out of clinical director sessions, and registrations lapsing.

Continuing assignments keep their number, post and start date; a move ends one assignment and
starts another with the next ``-n`` suffix, as ESR records it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mantle.demo.synthetic.filling import (
    _MEAN_FTE,
    FTE_UNIT,
    Assignments,
    draw_fte,
    pick_senior,
)
from mantle.demo.synthetic.people import (
    DAYS_PER_YEAR,
    REG_STATUSES,
    People,
    RegistrationLedger,
    generate_people,
)
from mantle.demo.synthetic.posts import KIND_SECOND, KIND_SHARED, KIND_SINGLE, PostTable
from mantle.demo.synthetic.profiles import PROFILE_INDEX, profile_arrays

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_PROFILES = profile_arrays()
_P = PROFILE_INDEX

# Where internal candidates for a vacant single post come from, by the post's profile. A service
# manager post filled from ward managers, specialist nurses or senior therapists is a clinician
# moving into management.
INTERNAL_SOURCES: dict[int, tuple[int, ...]] = {
    _P["ward_manager"]: (_P["nurse_senior"],),
    _P["matron"]: (_P["ward_manager"],),
    _P["head_of_nursing"]: (_P["matron"],),
    _P["manager_ops"]: (
        _P["ward_manager"],
        _P["nurse_specialist"],
        _P["ahp_senior"],
        _P["matron"],
        _P["manager_ops"],
    ),
    _P["senior_manager_ops"]: (_P["manager_ops"], _P["head_of_nursing"]),
    _P["manager"]: (_P["admin_senior"], _P["manager"]),
    _P["senior_manager"]: (_P["manager"],),
    _P["midwife_lead"]: (_P["midwife"],),
    _P["paramedic_lead"]: (_P["paramedic"],),
    _P["hotel_supervisor"]: (_P["porter"], _P["domestic"], _P["catering"]),
    _P["team_leader"]: (_P["admin_senior"],),
    _P["ahp_head"]: (_P["ahp_senior"], _P["scientist"], _P["pharmacist"]),
}
INTERNAL_SHARE = 0.55
# Where a clinician leaving a management post goes back to: a senior pooled post of their own
# profession (the post must require the register they are on).
RETURN_PROFILES: tuple[int, ...] = (
    _P["nurse_specialist"],
    _P["nurse_senior"],
    _P["ahp_senior"],
    _P["ahp"],
    _P["radiographer"],
)
_MANAGEMENT_PROFILES = (
    _P["manager_ops"],
    _P["senior_manager_ops"],
    _P["manager"],
    _P["senior_manager"],
)

# Annual rates of the other kinds of change.
SESSIONAL_STEP_DOWN = 0.20
RETURN_TO_CLINICAL = 0.05
LATERAL_MOVE = 0.03
RETIREMENT_FACTOR = 1.5
HOURS_CHANGE = 0.06
REGISTRATION_LAPSE = 0.004
MEAN_MONTHS_TO_FILL = 3.5


def _chance(annual: float, years: float) -> float:
    """Probability of an event with this annual rate happening within ``years``."""
    return 1.0 - (1.0 - annual) ** years


def _pro_rata(annual: float | npt.NDArray[np.float64], years: float) -> npt.NDArray[np.float64]:
    return np.asarray(1.0 - np.power(1.0 - np.asarray(annual), years), dtype=np.float64)


@dataclass
class TrustState:
    """Everything that carries from one extract to the next."""

    posts: PostTable
    people: People
    assignments: Assignments
    ledger: RegistrationLedger
    fill_target: npt.NDArray[np.float64]  # share of budget each pooled post is staffed to
    next_seq: IntArray  # per person: the suffix their next assignment will take
    next_employee: int


class _Changes:
    """New assignments and new people decided during one transition."""

    def __init__(self) -> None:
        self.moves: list[tuple[int, int, int, int]] = []  # person, post, fte, start
        self.starters: list[tuple[int, int, int]] = []  # post, fte, start


def advance(
    rng: np.random.Generator, state: TrustState, *, from_day: int, to_day: int, snapshot: int
) -> None:
    """Move the trust's workforce on from ``from_day`` to ``to_day`` (the next extract date).

    Rules: see the module docstring; every new assignment starts on a day after ``from_day`` and
    no later than ``to_day``.
    """
    years = (to_day - from_day) / DAYS_PER_YEAR
    posts = state.posts
    live = posts.created <= snapshot

    def event_days(n: int) -> IntArray:
        return from_day + 1 + rng.integers(0, max(1, to_day - from_day), size=n)

    a = state.assignments
    people = state.people
    age_at_end = (to_day - people.dob) / DAYS_PER_YEAR
    # 1. Leavers: decided per person on their main (earliest-numbered) assignment.
    order = np.lexsort((a.seq, a.person))
    first = np.r_[True, a.person[order][1:] != a.person[order][:-1]]
    main = order[first]
    who = a.person[main]
    rate = _PROFILES.leave[posts.profile[a.post[main]]]
    # Past 60 more people retire; at 70 everyone has gone.
    rate = np.where(age_at_end[who] >= 60, np.minimum(rate * RETIREMENT_FACTOR, 0.9), rate)
    leaving = (rng.random(len(who)) < _pro_rata(rate, years)) | (age_at_end[who] >= 69.9)
    gone = np.zeros(len(people), dtype=bool)
    gone[who[leaving]] = True
    a = a.take(~gone[a.person])
    # 2. Consultants stepping down from sessional management posts.
    sessional = posts.kind[a.post] == KIND_SECOND
    stepping = sessional & (rng.random(len(a)) < _chance(SESSIONAL_STEP_DOWN, years))
    for i in np.flatnonzero(stepping).tolist():
        clinical = np.flatnonzero((a.person == a.person[i]) & (posts.kind[a.post] == KIND_SHARED))
        if len(clinical) and rng.random() < 0.5:
            j = clinical[0]
            a.fte[j] = min(FTE_UNIT, int(a.fte[j] + a.fte[i]))
    a = a.take(~stepping)
    changes = _Changes()
    # 3. Clinicians in management posts returning to clinical work in their own profession.
    registered = people.reg_status == REG_STATUSES.index("registered")
    in_management = np.isin(posts.profile[a.post], _MANAGEMENT_PROFILES) & (
        posts.kind[a.post] == KIND_SINGLE
    )
    returning = in_management & registered[a.person] & (people.reg_kind[a.person] > 0)
    returning &= rng.random(len(a)) < _chance(RETURN_TO_CLINICAL, years)
    ending = np.zeros(len(a), dtype=bool)
    for i in np.flatnonzero(returning).tolist():
        targets = _shared_posts_of(posts, live, RETURN_PROFILES)
        targets = targets[posts.reg_required[targets] == people.reg_kind[a.person[i]]]
        if len(targets):
            target = int(targets[rng.integers(len(targets))])
            changes.moves.append((int(a.person[i]), target, int(a.fte[i]), int(event_days(1)[0])))
            ending[i] = True
    # 4. Lateral moves between pooled posts of the same kind.
    shared = posts.kind[a.post] == KIND_SHARED
    moving = shared & ~ending & (rng.random(len(a)) < _chance(LATERAL_MOVE, years))
    for i in np.flatnonzero(moving).tolist():
        # A move is to the same kind of post elsewhere: same profile, occupation code and band.
        targets = _shared_posts_of(posts, live, (int(posts.profile[a.post[i]]),))
        targets = targets[posts.signature[targets] == posts.signature[a.post[i]]]
        target = int(targets[rng.integers(len(targets))])
        if target != a.post[i]:
            changes.moves.append((int(a.person[i]), target, int(a.fte[i]), int(event_days(1)[0])))
            ending[i] = True
    # 5. Vacant single and sessional posts: filled from inside or outside, some time after.
    held = np.zeros(len(posts), dtype=bool)
    held[a.post[~ending]] = True
    fill_probability = 1.0 - np.exp(-years * 12.0 / MEAN_MONTHS_TO_FILL)
    age_now = (to_day - people.dob) / DAYS_PER_YEAR
    busy = np.zeros(len(people), dtype=bool)
    busy[a.person[ending]] = True
    busy[a.person[posts.kind[a.post] == KIND_SECOND]] = True
    holder_age = age_now[a.person]
    vacant = np.flatnonzero(live & ~held & (posts.kind != KIND_SHARED))
    for v in vacant.tolist():
        if rng.random() >= fill_probability:
            continue
        if posts.kind[v] == KIND_SECOND:
            pool = np.flatnonzero((a.post == posts.pool_post[v]) & ~ending & ~busy[a.person])
            if len(pool) == 0:
                continue
            i = pick_senior(rng, candidates=pool.tolist(), age=holder_age)
            mgmt = round(float(posts.budget[v]) * FTE_UNIT)
            a.fte[i] = FTE_UNIT - mgmt  # job plan rebalanced to full time
            busy[a.person[i]] = True
            changes.moves.append((int(a.person[i]), v, mgmt, int(event_days(1)[0])))
            continue
        sources = INTERNAL_SOURCES.get(int(posts.profile[v]), ())
        if sources and rng.random() < INTERNAL_SHARE:
            pool = np.flatnonzero(
                np.isin(posts.profile[a.post], sources)
                & ~ending
                & ~busy[a.person]
                & (posts.kind[a.post] != KIND_SECOND)
            )
            if len(pool):
                i = pick_senior(rng, candidates=pool.tolist(), age=holder_age)
                ending[i] = True
                busy[a.person[i]] = True
                fte = int(min(FTE_UNIT, round(float(posts.budget[v]) * FTE_UNIT)))
                changes.moves.append((int(a.person[i]), v, fte, int(event_days(1)[0])))
                continue
        fte = int(draw_fte(rng, profile=posts.profile[[v]])[0])
        changes.starters.append(
            (v, min(fte, round(float(posts.budget[v]) * FTE_UNIT)), int(event_days(1)[0]))
        )
    # 6. Pooled posts: starters replace the FTE that left or moved away; posts created since the
    # last extract are staffed to their level from scratch.
    lost = np.bincount(
        state.assignments.post[gone[state.assignments.person]],
        weights=state.assignments.fte[gone[state.assignments.person]] / FTE_UNIT,
        minlength=len(posts),
    )
    lost += np.bincount(a.post[ending], weights=a.fte[ending] / FTE_UNIT, minlength=len(posts))
    for _, post, fte, _ in changes.moves:
        lost[post] -= fte / FTE_UNIT  # moving in covers part of what moved out
    new_posts = (posts.created == snapshot) & (posts.kind == KIND_SHARED)
    lost[new_posts] += posts.budget[new_posts] * state.fill_target[new_posts]
    lost[posts.kind != KIND_SHARED] = 0.0
    mean = _MEAN_FTE[posts.profile]
    starters = np.floor(lost / mean + rng.random(len(posts))).astype(np.int64)
    starters[lost <= 0] = 0
    for post in np.repeat(np.arange(len(posts)), starters).tolist():
        fte = int(draw_fte(rng, profile=posts.profile[[post]])[0])
        changes.starters.append((post, fte, int(event_days(1)[0])))
    a = a.take(~ending)
    # 7. Changes of hours on continuing pooled assignments of people with just that one post (a
    # consultant's sessions are set by their job plan alongside any management role).
    single_post = np.bincount(a.person, minlength=len(people))[a.person] == 1
    moving_now = np.isin(a.person, [m[0] for m in changes.moves])
    hours = (
        (posts.kind[a.post] == KIND_SHARED)
        & single_post
        & ~moving_now
        & (rng.random(len(a)) < _chance(HOURS_CHANGE, years))
    )
    a.fte[hours] = draw_fte(rng, profile=posts.profile[a.post[hours]])
    # 8. Registrations lapsing and being renewed.
    lapsed_code, registered_code = REG_STATUSES.index("lapsed"), REG_STATUSES.index("registered")
    status = people.reg_status
    lapse = (status == registered_code) & (
        rng.random(len(status)) < _chance(REGISTRATION_LAPSE, years)
    )
    renew = (
        (status == lapsed_code)
        & (people.reg_kind > 0)
        & (rng.random(len(status)) < 1 - np.exp(-years / 0.25))
    )
    status[lapse] = lapsed_code
    status[renew & ~lapse] = registered_code
    state.assignments = _cap_hours(posts, _apply(rng, state, a, changes))


def _cap_hours(posts: PostTable, a: Assignments) -> Assignments:
    """Rule: a person's assignments add up to at most 1.0 FTE; any excess (after a change of
    hours or a new sessional post) comes off their largest pooled assignment."""
    total = np.bincount(a.person, weights=a.fte, minlength=int(a.person.max(initial=0)) + 1)
    over = np.flatnonzero(total > FTE_UNIT)
    for person in over.tolist():
        rows = np.flatnonzero((a.person == person) & (posts.kind[a.post] == KIND_SHARED))
        if len(rows) == 0:
            continue
        biggest = rows[np.argmax(a.fte[rows])]
        excess = int(total[person]) - FTE_UNIT
        a.fte[biggest] = max(10_000, int(a.fte[biggest]) - excess)
    return a


def _shared_posts_of(posts: PostTable, live: BoolArray, profiles: tuple[int, ...]) -> IntArray:
    return np.flatnonzero(live & (posts.kind == KIND_SHARED) & np.isin(posts.profile, profiles))


def _apply(
    rng: np.random.Generator, state: TrustState, a: Assignments, changes: _Changes
) -> Assignments:
    """Add moves (existing people, next assignment suffix) and starters (new people)."""
    rows: list[tuple[int, int, int, int, int]] = []
    for person, post, fte, start in changes.moves:
        seq = int(state.next_seq[person])
        state.next_seq[person] = seq + 1
        rows.append((person, post, seq, fte, start))
    if changes.starters:
        new_posts = np.asarray([s[0] for s in changes.starters], dtype=np.int64)
        start_days = np.asarray([s[2] for s in changes.starters], dtype=np.int64)
        order = np.argsort(start_days, kind="stable")
        numbers = state.next_employee + np.cumsum(rng.integers(1, 5, size=len(order)))
        employee = np.empty(len(order), dtype=np.int64)
        employee[order] = numbers
        state.next_employee = int(numbers[-1])
        newcomers = generate_people(
            rng,
            state.ledger,
            profile=state.posts.profile[new_posts],
            required=state.posts.reg_required[new_posts],
            statutory=state.posts.statutory[new_posts],
            ref_day=start_days,
            employee_number=employee,
        )
        first = len(state.people)
        state.people = state.people.extend(newcomers)
        state.next_seq = np.concatenate(
            [state.next_seq, np.full(len(new_posts), 2, dtype=np.int64)]
        )
        for k, (post_k, fte, day) in enumerate(changes.starters):
            rows.append((first + k, post_k, 1, fte, day))
    if not rows:
        return a
    cols = np.asarray(rows, dtype=np.int64)
    return a.extend(Assignments(cols[:, 0], cols[:, 1], cols[:, 2], cols[:, 3], cols[:, 4]))
