"""API: fit an outcomes model (same JSON as ``mantle outcomes-model --format json``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status

from mantle.analytics.outcomes import SpecError
from mantle.core.access import actor_for
from mantle.core.schemas import ERRORS

from .services_model import model_fit

router = Router(tags=["outcomes"])
PREFIX = "outcomes"


class OutcomesCoefficientOut(Schema):
    term: str
    estimate: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float


class OutcomesModelOut(Schema):
    coefficients: list[OutcomesCoefficientOut]
    nobs: int
    n_clusters: int | None
    r2_within: float | None
    r2: float | None
    n_entities: int
    n_periods: int
    specification: dict[str, Any]
    warnings: list[str]
    wording: list[str]
    dropped: dict[str, int]


class OutcomesSpecIn(Schema):
    outcome: Any
    regressors: Any = None
    fixed_effects: Any = None
    cluster: Any = None
    filters: Any = None
    level: Any = None


@router.post(
    "/models",
    summary="Fit a model of an outcome on leadership measures",
    response={200: OutcomesModelOut, **ERRORS},
)
def outcomes_model(request: HttpRequest, payload: OutcomesSpecIn) -> Status:
    """Fit the JSON specification (docs/outcomes.md) on the figures you may see: panel models with
    organisation and period fixed effects and clustered standard errors, cross-sections, and
    within-trust models over units and months. A bad specification (unknown measure, a transform
    without its denominator, too few observations…) answers 422 naming the field. The result is an
    association, not a cause; ``wording`` says so in plain English and ``warnings`` names weak
    designs."""
    actor = actor_for(request)
    if not actor.can_view_aggregates_anywhere:
        raise PermissionDenied("Outcome models are for analysts, HR/OD and board viewers.")
    raw = {k: v for k, v in payload.dict().items() if v is not None}
    try:
        fitted = model_fit(raw=raw, actor=actor)
    except SpecError as exc:
        return Status(
            422,
            {
                "code": "validation_error",
                "message": f"The specification cannot be fitted: {exc.field}: {exc.message}",
                "errors": [{"field": exc.field, "message": exc.message, "type": "specification"}],
            },
        )
    return Status(200, fitted.result.as_dict())
