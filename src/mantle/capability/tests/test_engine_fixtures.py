"""Shared, hand-checkable inputs for the engine tests (no database; holds no tests itself)."""

from __future__ import annotations

from collections.abc import Mapping

from mantle.capability.engine.responses import Response
from mantle.capability.frameworks import FrameworkSpec, parse_framework

ALPHA = ("alpha.1", "alpha.2", "alpha.3")
BETA = ("beta.1", "beta.2", "beta.3")


def small_framework(*, rates_importance: bool = True) -> FrameworkSpec:
    """Two dimensions of three statements on a 1–4 scale with a not-applicable option."""
    scale = {
        "points": [
            {"value": 1, "label": "Rarely", "description": "Seldom seen."},
            {"value": 2, "label": "Sometimes", "description": "Seen now and then."},
            {"value": 3, "label": "Usually", "description": "Seen most of the time."},
            {"value": 4, "label": "Always", "description": "Seen every time."},
        ],
        "not_applicable": {"label": "Not seen", "description": "No chance to judge."},
    }
    data: dict[str, object] = {
        "key": "demo",
        "name": "Demo",
        "version": "1.0",
        "kind": "leadership",
        "citation": {"publisher": "Mantle", "title": "Demo", "year": 2026, "version": "1.0"},
        "scale": scale,
        "rates_importance": rates_importance,
        "rater_groups": ["self", "line_manager", "peer", "direct_report", "other"],
        "dimensions": [
            {
                "key": key,
                "name": key.title(),
                "group": None,
                "description": f"The {key} dimension.",
                "statements": [{"key": s, "text": f"Statement {s}."} for s in statements],
            }
            for key, statements in (("alpha", ALPHA), ("beta", BETA))
        ],
    }
    if rates_importance:
        data["importance_scale"] = {
            "points": [
                {"value": 1, "label": "Minor", "description": "Rarely needed."},
                {"value": 2, "label": "Moderate", "description": "Sometimes needed."},
                {"value": 3, "label": "High", "description": "Often needed."},
                {"value": 4, "label": "Critical", "description": "Always needed."},
            ]
        }
    return parse_framework(data=data, source="demo.json")


def answers(
    alpha: tuple[int | None, ...],
    beta: tuple[int | None, ...],
    *,
    importance: int | None = None,
) -> Mapping[str, tuple[int | None, int | None]]:
    """Ratings for the small framework: one value per statement, with one importance for all."""
    ratings = dict(zip(ALPHA, alpha, strict=True)) | dict(zip(BETA, beta, strict=True))
    return {key: (value, importance) for key, value in ratings.items()}


def uniform_response(
    group: str, value: int | None, *, comments: tuple[str, ...] = (), importance: int | None = None
) -> Response:
    """A rater who gives the same value to every statement of the small framework."""
    return Response(
        group,
        answers((value,) * 3, (value,) * 3, importance=importance),
        comments,
    )
