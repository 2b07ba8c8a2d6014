"""Workforce import benchmark (issues 4 and 12).

A 1,000,000-row single-organisation extract is built from the synthetic NHS (every trust's rows under one
ODS code, numbers and unit paths prefixed so they stay unique), written to CSV, then:
* import_s   — `workforce_file_import` end to end (parse, validate, load) on PostgreSQL;
* reimport_s — the same file again (nothing changes);
* copy_s     — a bare `COPY` of the same CSV into an unindexed table of text columns, same run;
* ratio      — import_s / copy_s (target ≤ 4); reimport_ratio — reimport_s / copy_s (target ≤ 2);
* sqlite_import_s — 100,000 rows imported into SQLite (a child process);
* peak_rss_mb — the importing process's peak memory (the file is generated in a child process);
* national_rows, national_import_s, national_peak_rss_mb — the whole NHS (1,500,000 rows: the
  synthetic nation, topped up with renumbered copies of its rows if it has fewer) imported into a
  fresh PostgreSQL database by a child process of its own, so its peak memory is its own (target
  ≤ 1 GB, as for the million).
Prints one JSON line. Rows: BENCH_ROWS (default 1,000,000); BENCH_NATIONAL_ROWS (default 1,500,000,
0 to skip).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _setup import Timer, fresh_database, peak_rss_mb

ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
NATIONAL_ROWS = int(os.environ.get("BENCH_NATIONAL_ROWS", "1500000"))
AS_OF = dt.date(2026, 3, 31)


def build_extract(rows: int):  # type: ignore[no-untyped-def]
    import polars as pl

    from mantle.demo.synthetic import generate_national

    nation = generate_national(seed=7, scale=min(1.0, rows / 1_250_000 * 1.1), as_of=AS_OF)
    frame = nation.extract.head(rows)
    copy = 1
    while frame.height < rows:  # top up with renumbered copies (another "trust" each time)
        copy += 1
        extra = nation.extract.head(rows - frame.height).with_columns(
            (pl.col("org_code") + f"{copy}").alias("org_code")
        )
        frame = pl.concat([frame, extra])
    prefix = pl.col("org_code") + "-"
    return frame.with_columns(
        (prefix + pl.col("employee_number")).alias("employee_number"),
        (prefix + pl.col("assignment_number")).alias("assignment_number"),
        (prefix + pl.col("position_number")).alias("position_number"),
        pl.when(pl.col("reports_to_position_number").fill_null("") == "")
        .then(pl.lit(""))
        .otherwise(prefix + pl.col("reports_to_position_number"))
        .alias("reports_to_position_number"),
        (pl.col("org_code") + " " + pl.col("unit_path")).alias("unit_path"),
        pl.lit("R0X").alias("org_code"),
    )


def import_once(path: Path) -> float:
    from mantle.imports.services import workforce_file_import
    from mantle.workforce.models import Organisation

    org, _ = Organisation.objects.get_or_create(code="R0X", defaults={"name": "Benchmark Trust"})
    with Timer() as t:
        outcome = workforce_file_import(path=path, org=org, as_of=AS_OF)
    assert outcome.parse is not None and not outcome.parse.errors, outcome.parse.errors[:3]
    return t.seconds


def bare_copy(path: Path, columns: list[str]) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy")
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_copy (" + ", ".join(f'"{c}" text' for c in columns) + ")"
        )
        sql = "COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
        with Timer() as t, cursor.cursor.copy(sql) as copy, path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        cursor.execute("DROP TABLE bench_copy")
    return t.seconds


def national_part(rows: int) -> None:
    """The whole NHS in one child process: generate, write, then import (peak memory is its own,
    measured after the generator's frame is freed by importing in a fresh grandchild)."""
    folder = Path(tempfile.mkdtemp(prefix="mantle-bench-national-"))
    path = folder / "extract.csv"
    subprocess.run(
        [sys.executable, __file__, "--generate", str(path), str(rows)],
        capture_output=True,
        text=True,
        check=True,
    )
    fresh_database("mantle_bench_import_national")
    seconds = import_once(path)
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak_rss_mb()}))
    for item in folder.iterdir():
        item.unlink()
    folder.rmdir()


def sqlite_part(path: Path) -> None:
    fresh_database("mantle_bench_import", engine="sqlite")
    print(import_once(path))


def generate_part(path: Path, rows: int) -> None:
    """In a child process, so the generator's memory does not count in the import's peak."""
    frame = build_extract(rows)
    frame.write_csv(path)
    frame.head(100_000).write_csv(path.with_name("extract-100k.csv"))
    print(frame.height, ",".join(frame.columns))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--sqlite":
        sqlite_part(Path(sys.argv[2]))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--national":
        national_part(int(sys.argv[2]))
        return
    if len(sys.argv) == 4 and sys.argv[1] == "--generate":
        generate_part(Path(sys.argv[2]), int(sys.argv[3]))
        return
    folder = Path(tempfile.mkdtemp(prefix="mantle-bench-"))
    path = folder / "extract.csv"
    made = subprocess.run(
        [sys.executable, __file__, "--generate", str(path), str(ROWS)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    height, columns = int(made[-2]), made[-1].split(",")
    fresh_database("mantle_bench_import")
    import_s = import_once(path)
    reimport_s = import_once(path)
    copy_s = bare_copy(path, columns)
    result = {
        "rows": height,
        "import_s": import_s,
        "reimport_s": reimport_s,
        "copy_s": copy_s,
        "ratio": round(import_s / copy_s, 1) if copy_s else None,
        "reimport_ratio": round(reimport_s / copy_s, 1) if copy_s else None,
    }
    # SQLite: 100,000 rows into a fresh database file, in a child process (its own Django set-up).
    small = folder / "extract-100k.csv"
    child = subprocess.run(
        [sys.executable, __file__, "--sqlite", str(small)],
        capture_output=True,
        text=True,
        check=True,
    )
    result["sqlite_rows"] = 100_000
    result["sqlite_import_s"] = float(child.stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = peak_rss_mb()
    if NATIONAL_ROWS:
        national = subprocess.run(
            [sys.executable, __file__, "--national", str(NATIONAL_ROWS)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(national.stdout.strip().splitlines()[-1])
        result["national_rows"] = NATIONAL_ROWS
        result["national_import_s"] = figures["seconds"]
        result["national_peak_rss_mb"] = figures["peak_rss_mb"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
