"""Load NHS reference data: ODS organisations, the Occupation Code Manual, provider types.

Rules: re-running updates names, dates and parents without duplicating; a record that is not in a later
file is left alone (ODS files are published whole, but an organisation is never deleted by a load,
because history refers to it); everything in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from mantle.workforce.models import OccupationCode, Organisation
from mantle.workforce.rules.occupation import classify_occupation_code

SPECIFIC_TRUST_TYPES = {"acute", "mental_health", "community", "ambulance"}
PROVIDER_TYPES = {
    "acute": "acute",
    "mental health": "mental_health",
    "community": "community",
    "ambulance": "ambulance",
    "clinical commissioning group": "sub_icb",
    "ccg": "sub_icb",
}


@dataclass
class LoadCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def organisations_load(records: Iterable[Any]) -> LoadCounts:
    """Create or update organisations from parsed ODS records, then link each to its ICB."""
    counts = LoadCounts()
    existing = {o.code: o for o in Organisation.objects.all()}
    records = list(records)
    for rec in records:
        values = {
            "name": rec.name,
            "region_code": rec.region_code or "",
            "opened": rec.open_date,
            "closed": rec.close_date,
        }
        org = existing.get(rec.code)
        if org is None:
            existing[rec.code] = Organisation.objects.create(
                code=rec.code, org_type=rec.org_type, **values
            )
            counts.created += 1
            continue
        if rec.org_type != "trust" or org.org_type not in SPECIFIC_TRUST_TYPES:
            values["org_type"] = rec.org_type
        changed = {k: v for k, v in values.items() if getattr(org, k) != v}
        if changed:
            for key, value in changed.items():
                setattr(org, key, value)
            org.save(update_fields=list(changed))
            counts.updated += 1
        else:
            counts.unchanged += 1
    for rec in records:
        icb = existing.get(rec.icb_code or "")
        org = existing[rec.code]
        if (
            icb is not None
            and icb.org_type == "icb"
            and org.parent_id != icb.pk
            and icb.pk != org.pk
        ):
            Organisation.objects.filter(pk=org.pk).update(parent=icb)
    return counts


@transaction.atomic
def occupation_codes_load(records: Iterable[Any]) -> LoadCounts:
    """Replace-or-update the Occupation Code Manual list (codes are keys; nothing is deleted)."""
    counts = LoadCounts()
    existing = {c.code: c for c in OccupationCode.objects.all()}
    for rec in records:
        cls = classify_occupation_code(rec.code)
        values = {
            "name": rec.name[:200],
            "main_staff_group": rec.main_staff_group[:80],
            "staff_group": (rec.broad_staff_group or (cls.staff_group if cls else ""))[:80],
            "level": rec.level[:120],
            "is_valid": rec.currently_valid,
        }
        old = existing.get(rec.code)
        if old is None:
            OccupationCode.objects.create(code=rec.code, **values)
            counts.created += 1
        elif any(getattr(old, k) != v for k, v in values.items()):
            OccupationCode.objects.filter(code=rec.code).update(**values)
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts


@transaction.atomic
def provider_types_load(mapping: dict[str, str]) -> LoadCounts:
    """Set trusts' types (acute, mental health, community, ambulance) from a provider list."""
    counts = LoadCounts()
    for code, label in mapping.items():
        org_type = PROVIDER_TYPES.get(label.strip().lower())
        if org_type is None:
            continue
        updated = (
            Organisation.objects.filter(code=code)
            .exclude(org_type=org_type)
            .update(org_type=org_type)
        )
        counts.updated += updated
    return counts
