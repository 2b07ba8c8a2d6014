"""Disclosure control (issue 11) on the 5,000-staff demo trust, SQLite.

Builds the demo trust (`mantle demo`, R1A) in a fresh SQLite database, then measures:
* audit — `mantle disclosure-audit --role executive` (every figure an executive can obtain on two
  adjacent month-ends, attacked with HiGHS): its JSON, and audit_s, the wall time of the command
  in its own process (target ≤ 30 s);
* family_cold_s — computing and auditing one date's divide family (every unit at every depth)
  with an empty cache;
* dashboard_warm_ms — the divide dashboard's services for an executive once the families are
  cached (median of 5).
Prints one JSON line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time

from _setup import ROOT, Timer, fresh_database

AS_OF = dt.date(2026, 11, 30)
STAFF = int(os.environ.get("BENCH_STAFF", "5000"))


def main() -> None:
    url = fresh_database("bench_disclosure", engine="sqlite")
    from django.core.cache import cache
    from django.core.management import call_command

    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        call_command("demo", "--staff", str(STAFF), "--as-of", AS_OF.isoformat(), stdout=sink)
    from mantle.divide import services
    from mantle.divide.family import families
    from mantle.workforce.models import Organisation

    org = Organisation.objects.exclude(org_type="icb").get()
    cache.clear()
    with Timer() as cold:
        families(org=org, dates=[AS_OF])
    env = dict(os.environ, DATABASE_URL=url)
    started = time.perf_counter()
    done = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "mantle"),
            "disclosure-audit",
            "--org",
            org.code,
            "--as-of",
            AS_OF.isoformat(),
            "--role",
            "executive",
            "--violations",
            "5",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    audit_s = round(time.perf_counter() - started, 2)
    summary = json.loads(done.stdout) if done.stdout.strip() else {"error": done.stderr[-500:]}
    since = dt.date(2025, 11, 30)
    services.divide_dashboard(org=org, on=AS_OF, since=since, unit=None, suppress=True)
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        services.divide_dashboard(org=org, on=AS_OF, since=since, unit=None, suppress=True)
        runs.append((time.perf_counter() - t) * 1000)
    print(
        json.dumps(
            {
                "bench": "disclosure",
                "staff": STAFF,
                "organisation": org.code,
                "audit_exit_code": done.returncode,
                "audit_s": audit_s,
                "audit": summary,
                "family_cold_s": cold.seconds,
                "dashboard_warm_ms": round(statistics.median(runs), 1),
            }
        )
    )
    sys.exit(0 if done.returncode == 0 else 1)


if __name__ == "__main__":
    main()
