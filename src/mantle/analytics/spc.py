"""Statistical process control: the XmR chart read the NHS "Making Data Count" way.

Pure numpy, no Django. ``xmr(values, improvement=..., target=..., change_points=...)`` returns
the chart: for each point its segment's mean and process limits, the special-cause rules it
breaks, and whether that special cause is improving or concerning; for the series the variation
icon (from the latest point) and, where a target is set, the assurance icon.

Definitions (docs/metrics.md, "Statistical process control"):

* **Limits.** Within a segment, the mean of the observed values and the mean moving range
  (|x_i − x_(i−1)| between consecutive observed values of the segment); process limits are
  mean ± 2.66 × mean moving range (2.66 = 3 / 1.128, three sigma estimated from the moving range).
  ``bounds`` clamps the limits to what the measure can take (0–1 for a share).
* **Gaps.** A missing value (``None``, NaN, or a suppressed "*") is not a point: it is left out
  of the mean, the moving ranges and the rules, which read the observed points in order.
* **Change points.** ``change_points`` are indices where a new segment starts; each segment has
  its own mean and limits, moving ranges never span two segments and runs restart.
* **Rules** (evaluated within a segment):
  1. *astronomical* — a point above the upper or below the lower process limit;
  2. *shift* — a run of 7 or more consecutive points strictly on one side of the mean (a point
     on the mean ends the run); every point of the run is flagged;
  3. *trend* — a run of 7 or more consecutive points each strictly higher (or lower) than the
     one before; every point of the run is flagged;
  4. *two_in_three* — two or three of three consecutive points in the outer third between the
     mean and a limit (beyond mean ± 2σ, σ = mean moving range / 1.128), on the same side; the
     points of the window that are in that outer third are flagged.
* **Direction of a special cause.** Rules 1, 2 and 4 point the way of the point's side of the
  mean; rule 3 the way of the run. When rules flag one point in opposite directions (a rising
  run that starts below the lower limit, say), the stronger evidence wins in the order
  astronomical, two_in_three, shift, trend (see ``RULE_ORDER``): the direction is that of the
  first rule in the order that flags the point.
* **Variation icon** — from the latest observed point: ``common_cause``; or
  ``improvement_high`` / ``improvement_low`` / ``concern_high`` / ``concern_low`` given which
  direction is better (``improvement`` "up" or "down"); ``neither_high`` / ``neither_low`` when
  neither direction is better.
* **Assurance icon** — with a target and an improvement direction, from the latest segment's
  limits: ``consistently_pass`` when both limits are on the better side of the target (strictly),
  ``consistently_fail`` when both are on the worse side, otherwise ``hit_and_miss`` (a target
  on a limit can be hit or missed).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np

LIMIT_FACTOR: Final = 2.66
D2: Final = 1.128  # the bias constant for a moving range of two
RUN_LENGTH: Final = 7
RULE_ORDER: Final = ("astronomical", "two_in_three", "shift", "trend")
MIN_POINTS_FOR_LIMITS: Final = 15  # Making Data Count: fewer points give provisional limits

Direction = Literal["high", "low"]
Improvement = Literal["up", "down"] | None


@dataclass(frozen=True)
class Point:
    index: int
    value: float | None
    mean: float | None
    lower: float | None
    upper: float | None
    segment: int
    rules: tuple[str, ...] = ()
    direction: Direction | None = None  # of the special cause, if any
    kind: str = "common_cause"  # common_cause, improvement, concern, neither, or "gap"

    @property
    def special(self) -> bool:
        return bool(self.rules)


@dataclass(frozen=True)
class Segment:
    start: int  # index of the first point (observed or not)
    end: int  # index after the last
    n: int  # observed points
    mean: float | None
    mean_moving_range: float | None
    lower: float | None
    upper: float | None

    @property
    def provisional(self) -> bool:
        return self.n < MIN_POINTS_FOR_LIMITS


@dataclass(frozen=True)
class Chart:
    points: list[Point]
    segments: list[Segment]
    variation: str  # the variation icon (see the module docstring)
    assurance: str | None  # the assurance icon, or None without a target
    improvement: Improvement = None
    target: float | None = None
    notes: list[str] = field(default_factory=list)


def _number(value: object) -> float | None:
    if value is None or isinstance(value, (bool, str)):
        return None
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True in ``flags``."""
    runs, start = [], None
    for i, f in enumerate([*flags.tolist(), False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _segment_rules(
    x: np.ndarray, mean: float, lower: float, upper: float, sigma: float
) -> list[dict[str, Direction]]:
    """For each observed point of a segment, the rules it breaks and each rule's direction."""
    n = len(x)
    found: list[dict[str, Direction]] = [{} for _ in range(n)]
    for i in range(n):
        if x[i] > upper:
            found[i]["astronomical"] = "high"
        elif x[i] < lower:
            found[i]["astronomical"] = "low"
    for side, flags in (("high", x > mean), ("low", x < mean)):
        for a, b in _runs(flags):
            if b - a >= RUN_LENGTH:
                for i in range(a, b):
                    found[i]["shift"] = side  # type: ignore[assignment]
    if n >= 2:
        diffs = np.diff(x)
        for side, steps in (("high", diffs > 0), ("low", diffs < 0)):
            # a run of k steps is a run of k + 1 points
            for a, b in _runs(steps):
                if b - a + 1 >= RUN_LENGTH:
                    for i in range(a, b + 1):
                        found[i]["trend"] = side  # type: ignore[assignment]
    if sigma > 0:
        near_high = x > mean + 2 * sigma
        near_low = x < mean - 2 * sigma
        for side, near in (("high", near_high), ("low", near_low)):
            for start in range(max(0, n - 2)):
                window = range(start, start + 3)
                if sum(bool(near[i]) for i in window) >= 2:
                    for i in window:
                        if near[i]:
                            found[i]["two_in_three"] = side  # type: ignore[assignment]
    return found


def _kind(direction: Direction, improvement: Improvement) -> str:
    if improvement is None:
        return "neither"
    better = "high" if improvement == "up" else "low"
    return "improvement" if direction == better else "concern"


def xmr(
    values: Sequence[object],
    *,
    improvement: Improvement = None,
    target: float | None = None,
    change_points: Sequence[int] = (),
    bounds: tuple[float, float] | None = None,
) -> Chart:
    """The XmR chart of ``values`` (rules in the module docstring)."""
    if improvement not in ("up", "down", None):
        raise ValueError("improvement must be 'up', 'down' or None")
    numbers = [_number(v) for v in values]
    total = len(numbers)
    cuts = sorted({c for c in change_points if 0 < c < total})
    edges = [0, *cuts, total]
    points: list[Point] = []
    segments: list[Segment] = []
    for seg_no, (start, end) in enumerate(itertools.pairwise(edges)):
        where = [i for i in range(start, end) if numbers[i] is not None]
        x = np.array([numbers[i] for i in where], dtype=float)
        mean = mmr = lower = upper = None
        found: list[dict[str, Direction]] = [{} for _ in where]
        if len(x) >= 2:
            mean = float(x.mean())
            mmr = float(np.abs(np.diff(x)).mean())
            lower, upper = mean - LIMIT_FACTOR * mmr, mean + LIMIT_FACTOR * mmr
            if bounds is not None:
                lower, upper = max(lower, bounds[0]), min(upper, bounds[1])
            found = _segment_rules(x, mean, lower, upper, mmr / D2)
        elif len(x) == 1:
            mean = float(x[0])
        segments.append(Segment(start, end, len(x), mean, mmr, lower, upper))
        by_index = dict(zip(where, found, strict=True))
        for i in range(start, end):
            rules = by_index.get(i)
            if rules is None:
                points.append(Point(i, None, mean, lower, upper, seg_no, kind="gap"))
                continue
            ordered = tuple(r for r in RULE_ORDER if r in rules)
            direction = rules[ordered[0]] if ordered else None
            kind = _kind(direction, improvement) if direction else "common_cause"
            points.append(
                Point(i, numbers[i], mean, lower, upper, seg_no, ordered, direction, kind)
            )
    observed = [p for p in points if p.value is not None]
    variation = "common_cause"
    if observed and observed[-1].direction:
        variation = f"{observed[-1].kind}_{observed[-1].direction}"
    assurance = _assurance(segments[-1] if segments else None, target, improvement)
    notes = []
    if segments and segments[-1].provisional:
        notes.append(
            f"Limits from {segments[-1].n} points (fewer than {MIN_POINTS_FOR_LIMITS}): provisional."
        )
    return Chart(points, segments, variation, assurance, improvement, target, notes)


def _assurance(
    segment: Segment | None, target: float | None, improvement: Improvement
) -> str | None:
    if target is None or improvement is None or segment is None:
        return None
    if segment.lower is None or segment.upper is None:
        return None
    if improvement == "up":
        if segment.lower > target:
            return "consistently_pass"
        if segment.upper < target:
            return "consistently_fail"
    else:
        if segment.upper < target:
            return "consistently_pass"
        if segment.lower > target:
            return "consistently_fail"
    return "hit_and_miss"


VARIATION_TEXT: Final = {
    "common_cause": "common cause variation: no significant change",
    "improvement_high": "special cause variation: improvement (higher)",
    "improvement_low": "special cause variation: improvement (lower)",
    "concern_high": "special cause variation: concerning (higher)",
    "concern_low": "special cause variation: concerning (lower)",
    "neither_high": "special cause variation: higher (neither direction is better)",
    "neither_low": "special cause variation: lower (neither direction is better)",
}
ASSURANCE_TEXT: Final = {
    "consistently_pass": "the target will consistently be met",
    "consistently_fail": "the target will consistently be missed",
    "hit_and_miss": "the target may be met or missed at random",
}


def summary(chart: Chart, *, name: str, fmt: str = "{:.1%}") -> str:
    """One plain-English sentence about a chart (the text alternative beside it)."""
    seg = chart.segments[-1] if chart.segments else None
    if seg is None or seg.mean is None or seg.lower is None or seg.upper is None:
        return f"{name}: too few published points for process limits."
    text = (
        f"{name}: mean {fmt.format(seg.mean)}, process limits {fmt.format(seg.lower)} to "
        f"{fmt.format(seg.upper)} ({seg.n} points); latest point: "
        f"{VARIATION_TEXT[chart.variation]}."
    )
    if chart.assurance:
        text += (
            f" Against the target of {fmt.format(chart.target)}, {ASSURANCE_TEXT[chart.assurance]}."
        )
    if chart.notes:
        text += " " + " ".join(chart.notes)
    return text
