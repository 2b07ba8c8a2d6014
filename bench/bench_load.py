"""Load test (issue 14): 50 people using Mantle at once for 60 s, against gunicorn on loopback.

Loads the demo trust (`mantle demo`, BENCH_STAFF staff, 5,000 by default) into a fresh PostgreSQL database
(BENCH_REUSE=1 keeps a previous load of mantle_bench_load), starts gunicorn on 127.0.0.1 with the settings
`make run` uses (DEBUG off, rate limits on, static files from whitenoise), and runs locust headless:
50 users spawned at 10 a second, each a role drawn by weight — staff members 10, line managers 5,
HR/OD administrators 3, board members 2 — reading that role's usual pages and (HR) the API, with 3–10 s
of reading time between pages (bench/_locust_load.py). Each virtual user has its own signed-in session, made here as sign-in
and two-step verification would make it (sign-in itself is not part of the mix). Every page is requested
by every role a few times, concurrently, before the run (gunicorn --preload; each worker then has its lazy
imports and the divide's cached frames), so the figures are of a warm server, not of its first requests.

Prints one JSON line: {"users", "requests", "p50_ms", "p95_ms", "failures", "rps", "loadavg_1m",
"within_target"}. Target: p95 ≤ 500 ms and no failures. loadavg_1m is the machine's load at the end: on a
shared machine other processes take CPU from gunicorn, and the figures say so. Only loopback traffic; the
run is bounded by locust's --run-time.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import PG, ROOT, fresh_database

DB = os.environ.get("BENCH_DB", "mantle_bench_load")  # BENCH_DB: a database of your own
USERS = 50
SPAWN_RATE = 10
DURATION_S = 60
STAFF = int(os.environ.get("BENCH_STAFF", "5000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
P95_TARGET_MS = 500.0
SESSIONS_PER_ROLE = 10
ROLES = ("staff", "porter", "manager", "director", "hr", "exec", "chair")
BIN = Path(sys.executable).parent


def prepare_database() -> str:
    """The demo trust in PostgreSQL; returns its ODS code."""
    url = f"{PG}/{DB}"
    reuse = os.environ.get("BENCH_REUSE") == "1"
    if reuse:
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mantle.config.settings.local")
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    else:
        fresh_database(DB)
    from django.core.management import call_command

    from mantle.workforce.models import Organisation, Person

    if not Person.objects.exists():
        call_command("demo", "--staff", str(STAFF), verbosity=0, stdout=io.StringIO())
    return str(Organisation.objects.exclude(org_type="icb").order_by("code").first().code)


def make_sessions() -> dict[str, list[str]]:
    """Signed-in sessions per demo role (two-step verified where the role requires it)."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    sessions: dict[str, list[str]] = {}
    for role in ROLES:
        user = get_user_model().objects.get(username=role)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="load test", confirmed=True)
        keys = []
        for _ in range(SESSIONS_PER_ROLE):
            client = Client()
            client.force_login(user)
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
            keys.append(str(session.session_key))
        sessions[role] = keys
    return sessions


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


WARM_PATHS = (
    "/",
    "/register/me/",
    "/development/",
    "/talent/me/",
    "/leadership/",
    "/accounts/",
    "/register/{org}/chart/",
    "/talent/conversations/",
    "/talent/",
    "/register/{org}/",
    "/divide/?org={org}",
    "/development/compliance/",
    "/audit/",
    "/talent/succession/?org={org}",
    "/api/v1/register/people?limit=50",
    "/api/v1/organisations/{org}/divide",
    "/leadership/organisation/",
)


def _get(url: str, key: str) -> None:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={key}"})
    # pages a role may not open (403/404) are not in its mix
    with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=120) as r:
        r.read()


def warm_up(url: str, org: str, sessions: dict[str, list[str]]) -> None:
    """Request every page of the mix as every role, WORKERS times, WORKERS at a time (not measured)."""
    jobs = [
        (url + path.format(org=org), keys[0])
        for keys in sessions.values()
        for path in WARM_PATHS
        for _ in range(WORKERS)
    ]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(lambda job: _get(*job), jobs))


def main() -> None:
    org = prepare_database()
    sessions = make_sessions()
    work = Path(tempfile.mkdtemp(prefix="mantle-load-"))
    (work / "sessions.json").write_text(json.dumps(sessions))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mantle.config.settings.serve",
        "DATABASE_URL": f"{PG}/{DB}",
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
    }
    subprocess.run(
        [str(BIN / "mantle"), "collectstatic", "--noinput", "--verbosity", "0"], env=env, check=True
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "mantle.config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--timeout",
            "120",
            "--preload",
            "--no-control-socket",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(work / "gunicorn.log", "w"),  # noqa: SIM115
    )
    try:
        wait_until_up(url)
        warm_up(url, org, sessions)
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(Path(__file__).with_name("_locust_load.py")),
                "--headless",
                "--users",
                str(USERS),
                "--spawn-rate",
                str(SPAWN_RATE),
                "--run-time",
                f"{DURATION_S}s",
                "--stop-timeout",
                "10",
                "--host",
                url,
                "--csv",
                str(work / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={**env, "LOAD_SESSIONS": str(work / "sessions.json"), "LOAD_ORG": org},
            check=False,
            stdout=subprocess.DEVNULL,
            timeout=DURATION_S + 120,
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    with open(work / "load_stats.csv", newline="") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    total = rows["Aggregated"]
    slowest = sorted(
        (r for name, r in rows.items() if name != "Aggregated"),
        key=lambda r: float(r["95%"] or 0),
        reverse=True,
    )[:5]
    for r in slowest:
        print(
            f"  {r['Name']:<40} n={r['Request Count']:>5} p50={r['50%']:>5} ms p95={r['95%']:>5} ms"
        )
    requests = int(total["Request Count"])
    failures = int(total["Failure Count"])
    p95 = float(total["95%"])
    print(
        json.dumps(
            {
                "users": USERS,
                "requests": requests,
                "p50_ms": float(total["50%"]),
                "p95_ms": p95,
                "failures": failures,
                "rps": round(float(total["Requests/s"]), 1),
                "loadavg_1m": round(os.getloadavg()[0], 1),
                "within_target": p95 <= P95_TARGET_MS and failures == 0,
            }
        )
    )


if __name__ == "__main__":
    main()
