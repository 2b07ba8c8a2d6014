"""The monthly board pack for the demo trust (issue 19): time to make it and its size.

Loads the demo trust (`mantle demo`, 5,000 staff) into a fresh SQLite database (BENCH_REUSE=1 keeps
an earlier load), then makes the pack for the latest month through ``board_pack_create`` (the same
service the button and `mantle board-pack` call: figures, SPC, SVG charts, WeasyPrint PDF/UA-1,
stored). Prints one JSON line: {"seconds": …, "warm_seconds": …, "bytes": …, "pages": …}; ``seconds`` is
the first pack (computing the 13 month ends' disclosure families from cold), ``warm_seconds`` a
second one with them cached. Targets: ≤ 10 s, ≤ 5 MB.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DB = ROOT / "var" / "bench_board_pack.sqlite3"


def main() -> None:
    reuse = os.environ.get("BENCH_REUSE") == "1" and DB.exists()
    if not reuse:
        DB.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DB}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mantle.config.settings.local")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not reuse:
        call_command("demo", verbosity=0)
    from mantle.boardpack.content import pack_date
    from mantle.boardpack.services import board_pack_create
    from mantle.workforce.models import Organisation

    org = Organisation.objects.exclude(org_type="icb").get()
    on = pack_date(dt.date.today().strftime("%Y-%m"))
    started = time.perf_counter()
    pack = board_pack_create(org=org, on=on, user=None, via="cli")
    seconds = time.perf_counter() - started
    # Again, with the month ends' disclosure families cached (as once the dashboard has been opened).
    started = time.perf_counter()
    board_pack_create(org=org, on=on, user=None, via="cli")
    warm = time.perf_counter() - started
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(bytes(pack.pdf))
        f.flush()
        info = subprocess.run(
            ["pdfinfo", f.name], capture_output=True, text=True, check=False
        ).stdout
    pages = next(
        (int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), None
    )
    figures = {"seconds": round(seconds, 2), "warm_seconds": round(warm, 2)}
    print(json.dumps({**figures, "bytes": pack.size, "pages": pages}))


if __name__ == "__main__":
    main()
