"""Funnel plots for proportions across organisations (Spiegelhalter, 2005).

Pure Polars and scipy, no Django. ``funnel(frame, method=...)`` takes one row per organisation
(``org_code``, ``numerator``, ``denominator``; a suppressed or missing count leaves the row out)
and returns each organisation's proportion with the 95% and 99.8% control limits around the
system mean at its denominator, and where it falls.

* **System mean** p = Σ numerators / Σ denominators of the organisations included.
* **Exact binomial** (``method="exact"``, the default): for a limit at probability q and
  denominator n, r = the q-quantile of Binomial(n, p); the step of the discrete distribution is
  interpolated as in Spiegelhalter's funnel-plot paper,
  α = (F(r) − q) / (F(r) − F(r − 1)), limit = (r − α) / n, where F is the binomial CDF; this
  gives a smooth funnel.
* **Normal approximation** (``method="normal"``): p ± z √(p (1 − p) / n), z = 1.959964 for 95%
  and 3.090232 for 99.8%, clamped to 0–1.
* **Where a point falls**: ``above_99_8`` / ``below_99_8`` beyond the outer limits,
  ``above_95`` / ``below_95`` between the two, otherwise ``within``. A point on a limit is inside.
"""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
import polars as pl
from scipy import stats

LEVELS: Final = {"95": 0.95, "99_8": 0.998}

Method = Literal["exact", "normal"]


def binomial_limit(*, n: int, p: float, q: float) -> float:
    """The interpolated exact binomial limit at lower-tail probability ``q``."""
    if n <= 0:
        raise ValueError("the denominator must be positive")
    if p <= 0.0 or p >= 1.0:
        return p
    r = float(stats.binom.ppf(q, n, p))
    upper_cdf = float(stats.binom.cdf(r, n, p))
    lower_cdf = float(stats.binom.cdf(r - 1, n, p))
    step = upper_cdf - lower_cdf
    alpha = (upper_cdf - q) / step if step > 0 else 0.0
    return (r - alpha) / n


def normal_limit(*, n: int, p: float, q: float) -> float:
    """The normal-approximation limit at lower-tail probability ``q``, clamped to 0–1."""
    if n <= 0:
        raise ValueError("the denominator must be positive")
    z = float(stats.norm.ppf(q))
    return float(np.clip(p + z * np.sqrt(p * (1 - p) / n), 0.0, 1.0))


def limits(*, n: int, p: float, method: Method = "exact") -> dict[str, float]:
    """The four limits (lower/upper at 95% and 99.8%) at denominator ``n``."""
    fn = binomial_limit if method == "exact" else normal_limit
    out = {}
    for name, level in LEVELS.items():
        tail = (1 - level) / 2
        out[f"lower_{name}"] = fn(n=n, p=p, q=tail)
        out[f"upper_{name}"] = fn(n=n, p=p, q=1 - tail)
    return out


def _position(share: float, lim: dict[str, float]) -> str:
    if share > lim["upper_99_8"]:
        return "above_99_8"
    if share < lim["lower_99_8"]:
        return "below_99_8"
    if share > lim["upper_95"]:
        return "above_95"
    if share < lim["lower_95"]:
        return "below_95"
    return "within"


def funnel(frame: pl.DataFrame, *, method: Method = "exact") -> tuple[float | None, pl.DataFrame]:
    """The system mean and, per organisation with both counts, its proportion, limits and place."""
    if method not in ("exact", "normal"):
        raise ValueError("method must be 'exact' or 'normal'")
    rows = [
        r
        for r in frame.select("org_code", "numerator", "denominator").iter_rows(named=True)
        if isinstance(r["numerator"], int | float)
        and isinstance(r["denominator"], int | float)
        and r["denominator"] > 0
    ]
    schema = {
        "org_code": pl.Utf8,
        "numerator": pl.Int64,
        "denominator": pl.Int64,
        "share": pl.Float64,
        **{f"{side}_{name}": pl.Float64 for name in LEVELS for side in ("lower", "upper")},
        "position": pl.Utf8,
    }
    if not rows:
        return None, pl.DataFrame(schema=schema)
    p = sum(r["numerator"] for r in rows) / sum(r["denominator"] for r in rows)
    out = []
    for r in rows:
        n = int(r["denominator"])
        share = r["numerator"] / n
        lim = limits(n=n, p=p, method=method)
        out.append(
            {
                "org_code": r["org_code"],
                "numerator": int(r["numerator"]),
                "denominator": n,
                "share": share,
                **lim,
                "position": _position(share, lim),
            }
        )
    return p, pl.DataFrame(out, schema=schema)
