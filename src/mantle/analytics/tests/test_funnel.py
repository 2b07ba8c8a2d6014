"""Funnel limits (analytics.funnel) against values worked by hand."""

from __future__ import annotations

import math

import polars as pl
import pytest

from mantle.analytics.funnel import binomial_limit, funnel, limits, normal_limit


def test_normal_limits_by_hand():
    # p = 0.3, n = 100: standard error √(0.21/100) = 0.045826;
    # 95%: 0.3 ± 1.959964 × 0.045826 = 0.21018 / 0.38982; 99.8%: ± 3.090232 × 0.045826
    lim = limits(n=100, p=0.3, method="normal")
    se = math.sqrt(0.21 / 100)
    assert lim["lower_95"] == pytest.approx(0.3 - 1.959964 * se, abs=1e-6)
    assert lim["upper_95"] == pytest.approx(0.38982, abs=1e-5)
    assert lim["upper_99_8"] == pytest.approx(0.3 + 3.090232 * se, abs=1e-6)
    assert lim["lower_99_8"] == pytest.approx(0.15839, abs=1e-5)


def test_normal_limits_clamp_to_zero():
    assert normal_limit(n=4, p=0.1, q=0.001) == 0.0


def test_exact_limit_interpolates_the_binomial_step():
    # n = 10, p = 0.5, q = 0.975. F(7) = 968/1024 = 0.9453, F(8) = 1013/1024 = 0.98926, so the
    # quantile r = 8; α = (0.98926 − 0.975) / (0.98926 − 0.9453) = 0.32444; limit (8 − α)/10.
    f7, f8 = 968 / 1024, 1013 / 1024
    alpha = (f8 - 0.975) / (f8 - f7)
    assert binomial_limit(n=10, p=0.5, q=0.975) == pytest.approx((8 - alpha) / 10)
    assert binomial_limit(n=10, p=0.5, q=0.975) == pytest.approx(0.767556, abs=1e-5)
    # lower tail by symmetry: F(1) = 11/1024, F(2) = 56/1024 ≥ 0.025, r = 2
    f1, f2 = 11 / 1024, 56 / 1024
    assert binomial_limit(n=10, p=0.5, q=0.025) == pytest.approx(
        (2 - (f2 - 0.025) / (f2 - f1)) / 10
    )


def test_exact_and_normal_agree_for_large_denominators():
    exact, normal = limits(n=10_000, p=0.4), limits(n=10_000, p=0.4, method="normal")
    for key in exact:
        assert exact[key] == pytest.approx(normal[key], abs=0.002)


def test_funnel_places_each_organisation():
    # System mean (30 + 10 + 60 + 5) / (100 + 100 + 100 + 50) = 105/350 = 0.3. At n = 100 the
    # normal 95% limits are 0.2102–0.3898 and 99.8% 0.1584–0.4416: 0.30 within, 0.10 below
    # 99.8%, 0.60 above 99.8%; at n = 50 (se 0.064807) 95% is 0.1730–0.4270: 0.10 below 95% only
    # (99.8% lower 0.0997).
    frame = pl.DataFrame(
        {
            "org_code": ["A", "B", "C", "D", "E"],
            "numerator": [30, 10, 60, 5, None],
            "denominator": [100, 100, 100, 50, 40],
        }
    )
    mean, out = funnel(frame, method="normal")
    assert mean == pytest.approx(0.3)
    assert out["org_code"].to_list() == ["A", "B", "C", "D"]  # E suppressed: left out
    assert out["position"].to_list() == ["within", "below_99_8", "above_99_8", "below_95"]
    # Exact: at n = 50 the binomial is skewed, F(5) = 0.000723 < 0.001 ≤ F(6), so the lower 99.8%
    # limit is above 5/50 (0.1031): D is beyond it, where the normal approximation said 95% only.
    _, exact = funnel(frame)
    assert exact["position"].to_list() == ["within", "below_99_8", "above_99_8", "below_99_8"]
    assert exact["lower_99_8"][3] == pytest.approx(0.10313, abs=1e-5)


def test_funnel_of_nothing():
    mean, out = funnel(pl.DataFrame({"org_code": [], "numerator": [], "denominator": []}))
    assert mean is None and out.height == 0
