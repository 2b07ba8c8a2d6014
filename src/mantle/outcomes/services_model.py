"""Fitting a model specification for a reader: the data they may see, the fit, and the exact rows
used (for the CSV that makes every estimate reproducible). Shared by the page, the API and the CLI."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from mantle.analytics.outcomes import (
    ModelData,
    ModelResult,
    ModelSpec,
    SpecError,
    fit_model,
    model_data,
    spec_parse,
)
from mantle.core.access import Actor
from mantle.workforce.models import Organisation

from .selectors import org_types, outcome_long


@dataclass
class Fitted:
    spec: ModelSpec
    data: ModelData
    result: ModelResult


def model_fit(*, raw: Any, actor: Actor | None) -> Fitted:
    """Parse, gather and fit. Raises SpecError (a 422 in the API) naming the field at fault,
    including a within-trust model of an organisation the reader may not see (answered like an
    unknown one)."""
    spec = spec_parse(raw)
    organisation = None
    if spec.level == "unit":
        organisation = Organisation.objects.filter(code=spec.filters.organisation).first()
        if organisation is None or (
            actor is not None and not actor.can_view_aggregates(organisation.code)
        ):
            raise SpecError(
                "filters.organisation",
                f"no organisation {spec.filters.organisation!r} whose figures you may see",
            )
    long = outcome_long(
        actor, level=spec.level, organisation=organisation, measures=spec.measures()
    )
    data = model_data(spec, long, org_types=org_types())
    return Fitted(spec=spec, data=data, result=fit_model(spec, data))


def data_csv(fitted: Fitted) -> str:
    """The exact rows the model used, one per observation, with the terms as fitted."""
    buffer = io.StringIO()
    fitted.data.frame.write_csv(buffer)
    return buffer.getvalue()


def spec_json(fitted: Fitted) -> str:
    return json.dumps(fitted.spec.as_dict(), indent=2)


def result_table(result: ModelResult) -> str:
    """The result as a plain-text table with its wording and warnings (``--format table``)."""
    lines = [
        f"{'term':<44} {'estimate':>12} {'std error':>12} {'95% low':>12} {'95% high':>12} {'p':>8}"
    ]
    for c in result.coefficients:
        lines.append(
            f"{c['term'][:44]:<44} {c['estimate']:>12.6g} {c['std_error']:>12.6g} "
            f"{c['ci_low']:>12.6g} {c['ci_high']:>12.6g} {c['p_value']:>8.3g}"
        )
    r2 = "n/a" if result.r2_within is None else f"{result.r2_within:.4f}"
    lines.append(
        f"observations {result.nobs}; clusters {result.n_clusters or 'none'}; within R² {r2}"
    )
    lines.append("")
    lines.extend(result.wording)
    if result.warnings:
        lines.append("")
        lines.extend(f"Warning: {w}" for w in result.warnings)
    return "\n".join(lines)


def frame_csv(frame: pl.DataFrame) -> str:
    buffer = io.StringIO()
    frame.write_csv(buffer)
    return buffer.getvalue()
