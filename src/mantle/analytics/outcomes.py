"""Does leadership pay? Leadership measures against outcomes: explore, model, where you sit.

Pure: Polars frames in, frames or dicts out; no Django. The statistics come from well-kept
libraries — ``linearmodels.PanelOLS`` for every model (fixed effects absorbed, standard errors
clustered), ``statsmodels`` OLS for the scatter's trend line, ``scipy`` for percentiles — never
written by hand here. docs/outcomes.md defines every measure and model with a worked example.

The data is one *long* frame: ``org_code, unit_path, period, measure, value, denominator`` (a
unit-level row has a ``unit_path``; an organisation-level row has ``""``). ``period`` is a year
``YYYY`` or a month ``YYYY-MM``. ``wide_frame`` pivots it to one row per (organisation, unit,
period); when the model's outcome is yearly, monthly figures are averaged over the calendar year
(``align_periods``).

A model is a JSON specification (``spec_parse``)::

    {"outcome": "shmi",
     "regressors": [{"measure": "managers_fte", "transform": "log"}, "consultants_fte"],
     "fixed_effects": ["organisation", "period"], "cluster": "organisation",
     "filters": {"org_type": ["acute"], "years": [2012, 2018]}}

Transforms: ``log`` (natural log; rows with a value of 0 or less are left out and counted),
``share_of`` (value ÷ ``denominator`` measure) and ``per_100`` (100 × value ÷ ``denominator``).
A bad specification raises ``SpecError`` naming the field (the API answers 422 with it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import pandas as pd
import polars as pl
from linearmodels.panel import PanelOLS
from linearmodels.panel.utility import AbsorbingEffectError
from scipy import stats

LEVELS: Final = ("organisation", "unit")
TRANSFORMS: Final = ("log", "share_of", "per_100")
NEEDS_DENOMINATOR: Final = ("share_of", "per_100")
FIXED_EFFECTS: Final = ("organisation", "unit", "period")
CLUSTERS: Final = ("organisation", "unit", "period")
SPEC_KEYS: Final = ("outcome", "regressors", "fixed_effects", "cluster", "filters", "level")
FILTER_KEYS: Final = ("org_type", "years", "organisations", "organisation")
MEASURE_NAME: Final = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,79}$")
MIN_OBSERVATIONS: Final = 10
FEW_CLUSTERS: Final = 30
LITTLE_WITHIN: Final = 0.1
LONG_SCHEMA: Final = {
    "org_code": pl.Utf8,
    "unit_path": pl.Utf8,
    "period": pl.Utf8,
    "measure": pl.Utf8,
    "value": pl.Float64,
    "denominator": pl.Float64,
}
KEYS: Final = ("org_code", "unit_path", "period")

ASSOCIATION: Final = (
    "These are associations, not causes: the model shows how the outcome moved with the "
    "leadership measures in this data, not what would happen if you changed them. Organisations "
    "that differ in one way differ in many others the model does not see."
)


class SpecError(ValueError):
    """A model specification that cannot be fitted; ``field`` names the part at fault."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Term:
    """One side of the model: a measure, optionally transformed (with a denominator measure)."""

    measure: str
    transform: str | None = None
    denominator: str | None = None

    @property
    def name(self) -> str:
        if self.transform == "log":
            return f"log({self.measure})"
        if self.transform == "share_of":
            return f"{self.measure} / {self.denominator}"
        if self.transform == "per_100":
            return f"{self.measure} per 100 {self.denominator}"
        return self.measure

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"measure": self.measure}
        if self.transform:
            out["transform"] = self.transform
        if self.denominator:
            out["denominator"] = self.denominator
        return out

    def measures(self) -> list[str]:
        return [self.measure] + ([self.denominator] if self.denominator else [])


@dataclass(frozen=True)
class Filters:
    org_type: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    organisations: tuple[str, ...] = ()
    organisation: str | None = None  # the trust of a within-trust (unit-level) model

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.org_type:
            out["org_type"] = list(self.org_type)
        if self.years:
            out["years"] = list(self.years)
        if self.organisations:
            out["organisations"] = list(self.organisations)
        if self.organisation:
            out["organisation"] = self.organisation
        return out


@dataclass(frozen=True)
class ModelSpec:
    outcome: Term
    regressors: tuple[Term, ...]
    fixed_effects: tuple[str, ...] = ()
    cluster: str | None = None
    filters: Filters = field(default_factory=Filters)
    level: str = "organisation"

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.as_dict(),
            "regressors": [r.as_dict() for r in self.regressors],
            "fixed_effects": list(self.fixed_effects),
            "cluster": self.cluster,
            "filters": self.filters.as_dict(),
            "level": self.level,
        }

    def measures(self) -> list[str]:
        names = self.outcome.measures()
        for term in self.regressors:
            names.extend(term.measures())
        return list(dict.fromkeys(names))


def _term(raw: Any, where: str) -> Term:
    if isinstance(raw, str):
        raw = {"measure": raw}
    if not isinstance(raw, Mapping):
        raise SpecError(where, "must be a measure name or an object with 'measure'")
    unknown = sorted(set(raw) - {"measure", "transform", "denominator"})
    if unknown:
        raise SpecError(
            f"{where}.{unknown[0]}", "unknown key; allowed: measure, transform, denominator"
        )
    measure = raw.get("measure")
    if not isinstance(measure, str) or not MEASURE_NAME.match(measure):
        raise SpecError(
            f"{where}.measure",
            f"{measure!r} is not a measure name (lower-case letters, digits, _ . -)",
        )
    transform = raw.get("transform")
    if transform is not None and transform not in TRANSFORMS:
        raise SpecError(
            f"{where}.transform",
            f"{transform!r} is not a transform; allowed: log, share_of, per_100",
        )
    denominator = raw.get("denominator")
    if transform in NEEDS_DENOMINATOR:
        if not isinstance(denominator, str) or not MEASURE_NAME.match(denominator):
            raise SpecError(
                f"{where}.denominator",
                f"the transform {transform} needs a denominator: the measure to divide by",
            )
    elif denominator is not None:
        raise SpecError(
            f"{where}.denominator", "only the transforms share_of and per_100 take a denominator"
        )
    return Term(measure=measure, transform=transform, denominator=denominator)


def _names(raw: Any, where: str, allowed: Sequence[str]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise SpecError(where, "must be a list of names")
    bad = [x for x in raw if x not in allowed]
    if bad:
        raise SpecError(where, f"{bad[0]!r} is not allowed; allowed: {', '.join(allowed)}")
    return tuple(dict.fromkeys(raw))


def _filters(raw: Any) -> Filters:
    if raw is None:
        return Filters()
    if not isinstance(raw, Mapping):
        raise SpecError("filters", "must be an object")
    unknown = sorted(set(raw) - set(FILTER_KEYS))
    if unknown:
        raise SpecError(
            f"filters.{unknown[0]}", f"unknown filter; allowed: {', '.join(FILTER_KEYS)}"
        )
    org_type = raw.get("org_type") or []
    if isinstance(org_type, str):
        org_type = [org_type]
    if not isinstance(org_type, list) or not all(isinstance(x, str) for x in org_type):
        raise SpecError("filters.org_type", "must be a list of organisation types, e.g. ['acute']")
    years = raw.get("years")
    span: tuple[int, int] | None = None
    if years is not None:
        if (
            not isinstance(years, list)
            or len(years) != 2
            or not all(isinstance(y, int) and not isinstance(y, bool) for y in years)
            or not 1948 <= years[0] <= years[1] <= 2099
        ):
            raise SpecError(
                "filters.years", "must be [first, last] calendar years, e.g. [2012, 2018]"
            )
        span = (years[0], years[1])
    organisations = raw.get("organisations") or []
    if not isinstance(organisations, list) or not all(isinstance(x, str) for x in organisations):
        raise SpecError("filters.organisations", "must be a list of ODS codes")
    organisation = raw.get("organisation")
    if organisation is not None and not isinstance(organisation, str):
        raise SpecError("filters.organisation", "must be one ODS code")
    return Filters(
        org_type=tuple(org_type),
        years=span,
        organisations=tuple(code.strip().upper() for code in organisations),
        organisation=organisation.strip().upper() if organisation else None,
    )


def spec_parse(raw: Any) -> ModelSpec:
    """Read a JSON specification (module docstring). Rule: every problem names its field."""
    if not isinstance(raw, Mapping):
        raise SpecError("specification", "must be a JSON object")
    unknown = sorted(set(raw) - set(SPEC_KEYS))
    if unknown:
        raise SpecError(unknown[0], f"unknown key; allowed: {', '.join(SPEC_KEYS)}")
    if "outcome" not in raw:
        raise SpecError("outcome", "is required: the measure to explain")
    outcome = _term(raw["outcome"], "outcome")
    regressors_raw = raw.get("regressors")
    if not isinstance(regressors_raw, list) or not regressors_raw:
        raise SpecError("regressors", "must be a non-empty list of measures")
    regressors = tuple(_term(r, f"regressors[{i}]") for i, r in enumerate(regressors_raw))
    names = [t.name for t in regressors]
    if len(set(names)) != len(names):
        raise SpecError("regressors", "the same term is listed twice")
    if outcome.name in names:
        raise SpecError("regressors", f"{outcome.name} is the outcome; it cannot explain itself")
    level = raw.get("level", "organisation")
    if level not in LEVELS:
        raise SpecError("level", f"{level!r} is not allowed; allowed: organisation, unit")
    fixed_effects = _names(raw.get("fixed_effects"), "fixed_effects", FIXED_EFFECTS)
    cluster = raw.get("cluster")
    if cluster is not None and cluster not in CLUSTERS:
        raise SpecError("cluster", f"{cluster!r} is not allowed; allowed: {', '.join(CLUSTERS)}")
    filters = _filters(raw.get("filters"))
    if level == "organisation" and ("unit" in fixed_effects or cluster == "unit"):
        raise SpecError(
            "fixed_effects" if "unit" in fixed_effects else "cluster",
            "unit effects need a unit-level model: set level to 'unit'",
        )
    if level == "unit":
        if not filters.organisation:
            raise SpecError(
                "filters.organisation", "a unit-level model is within one trust: name its ODS code"
            )
        if "organisation" in fixed_effects:
            raise SpecError(
                "fixed_effects", "a within-trust model has one organisation; use 'unit' effects"
            )
    return ModelSpec(
        outcome=outcome,
        regressors=regressors,
        fixed_effects=fixed_effects,
        cluster=cluster,
        filters=filters,
        level=level,
    )


# --- data ---------------------------------------------------------------------------------------


def empty_long() -> pl.DataFrame:
    return pl.DataFrame(schema=LONG_SCHEMA)


def period_year(column: str = "period") -> pl.Expr:
    return pl.col(column).str.slice(0, 4).cast(pl.Int32)


def align_periods(long: pl.DataFrame, *, yearly: bool) -> pl.DataFrame:
    """Yearly: months become their calendar year, the value (and denominator) the mean of the
    year's months present. Otherwise unchanged."""
    if not yearly or long.is_empty():
        return long
    monthly = long.filter(pl.col("period").str.len_chars() > 4)
    if monthly.is_empty():
        return long
    years = (
        monthly.with_columns(pl.col("period").str.slice(0, 4))
        .group_by(["org_code", "unit_path", "period", "measure"])
        .agg(pl.col("value").mean(), pl.col("denominator").mean())
        .select(list(LONG_SCHEMA))
    )
    return pl.concat([long.filter(pl.col("period").str.len_chars() == 4), years])


def wide_frame(long: pl.DataFrame, measures: Sequence[str]) -> pl.DataFrame:
    """One row per (organisation, unit, period); one column per measure (its value)."""
    subset = long.filter(pl.col("measure").is_in(list(measures)))
    if subset.is_empty():
        return pl.DataFrame(
            schema={**dict.fromkeys(KEYS, pl.Utf8), **dict.fromkeys(measures, pl.Float64)}
        )
    wide = subset.pivot(on="measure", index=list(KEYS), values="value", aggregate_function="mean")
    for name in measures:
        if name not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(name))
    return wide.sort(list(KEYS))


def is_yearly(long: pl.DataFrame, measure: str) -> bool:
    periods = long.filter(pl.col("measure") == measure)["period"]
    return bool(periods.len()) and bool((periods.str.len_chars() == 4).all())


def _term_expr(term: Term) -> pl.Expr:
    value = pl.col(term.measure)
    if term.transform == "log":
        return pl.when(value > 0).then(value.log()).otherwise(None)
    assert term.denominator is not None or term.transform is None
    if term.transform == "share_of":
        den = pl.col(term.denominator or "")
        return pl.when(den > 0).then(value / den).otherwise(None)
    if term.transform == "per_100":
        den = pl.col(term.denominator or "")
        return pl.when(den > 0).then(100 * value / den).otherwise(None)
    return value


@dataclass
class ModelData:
    """The exact rows a model used (``frame``: keys, org_type, then each term) and what was left
    out, and why."""

    frame: pl.DataFrame
    dropped: dict[str, int]
    periods_expected: list[str]


def model_data(
    spec: ModelSpec, long: pl.DataFrame, *, org_types: Mapping[str, str] | None = None
) -> ModelData:
    """Filter, align and transform the data for ``spec``. Raises SpecError for an unknown measure
    or too few observations."""
    org_types = org_types or {}
    level_rows = (
        long.filter(pl.col("unit_path") != "")
        if spec.level == "unit"
        else long.filter(pl.col("unit_path") == "")
    )
    known = set(level_rows["measure"].unique().to_list())
    where = {spec.outcome.measure: "outcome.measure"}
    if spec.outcome.denominator:
        where.setdefault(spec.outcome.denominator, "outcome.denominator")
    for i, term in enumerate(spec.regressors):
        where.setdefault(term.measure, f"regressors[{i}].measure")
        if term.denominator:
            where.setdefault(term.denominator, f"regressors[{i}].denominator")
    for name, place in where.items():
        if name not in known:
            raise SpecError(
                place,
                f"unknown measure {name!r} at {spec.level} level; known: "
                + (", ".join(sorted(known)[:40]) or "none — load outcomes first"),
            )
    data = level_rows
    if spec.level == "unit":
        data = data.filter(pl.col("org_code") == spec.filters.organisation)
    if spec.filters.organisations:
        data = data.filter(pl.col("org_code").is_in(list(spec.filters.organisations)))
    if spec.filters.org_type:
        wanted = {c for c, t in org_types.items() if t in spec.filters.org_type}
        data = data.filter(pl.col("org_code").is_in(sorted(wanted)))
    data = align_periods(data, yearly=is_yearly(level_rows, spec.outcome.measure))
    if spec.filters.years:
        first, last = spec.filters.years
        data = data.filter(period_year().is_between(first, last))
    wide = wide_frame(data, spec.measures())
    terms = [spec.outcome, *spec.regressors]
    frame = wide.select(
        *KEYS,
        pl.col("org_code").replace_strict(dict(org_types), default="").alias("org_type"),
        *[_term_expr(t).cast(pl.Float64).alias(t.name) for t in terms],
    )
    dropped: dict[str, int] = {}
    for term in terms:
        missing = frame[term.name].is_null() | frame[term.name].is_nan()
        raw_missing = wide[term.measure].is_null()
        if term.transform == "log":
            n = int((missing & ~raw_missing).sum())
            if n:
                dropped[f"{term.name}: value 0 or less"] = n
    complete = pl.all_horizontal(
        [pl.col(t.name).is_not_null() & pl.col(t.name).is_not_nan() for t in terms]
    )
    incomplete = int(frame.height - frame.filter(complete).height)
    if incomplete:
        dropped["rows missing a measure"] = incomplete - sum(dropped.values())
    frame = frame.filter(complete)
    periods_expected = sorted(data["period"].unique().to_list())
    minimum = max(MIN_OBSERVATIONS, len(spec.regressors) + 2)
    if frame.height < minimum:
        raise SpecError(
            "specification",
            f"too few observations: {frame.height} rows have every measure (at least {minimum} "
            "needed); widen the filters or choose measures recorded for the same organisations "
            "and periods",
        )
    return ModelData(frame=frame, dropped=dropped, periods_expected=periods_expected)


# --- models -------------------------------------------------------------------------------------


@dataclass
class ModelResult:
    coefficients: list[dict[str, Any]]
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

    def as_dict(self) -> dict[str, Any]:
        return {
            "coefficients": self.coefficients,
            "nobs": self.nobs,
            "n_clusters": self.n_clusters,
            "r2_within": self.r2_within,
            "r2": self.r2,
            "n_entities": self.n_entities,
            "n_periods": self.n_periods,
            "specification": self.specification,
            "warnings": self.warnings,
            "wording": self.wording,
            "dropped": self.dropped,
        }


def _finite(x: float) -> float | None:
    return float(x) if x is not None and math.isfinite(float(x)) else None


def _entity(spec: ModelSpec) -> str:
    return "unit_path" if spec.level == "unit" else "org_code"


def fit_model(spec: ModelSpec, data: ModelData) -> ModelResult:
    """Fit ``spec`` on ``data`` with ``linearmodels.PanelOLS``.

    Rules: ``organisation``/``unit`` fixed effects are entity effects, ``period`` effects time
    effects; standard errors clustered by the named dimension (else heteroskedasticity-robust),
    with the small-sample corrections G/(G−1) × (N−1)/(N−K) counting the absorbed effects — the
    same as OLS with explicit dummies in statsmodels; 95% intervals and p-values from the t
    distribution on the residual degrees of freedom.
    """
    frame = data.frame
    entity = _entity(spec)
    periods = sorted(frame["period"].unique().to_list())
    period_index = {p: i for i, p in enumerate(periods)}
    pdf = frame.with_columns(
        pl.col("period").replace_strict(period_index, return_dtype=pl.Int64).alias("_t")
    ).to_pandas()
    pdf = pdf.set_index([entity, "_t"])
    if pdf.index.duplicated().any():
        raise SpecError(
            "level",
            "more than one row per entity and period: choose level 'unit' for unit-level data",
        )
    names = [t.name for t in spec.regressors]
    exog = pdf[names]
    if not spec.fixed_effects:
        exog = exog.assign(const=1.0)[["const", *names]]
    entity_effects = bool({"organisation", "unit"} & set(spec.fixed_effects))
    time_effects = "period" in spec.fixed_effects
    model = PanelOLS(
        pdf[spec.outcome.name],
        exog,
        entity_effects=entity_effects,
        time_effects=time_effects,
        drop_absorbed=False,
        check_rank=True,
    )
    fit_kwargs: dict[str, Any] = {"debiased": True, "count_effects": True}
    n_clusters: int | None = None
    if spec.cluster:
        groups = pdf.reset_index()[
            entity if spec.cluster in ("organisation", "unit") else "_t"
        ].to_numpy()
        codes = pd.factorize(groups)[0]
        n_clusters = int(codes.max() + 1)
        if n_clusters < 2:
            raise SpecError("cluster", "only one cluster: clustered errors need at least two")
        fit_kwargs.update(
            cov_type="clustered",
            clusters=pd.DataFrame({"c": codes}, index=pdf.index),
            group_debias=True,
        )
    else:
        fit_kwargs.update(cov_type="robust")
    try:
        result = model.fit(**fit_kwargs)
    except AbsorbingEffectError as exc:
        raise SpecError(
            "regressors",
            "the model cannot be estimated: a measure does not vary within the fixed effects "
            "(it is the same for each organisation or unit every period, or collinear with another)",
        ) from exc
    except ValueError as exc:  # collinear regressors
        raise SpecError("regressors", f"the model cannot be estimated: {exc}") from exc
    ci = result.conf_int(level=0.95)
    coefficients = []
    for term in exog.columns:
        coefficients.append(
            {
                "term": "intercept" if term == "const" else term,
                "estimate": float(result.params[term]),
                "std_error": float(result.std_errors[term]),
                "ci_low": float(ci.loc[term, "lower"]),
                "ci_high": float(ci.loc[term, "upper"]),
                "p_value": float(result.pvalues[term]),
            }
        )
    warnings = _warnings(spec, data, n_clusters=n_clusters, periods=periods)
    out = ModelResult(
        coefficients=coefficients,
        nobs=int(result.nobs),
        n_clusters=n_clusters,
        r2_within=_finite(result.rsquared_within),
        r2=_finite(result.rsquared),
        n_entities=int(frame[entity].n_unique()),
        n_periods=len(periods),
        specification=spec.as_dict(),
        warnings=warnings,
        wording=[],
        dropped=dict(data.dropped),
    )
    out.wording = model_wording(spec, out)
    return out


def _warnings(
    spec: ModelSpec, data: ModelData, *, n_clusters: int | None, periods: list[str]
) -> list[str]:
    frame = data.frame
    entity = _entity(spec)
    out: list[str] = []
    if n_clusters is not None and n_clusters < FEW_CLUSTERS:
        out.append(
            f"Few clusters: standard errors are clustered over only {n_clusters} groups (fewer "
            f"than {FEW_CLUSTERS}), so the intervals and p-values are less reliable than they look."
        )
    if not spec.cluster and spec.level == "organisation" and len(periods) > 1:
        out.append(
            "Standard errors are not clustered although organisations appear in several periods: "
            "they are probably too small. Cluster by organisation."
        )
    entity_fe = bool({"organisation", "unit"} & set(spec.fixed_effects))
    if entity_fe:
        for term in spec.regressors:
            spread = frame.select(
                pl.col(term.name).std().alias("total"),
                (pl.col(term.name) - pl.col(term.name).mean().over(entity)).std().alias("within"),
            ).row(0)
            total = float(spread[0] or 0.0)
            within = float(spread[1] or 0.0)
            if total == 0 or within / total < LITTLE_WITHIN:
                out.append(
                    f"Little within variation in {term.name}: it barely changes inside each "
                    f"{'unit' if entity == 'unit_path' else 'organisation'} over time "
                    f"(within/overall standard deviation {within / total if total else 0:.2f}), "
                    "so its estimate rests on very little information."
                )
    if spec.level == "unit":
        paths = set(frame["unit_path"].unique().to_list())
        nested = sum(
            1
            for path in paths
            if any("/".join(path.split("/")[:i]) in paths for i in range(1, path.count("/") + 1))
        )
        if nested:
            out.append(
                f"Nested units: {nested} unit(s) sit inside another unit in the model (a directorate "
                "and its wards), so the same people count twice; use units of one level."
            )
    counts = frame.group_by(entity).len()
    expected = len(periods)
    gaps = int(counts.filter(pl.col("len") < expected).height) if expected > 1 else 0
    absent = sorted(set(data.periods_expected) - set(periods))
    if absent:
        out.append(
            "Missing periods: no complete rows for " + ", ".join(absent) + " (measures not "
            "recorded together then)."
        )
    if gaps:
        out.append(
            f"Missing periods: {gaps} of {counts.height} "
            f"{'units' if entity == 'unit_path' else 'organisations'} lack some of the "
            f"{expected} periods (an unbalanced panel); those that drop in and out may differ."
        )
    return out


def model_wording(spec: ModelSpec, result: ModelResult) -> list[str]:
    """The result in plain English, one sentence per term, then what kind of evidence it is."""
    lines: list[str] = []
    design = []
    if "organisation" in spec.fixed_effects:
        design.append("comparing each organisation with itself over time")
    if "unit" in spec.fixed_effects:
        design.append("comparing each unit with itself over time")
    if "period" in spec.fixed_effects:
        design.append(
            "allowing for changes common to every "
            + ("unit" if spec.level == "unit" else "organisation")
            + " in each period"
        )
    if not spec.fixed_effects:
        design.append("comparing organisations with each other (a cross-section)")
    lines.append(
        f"Model of {spec.outcome.name} on {len(spec.regressors)} measure(s), "
        + "; ".join(design)
        + f": {result.nobs} observations"
        + (f", {result.n_clusters} clusters" if result.n_clusters else "")
        + "."
    )
    for c in result.coefficients:
        if c["term"] == "intercept":
            continue
        direction = "higher" if c["estimate"] > 0 else "lower"
        unit = "1 point higher" if not c["term"].startswith("log(") else "1% higher"
        size = c["estimate"] / 100 if c["term"].startswith("log(") else c["estimate"]
        certain = (
            "the 95% interval excludes zero"
            if c["ci_low"] > 0 or c["ci_high"] < 0
            else "the 95% interval includes zero, so the data are consistent with no association"
        )
        lines.append(
            f"Where {c['term']} was {unit}, {spec.outcome.name} was on average "
            f"{abs(size):.4g} {direction} (95% interval {c['ci_low']:.4g} to {c['ci_high']:.4g} "
            f"per unit of the term; p = {c['p_value']:.3g}); {certain}."
        )
    lines.append(ASSOCIATION)
    return lines


# --- explore and where you sit ------------------------------------------------------------------


def scatter(wide: pl.DataFrame, *, x: str, y: str) -> tuple[pl.DataFrame, dict[str, Any] | None]:
    """Points with both measures and the least-squares trend line (statsmodels OLS y ~ x):
    ``{"slope", "intercept", "r2", "n", "p_value"}``, or None with fewer than 3 points."""
    import statsmodels.api as sm

    points = wide.filter(pl.col(x).is_not_null() & pl.col(y).is_not_null())
    if points.height < 3 or float(points.select(pl.col(x).std()).item() or 0) == 0:
        return points, None
    fit = sm.OLS(points[y].to_numpy(), sm.add_constant(points[x].to_numpy())).fit()
    return points, {
        "intercept": float(fit.params[0]),
        "slope": float(fit.params[1]),
        "r2": float(fit.rsquared),
        "p_value": float(fit.pvalues[1]),
        "n": int(fit.nobs),
    }


def percentile_in(values: Sequence[float], value: float) -> float:
    """The share of the peer group at or below ``value``, in percent (scipy, kind 'weak')."""
    return float(stats.percentileofscore(np.asarray(values, dtype=float), value, kind="weak"))


def where_you_sit(
    long: pl.DataFrame,
    *,
    org_code: str,
    peers: Sequence[str],
    measures: Sequence[str] | None = None,
) -> pl.DataFrame:
    """For each organisation-level measure, in its latest period with a value for ``org_code``:
    the value, the peer group's median and size, and the organisation's percentile among peers
    (the organisation included)."""
    rows = long.filter(pl.col("unit_path") == "")
    if measures is not None:
        rows = rows.filter(pl.col("measure").is_in(list(measures)))
    mine = (
        rows.filter(pl.col("org_code") == org_code)
        .sort("period")
        .group_by("measure")
        .agg(pl.col("period").last(), pl.col("value").last(), pl.col("denominator").last())
    )
    peer_set = set(peers) | {org_code}
    out = []
    for r in mine.sort("measure").iter_rows(named=True):
        group = rows.filter(
            (pl.col("measure") == r["measure"])
            & (pl.col("period") == r["period"])
            & pl.col("org_code").is_in(sorted(peer_set))
            & pl.col("value").is_not_null()
        )
        values = group["value"].to_list()
        out.append(
            {
                "measure": r["measure"],
                "period": r["period"],
                "value": r["value"],
                "denominator": r["denominator"],
                "peers": len(values),
                "peer_median": float(np.median(values)) if values else None,
                "percentile": percentile_in(values, r["value"]) if values else None,
            }
        )
    schema = {
        "measure": pl.Utf8,
        "period": pl.Utf8,
        "value": pl.Float64,
        "denominator": pl.Float64,
        "peers": pl.Int64,
        "peer_median": pl.Float64,
        "percentile": pl.Float64,
    }
    return pl.DataFrame(out, schema=schema)
