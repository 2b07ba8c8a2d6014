"""ESR outbound interface benchmark (issue 20): a full interface file of about 100,000 people.

The synthetic NHS extract of ``bench_import`` (BENCH_INTERFACE_ROWS assignments, default 110,000:
about 100,000 people) is imported into fresh PostgreSQL, exported as a full ESR outbound interface
file (``exports_esr.export_esr_interface``), and that file is applied to a second organisation:

* records, people   — the interface file's data records and the people in it;
* export_s          — writing the interface file from the register;
* apply_s           — ``esr_interface_apply`` (parse, check, keep the records, rebuild the register);
* records_per_s     — records / apply_s;
* replay_s          — the same file again (refused as already applied: nothing written);
* peak_rss_mb       — the process's peak memory.

Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _setup import Timer, fresh_database, peak_rss_mb
from bench_import import AS_OF, build_extract

ROWS = int(os.environ.get("BENCH_INTERFACE_ROWS", "110000"))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--generate":
        build_extract(int(sys.argv[3])).write_csv(sys.argv[2])
        return
    folder = Path(tempfile.mkdtemp(prefix="mantle-bench-interface-"))
    extract = folder / "extract.csv"
    subprocess.run(
        [sys.executable, __file__, "--generate", str(extract), str(ROWS)],
        capture_output=True,
        text=True,
        check=True,
    )
    fresh_database("mantle_bench_import_interface")
    from mantle.imports.exports_esr import export_esr_interface
    from mantle.imports.services import esr_interface_apply, workforce_file_import
    from mantle.workforce.models import Organisation

    source = Organisation.objects.create(code="R0X", name="Benchmark Trust")
    loaded = workforce_file_import(path=extract, org=source, as_of=AS_OF)
    assert loaded.parse is not None and not loaded.parse.errors, loaded.parse.errors[:3]
    with Timer() as export:
        text = export_esr_interface(source, on=AS_OF)
    path = folder / "full.DAT"
    path.write_text(text, encoding="utf-8")
    records = text.count("\n") - 2
    people = text.count("\nPRA~")
    target = Organisation.objects.create(code="R0Y", name="Interface copy")
    with Timer() as applied:
        outcome = esr_interface_apply(path=path, org=target)
    assert outcome.status == "applied", (outcome.message, outcome.errors[:3])
    with Timer() as replay:
        again = esr_interface_apply(path=path, org=target)
    assert again.status == "refused"
    print(
        json.dumps(
            {
                "assignments": ROWS,
                "records": records,
                "people": people,
                "export_s": export.seconds,
                "apply_s": applied.seconds,
                "records_per_s": round(records / applied.seconds) if applied.seconds else None,
                "replay_s": replay.seconds,
                "peak_rss_mb": peak_rss_mb(),
            }
        )
    )
    for item in folder.iterdir():
        item.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
