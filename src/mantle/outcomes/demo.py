"""Demo: synthetic unit-level outcomes for the demo trust, labelled synthetic everywhere.

Mantle never reads ../shared at run time, so the demo cannot load the real published files; it
generates monthly figures per directorate instead — falls per 1,000 bed days, sickness absence
(%) and Friends and Family Test "would recommend" (%) — named ``synthetic_*`` and marked
``synthetic`` so nobody mistakes them for real data. Users load the real files with
``mantle import-outcomes`` or the Load outcome files page.
"""

from __future__ import annotations

import datetime as dt
import random

from mantle.workforce.models import Organisation, Unit

from .parsers import OutcomeRow
from .selectors import month_ends
from .services import synthetic_unit_outcomes_load

SOURCE = "Synthetic demo figures (not real data)"


def seed_demo(*, organisation: Organisation, as_of: dt.date, rng: random.Random) -> None:
    """Twelve month ends of synthetic figures for every unit two levels down (directorates)."""
    units = list(
        Unit.objects.filter(organisation=organisation, depth=2).values_list("path", flat=True)
    )
    rows: list[OutcomeRow] = []
    for path in units:
        base_falls = rng.uniform(3, 8)
        base_sick = rng.uniform(3.5, 6.5)
        base_fft = rng.uniform(85, 97)
        for month in month_ends(end=as_of, months=12):
            period = f"{month.year:04d}-{month.month:02d}"
            for measure, value, den in (
                ("synthetic_falls_per_1000_bed_days", base_falls + rng.gauss(0, 0.8), None),
                ("synthetic_sickness_absence", base_sick + rng.gauss(0, 0.5), None),
                ("synthetic_fft_recommend", min(100.0, base_fft + rng.gauss(0, 1.5)), 200.0),
            ):
                rows.append(
                    OutcomeRow(
                        organisation.code, path, period, measure, round(value, 2), den, SOURCE, 0
                    )
                )
    synthetic_unit_outcomes_load(rows=rows)
