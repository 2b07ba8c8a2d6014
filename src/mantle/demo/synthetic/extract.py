"""The monthly ESR-style workforce extract: its columns, its assembly and its CSV form."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import numpy as np
import polars as pl

from mantle.demo.synthetic.filling import FTE_UNIT, Assignments
from mantle.demo.synthetic.people import REG_STATUSES, People
from mantle.demo.synthetic.posts import PostTable

EXTRACT_COLUMNS: Final[tuple[str, ...]] = (
    "org_code",
    "employee_number",
    "assignment_number",
    "first_name",
    "last_name",
    "date_of_birth",
    "position_number",
    "position_title",
    "unit_path",
    "reports_to_position_number",
    "occupation_code",
    "job_role",
    "pay_band",
    "assignment_fte",
    "assignment_start_date",
    "management_tier",
    "statutory_clinical_role",
    "registration_body",
    "registration_number",
    "registration_status",
    "sex",
    "ethnic_category",
    "disability",
)

ESTABLISHMENT_COLUMNS: Final[tuple[str, ...]] = (
    "position_number",
    "position_title",
    "unit_path",
    "reports_to_position_number",
    "occupation_code",
    "job_role",
    "pay_band",
    "budgeted_fte",
    "management_tier",
    "statutory_clinical_role",
    "critical",
)

_POST_COLUMNS = (
    "org_code",
    "position_number",
    "position_title",
    "unit_path",
    "reports_to_position_number",
    "occupation_code",
    "job_role",
    "pay_band",
    "management_tier",
    "statutory_clinical_role",
)


def format_fte(units: pl.Series) -> pl.Series:
    """FTE as a decimal string with five places, as the workforce minimum data set carries it."""
    return pl.select(
        pl.concat_str(
            (units // FTE_UNIT).cast(pl.Utf8),
            pl.lit("."),
            (units % FTE_UNIT).cast(pl.Utf8).str.zfill(5),
        )
    ).to_series()


def build_extract(*, posts: PostTable, people: People, assignments: Assignments) -> pl.DataFrame:
    """One row per current assignment, every value a string, in :data:`EXTRACT_COLUMNS` order.

    Rule: rows are ordered by organisation, employee number and assignment; an employee's first
    assignment carries the employee number as its assignment number, later ones a ``-n`` suffix
    (the ESR convention), so assignment numbers are unique within an organisation.
    """
    employee = people.frame["employee_number"].to_numpy()[assignments.person]
    order = np.lexsort((assignments.seq, employee, posts.org[assignments.post]))
    a = assignments.reorder(order)
    emp = pl.Series(employee[order]).cast(pl.Utf8)
    seq = pl.Series(a.seq)
    post_part = posts.frame.select(_POST_COLUMNS)[a.post]
    person_part = people.frame.drop("employee_number")[a.person]
    assignment_number = pl.select(
        pl.when(seq == 1).then(emp).otherwise(pl.concat_str(emp, pl.lit("-"), seq.cast(pl.Utf8)))
    ).to_series()
    extra = pl.DataFrame(
        {
            "employee_number": emp,
            "assignment_number": assignment_number,
            "assignment_fte": format_fte(pl.Series(a.fte)),
            "assignment_start_date": pl.Series(a.start.astype(np.int32))
            .cast(pl.Date)
            .cast(pl.Utf8),
            "registration_status": pl.Series(list(REG_STATUSES)).gather(
                people.reg_status[a.person]
            ),
        }
    )
    return pl.concat([post_part, person_part, extra], how="horizontal").select(EXTRACT_COLUMNS)


def write_extract_csv(df: pl.DataFrame, path: str | Path) -> Path:
    """Write an extract as UTF-8 CSV with a header, columns in the extract order.

    Rule: the file carries exactly :data:`EXTRACT_COLUMNS`, in that order, every value quoted only
    when it needs to be; a frame missing a column is refused rather than written short.
    """
    missing = [c for c in EXTRACT_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"extract frame lacks columns: {', '.join(missing)}")
    target = Path(path)
    df.select(EXTRACT_COLUMNS).write_csv(target, include_bom=False)
    return target


def write_establishment_csv(df: pl.DataFrame, path: str | Path) -> Path:
    """Write an establishment frame as UTF-8 CSV (``org_code`` first when the frame has one)."""
    columns = (["org_code"] if "org_code" in df.columns else []) + list(ESTABLISHMENT_COLUMNS)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"establishment frame lacks columns: {', '.join(missing)}")
    target = Path(path)
    df.select(columns).write_csv(target)
    return target
