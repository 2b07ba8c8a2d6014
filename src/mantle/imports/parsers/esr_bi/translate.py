"""Turn an ESR staff-in-post report (``RawTable``) into the extract's columns, unchanged otherwise.

The result is a ``RawTable`` whose columns are the Mantle extract columns in template order, so the
same column-wise checker, cross-row checks and loader do the work. Headings are matched ignoring
case, spaces and punctuation; values ESR writes its own way are rewritten to the forms the checker
reads (dates, sex and ethnic origin words, grades through the grade table, PINs trimmed); anything
that cannot be rewritten is passed on as it is, so the checker reports it, and ``ParseResult``
names the report's own heading, the cell's text as the file has it and what the profile allows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from mantle.imports.parsers.common import RowError
from mantle.imports.parsers.esr_bi.headings import (
    HEADINGS,
    REQUIRED,
    map_headings,
)
from mantle.imports.parsers.esr_bi.values import (
    DATE_ALLOWED,
    ESR_COMPACT_DATE,
    ESR_DATE_TIME,
    ETHNIC_ALLOWED,
    SEX_ALLOWED,
    GradeTable,
    default_grade_table,
    ethnic_code,
    sex_code,
    unit_path,
)
from mantle.imports.parsers.extract.columns import EXTRACT_COLUMNS
from mantle.imports.parsers.extract.table import RawTable

PROFILE = "esr-bi"


@dataclass(frozen=True)
class AssignmentRules:
    """Which assignments belong to the establishment (docs/data-formats.md, ESR staff in post).

    Rule: primary and secondary assignments are kept; bank, honorary and inactive (or
    suspended) assignments are left out unless named in ``include``; a bank assignment with
    zero FTE is always left out (it has no contracted hours), never an error. Every row left
    out is counted by reason.
    """

    include: frozenset[str] = frozenset()

    KINDS = ("bank", "honorary", "inactive")


@dataclass
class Translated:
    """The report as extract columns, plus what the checker's findings must be reported as."""

    table: RawTable
    columns: dict[str, int]
    headers: dict[str, str]
    errors: list[RowError] = field(default_factory=list)  # header problems: stop the check
    warnings: list[RowError] = field(default_factory=list)
    # Per extract column: the file's text for each row (so errors show the cell as written), and
    # what the profile allows.
    raw: dict[str, pl.DataFrame] = field(default_factory=dict)
    allowed: dict[str, str] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)
    grade_table: str = ""


def translate(
    table: RawTable,
    *,
    as_of: date,
    org_code: str | None,
    grades: GradeTable | None = None,
    rules: AssignmentRules | None = None,
) -> Translated:
    """The ESR report in ``table`` as extract columns (see the module docstring).

    Rule: the organisation is the ODS column when there is one, else ``org_code`` (``--org``);
    the unit path is built from ``Org L2`` … ``Org L8``; the post is the position number when
    given, else ``ESR-`` and 12 hexadecimal digits of the SHA-1 of unit path, position title,
    occupation code, grade, job role and supervisor (one post per distinct combination); the
    reporting line is the post of the supervisor's assignment (or the supervisor's primary
    assignment); a registration's body, when the report has none, is the regulator whose number
    format the PIN fits, and its status is lapsed when the expiry date is before ``as_of``.
    """
    grades = grades or default_grade_table()
    rules = rules or AssignmentRules()
    header = [cell.strip().strip("\ufeff") for cell in table.header]
    roles, levels, warnings = map_headings(header)
    heading = {role: header[index] for role, index in roles.items()}
    level_names = [header[levels[level]] for level in sorted(levels)]
    errors: list[RowError] = []
    missing = [role for role in REQUIRED if role not in roles]
    if "last_name" not in roles and "full_name" not in roles:
        missing.append("last_name")
    if not levels:
        missing.append("org levels")
    if missing:
        wanted = {
            "org levels": "Org L2 … Org L8",
            "last_name": "Last Name or Full Name",
        }
        names = [wanted.get(role, HEADINGS.get(role, (role,))[0]) for role in missing]
        errors.append(
            RowError(
                1,
                ", ".join(names),
                "",
                f"the ESR staff-in-post report has no {', '.join(names)} column",
                "; ".join(
                    f"{role}: {' / '.join(HEADINGS[role])}" for role in missing if role in HEADINGS
                )
                or "Org L2 … Org L8",
            )
        )
    if "org_code" not in roles and not org_code:
        errors.append(
            RowError(
                1,
                "ODS Code",
                "",
                "the report has no ODS code column: name the organisation (--org CODE, or the "
                "organisation chosen on the upload page)",
                "an ODS code given with --org",
            )
        )
    if errors:
        return Translated(table=RawTable(header=header), columns={}, headers={}, errors=errors)

    # Keep only the columns Mantle reads, and let go of the file's table (memory: one copy).
    used = sorted({*roles.values(), *levels.values()})
    frame = table.frame.select(*(f"c{index}" for index in used), "row")
    table.frame = pl.DataFrame()

    def cell(role: str) -> pl.Expr:
        if role in roles:
            return pl.col(f"c{roles[role]}").fill_null("")
        return pl.lit("", pl.String)

    # -- which rows are in the establishment ----------------------------------------------------
    category = cell("category").str.to_lowercase()
    status = cell("status").str.to_lowercase()
    bank = category.str.contains("bank")
    honorary = category.str.contains("honorary")
    inactive = status.str.contains("inactive|suspend|terminat")
    fte_text = cell("fte").str.strip_chars()
    zero_fte = fte_text.str.contains(r"^0*(?:\.0*)?$") & (fte_text != "")
    reason = (
        pl.when(bank & zero_fte)
        .then(pl.lit("bank, zero FTE"))
        .when(bank & pl.lit("bank" not in rules.include))
        .then(pl.lit("bank"))
        .when(honorary & pl.lit("honorary" not in rules.include))
        .then(pl.lit("honorary"))
        .when(inactive & pl.lit("inactive" not in rules.include))
        .then(pl.lit("inactive"))
        .otherwise(None)
    )
    frame = frame.with_columns(reason.alias("_excluded"))
    excluded = dict(
        frame.filter(pl.col("_excluded").is_not_null())
        .group_by("_excluded")
        .len()
        .sort("_excluded")
        .iter_rows()
    )
    frame = frame.filter(pl.col("_excluded").is_null()).drop("_excluded")

    # -- values -----------------------------------------------------------------------------
    def mapped(role: str, function: object) -> pl.Expr:
        """A per-distinct-value rewrite; values it cannot read are passed on unchanged."""
        column = cell(role)
        distinct = frame.select(column.alias("v")).get_column("v").unique().to_list()
        answers = [function(text) for text in distinct]  # type: ignore[operator]
        return column.replace_strict(
            distinct,
            [a if a is not None else text for a, text in zip(answers, distinct, strict=True)],
            default=column,
            return_dtype=pl.String,
        )

    def esr_date(role: str) -> pl.Expr:
        column = cell(role)
        return (
            pl.when(column.str.contains(ESR_COMPACT_DATE))
            .then(column.str.replace(ESR_COMPACT_DATE, "$1-$2-$3"))
            .when(column.str.contains(ESR_DATE_TIME))
            .then(column.str.replace(ESR_DATE_TIME, "$1"))
            .otherwise(column)
        )

    if "full_name" in roles and "last_name" not in roles:
        name = cell("full_name")
        last = name.str.split(",").list.first().str.strip_chars()
        first = (
            name.str.splitn(",", 2)
            .struct.field("field_1")
            .fill_null("")
            .str.replace(r"^\s*(?i:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame)\.?\s+", "")
            .str.strip_chars()
        )
    else:
        last, first = cell("last_name"), cell("first_name")

    level_columns = [pl.col(f"c{levels[level]}").fill_null("") for level in sorted(levels)]
    joined = pl.concat_str(level_columns, separator="\x1f")
    distinct_paths = frame.select(joined.alias("levels")).get_column("levels").unique().to_list()
    unit = joined.replace_strict(
        distinct_paths,
        [unit_path(text.split("\x1f")) for text in distinct_paths],
        default="",
        return_dtype=pl.String,
    )

    pin = cell("registration_number").str.replace_all(r"\s+", "")
    body = cell("registration_body").str.strip_chars()
    if "registration_body" not in roles:
        medical = cell("occupation_code").str.strip_chars().str.contains(r"^[0-9]{3}$")
        body = pl.when(pin != "").then(_body_from_number(pin, medical)).otherwise(pl.lit(""))
    expiry = esr_date("registration_expiry")
    expires = pl.coalesce(
        expiry.str.strip_chars().str.to_date("%Y-%m-%d", strict=False),
        expiry.str.strip_chars().str.to_date("%d/%m/%Y", strict=False),
    )
    expired = expires < pl.lit(as_of)
    registration_status = (
        pl.when(pin == "")
        .then(pl.lit(""))
        .when(cell("registration_status").str.strip_chars() != "")
        .then(cell("registration_status"))
        .when(pin == "")
        .then(pl.lit(""))
        .when(expired.fill_null(False))
        .then(pl.lit("lapsed"))
        .otherwise(pl.lit("registered"))
    )

    frame = frame.with_columns(
        (cell("org_code") if "org_code" in roles else pl.lit(org_code or "")).alias("org_code"),
        cell("employee_number").alias("employee_number"),
        cell("assignment_number").alias("assignment_number"),
        first.alias("first_name"),
        last.alias("last_name"),
        esr_date("date_of_birth").alias("date_of_birth"),
        cell("position_title").alias("position_title"),
        unit.alias("unit_path"),
        cell("occupation_code").alias("occupation_code"),
        cell("job_role").alias("job_role"),
        mapped("grade", grades.band).alias("pay_band"),
        fte_text.alias("assignment_fte"),
        esr_date("start").alias("assignment_start_date"),
        body.alias("registration_body"),
        pin.alias("registration_number"),
        registration_status.alias("registration_status"),
        mapped("sex", sex_code).alias("sex"),
        mapped("ethnic_category", ethnic_code).alias("ethnic_category"),
        cell("disability").alias("disability"),
        cell("supervisor_position").str.strip_chars().alias("_sup_pos"),
        cell("supervisor_assignment").str.strip_chars().alias("_sup_asg"),
        cell("supervisor_person").str.strip_chars().alias("_sup_emp"),
        cell("primary").str.to_lowercase().str.strip_chars().alias("_primary"),
        cell("position_number").str.strip_chars().alias("_position"),
    )
    supervisor = pl.coalesce(
        pl.when(pl.col("_sup_pos") != "").then(pl.lit("S:") + pl.col("_sup_pos")),
        pl.when(pl.col("_sup_asg") != "").then(pl.lit("A:") + pl.col("_sup_asg")),
        pl.when(pl.col("_sup_emp") != "").then(pl.lit("P:") + pl.col("_sup_emp")),
    ).fill_null("")
    composite = pl.concat_str(
        [
            pl.col("unit_path"),
            pl.col("position_title").str.strip_chars().str.to_lowercase(),
            pl.col("occupation_code").str.strip_chars().str.to_uppercase(),
            pl.col("pay_band"),
            pl.col("job_role").str.strip_chars().str.to_lowercase(),
            supervisor,
        ],
        separator="\x1f",
    )
    frame = frame.with_columns(supervisor.alias("_supervisor"), composite.alias("_composite"))
    keys = frame.get_column("_composite").unique().to_list()
    hashed = [
        "ESR-" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:12].upper()
        for key in keys
    ]
    frame = frame.with_columns(
        pl.when(pl.col("_position") != "")
        .then(pl.col("_position"))
        .otherwise(
            pl.col("_composite").replace_strict(keys, hashed, default="", return_dtype=pl.String)
        )
        .alias("position_number")
    )

    # -- line management ----------------------------------------------------------------------
    by_assignment = frame.select(
        (pl.lit("A:") + pl.col("assignment_number").str.strip_chars()).alias("_supervisor"),
        pl.col("position_number").alias("_manager_post"),
    ).unique(subset="_supervisor", keep="first", maintain_order=True)
    primary_first = frame.with_columns(
        pl.col("_primary").is_in(["yes", "y", "true", "1", "primary"]).alias("_is_primary")
    ).sort(["_is_primary", "row"], descending=[True, False])
    by_person = primary_first.select(
        (pl.lit("P:") + pl.col("employee_number").str.strip_chars()).alias("_supervisor"),
        pl.col("position_number").alias("_manager_post"),
    ).unique(subset="_supervisor", keep="first", maintain_order=True)
    managers = pl.concat([by_assignment, by_person])
    frame = frame.join(managers, on="_supervisor", how="left", maintain_order="left")
    # A supervisor's position is the reporting line itself (the checker warns when it is not in
    # the file: it may be vacant, or loaded before).
    frame = frame.with_columns(
        pl.when(pl.col("_sup_pos") != "")
        .then(pl.col("_sup_pos"))
        .otherwise(pl.col("_manager_post"))
        .alias("_manager_post")
    )
    supervised = pl.col("_supervisor") != ""
    absent = frame.filter(supervised & pl.col("_manager_post").is_null())
    same = frame.filter(supervised & (pl.col("_manager_post") == pl.col("position_number")))
    sup_heading = (
        heading.get("supervisor_position")
        or heading.get("supervisor_assignment")
        or heading.get("supervisor_person", "")
    )
    for row, who in absent.select("row", "_supervisor").head(200).iter_rows():
        warnings.append(
            RowError(
                row,
                sup_heading,
                who[2:],
                f"supervisor {who[2:]} is not in this report (or is bank, honorary or inactive): "
                "the post's reporting line is left blank",
            )
        )
    for row, who in same.select("row", "_supervisor").head(200).iter_rows():
        warnings.append(
            RowError(
                row,
                sup_heading,
                who[2:],
                f"supervisor {who[2:]} holds the same post: the reporting line is left blank",
            )
        )
    frame = frame.with_columns(
        pl.when(pl.col("_manager_post") != pl.col("position_number"))
        .then(pl.col("_manager_post"))
        .otherwise(pl.lit(""))
        .fill_null("")
        .alias("reports_to_position_number")
    )

    # -- the extract table ----------------------------------------------------------------------
    produced = {
        "org_code": True,
        "employee_number": True,
        "assignment_number": True,
        "first_name": "first_name" in roles or "full_name" in roles,
        "last_name": True,
        "date_of_birth": True,
        "position_number": True,
        "position_title": True,
        "unit_path": True,
        "reports_to_position_number": True,
        "occupation_code": True,
        "job_role": "job_role" in roles,
        "pay_band": True,
        "assignment_fte": True,
        "assignment_start_date": True,
        "registration_body": "registration_number" in roles,
        "registration_number": "registration_number" in roles,
        "registration_status": "registration_number" in roles,
        "sex": "sex" in roles,
        "ethnic_category": "ethnic_category" in roles,
        "disability": "disability" in roles,
    }
    names = [name for name in EXTRACT_COLUMNS if produced.get(name)]
    columns = {name: index for index, name in enumerate(names)}
    out = frame.select(
        *(pl.col(name).alias(f"c{index}") for index, name in enumerate(names)), pl.col("row")
    )
    source_role = {
        "org_code": "org_code",
        "employee_number": "employee_number",
        "assignment_number": "assignment_number",
        "first_name": "full_name" if "first_name" not in roles else "first_name",
        "last_name": "full_name" if "last_name" not in roles else "last_name",
        "date_of_birth": "date_of_birth",
        "position_number": "position_number",
        "position_title": "position_title",
        "reports_to_position_number": next(
            (
                role
                for role in ("supervisor_position", "supervisor_assignment", "supervisor_person")
                if role in roles
            ),
            "supervisor_assignment",
        ),
        "occupation_code": "occupation_code",
        "job_role": "job_role",
        "pay_band": "grade",
        "assignment_fte": "fte",
        "assignment_start_date": "start",
        "registration_body": "registration_body"
        if "registration_body" in roles
        else "registration_number",
        "registration_number": "registration_number",
        "registration_status": next(
            (role for role in ("registration_status", "registration_expiry") if role in roles),
            "registration_number",
        ),
        "sex": "sex",
        "ethnic_category": "ethnic_category",
        "disability": "disability",
    }
    headers = {
        name: heading.get(source_role.get(name, ""), "") or _LABELS.get(name, name)
        for name in names
    }
    headers["unit_path"] = "/".join(level_names)
    if "org_code" not in roles:
        headers["org_code"] = "--org"
    if "position_number" not in roles:
        headers["position_number"] = "position (composite)"
    raw = {
        name: frame.select("row", cell(role).alias("raw"))
        for name, role in (
            ("date_of_birth", "date_of_birth"),
            ("assignment_start_date", "start"),
            ("pay_band", "grade"),
            ("sex", "sex"),
            ("ethnic_category", "ethnic_category"),
            ("registration_number", "registration_number"),
        )
        if role in roles
    }
    allowed = {
        "date_of_birth": DATE_ALLOWED,
        "assignment_start_date": DATE_ALLOWED,
        "pay_band": grades.allowed(),
        "sex": SEX_ALLOWED,
        "ethnic_category": ETHNIC_ALLOWED,
    }
    return Translated(
        table=RawTable(header=[headers[name] for name in names], frame=out, errors=table.errors),
        columns=columns,
        headers=headers,
        warnings=warnings,
        raw=raw,
        allowed=allowed,
        excluded=excluded,
        grade_table=grades.source,
    )


_LABELS = {"reports_to_position_number": "supervisor"}


def _body_from_number(pin: pl.Expr, medical: pl.Expr) -> pl.Expr:
    """The regulator whose number format a PIN fits, when exactly one does; for a medical or
    dental occupation code, the GMC when its format fits; otherwise blank (an error follows)."""
    from mantle.workforce.rules.registration import FORMATS

    fits = [
        (body.value, pin.str.to_uppercase().str.contains(f"^(?:{fmt.pattern.pattern})$"))
        for body, fmt in FORMATS.items()
    ]
    count = pl.sum_horizontal([hit.cast(pl.Int32) for _, hit in fits])
    choice = pl.lit("")
    for value, hit in fits:
        choice = pl.when(hit).then(pl.lit(value)).otherwise(choice)
    gmc = dict(fits)["GMC"]
    return (
        pl.when(count == 1)
        .then(choice)
        .when(medical & gmc)
        .then(pl.lit("GMC"))
        .otherwise(pl.lit(""))
    )
