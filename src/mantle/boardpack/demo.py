"""Demo targets, so the demo's dashboard and board pack show assurance icons (the HR/OD demo
account can change them at /board-pack/targets/)."""

from __future__ import annotations

import datetime as dt
import random

from mantle.workforce.models import Organisation

from .services import measure_setting_save

DEMO_TARGETS = {"senior_management_clinician_share": 0.55, "management_vacancy_rate": 0.05}


def seed_demo(*, organisation: Organisation, as_of: dt.date, rng: random.Random) -> None:
    """Set the demo trust's targets (audited as the system, like any other demo write)."""
    for measure, target in DEMO_TARGETS.items():
        measure_setting_save(
            org=organisation,
            measure=measure,
            target=target,
            change_point=None,
            reason="Demo target",
            user=None,
        )
