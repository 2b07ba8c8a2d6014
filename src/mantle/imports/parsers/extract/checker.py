"""Check every cell of an extract column by column, over the whole file at once (Polars).

Each column is checked in one of two ways, and both give exactly the messages of the per-cell
rules in ``cells`` and ``workforce.rules``:

* **once per distinct text**: organisation, names, dates, unit, occupation code, job role, band,
  FTE, tier, statutory and voting flags, registration body and status, sex, ethnic category and
  disability
  repeat a lot, so the Python rule runs once for each distinct text and its answer (value,
  message, warning) is joined back onto every row that has that text;
* **a vectorised fast path, then the rule**: employee, assignment, position and reports-to
  numbers and registration numbers are almost all distinct. A Polars expression accepts the plain
  ones (printable ASCII, no spaces at the ends, at most 50 characters; a registration number of
  letters, digits, hyphens and spaces matching its regulator's format); only what it cannot accept
  goes to the Python rule, which writes the message.

Rules that involve two cells of a row (a post reporting to itself, a start before the date of
birth, a registration's three parts, a clinical code with no registration) are expressions over
the checked columns. The result is a table of errors and warnings (row, column, value, message,
allowed) and a table of the checked, typed values of every row, which ``parse`` passes to the
cross-row checks (``consistency``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from mantle.imports.parsers.common import DATE_FORMATS, parse_date
from mantle.imports.parsers.extract.cells import (
    DISABILITY_CODES,
    MAX_IDENTIFIER_LENGTH,
    PLAUSIBLE_AGE,
    REGISTRATION_STATUSES,
    SEX_CODES,
    YES_NO,
    check_fte,
    check_identifier,
    check_unit_path,
    ethnic_code,
    tidy_text,
)
from mantle.imports.parsers.extract.columns import (
    DISABILITY_FORMAT,
    ETHNIC_FORMAT,
    EXTRACT_COLUMNS,
    FTE_FORMAT,
    IDENTIFIER_FORMAT,
    OCCUPATION_FORMAT,
    REGISTRATION_STATUS_FORMAT,
    SEX_FORMAT,
    SPECS_BY_NAME,
    TIER_FORMAT,
    YES_NO_FORMAT,
)
from mantle.imports.parsers.extract.table import RawTable
from mantle.workforce.rules.bands import normalise_pay_band, pay_band_error
from mantle.workforce.rules.occupation import classify_occupation_code
from mantle.workforce.rules.ods import ODS_FORMAT, normalise_ods_code, ods_code_error
from mantle.workforce.rules.registration import (
    FORMATS,
    parse_regulator,
    registration_format,
    registration_number_error,
)
from mantle.workforce.rules.tiers import parse_tier

_BAND_ALLOWED = SPECS_BY_NAME["pay_band"].allowed
_UNIT_ALLOWED = SPECS_BY_NAME["unit_path"].allowed
_BODY_ALLOWED = SPECS_BY_NAME["registration_body"].allowed
TIER_BLANK = (
    "management tier is blank; Mantle will infer it from the title, job role, occupation code "
    "and band"
)
REGISTRATION_BLANK = "registration body, number and status go together; this one is blank"
# An identifier the fast path accepts as it is: printable ASCII, no space at either end, 1-50 long.
_PLAIN_IDENTIFIER = rf"^[!-~](?:[ -~]{{0,{MAX_IDENTIFIER_LENGTH - 2}}}[!-~])?$"
# A registration number whose spaces are its only white space, so Polars normalises it as Python.
_PLAIN_NUMBER = r"^[0-9A-Za-z\-/. ]*$"
COLUMN_ORDER = {name: index for index, name in enumerate(EXTRACT_COLUMNS)}
ERROR_SCHEMA = {
    "row": pl.Int64,
    "order": pl.Int64,
    "column": pl.String,
    "value": pl.String,
    "message": pl.String,
    "allowed": pl.String,
}


@dataclass
class Checked:
    """The outcome of the cell checks: errors and warnings (tables), and the checked values.

    ``values`` has one row per data row with the typed values of every column (null where a
    cell failed), an ``ok`` flag per rule used by the cross-row checks, and ``clean`` for rows
    with no error of their own.
    """

    values: pl.DataFrame
    errors: pl.DataFrame
    warnings: pl.DataFrame


def _tidy_or_none(raw: str) -> tuple[str | None]:
    return (tidy_text(raw) or None,)


def _tidy(raw: str) -> tuple[str]:
    return (tidy_text(raw),)


class FrameChecker:
    """The cell checks of one file, run column by column (see the module docstring)."""

    def __init__(
        self,
        *,
        columns: Mapping[str, int],
        headers: Mapping[str, str],
        as_of: date,
        org_code: str | None,
        known_occupation_codes: frozenset[str] | None,
    ) -> None:
        self.columns = columns
        self.headers = {name: headers.get(name, name) for name in EXTRACT_COLUMNS}
        self.has_tier_column = "management_tier" in columns
        self.as_of = as_of
        self.expected_org = org_code
        self.known_occupation_codes = known_occupation_codes
        self._errors: list[pl.DataFrame] = []
        self._warnings: list[pl.DataFrame] = []
        self.frame = pl.DataFrame()

    # -- the rules for one distinct text -----------------------------------------------------

    def _check_org(self, raw: str) -> tuple[str | None, str | None, str]:
        message = ods_code_error(raw)
        if message is not None:
            return None, message, raw.strip().upper()
        code = normalise_ods_code(raw)
        if self.expected_org is not None and code != self.expected_org:
            return (
                code,
                f"organisation {code} is not the organisation this import is for "
                f"({self.expected_org})",
                code,
            )
        return code, None, code

    def _check_dob(self, raw: str) -> tuple[date | None, str | None, str | None]:
        value, message = parse_date(raw)
        if value is None:
            return None, message, None
        if value > self.as_of:
            return None, f"date of birth {value} is after the extract date {self.as_of}", None
        age = (
            self.as_of.year
            - value.year
            - ((self.as_of.month, self.as_of.day) < (value.month, value.day))
        )
        if not PLAUSIBLE_AGE[0] <= age < PLAUSIBLE_AGE[1]:
            return (
                value,
                None,
                f"date of birth {value} gives an age of {age} on {self.as_of}; check it",
            )
        return value, None, None

    def _check_start(self, raw: str) -> tuple[date | None, str | None]:
        value, message = parse_date(raw)
        if value is not None and value > self.as_of:
            return None, f"assignment starts on {value}, after the extract date {self.as_of}"
        return value, message

    def _check_occupation(self, raw: str) -> tuple[str | None, str | None, bool]:
        code = raw.strip().upper()
        if not code:
            return None, "occupation code is blank", False
        classification = classify_occupation_code(code)
        if classification is None:
            return None, f"{code!r} is not a well-formed NHS occupation code", False
        if self.known_occupation_codes is not None and code not in self.known_occupation_codes:
            return None, f"occupation code {code} is not in the loaded occupation code list", False
        return code, None, classification.professionally_qualified_clinical

    @staticmethod
    def _check_band(raw: str) -> tuple[str | None, str | None]:
        band = normalise_pay_band(raw)
        return band, None if band is not None else pay_band_error(raw)

    @staticmethod
    def _check_fte(raw: str) -> tuple[int | None, str | None]:
        value, message = check_fte(raw)
        return (int(value.scaleb(5)) if value is not None else None), message

    @staticmethod
    def _check_unit(raw: str) -> tuple[str | None, str | None]:
        parts, message = check_unit_path(raw)
        return ("/".join(parts) if parts is not None else None), message

    @staticmethod
    def _check_tier(raw: str) -> tuple[bool, str | None, str | None]:
        if not raw or raw.isspace():
            return False, None, None
        tier = parse_tier(raw)
        if tier is None:
            return True, None, f"management tier {raw.strip()!r} is not recognised"
        return True, tier.value, None

    @staticmethod
    def _check_statutory(raw: str) -> tuple[bool, bool | None, str | None]:
        if not raw or raw.isspace():
            return False, None, None
        value = YES_NO.get(raw.strip().lower())
        if value is None:
            return True, None, f"statutory clinical role {raw.strip()!r} is not yes or no"
        return True, value, None

    @staticmethod
    def _check_voting(raw: str) -> tuple[bool, bool | None, str | None]:
        if not raw or raw.isspace():
            return False, None, None
        value = YES_NO.get(raw.strip().lower())
        if value is None:
            return True, None, f"voting {raw.strip()!r} is not yes or no"
        return True, value, None

    @staticmethod
    def _check_reports_to(raw: str) -> tuple[str | None, str | None]:
        if not raw or raw.isspace():
            return None, None
        value = raw.strip()
        if len(value) <= MAX_IDENTIFIER_LENGTH and value.isprintable():
            return value, None
        return check_identifier(raw, "reports-to position number")

    @staticmethod
    def _check_body(raw: str) -> tuple[bool, str | None, str | None]:
        text = raw.strip()
        if not text:
            return True, None, None
        body = parse_regulator(text)
        if body is None:
            return False, None, f"{text!r} is not a UK healthcare regulator"
        return False, body.value, None

    @staticmethod
    def _check_status(raw: str) -> tuple[bool, str | None, str | None]:
        text = raw.strip()
        if not text:
            return True, None, None
        status = REGISTRATION_STATUSES.get(tidy_text(text).lower())
        if status is None:
            return False, None, f"registration status {text!r} is not recognised"
        return False, status.value, None

    @staticmethod
    def _number_parts(raw: str) -> tuple[bool, str]:
        text = raw.strip()
        return not text, "".join(text.split()).upper()

    @staticmethod
    def _coded(
        table: Mapping[str, str], name: str
    ) -> Callable[[str], tuple[str | None, str | None]]:
        def check(raw: str) -> tuple[str | None, str | None]:
            value = raw.strip()
            code = ethnic_code(value) if table is _ETHNIC else table.get(value.upper())
            if code is None and value:
                return None, f"{name} {value!r} is not a recognised code"
            return code, None

        return check

    # -- machinery ----------------------------------------------------------------------------

    def _lookup(
        self,
        column: str,
        check: Callable[[str], tuple[Any, ...]],
        outputs: Sequence[tuple[str, pl.DataType | type[pl.DataType]]],
    ) -> None:
        """Run ``check`` once per distinct text of ``column``; join its answers onto each row."""
        cells = self.frame.select(column)
        distinct = cells.get_column(column).unique()
        answers = [check(text) for text in distinct.to_list()]
        mapping = pl.DataFrame(
            [distinct]
            + [
                pl.Series(name, [answer[index] for answer in answers], dtype=dtype)
                for index, (name, dtype) in enumerate(outputs)
            ]
        )
        # Join the one column only, then add the answers beside the table (no copy of it).
        joined = cells.join(mapping, on=column, how="left", maintain_order="left")
        self.frame = self.frame.hstack(joined.drop(column))

    def _identifier(self, column: str, prefix: str, label: str) -> None:
        """Fast path for plain identifiers; the rule (with its message) for the rest."""
        raw = pl.col(column)
        plain = raw.str.contains(_PLAIN_IDENTIFIER)
        odd = self.frame.select(column).filter(~plain).get_column(column).unique().to_list()
        if not odd:
            self.frame = self.frame.with_columns(
                raw.alias(f"{prefix}_v"), pl.lit(None, pl.String).alias(f"{prefix}_m")
            )
            return
        answers = [check_identifier(text, label) for text in odd]
        self.frame = self.frame.with_columns(
            pl.when(plain)
            .then(raw)
            .otherwise(
                raw.replace_strict(
                    odd, [a[0] for a in answers], default=None, return_dtype=pl.String
                )
            )
            .alias(f"{prefix}_v"),
            pl.when(plain)
            .then(pl.lit(None, pl.String))
            .otherwise(
                raw.replace_strict(
                    odd, [a[1] for a in answers], default=None, return_dtype=pl.String
                )
            )
            .alias(f"{prefix}_m"),
        )

    def _error(
        self,
        name: str,
        mask: pl.Expr,
        message: pl.Expr | str,
        allowed: pl.Expr | str,
        value: pl.Expr | None = None,
    ) -> None:
        """Record an error in column ``name`` for every row where ``mask`` holds."""
        self._errors.append(self._problems(name, mask, message, allowed, value))

    def _warning(self, name: str, mask: pl.Expr, message: pl.Expr | str, value: pl.Expr) -> None:
        self._warnings.append(self._problems(name, mask, message, "", value))

    def _problems(
        self,
        name: str,
        mask: pl.Expr,
        message: pl.Expr | str,
        allowed: pl.Expr | str,
        value: pl.Expr | None,
    ) -> pl.DataFrame:
        def text(item: pl.Expr | str) -> pl.Expr:
            return item if isinstance(item, pl.Expr) else pl.lit(item, pl.String)

        return (
            self.frame.lazy()
            .filter(mask)
            .select(
                pl.col("row"),
                pl.lit(COLUMN_ORDER[name], pl.Int64).alias("order"),
                pl.lit(self.headers[name], pl.String).alias("column"),
                (value if value is not None else pl.col(name)).alias("value"),
                text(message).alias("message"),
                text(allowed).alias("allowed"),
            )
            .cast(ERROR_SCHEMA)  # type: ignore[arg-type]
            .collect()
        )

    # -- the file -----------------------------------------------------------------------------

    def check(self, table: RawTable) -> Checked:
        """Check every cell of ``table.frame`` (cell columns ``c0``… and ``row``).

        Rule: the per-cell rules of ``columns`` / ``cells``, exactly as documented; a row with
        an error in any cell is not clean. The table is taken over (``table.frame`` is emptied)
        and each text column is dropped once checked, so memory stays close to one copy.
        """
        raw, table.frame = table.frame, pl.DataFrame()
        self.frame = raw.select(
            pl.col("row"),
            *(
                (pl.col(f"c{self.columns[name]}") if name in self.columns else pl.lit("")).alias(
                    name
                )
                for name in EXTRACT_COLUMNS
            ),
        )
        del raw
        self._check_people_and_posts()
        self._settle(EXTRACT_COLUMNS[:10], ("dob_w",))
        self._check_job()
        self._settle(EXTRACT_COLUMNS[10:17], ("start_before_birth", "tier_given", "stat_given"))
        self._check_registration()
        self._settle(
            EXTRACT_COLUMNS[17:20],
            (
                "body_blank",
                "number_blank",
                "status_blank",
                "number_normalised",
                "number_allowed",
                "number_bad",
                "reg_given",
                "occ_clinical",
            ),
        )
        self._check_equality()
        self._check_voting_column()
        self._settle(EXTRACT_COLUMNS[20:], ("vote_given",))
        kept = [pl.col(name).is_not_null() for name in _MESSAGES_KEPT]
        self.frame = self.frame.with_columns(
            (~(pl.col("bad") | pl.any_horizontal(kept))).alias("clean")
        ).drop("bad")
        errors = (
            pl.concat(self._errors).sort("row", "order", maintain_order=True)
            if self._errors
            else pl.DataFrame(schema=ERROR_SCHEMA)
        )
        warnings = (
            pl.concat(self._warnings).sort("row", "order", maintain_order=True)
            if self._warnings
            else pl.DataFrame(schema=ERROR_SCHEMA)
        )
        return Checked(values=self.frame, errors=errors, warnings=warnings)

    def _settle(self, texts: Sequence[str], helpers: Sequence[str]) -> None:
        """Fold the messages found so far into one ``bad`` flag; drop checked texts and helpers.

        The messages the cross-row checks still need (``_MESSAGES_KEPT``) stay.
        """
        messages = [
            name
            for name in self.frame.columns
            if name.endswith("_m") and name not in _MESSAGES_KEPT
        ]
        bad = pl.any_horizontal(pl.col(messages).is_not_null()) if messages else pl.lit(False)
        if "bad" in self.frame.columns:
            bad = pl.col("bad") | bad
        self.frame = self.frame.with_columns(bad.alias("bad")).drop(
            [*messages, *texts, *helpers], strict=False
        )

    def _check_people_and_posts(self) -> None:
        org_allowed = ODS_FORMAT
        self._lookup(
            "org_code",
            self._check_org,
            [("org_v", pl.String), ("org_m", pl.String), ("org_key", pl.String)],
        )
        self._error("org_code", pl.col("org_m").is_not_null(), pl.col("org_m"), org_allowed)

        for name, prefix, label in (
            ("employee_number", "emp", "employee number"),
            ("assignment_number", "asg", "assignment number"),
            ("position_number", "pos", "position number"),
        ):
            self._identifier(name, prefix, label)
            self._error(
                name, pl.col(f"{prefix}_m").is_not_null(), pl.col(f"{prefix}_m"), IDENTIFIER_FORMAT
            )

        self._lookup("first_name", _tidy, [("first_v", pl.String)])
        self._lookup("last_name", _tidy, [("last_v", pl.String)])
        self.frame = self.frame.with_columns(
            pl.when(pl.col("last_v") == "")
            .then(pl.lit("last name is blank"))
            .otherwise(None)
            .alias("last_m")
        )
        self._error("last_name", pl.col("last_m").is_not_null(), pl.col("last_m"), "text")

        self._lookup(
            "date_of_birth",
            self._check_dob,
            [("dob_v", pl.Date), ("dob_m", pl.String), ("dob_w", pl.String)],
        )
        self._error("date_of_birth", pl.col("dob_m").is_not_null(), pl.col("dob_m"), DATE_FORMATS)
        self._warning(
            "date_of_birth", pl.col("dob_w").is_not_null(), pl.col("dob_w"), pl.col("date_of_birth")
        )

        self._lookup("position_title", _tidy, [("title_v", pl.String)])
        self.frame = self.frame.with_columns(
            pl.when(pl.col("title_v") == "")
            .then(pl.lit("position title is blank"))
            .otherwise(None)
            .alias("title_m")
        )
        self._error("position_title", pl.col("title_m").is_not_null(), pl.col("title_m"), "text")

        self._lookup("unit_path", self._check_unit, [("unit_v", pl.String), ("unit_m", pl.String)])
        self._error("unit_path", pl.col("unit_m").is_not_null(), pl.col("unit_m"), _UNIT_ALLOWED)

        raw = pl.col("reports_to_position_number")
        plain = raw.str.contains(_PLAIN_IDENTIFIER)
        odd = (
            self.frame.select(raw).filter(~plain).get_column("reports_to_position_number").unique()
        )
        answers = [self._check_reports_to(text) for text in odd.to_list()]
        self.frame = self.frame.with_columns(
            pl.when(plain)
            .then(raw)
            .otherwise(
                raw.replace_strict(
                    odd, [a[0] for a in answers], default=None, return_dtype=pl.String
                )
            )
            .alias("rep_v"),
            pl.when(plain)
            .then(pl.lit(None, pl.String))
            .otherwise(
                raw.replace_strict(
                    odd, [a[1] for a in answers], default=None, return_dtype=pl.String
                )
            )
            .alias("rep_format_m"),
        )
        self.frame = self.frame.with_columns(
            pl.when(pl.col("rep_format_m").is_not_null())
            .then(pl.col("rep_format_m"))
            .when(pl.col("rep_v") == pl.col("pos_v"))
            .then(pl.format("position {} reports to itself", pl.col("pos_v")))
            .otherwise(None)
            .alias("rep_m")
        ).drop("rep_format_m")
        self._error(
            "reports_to_position_number",
            pl.col("rep_m").is_not_null(),
            pl.col("rep_m"),
            "the position number of another post",
        )

    def _check_job(self) -> None:
        self._lookup(
            "occupation_code",
            self._check_occupation,
            [("occ_v", pl.String), ("occ_m", pl.String), ("occ_clinical", pl.Boolean)],
        )
        self._error(
            "occupation_code", pl.col("occ_m").is_not_null(), pl.col("occ_m"), OCCUPATION_FORMAT
        )
        self._lookup("job_role", _tidy_or_none, [("role_v", pl.String)])
        self._lookup("pay_band", self._check_band, [("band_v", pl.String), ("band_m", pl.String)])
        self._error("pay_band", pl.col("band_m").is_not_null(), pl.col("band_m"), _BAND_ALLOWED)
        self._lookup("assignment_fte", self._check_fte, [("fte_v", pl.Int64), ("fte_m", pl.String)])
        self._error("assignment_fte", pl.col("fte_m").is_not_null(), pl.col("fte_m"), FTE_FORMAT)

        self._lookup(
            "assignment_start_date",
            self._check_start,
            [("start_v", pl.Date), ("start_format_m", pl.String)],
        )
        before_birth = (
            pl.col("start_format_m").is_null()
            & pl.col("start_v").is_not_null()
            & pl.col("dob_v").is_not_null()
            & (pl.col("start_v") < pl.col("dob_v"))
        )
        self.frame = self.frame.with_columns(
            pl.when(before_birth)
            .then(
                pl.format(
                    "assignment starts on {}, before the date of birth {}",
                    pl.col("start_v").dt.to_string("%Y-%m-%d"),
                    pl.col("dob_v").dt.to_string("%Y-%m-%d"),
                )
            )
            .otherwise(pl.col("start_format_m"))
            .alias("start_m"),
            before_birth.alias("start_before_birth"),
        ).drop("start_format_m")
        self._error(
            "assignment_start_date",
            pl.col("start_m").is_not_null(),
            pl.col("start_m"),
            pl.when(pl.col("start_before_birth"))
            .then(pl.lit("a date after the person's date of birth"))
            .otherwise(pl.lit(DATE_FORMATS)),
        )

        self._lookup(
            "management_tier",
            self._check_tier,
            [("tier_given", pl.Boolean), ("tier_v", pl.String), ("tier_m", pl.String)],
        )
        self._error(
            "management_tier", pl.col("tier_m").is_not_null(), pl.col("tier_m"), TIER_FORMAT
        )
        if self.has_tier_column:
            self._warning(
                "management_tier", ~pl.col("tier_given"), TIER_BLANK, pl.col("management_tier")
            )
        self._lookup(
            "statutory_clinical_role",
            self._check_statutory,
            [("stat_given", pl.Boolean), ("stat_v", pl.Boolean), ("stat_m", pl.String)],
        )
        self._error(
            "statutory_clinical_role",
            pl.col("stat_m").is_not_null(),
            pl.col("stat_m"),
            YES_NO_FORMAT,
        )

    def _check_registration(self) -> None:
        """Rule: body, number and status come together; the number fits the body's format."""
        self._lookup(
            "registration_body",
            self._check_body,
            [("body_blank", pl.Boolean), ("body_v", pl.String), ("body_m", pl.String)],
        )
        self._lookup(
            "registration_status",
            self._check_status,
            [("status_blank", pl.Boolean), ("status_v", pl.String), ("status_m", pl.String)],
        )
        number = pl.col("registration_number")
        plain = number.str.contains(_PLAIN_NUMBER)
        odd = self.frame.select(number).filter(~plain).get_column("registration_number").unique()
        parts = [self._number_parts(text) for text in odd.to_list()]
        normalised = number.str.replace_all(" ", "", literal=True).str.to_uppercase()
        self.frame = self.frame.with_columns(
            pl.when(plain)
            .then(normalised == "")
            .otherwise(
                number.replace_strict(
                    odd, [p[0] for p in parts], default=None, return_dtype=pl.Boolean
                )
            )
            .alias("number_blank"),
            pl.when(plain)
            .then(normalised)
            .otherwise(
                number.replace_strict(
                    odd, [p[1] for p in parts], default=None, return_dtype=pl.String
                )
            )
            .alias("number_normalised"),
        )
        given = (
            (pl.col("registration_body") != "")
            | (number != "")
            | (pl.col("registration_status") != "")
        )
        fits = pl.lit(False)
        for body, fmt in FORMATS.items():
            fits = (
                pl.when(pl.col("body_v") == body.value)
                .then(pl.col("number_normalised").str.contains(f"^(?:{fmt.pattern.pattern})$"))
                .otherwise(fits)
            )
        checkable = given & pl.col("body_v").is_not_null() & ~pl.col("number_blank")
        self.frame = self.frame.with_columns(
            given.alias("reg_given"),
            pl.when(checkable & fits).then(pl.col("number_normalised")).alias("number_v"),
            (checkable & ~fits).alias("number_bad"),
        )
        # Messages for badly formed numbers come from the rule, once per distinct (body, number).
        bad = (
            self.frame.select("number_bad", "body_v", "registration_number")
            .filter(pl.col("number_bad"))
            .select("body_v", "registration_number")
            .unique()
        )
        described = pl.DataFrame(
            {
                "body_v": bad.get_column("body_v"),
                "registration_number": bad.get_column("registration_number"),
                "number_format_m": [
                    registration_number_error(body=body, number=text.strip()) or "invalid number"
                    for body, text in bad.iter_rows()
                ],
                "number_allowed": [registration_format(body) for body, _ in bad.iter_rows()],
            },
            schema={
                "body_v": pl.String,
                "registration_number": pl.String,
                "number_format_m": pl.String,
                "number_allowed": pl.String,
            },
        )
        self.frame = self.frame.join(
            described, on=["body_v", "registration_number"], how="left", maintain_order="left"
        )
        for name, flag in (
            ("registration_body", "body_blank"),
            ("registration_number", "number_blank"),
            ("registration_status", "status_blank"),
        ):
            self._error(
                name,
                pl.col("reg_given") & pl.col(flag),
                REGISTRATION_BLANK,
                SPECS_BY_NAME[name].allowed,
                pl.lit("", pl.String),
            )
        self.frame = self.frame.with_columns(
            pl.when(pl.col("reg_given") & pl.col("body_blank"))
            .then(pl.lit(REGISTRATION_BLANK))
            .when(pl.col("reg_given"))
            .then(pl.col("body_m"))
            .alias("body_m"),
            pl.when(pl.col("reg_given") & pl.col("number_blank"))
            .then(pl.lit(REGISTRATION_BLANK))
            .when(pl.col("number_bad"))
            .then(pl.col("number_format_m"))
            .alias("number_m"),
            pl.when(pl.col("reg_given") & pl.col("status_blank"))
            .then(pl.lit(REGISTRATION_BLANK))
            .when(pl.col("reg_given"))
            .then(pl.col("status_m"))
            .alias("status_m"),
        )
        self._error(
            "registration_body",
            pl.col("reg_given") & ~pl.col("body_blank") & pl.col("body_v").is_null(),
            pl.col("body_m"),
            _BODY_ALLOWED,
        )
        self._error(
            "registration_number",
            pl.col("number_bad"),
            pl.col("number_format_m"),
            pl.col("number_allowed"),
        )
        self._error(
            "registration_status",
            pl.col("reg_given") & ~pl.col("status_blank") & pl.col("status_v").is_null(),
            pl.col("status_m"),
            REGISTRATION_STATUS_FORMAT,
        )
        registered = (
            pl.col("reg_given")
            & pl.col("body_v").is_not_null()
            & pl.col("number_v").is_not_null()
            & pl.col("status_v").is_not_null()
        )
        self.frame = self.frame.with_columns(registered.alias("registered"))
        self._warning(
            "registration_number",
            ~pl.col("registered")
            & pl.col("occ_clinical")
            & pl.col("body_blank")
            & pl.col("number_blank")
            & pl.col("status_blank"),
            pl.format(
                "no registration recorded for occupation code {}, a professionally qualified "
                "clinical code: the person will count as a clinician (inferred)",
                pl.col("occ_v"),
            ),
            pl.lit("", pl.String),
        )

    def _check_voting_column(self) -> None:
        """Rule: voting is blank (not stated) or yes/no, like the statutory flag."""
        self._lookup(
            "voting",
            self._check_voting,
            [("vote_given", pl.Boolean), ("vote_v", pl.Boolean), ("vote_m", pl.String)],
        )
        self._error("voting", pl.col("vote_m").is_not_null(), pl.col("vote_m"), YES_NO_FORMAT)

    def _check_equality(self) -> None:
        for name, prefix, table, allowed in (
            ("sex", "sex", SEX_CODES, SEX_FORMAT),
            ("ethnic_category", "ethnic", _ETHNIC, ETHNIC_FORMAT),
            ("disability", "disability", DISABILITY_CODES, DISABILITY_FORMAT),
        ):
            self._lookup(
                name,
                self._coded(table, name.replace("_", " ")),
                [(f"{prefix}_v", pl.String), (f"{prefix}_m", pl.String)],
            )
            self._error(name, pl.col(f"{prefix}_m").is_not_null(), pl.col(f"{prefix}_m"), allowed)


# Messages the cross-row checks read (a reporting line, tier or statutory flag that failed its
# own check takes no part in comparing a post's rows).
_MESSAGES_KEPT = frozenset({"rep_m", "tier_m", "stat_m", "vote_m"})

# A marker table: the ethnic category is read by ``ethnic_code`` (a code may carry its label).
_ETHNIC: dict[str, str] = {}
