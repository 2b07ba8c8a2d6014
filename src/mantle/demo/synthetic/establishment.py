"""The establishment of one synthetic organisation: every post, its definition and reporting line.

Posts come in three kinds:

* ``single`` – one holder (a ward manager, a director); may be vacant;
* ``shared`` – a pool held by many people (the staff nurses of a ward), budgeted in FTE;
* ``second`` – a sessional management post (clinical director, 0.1–0.3 FTE) held as a second
  assignment by someone who keeps a clinical assignment on ``pool_post``.

Structure builders (``structures_*.py``) add posts with a *weight* for shared posts; then
:func:`finalise` turns the organisation's FTE target into budgets, so the staff-group mix matches
the published one, and trims or tops up the management posts counted by the published "managers"
and "senior managers" groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mantle.demo.synthetic import codes as c
from mantle.demo.synthetic.calibration import STAFF_GROUP_MIX
from mantle.demo.synthetic.profiles import PROFILE_INDEX

SINGLE = "single"
SHARED = "shared"
SECOND = "second"

# A filler post to top up the published manager groups: title, job role, code, band, profile.
Filler = tuple[str, str, str, str, str]


@dataclass
class Establishment:
    """Posts of one organisation, as parallel lists (index = local post number)."""

    title: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)
    occupation: list[str] = field(default_factory=list)
    job_role: list[str] = field(default_factory=list)
    band: list[str] = field(default_factory=list)
    profile: list[int] = field(default_factory=list)
    tier: list[str] = field(default_factory=list)
    statutory: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    budget: list[float] = field(default_factory=list)
    weight: list[float] = field(default_factory=list)
    priority: list[int] = field(default_factory=list)
    pool_post: list[int] = field(default_factory=list)
    extra_post: list[int] = field(default_factory=list)
    created: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.title)


class Builder:
    """Accumulates the posts of one organisation while a structure function walks its units."""

    def __init__(self, *, org_type: str, target_fte: float, rng: np.random.Generator) -> None:
        self.org_type = org_type
        self.target_fte = target_fte
        self.rng = rng
        self.posts = Establishment()
        # Where filler manager posts may go: (unit, parent post, clinical operations?)
        self.anchors: list[tuple[str, int, bool]] = []

    @property
    def scale(self) -> float:
        """Organisation size relative to the reference acute trust (4,421 FTE)."""
        return self.target_fte / 4421.0

    def _add(
        self,
        *,
        title: str,
        unit: str,
        parent: int,
        occupation: str,
        job_role: str,
        band: str,
        profile: str,
        tier: str,
        kind: str,
        budget: float = 0.0,
        weight: float = 0.0,
        statutory: str = "",
        priority: int = 0,
        pool_post: int = -1,
    ) -> int:
        p = self.posts
        p.title.append(title)
        p.unit.append(unit)
        p.parent.append(parent)
        p.occupation.append(occupation)
        p.job_role.append(job_role)
        p.band.append(band)
        p.profile.append(PROFILE_INDEX[profile])
        p.tier.append(tier)
        p.statutory.append(statutory)
        p.kind.append(kind)
        p.budget.append(budget)
        p.weight.append(weight)
        p.priority.append(priority)
        p.pool_post.append(pool_post)
        p.extra_post.append(-1)
        p.created.append(0)
        return len(p) - 1

    def single(
        self,
        title: str,
        job_role: str,
        occupation: str,
        band: str,
        profile: str,
        tier: str,
        *,
        unit: str,
        parent: int,
        fte: float = 1.0,
        statutory: str = "",
        priority: int = 0,
    ) -> int:
        """Add a post with one holder (or none, when vacant)."""
        return self._add(
            title=title,
            unit=unit,
            parent=parent,
            occupation=occupation,
            job_role=job_role,
            band=band,
            profile=profile,
            tier=tier,
            kind=SINGLE,
            budget=fte,
            statutory=statutory,
            priority=priority,
        )

    def shared(
        self,
        title: str,
        job_role: str,
        occupation: str,
        band: str,
        profile: str,
        weight: float,
        *,
        unit: str,
        parent: int,
        tier: str = "none",
    ) -> int:
        """Add a pooled post; ``weight`` is its typical FTE in the reference trust's terms."""
        return self._add(
            title=title,
            unit=unit,
            parent=parent,
            occupation=occupation,
            job_role=job_role,
            band=band,
            profile=profile,
            tier=tier,
            kind=SHARED,
            weight=weight,
        )

    def second(
        self,
        title: str,
        job_role: str,
        tier: str,
        *,
        unit: str,
        parent: int,
        pool_post: int,
        fte: float,
    ) -> int:
        """Add a sessional management post held by a holder of ``pool_post`` (a consultant).

        The post keeps the holder's medical occupation code and consultant pay: the management
        role shows only in the job role and title, as in ESR.
        """
        p = self.posts
        return self._add(
            title=title,
            unit=unit,
            parent=parent,
            occupation=p.occupation[pool_post],
            job_role=job_role,
            band=p.band[pool_post],
            profile="consultant",
            tier=tier,
            kind=SECOND,
            budget=fte,
            pool_post=pool_post,
        )

    def anchor(self, *, unit: str, parent: int, clinical: bool) -> None:
        """Record a unit where filler manager posts may be placed."""
        self.anchors.append((unit, parent, clinical))

    def pick(self, candidates: list[int]) -> int:
        """A random post among candidates (deterministic for the builder's generator)."""
        return candidates[int(self.rng.integers(len(candidates)))]


def _group_targets(*, org_type: str, target_fte: float) -> dict[str, float]:
    mix = STAFF_GROUP_MIX[org_type]
    total = sum(mix.values())
    return {group: target_fte * share / total for group, share in mix.items()}


def _reparent(parent: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Point each kept post at its nearest kept ancestor, then renumber to kept positions."""
    resolved = parent.copy()
    for i in range(len(resolved)):
        p = resolved[i]
        while p >= 0 and not keep[p]:
            p = parent[p]
        resolved[i] = p
    new_index = np.cumsum(keep) - 1
    out = np.where(resolved >= 0, new_index[np.maximum(resolved, 0)], -1)
    return out[keep]


def finalise(
    builder: Builder, *, fillers_corporate: list[Filler], fillers_clinical: list[Filler]
) -> Establishment:
    """Turn weights into budgets and calibrate the published manager groups.

    Rules: (1) every staff group's FTE budget equals the organisation's target times the group's
    published share; single posts count first and pooled posts share the rest in proportion to
    their weights; (2) posts coded ``G0x``/``G1x`` are kept in priority order while they fit the
    "senior managers"/"managers" budget and topped up with filler posts when they fall short;
    (3) a removed post's reports move up to its nearest kept ancestor, so the tree stays whole.
    """
    targets = _group_targets(org_type=builder.org_type, target_fte=builder.target_fte)
    _top_up_managers(builder, targets, fillers_corporate, fillers_clinical)
    p = builder.posts
    n = len(p)
    groups = [c.staff_group_of(occupation_code=code) for code in p.occupation]
    keep = np.ones(n, dtype=bool)
    for group in (c.SENIOR_MANAGERS, c.MANAGERS):
        budget = targets.get(group, 0.0)
        used = sum(
            p.budget[i]
            for i in range(n)
            if groups[i] == group and p.kind[i] == SINGLE and p.priority[i] == 0
        )
        optional = sorted(
            (i for i in range(n) if groups[i] == group and p.kind[i] == SINGLE and p.priority[i]),
            key=lambda i: (p.priority[i], i),
        )
        for i in optional:
            if used + p.budget[i] <= budget + 0.5:
                used += p.budget[i]
            else:
                keep[i] = False
    budgets = np.asarray(p.budget, dtype=np.float64)
    weights = np.asarray(p.weight, dtype=np.float64)
    kinds = np.asarray(p.kind)
    group_arr = np.asarray(groups)
    for group in set(groups):
        in_group = (group_arr == group) & keep
        fixed = budgets[in_group & (kinds == SINGLE)].sum()
        pooled = in_group & (kinds == SHARED)
        total_weight = weights[pooled].sum()
        if total_weight > 0:
            remaining = max(targets.get(group, 0.0) - fixed, 0.0)
            budgets[pooled] = remaining * weights[pooled] / total_weight
    # A pooled post with (almost) no budget does not exist in this organisation.
    keep &= ~((kinds == SHARED) & (budgets < 0.05))
    parent = _reparent(np.asarray(p.parent, dtype=np.int64), keep)
    index_map = np.cumsum(keep) - 1
    out = Establishment()
    for attr in (
        "title",
        "unit",
        "occupation",
        "job_role",
        "band",
        "profile",
        "tier",
        "statutory",
        "kind",
        "weight",
        "priority",
        "created",
    ):
        values = getattr(p, attr)
        setattr(out, attr, [values[i] for i in range(n) if keep[i]])
    out.parent = [int(x) for x in parent]
    out.budget = [round(float(budgets[i]), 2) for i in range(n) if keep[i]]
    for attr in ("pool_post", "extra_post"):
        values = getattr(p, attr)
        setattr(
            out,
            attr,
            [
                int(index_map[v]) if v >= 0 and keep[v] else -1
                for i, v in enumerate(values)
                if keep[i]
            ],
        )
    # A sessional post whose consultant pool was dropped cannot be held.
    for i, kind in enumerate(out.kind):
        if kind == SECOND and out.pool_post[i] < 0:
            out.kind[i] = SINGLE
    return out


def _top_up_managers(
    builder: Builder,
    targets: dict[str, float],
    fillers_corporate: list[Filler],
    fillers_clinical: list[Filler],
) -> None:
    p = builder.posts
    if not builder.anchors:
        return
    for group, level in ((c.SENIOR_MANAGERS, "0"), (c.MANAGERS, "1")):
        have = sum(
            p.budget[i]
            for i in range(len(p))
            if p.kind[i] == SINGLE and c.staff_group_of(occupation_code=p.occupation[i]) == group
        )
        need = targets.get(group, 0.0) - have
        k = 0
        while need > 0.5:
            unit, parent, clinical = builder.anchors[k % len(builder.anchors)]
            pool = fillers_clinical if clinical else fillers_corporate
            choices = [f for f in pool if f[2][1] == level]
            if not choices:
                break
            title, job_role, occupation, band, profile = choices[
                (k // len(builder.anchors)) % len(choices)
            ]
            tier = "senior" if level == "0" else "middle"
            builder.single(
                title,
                job_role,
                occupation,
                band,
                profile,
                tier,
                unit=unit,
                parent=parent,
                priority=9,
            )
            need -= 1.0
            k += 1
