"""The divide on the national synthetic NHS (issue 5).

Loads the national synthetic NHS (≈1.3 million people, ≈200 trusts; BENCH_SCALE to shrink) into a fresh
PostgreSQL database through the real importer, then measures:
* divide_all_s — `mantle divide --all` end to end in a separate process (start-up, query, Polars, CSV),
                 run twice: the first computes and caches every organisation's disclosure family (what
                 the worker does after each import), reported as divide_all_cold_s; the second is what
                 a user gets once the families are known (divide_all_s, the figure the ratio uses);
* reference_s  — the same all-organisation headline computation as one hand-written SQL query in
                 PostgreSQL over the same rows (workforce clinician share, senior-management clinician
                 share and the divide gap per organisation), for the ratio;
* dashboard_median_ms — server time of the divide dashboard for one trust (HR view), median of 15 runs;
* peak_rss_mb — peak memory of the `divide --all` process.
Prints one JSON line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import PG, ROOT, Timer, fresh_database

SCALE = float(os.environ.get("BENCH_SCALE", "1.0"))
DB = os.environ.get("BENCH_DB", "mantle_bench_divide")  # BENCH_DB: a database of your own
AS_OF = dt.date(2026, 3, 31)

REFERENCE_SQL = """
WITH h AS (
  SELECT a.person_id, a.organisation_id, pv.tier
  FROM workforce_assignment a
  JOIN workforce_postversion pv ON pv.post_id = a.post_id AND pv.retracted_at IS NULL
   AND pv.valid_from <= %(d)s AND (pv.valid_to IS NULL OR pv.valid_to > %(d)s)
  WHERE a.retracted_at IS NULL AND a.valid_from <= %(d)s AND (a.valid_to IS NULL OR a.valid_to > %(d)s)
), reg AS (
  SELECT person_id, bool_or(status = 'registered' AND (valid_to IS NULL OR valid_to > %(d)s)) AS registered
  FROM workforce_registration WHERE retracted_at IS NULL AND valid_from <= %(d)s GROUP BY person_id
), p AS (
  SELECT h.organisation_id, h.person_id,
         bool_or(h.tier IN ('board_executive', 'senior')) AS senior,
         coalesce(max(reg.registered::int), 0) = 1 AS clinician
  FROM h LEFT JOIN reg ON reg.person_id = h.person_id GROUP BY h.organisation_id, h.person_id
)
SELECT organisation_id, count(*) AS headcount,
       avg(clinician::int) AS workforce_clinician_share,
       avg(clinician::int) FILTER (WHERE senior) AS senior_clinician_share,
       100 * (avg(clinician::int) - avg(clinician::int) FILTER (WHERE senior)) AS gap_pp
FROM p GROUP BY organisation_id
"""


def load_nation() -> tuple[int, int, float]:
    import polars as pl

    from mantle.demo.services import import_frame
    from mantle.demo.synthetic import generate_national
    from mantle.workforce.models import Organisation

    with Timer() as t:
        nation = generate_national(seed=3, scale=SCALE, as_of=AS_OF)
        for row in nation.icbs.iter_rows(named=True):
            Organisation.objects.create(code=row["code"], name=row["name"], org_type="icb")
        for row in nation.organisations.iter_rows(named=True):
            org = Organisation.objects.create(
                code=row["code"], name=row["name"], org_type=row["org_type"]
            )
            import_frame(
                org=org, frame=nation.extract.filter(pl.col("org_code") == org.code), as_of=AS_OF
            )
    from mantle.workforce.models import EmployeeNumber

    # People loaded: the trusts' staff (the ICBs' own staff in the synthetic set are not loaded here).
    return EmployeeNumber.objects.count(), nation.organisations.height, t.seconds


def divide_all_end_to_end(url: str) -> tuple[float, float]:
    out = Path(tempfile.mkdtemp()) / "national.csv"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "mantle.config.settings.local",
        "PYTHONPATH": str(ROOT / "src"),
    }
    start = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).with_name("mantle")),
            "divide",
            "--all",
            "--as-of",
            AS_OF.isoformat(),
            "--format",
            "csv",
            "--output",
            str(out),
        ],
        env=env,
        check=True,
    )
    seconds = round(time.perf_counter() - start, 2)
    peak = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    return seconds, peak


def reference() -> float:
    from django.db import connection

    with connection.cursor() as cursor, Timer() as t:
        cursor.execute(REFERENCE_SQL, {"d": AS_OF})
        cursor.fetchall()
    return t.seconds


def dashboard_median_ms() -> tuple[float, str, int]:
    from django.test import Client

    from mantle.core.testing.factories import make_user
    from mantle.workforce.models import Assignment, Organisation

    sizes = {
        org.code: Assignment.objects.current_on(AS_OF).filter(organisation=org).count()
        for org in Organisation.objects.exclude(org_type="icb")
    }
    candidates = sorted((n, c) for c, n in sizes.items() if 5000 <= n <= 18000) or sorted(
        (n, c) for c, n in sizes.items()
    )
    size, code = candidates[len(candidates) // 2]
    user = make_user(username="bench-hr", roles=[("hr_admin", Organisation.objects.get(code=code))])
    user.refresh_from_db()
    client = Client()
    client.force_login(user)
    url = f"/divide/?org={code}&as_of={AS_OF.isoformat()}"
    client.get(url)  # warm caches (templates, classifier)
    times = []
    for _ in range(15):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return round(statistics.median(times), 1), code, size


def reuse_database() -> tuple[str, int, int]:
    """BENCH_REUSE=1: measure again on the database a previous run loaded (skips the 3-minute load)."""
    url = f"{PG}/{DB}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mantle.config.settings.local")
    import django

    django.setup()
    from mantle.workforce.models import EmployeeNumber, Organisation

    return url, EmployeeNumber.objects.count(), Organisation.objects.exclude(org_type="icb").count()


def main() -> None:
    # A cache of its own: the first `divide --all` is cold (nothing computed by an earlier run).
    os.environ.setdefault("MANTLE_CACHE_LOCATION", tempfile.mkdtemp(prefix="mantle-bench-cache-"))
    if os.environ.get("BENCH_REUSE") == "1":
        url, people, orgs = reuse_database()
        load_s = None
    else:
        url = fresh_database(DB)
        people, orgs, load_s = load_nation()
    divide_all_cold_s, _ = divide_all_end_to_end(url)
    divide_all_s, peak = divide_all_end_to_end(url)
    reference_s = reference()
    median_ms, code, size = dashboard_median_ms()
    print(
        json.dumps(
            {
                "people": people,
                "organisations": orgs,
                "load_s": load_s,
                "divide_all_cold_s": divide_all_cold_s,
                "divide_all_s": divide_all_s,
                "reference_s": reference_s,
                "ratio": round(divide_all_s / reference_s, 1) if reference_s else None,
                "dashboard_median_ms": median_ms,
                "dashboard_org": code,
                "dashboard_assignments": size,
                "peak_rss_mb": peak,
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
