"""Read the register as at a date into the analytics frames (``holdings`` and ``posts``).

One SQL query per table, streamed into Polars (``COPY … TO STDOUT`` on PostgreSQL), then the clinician
rules applied column-wise: on date d a person is a clinician when a registration is current and
'registered'; with no registration ever recorded, when an occupation code they hold on d is in a
professionally-qualified-clinical staff group (flagged inferred). Clinical background = clinician or
previously registered. See docs/metrics.md.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl
from django.db import connection

from mantle.workforce.rules.occupation import classify_occupation_code
from mantle.workforce.rules.registration import profession_for_registration

# The tier measured: divide-metrics' board executive tier is the chief executive and the *voting*
# executive directors, so a non-voting executive director's post is measured as senior management.
MEASURED_TIER = (
    "CASE WHEN pv.tier = 'board_executive' AND NOT pv.voting THEN 'senior' ELSE pv.tier END"
)

# Each row is a stretch of time over which one assignment sat on one version of its post: the
# intersection of the two validity intervals, clipped to the window asked for.
HOLDINGS_SQL = """
SELECT a.person_id, o.code AS org_code, u.path AS unit_path, a.post_id, {tier} AS tier,
       pv.statutory_clinical, CAST(a.fte AS FLOAT) AS fte, pv.occupation_code,
       CASE WHEN a.valid_from > pv.valid_from THEN a.valid_from ELSE pv.valid_from END AS vf,
       CASE WHEN COALESCE(a.valid_to, '9999-12-31') < COALESCE(pv.valid_to, '9999-12-31')
            THEN COALESCE(a.valid_to, '9999-12-31') ELSE COALESCE(pv.valid_to, '9999-12-31') END AS vt
FROM workforce_assignment a
JOIN workforce_postversion pv ON pv.post_id = a.post_id AND pv.retracted_at IS NULL
     AND pv.valid_from < COALESCE(a.valid_to, '9999-12-31') AND COALESCE(pv.valid_to, '9999-12-31') > a.valid_from
     AND pv.valid_from <= %(end)s AND COALESCE(pv.valid_to, '9999-12-31') > %(start)s
JOIN workforce_unit u ON u.id = pv.unit_id
JOIN workforce_organisation o ON o.id = a.organisation_id
WHERE a.retracted_at IS NULL AND a.valid_from <= %(end)s AND COALESCE(a.valid_to, '9999-12-31') > %(start)s
{org_filter}
""".replace("{tier}", MEASURED_TIER)

POSTS_SQL = """
SELECT pv.post_id, o.code AS org_code, u.path AS unit_path, {tier} AS tier, pv.statutory_clinical,
       pv.valid_from AS vf, COALESCE(pv.valid_to, '9999-12-31') AS vt
FROM workforce_postversion pv
JOIN workforce_unit u ON u.id = pv.unit_id
JOIN workforce_organisation o ON o.id = pv.organisation_id
WHERE pv.retracted_at IS NULL AND pv.valid_from <= %(end)s AND COALESCE(pv.valid_to, '9999-12-31') > %(start)s
{org_filter}
""".replace("{tier}", MEASURED_TIER)

REGISTRATIONS_SQL = """
SELECT r.person_id, r.body, r.number, r.status, r.valid_from AS vf,
       COALESCE(r.valid_to, '9999-12-31') AS vt
FROM workforce_registration r
WHERE r.retracted_at IS NULL AND r.valid_from <= %(end)s
{person_filter}
"""

HOLDINGS_SCHEMA = {
    "person_id": pl.Int64,
    "org_code": pl.Utf8,
    "unit_path": pl.Utf8,
    "post_id": pl.Int64,
    "tier": pl.Utf8,
    "statutory_clinical": pl.Boolean,
    "fte": pl.Float64,
    "occupation_code": pl.Utf8,
    "vf": pl.Utf8,
    "vt": pl.Utf8,
}
POSTS_SCHEMA = {
    "post_id": pl.Int64,
    "org_code": pl.Utf8,
    "unit_path": pl.Utf8,
    "tier": pl.Utf8,
    "statutory_clinical": pl.Boolean,
    "vf": pl.Utf8,
    "vt": pl.Utf8,
}
REG_SCHEMA = {
    "person_id": pl.Int64,
    "body": pl.Utf8,
    "number": pl.Utf8,
    "status": pl.Utf8,
    "vf": pl.Utf8,
    "vt": pl.Utf8,
}


def _query(sql: str, params: dict[str, Any], schema: dict[str, Any]) -> pl.DataFrame:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = (
                cursor.cursor
            )  # psycopg 3 cursor: stream the rows with COPY, much faster than fetch
            query = raw.mogrify(sql, params)
            buffer = io.BytesIO()
            with raw.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER true)") as copy:
                for chunk in copy:
                    buffer.write(chunk)
            buffer.seek(0)
            if buffer.getbuffer().nbytes == 0:
                return pl.DataFrame(schema=schema)
            bool_cols = [k for k, v in schema.items() if v == pl.Boolean]
            frame = pl.read_csv(
                buffer,
                schema_overrides={
                    k: (pl.Utf8 if v == pl.Boolean else v) for k, v in schema.items()
                },
            )
            return frame.with_columns([(pl.col(c) == "t") for c in bool_cols])
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return pl.DataFrame(schema=schema)
    # Column by column (one pass per column, not per cell). SQLite may hand back dates as date
    # objects or strings; the frames keep ISO strings.
    columns: dict[str, Any] = dict(
        zip(schema, (list(c) for c in zip(*rows, strict=True)), strict=True)
    )
    for name in ("vf", "vt"):
        if name in columns and not all(isinstance(v, str) for v in columns[name]):
            columns[name] = [None if v is None else str(v) for v in columns[name]]
    return pl.DataFrame(columns, schema=schema)


@cache
def _occupation_info(code: str) -> tuple[bool, str | None]:
    cls = classify_occupation_code(code)
    if cls is None or not cls.professionally_qualified_clinical:
        return False, None
    return True, str(cls.profession) if cls.profession else None


@cache
def _profession(body: str, prefix: str) -> str:
    sample = prefix + "1234567"[: max(0, 7 - len(prefix))]
    try:
        return str(profession_for_registration(body=body, number=sample))
    except (ValueError, KeyError):
        return "other_registered"


def _person_status(holdings: pl.DataFrame, regs: pl.DataFrame) -> pl.DataFrame:
    """One row per person in ``holdings``: is_clinician, clinician_inferred, clinical_background,
    profession — the rules in the module docstring."""
    people = holdings.select("person_id").unique()
    if regs.height:
        regs = regs.with_columns(
            pl.col("number").str.extract(r"^([A-Za-z]*)", 1).fill_null("").alias("prefix")
        )
        lookup = regs.select("body", "prefix").unique()
        lookup = lookup.with_columns(
            pl.Series(
                "reg_profession", [_profession(b, p) for b, p in lookup.iter_rows()], dtype=pl.Utf8
            )
        )
        regs = regs.join(lookup, on=["body", "prefix"], how="left")
        per_person = regs.group_by("person_id").agg(
            ((pl.col("is_current") == 1) & (pl.col("status") == "registered"))
            .any()
            .alias("registered"),
            pl.col("reg_profession")
            .sort_by(
                [
                    (pl.col("is_current") == 1) & (pl.col("status") == "registered"),
                    pl.col("is_current"),
                ]
            )
            .last()
            .alias("reg_profession"),
        )
    else:
        per_person = pl.DataFrame(
            schema={"person_id": pl.Int64, "registered": pl.Boolean, "reg_profession": pl.Utf8}
        )
    codes = holdings.select("occupation_code").unique()
    infos = [_occupation_info(c) for c in codes["occupation_code"].to_list()]
    codes = codes.with_columns(
        pl.Series("pqc", [i[0] for i in infos], dtype=pl.Boolean),
        pl.Series("occ_profession", [i[1] for i in infos], dtype=pl.Utf8),
    )
    occ = (
        holdings.join(codes, on="occupation_code", how="left")
        .filter(pl.col("pqc"))
        .group_by("person_id")
        .agg(pl.col("occ_profession").first().alias("occ_profession"))
    )
    status = people.join(per_person, on="person_id", how="left").join(
        occ, on="person_id", how="left"
    )
    has_reg = pl.col("registered").is_not_null()
    return status.select(
        "person_id",
        (
            pl.col("registered").fill_null(False)
            | (~has_reg & pl.col("occ_profession").is_not_null())
        ).alias("is_clinician"),
        (~has_reg & pl.col("occ_profession").is_not_null()).alias("clinician_inferred"),
        (has_reg | pl.col("occ_profession").is_not_null()).alias("clinical_background"),
        pl.when(has_reg)
        .then(pl.col("reg_profession"))
        .otherwise(pl.col("occ_profession"))
        .alias("profession"),
    )


@dataclass(frozen=True)
class History:
    """The register's intervals over a window: enough to build the frames for any date in it."""

    holdings: pl.DataFrame
    posts: pl.DataFrame
    registrations: pl.DataFrame


def _dated(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("vf").str.slice(0, 10).str.to_date(), pl.col("vt").str.slice(0, 10).str.to_date()
    )


def load_history(
    *,
    start: dt.date,
    end: dt.date,
    org_id: int | None = None,
    person_ids: Iterable[int] | None = None,
) -> History:
    """Everything in force at some point between ``start`` and ``end`` (one query per table); with
    ``person_ids``, only those people's holdings and registrations (the posts are not narrowed)."""
    params: dict[str, Any] = {"start": start, "end": end}
    org_filter = ""
    holdings_filter = ""
    person_filter = ""
    if person_ids is not None:
        ids = sorted({int(p) for p in person_ids}) or [0]
        if connection.vendor == "postgresql":
            params["people"] = ids
            holdings_filter += " AND a.person_id = ANY(%(people)s)"
            person_filter += " AND r.person_id = ANY(%(people)s)"
        else:  # integers, so safe to inline; SQLite has no arrays
            listed = ",".join(map(str, ids))
            holdings_filter += f" AND a.person_id IN ({listed})"
            person_filter += f" AND r.person_id IN ({listed})"
    if org_id is not None:
        params["org"] = org_id
        # Filter every table by organisation (not only the joined one) so the planner uses the
        # (organisation, valid_from) indexes instead of scanning a national-sized table.
        org_filter = "AND o.id = %(org)s"
        holdings_filter += " AND a.organisation_id = %(org)s AND pv.organisation_id = %(org)s"
        if connection.vendor == "sqlite":
            # Without table statistics SQLite would drive the join from the assignments' own
            # (organisation, valid_from) index and scan every assignment of the organisation for
            # each post version (1.8 s for the demo trust); the unary plus keeps the filter but
            # stops it choosing that index, so assignments are found by post (30 ms).
            holdings_filter = holdings_filter.replace(
                "AND a.organisation_id", "AND +a.organisation_id"
            )
        person_filter += (
            " AND r.person_id = ANY(ARRAY(SELECT person_id FROM workforce_employeenumber "
            "WHERE organisation_id = %(org)s))"
            if connection.vendor == "postgresql"
            else " AND r.person_id IN (SELECT person_id FROM workforce_employeenumber "
            "WHERE organisation_id = %(org)s)"
        )
    return History(
        holdings=_dated(
            _query(HOLDINGS_SQL.format(org_filter=holdings_filter), params, HOLDINGS_SCHEMA)
        ),
        posts=_dated(_query(POSTS_SQL.format(org_filter=org_filter), params, POSTS_SCHEMA)),
        registrations=_dated(
            _query(REGISTRATIONS_SQL.format(person_filter=person_filter), params, REG_SCHEMA)
        ),
    )


def frames_on(history: History, day: dt.date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The ``holdings`` and ``posts`` frames on ``day`` from a loaded history."""

    def in_force(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter((pl.col("vf") <= day) & (pl.col("vt") > day)).drop("vf", "vt")

    holdings = in_force(history.holdings)
    posts = in_force(history.posts)
    regs = (
        history.registrations.filter(pl.col("vf") <= day)
        .with_columns((pl.col("vt") > day).cast(pl.Int64).alias("is_current"))
        .drop("vf", "vt")
    )
    status = _person_status(holdings, regs)
    holdings = holdings.with_columns(_clinical_post(holdings["occupation_code"]))
    return holdings.join(status, on="person_id", how="left").drop("occupation_code"), posts


def _clinical_post(codes: pl.Series) -> pl.Series:
    """``clinical_post`` for each holding: its post's occupation code is in a professionally
    qualified clinical staff group (what makes a non-management assignment clinical work, for
    hybrids); null when the post has no occupation code recorded."""
    lookup = {
        code: (_occupation_info(code)[0] if code and code.strip() else None)
        for code in codes.unique().to_list()
    }
    return codes.replace_strict(lookup, default=None, return_dtype=pl.Boolean).alias(
        "clinical_post"
    )


def load_frames(
    *, on: dt.date, org_id: int | None = None, person_ids: Iterable[int] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The ``holdings`` and ``posts`` frames on ``on`` for one organisation (or all when None),
    optionally only for some people (their holdings and registrations)."""
    return frames_on(load_history(start=on, end=on, org_id=org_id, person_ids=person_ids), on)


def scope_to_unit(
    holdings: pl.DataFrame, posts: pl.DataFrame, unit_path: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Keep rows in a unit subtree (the unit itself and everything below it)."""

    def in_unit(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(
            (pl.col("unit_path") == unit_path)
            | pl.col("unit_path").str.starts_with(unit_path + "/")
        )

    return in_unit(holdings), in_unit(posts)
