"""Load NHS reference data: ODS organisations, the Occupation Code Manual, provider types.

Rules: re-running updates names, dates and parents without duplicating; a record that is not in a later
file is left alone (ODS files are published whole, but an organisation is never deleted by a load,
because history refers to it); everything in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from mantle.workforce.models import OccupationCode, Organisation
from mantle.workforce.rules.occupation import classify_occupation_code

SPECIFIC_TRUST_TYPES = {"acute", "mental_health", "community", "ambulance"}
# Provider-type labels are matched on words, not whole strings: published lists write
# "Community Provider Trust", "Mental Health Trust", "CCG" and so on. The first rule whose words all
# occur in the label decides; a label that no rule matches, or that two types match, is reported.
PROVIDER_TYPE_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("ambulance",), "ambulance"),
    (("mental", "health"), "mental_health"),
    (("community",), "community"),
    (("acute",), "acute"),
    (("clinical", "commissioning", "group"), "sub_icb"),
    (("ccg",), "sub_icb"),
    (("sub", "icb"), "sub_icb"),
    (("integrated", "care", "board"), "icb"),
    (("icb",), "icb"),
)


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


def provider_type_of(label: str) -> str | None:
    """Mantle's organisation type for a published provider-type label, or None when unknown.

    Rule: the label is lower-cased and split into words (punctuation ignored); each type's words
    must all occur; a label matched by two different types (e.g. "Acute and Community") is unknown
    rather than guessed.
    """
    words = set(re.findall(r"[a-z0-9]+", label.lower()))
    found = {org_type for needed, org_type in PROVIDER_TYPE_RULES if set(needed) <= words}
    return found.pop() if len(found) == 1 else None


@dataclass
class ProviderTypeLoad:
    """What a provider-type load did, and everything it could not use, with the reason."""

    recorded: int = 0
    updated: int = 0
    # label -> ODS codes carrying it, for labels that map to no single type
    unmapped: dict[str, list[str]] = field(default_factory=dict)
    # codes typed in the list but absent from the loaded ODS organisations: kept for the benchmark
    not_in_ods: list[str] = field(default_factory=list)


@transaction.atomic
def provider_types_load(mapping: dict[str, str]) -> ProviderTypeLoad:
    """Set trusts' types (acute, mental health, community, ambulance, CCG) from a provider list.

    Rules: labels matched by ``provider_type_of``; every label it cannot map is reported with its
    codes, never silently skipped; every mapped code is recorded as a ``ProviderType`` (replacing an
    earlier load) so the published benchmark can type organisations known only from published
    files; organisations present in the ODS data get the type too, and those absent are reported.
    """
    from mantle.divide.models import ProviderType

    result = ProviderTypeLoad()
    typed: dict[str, tuple[str, str]] = {}
    for code, label in sorted(mapping.items()):
        org_type = provider_type_of(label)
        if org_type is None:
            result.unmapped.setdefault(label.strip(), []).append(code)
            continue
        typed[code] = (label.strip(), org_type)
    ProviderType.objects.filter(org_code__in=typed).delete()
    ProviderType.objects.bulk_create(
        ProviderType(org_code=code, label=label, org_type=org_type)
        for code, (label, org_type) in typed.items()
    )
    result.recorded = len(typed)
    known = set(Organisation.objects.filter(code__in=typed).values_list("code", flat=True))
    result.not_in_ods = sorted(set(typed) - known)
    for code, (_label, org_type) in typed.items():
        if code in known:
            result.updated += (
                Organisation.objects.filter(code=code)
                .exclude(org_type=org_type)
                .update(org_type=org_type)
            )
    return result
