"""Writes: load an outcome file (atomic, idempotent), and the demo's synthetic unit figures.

Rules: the file is parsed and checked in one pass (``parsers``) and then against the database
(a unit-level file's organisations and units must exist, and the person loading it must be an
HR/OD administrator of each organisation); any error and nothing is written. A clean file is
written in one transaction as upserts keyed by (organisation, unit, period, measure), so loading
the same file twice leaves the same figures (the second load reports them all unchanged). Every
load is audited.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction

from mantle.core.access import AccessDenied, Actor
from mantle.core.audit import audit_record
from mantle.imports.parsers.common import RowError
from mantle.workforce.models import Organisation, Unit

from .models import OutcomeImport, OutcomeValue
from .parsers import KIND_LABELS, OutcomeRow, ParsedOutcomes, parse_outcome_file

BATCH = 5000


@dataclass
class OutcomeLoad:
    kind: str
    filename: str
    errors: list[RowError] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    measures: list[str] = field(default_factory=list)
    run: OutcomeImport | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "filename": self.filename,
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "measures": self.measures,
            "errors": len(self.errors),
        }


def may_load(actor: Actor | None, kind: str) -> bool:
    """Organisation-level outcomes: HR/OD administrators and system analysts; unit-level: HR/OD
    administrators (of the organisations in the file, checked row by row). ``None`` is the
    operator at the command line."""
    if actor is None or actor.superuser:
        return True
    if kind == "unit-long":
        return actor.is_hr_admin_anywhere
    return actor.is_hr_admin_anywhere or actor.analyst


def _check_duplicates(parsed: ParsedOutcomes) -> None:
    seen: dict[tuple[str, str, str, str], int] = {}
    for r in parsed.rows:
        key = (r.org_code, r.unit_path, r.period, r.measure)
        if key in seen and seen[key] != r.row:
            parsed.errors.append(
                RowError(
                    r.row,
                    r.measure,
                    r.org_code,
                    f"{r.measure} for {r.org_code} in {r.period} is already on row {seen[key]}",
                    "one value per organisation, unit, period and measure",
                )
            )
        seen.setdefault(key, r.row)


def _check_units(parsed: ParsedOutcomes, actor: Actor | None) -> None:
    """Unit-level rows: the organisation is in Mantle, the actor administers it, the unit exists."""
    codes = sorted({r.org_code for r in parsed.rows})
    orgs = dict(Organisation.objects.filter(code__in=codes).values_list("code", "pk"))
    paths = {
        (code, path)
        for code, path in Unit.objects.filter(organisation__code__in=codes).values_list(
            "organisation__code", "path"
        )
    }
    for r in parsed.rows:
        if r.org_code not in orgs:
            parsed.errors.append(
                RowError(
                    r.row,
                    "org_code",
                    r.org_code,
                    f"{r.org_code} is not an organisation in Mantle",
                    "the ODS code of an organisation whose register is loaded",
                )
            )
        elif actor is not None and not actor.is_hr_admin(r.org_code):
            parsed.errors.append(
                RowError(
                    r.row,
                    "org_code",
                    r.org_code,
                    f"you are not an HR/OD administrator of {r.org_code}",
                    "an organisation you administer",
                )
            )
        elif (r.org_code, r.unit_path) not in paths:
            parsed.errors.append(
                RowError(
                    r.row,
                    "unit_path",
                    r.unit_path,
                    f"{r.org_code} has no unit {r.unit_path!r}",
                    "a unit path as the register names it (Organisation → the org chart)",
                )
            )


def outcome_file_load(
    *,
    kind: str,
    source: BinaryIO | Path,
    filename: str,
    actor: Actor | None = None,
    dry_run: bool = False,
    via: str = "cli",
) -> OutcomeLoad:
    """Check then load one outcome file (module rules). Raises AccessDenied when the actor may not
    load this kind; ``imports.parsers.common.ParseError`` for a file that is not CSV/XLSX."""
    if kind not in KIND_LABELS:
        raise ValueError(f"unknown kind {kind!r}; allowed: {', '.join(KIND_LABELS)}")
    if not may_load(actor, kind):
        raise AccessDenied("Only HR/OD administrators and analysts load outcome files.")
    digest = ""
    if isinstance(source, Path):
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
    else:
        data = source.read()
        digest = hashlib.sha256(data).hexdigest()
        import io

        source = io.BytesIO(data)
    parsed = parse_outcome_file(kind=kind, source=source, filename=filename)
    _check_duplicates(parsed)
    if kind == "unit-long" and not parsed.errors:
        _check_units(parsed, actor)
    load = OutcomeLoad(
        kind=kind,
        filename=filename,
        errors=sorted(parsed.errors, key=lambda e: (e.row, e.column)),
        skipped=parsed.skipped,
    )
    load.measures = sorted({r.measure for r in parsed.rows})
    if load.errors:
        return load
    if not parsed.rows:
        load.errors.append(
            RowError(1, "", "", f"{filename} has no figures to load", "at least one row")
        )
        return load
    _count_changes(load, parsed.rows)
    if dry_run:
        return load
    user = getattr(actor, "user", None)
    with transaction.atomic():
        run = OutcomeImport.objects.create(
            kind=kind,
            filename=filename[:255],
            file_sha256=digest,
            rows=len(parsed.rows),
            counts=load.as_dict(),
            created_by=user if getattr(user, "is_authenticated", False) else None,
            via=via,
        )
        _upsert(parsed.rows, run)
        audit_record(
            actor=user,
            action="import",
            object_type="outcome_file",
            object_id=run.pk,
            object_label=filename,
            detail=load.as_dict(),
            via=via,
        )
    load.run = run
    return load


def _count_changes(load: OutcomeLoad, rows: list[OutcomeRow]) -> None:
    existing: dict[tuple[str, str, str, str], tuple[float, float | None]] = {}
    for measure in load.measures:
        for code, path, period, value, den in OutcomeValue.objects.filter(
            measure=measure
        ).values_list("org_code", "unit_path", "period", "value", "denominator"):
            existing[(code, path, period, measure)] = (value, den)
    for r in rows:
        old = existing.get((r.org_code, r.unit_path, r.period, r.measure))
        if old is None:
            load.created += 1
        elif old == (r.value, r.denominator):
            load.unchanged += 1
        else:
            load.changed += 1


def _upsert(rows: list[OutcomeRow], run: OutcomeImport | None, *, synthetic: bool = False) -> None:
    objects = [
        OutcomeValue(
            org_code=r.org_code,
            unit_path=r.unit_path,
            period=r.period,
            measure=r.measure,
            value=r.value,
            denominator=r.denominator,
            source=r.source[:200],
            synthetic=synthetic,
            loaded_by=run,
        )
        for r in rows
    ]
    for start in range(0, len(objects), BATCH):
        OutcomeValue.objects.bulk_create(
            objects[start : start + BATCH],
            update_conflicts=True,
            unique_fields=["org_code", "unit_path", "period", "measure"],
            update_fields=["value", "denominator", "source", "synthetic", "loaded_by"],
        )


def synthetic_unit_outcomes_load(*, rows: list[OutcomeRow]) -> int:
    """The demo's generated unit figures, marked synthetic (replacing earlier demo figures)."""
    with transaction.atomic():
        OutcomeValue.objects.filter(synthetic=True).delete()
        _upsert(rows, None, synthetic=True)
    return len(rows)
