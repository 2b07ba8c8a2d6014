"""ESR staff-in-post import benchmark (issue 20): the 1,000,000-row extract of ``bench_import``,
written as an ESR Business Intelligence report (``Org L2`` … ``Org L8``, ``YYYYMMDD`` and
``DD/MM/YYYY HH:MM:SS`` dates, gender and ethnic origin in words, regulators by full name, padded
PINs, grades for the grade table, about 2% bank rows with zero FTE), then:

* esr_import_s   — ``workforce_file_import`` (auto-detected as ``esr-bi``) into fresh PostgreSQL;
* esr_reimport_s — the same report again (nothing changes);
* copy_s         — a bare ``COPY`` of the same CSV into an unindexed text table, same run;
* ratio          — esr_import_s / copy_s (the import issue's target: ≤ 4);
* peak_rss_mb    — the importing process's peak memory (target ≤ 1 GB).

Prints one JSON line. Rows: BENCH_ROWS (default 1,000,000).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _setup import Timer, fresh_database, peak_rss_mb
from bench_import import AS_OF, bare_copy, build_extract

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))


def esr_report(rows: int):  # type: ignore[no-untyped-def]
    import polars as pl

    from mantle.workforce.rules.equality_codes import ETHNIC_CATEGORY_WORDS

    # As ``imports.exports_esr`` writes them (not imported: it needs Django, this child has none).
    gender = {"1": "Male", "2": "Female", "9": "Indeterminate", "X": "Unknown"}
    regulators = {"GMC": "General Medical Council", "NMC": "Nursing and Midwifery Council"}

    frame = build_extract(rows)
    ethnic = {
        code: f"{code} {words.split(' (')[0]}" for code, words in ETHNIC_CATEGORY_WORDS.items()
    }
    levels = pl.col("unit_path").str.split("/")
    bank = (pl.int_range(pl.len()) % 50) == 0
    return frame.select(
        pl.col("employee_number").alias("Employee Number"),
        pl.col("assignment_number").alias("Assignment No."),
        pl.col("last_name").alias("Last Name"),
        pl.col("first_name").alias("First Name"),
        pl.col("date_of_birth").str.replace_all("-", "").alias("Date of Birth"),
        pl.col("sex").replace_strict(gender, default="").alias("Gender"),
        pl.col("ethnic_category").replace_strict(ethnic, default="").alias("Ethnic Origin"),
        pl.col("disability").alias("Disability"),
        pl.col("position_number").alias("Position Number"),
        pl.col("position_title").alias("Position Title"),
        pl.col("job_role").alias("Job Role"),
        pl.col("occupation_code").alias("Occupation Code"),
        pl.lit("R0X Benchmark Trust").alias("Org L1"),
        *(levels.list.get(i, null_on_oob=True).alias(f"Org L{i + 2}") for i in range(7)),
        pl.col("pay_band").alias("Grade"),
        pl.when(bank).then(pl.lit("0")).otherwise(pl.col("assignment_fte")).alias("Contracted Wte"),
        pl.when(bank)
        .then(pl.lit("Bank"))
        .otherwise(pl.lit("Permanent"))
        .alias("Assignment Category"),
        pl.lit("Active Assignment").alias("Assignment Status"),
        pl.col("reports_to_position_number").alias("Supervisor Position Number"),
        pl.col("registration_body")
        .replace_strict(regulators, default=pl.col("registration_body"))
        .alias("Professional Registration Body"),
        pl.when(pl.col("registration_number").fill_null("") != "")
        .then(pl.col("registration_number") + "   ")
        .otherwise(pl.lit(""))
        .alias("Professional Registration Num"),
        pl.col("registration_status").alias("Professional Registration Status"),
        pl.format(
            "{}/{}/{} 00:00:00",
            pl.col("assignment_start_date").str.slice(8, 2),
            pl.col("assignment_start_date").str.slice(5, 2),
            pl.col("assignment_start_date").str.slice(0, 4),
        ).alias("Assignment Start Date"),
    )


def import_once(path: Path) -> tuple[float, dict[str, int]]:
    from mantle.imports.services import workforce_file_import
    from mantle.workforce.models import Organisation

    org, _ = Organisation.objects.get_or_create(code="R0X", defaults={"name": "Benchmark Trust"})
    with Timer() as t:
        outcome = workforce_file_import(path=path, org=org, as_of=AS_OF)
    assert outcome.parse is not None and not outcome.parse.errors, outcome.parse.errors[:3]
    assert outcome.parse.profile == "esr-bi"
    return t.seconds, outcome.parse.excluded


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--generate":
        frame = esr_report(int(sys.argv[3]))
        frame.write_csv(sys.argv[2])
        print(frame.height, ",".join(frame.columns))
        return
    folder = Path(tempfile.mkdtemp(prefix="mantle-bench-esr-"))
    path = folder / "staff-in-post.csv"
    made = subprocess.run(
        [sys.executable, __file__, "--generate", str(path), str(ROWS)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[-1]
    height, columns = int(made.split(" ", 1)[0]), made.split(" ", 1)[1].split(",")
    fresh_database("mantle_bench_import_esr")
    import_s, excluded = import_once(path)
    reimport_s, _ = import_once(path)
    copy_s = bare_copy(path, columns)
    print(
        json.dumps(
            {
                "rows": height,
                "excluded": excluded,
                "esr_import_s": import_s,
                "esr_reimport_s": reimport_s,
                "copy_s": copy_s,
                "ratio": round(import_s / copy_s, 1) if copy_s else None,
                "reimport_ratio": round(reimport_s / copy_s, 1) if copy_s else None,
                "rows_per_s": round(height / import_s) if import_s else None,
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )
    path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
