"""Import services: check a workforce extract and, when it is clean, load it — from the CLI or the upload
page (as a background task). Rule: a file with any error writes nothing; every import is audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import uuid
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from mantle.core.audit import audit_record
from mantle.workforce.models import OccupationCode, Organisation

from .loaders.workforce import (
    ImportCounts,
    ImportRefused,
    latest_snapshot,
    snapshot_refusal,
)
from .models import EsrInterfaceFile, ImportRun
from .parsers.esr_bi import AssignmentRules, GradeTable, GradeTableError, default_grade_table
from .parsers.extract import ParseResult, RowError, errors_to_csv, parse_extract
from .preview import ImportPreview, MassLeavers, import_preview, workforce_import_guarded

MAX_ERRORS_STORED = 2000


@dataclass
class ImportOutcome:
    status: str
    parse: ParseResult | None = None
    counts: ImportCounts | None = None
    message: str = ""
    errors: list[RowError] = field(default_factory=list)
    preview: ImportPreview | None = None
    # Set when the mass-leaver guard refused: {"ended": n, "current": m}.
    mass_leavers: dict[str, int] | None = None


def known_occupation_codes() -> frozenset[str] | None:
    """The loaded Occupation Code Manual list, or None (then the rule-based classifier decides)."""
    codes = frozenset(OccupationCode.objects.values_list("code", flat=True))
    return codes or None


def esr_grade_table(path: Path | None = None) -> GradeTable:
    """The ESR grade table: ``path``, else the file named by ``MANTLE_ESR_GRADE_MAP``, else the
    table shipped with Mantle (``imports/parsers/esr_bi/grade_map.csv``)."""
    configured = getattr(settings, "MANTLE_ESR_GRADE_MAP", None) or os.environ.get(
        "MANTLE_ESR_GRADE_MAP"
    )
    return default_grade_table(path or (Path(configured) if configured else None))


def progress_key(run_id: int) -> str:
    return f"mantle:import-progress:{run_id}"


def workforce_file_import(
    *,
    path: Path,
    org: Organisation,
    as_of: dt.date,
    actor: Any = None,
    dry_run: bool = False,
    correct: bool = False,
    filename: str | None = None,
    run: ImportRun | None = None,
    via: str = "cli",
    profile: str = "auto",
    grade_map: Path | None = None,
    include: frozenset[str] = frozenset(),
    confirmed_ended: int | None = None,
) -> ImportOutcome:
    """Check then load one extract. Rule: all errors are found in one pass; if there is any, nothing is
    written; an older snapshot than the latest is refused unless ``correct``; a dry run previews
    what the import would do (``preview.import_preview``); an import that would end more than the
    set share of current assignments is refused unless ``confirmed_ended`` names their number.

    ``profile`` is the file's layout (``auto``, ``extract``, ``esr-bi``); for an ESR staff-in-post
    report, ``grade_map`` (else ``MANTLE_ESR_GRADE_MAP``, else the shipped table) maps grades to
    bands, and ``include`` names the kinds of assignment (bank, honorary, inactive) to keep."""

    def report(pct: int, stage: str) -> None:
        if run is not None:
            cache.set(progress_key(run.pk), {"progress": pct, "stage": stage}, 3600)

    report(1, "Reading the file")
    try:
        grades = esr_grade_table(grade_map)
    except (OSError, GradeTableError) as exc:
        return ImportOutcome(status=ImportRun.Status.INVALID, message=f"ESR grade table: {exc}")
    with path.open("rb") as handle:
        parsed = parse_extract(
            source=handle,
            filename=filename or path.name,
            as_of=as_of,
            org_code=org.code,
            known_occupation_codes=known_occupation_codes(),
            profile=profile,
            grade_table=grades,
            assignment_rules=AssignmentRules(include=include),
        )
    if parsed.errors:
        return ImportOutcome(
            status=ImportRun.Status.INVALID,
            parse=parsed,
            errors=parsed.errors,
            message=f"{len(parsed.errors)} errors found; nothing was imported.",
        )
    latest = latest_snapshot(org)
    refusal = snapshot_refusal(org=org, as_of=as_of, correct=correct, latest=latest)
    if refusal:  # checked here too so that a dry run reports it
        return ImportOutcome(status=ImportRun.Status.INVALID, parse=parsed, message=refusal)
    if dry_run:
        report(10, "Working out what the import would change")
        preview = import_preview(
            org=org, as_of=as_of, rows=parsed.rows, correct=correct, confirmed_ended=confirmed_ended
        )
        audit_record(
            actor=actor,
            action="preview",
            object_type="workforce_extract",
            object_id=as_of.isoformat(),
            object_label=filename or path.name,
            organisation_code=org.code,
            detail={k: preview.counts[k] for k in ("starters", "leavers", "changes", "new_posts")},
            via=via,
        )
        c = preview.counts
        return ImportOutcome(
            status=ImportRun.Status.DRY_RUN,
            parse=parsed,
            preview=preview,
            message=(
                f"{len(parsed.rows):,} rows checked: no errors. Importing this file would bring "
                f"{c['starters']:,} starters and {c['leavers']:,} leavers, change {c['changes']:,} "
                f"records, add {c['new_posts']:,} posts and end {c['ended_assignments']:,} of "
                f"{preview.current_assignments:,} current assignments. Nothing was written."
                + (f" {preview.refusal}" if preview.refusal else "")
            ),
        )
    try:
        counts = workforce_import_guarded(
            org=org,
            as_of=as_of,
            rows=parsed.rows,
            correct=correct,
            confirmed_ended=confirmed_ended,
            progress=report,
        )
    except ImportRefused as exc:
        return ImportOutcome(status=ImportRun.Status.INVALID, parse=parsed, message=str(exc))
    except MassLeavers as exc:
        return ImportOutcome(
            status=ImportRun.Status.INVALID,
            parse=parsed,
            message=str(exc),
            mass_leavers={"ended": exc.ended, "current": exc.current},
        )
    audit_record(
        actor=actor,
        action="correct" if correct and latest and as_of < latest else "import",
        object_type="workforce_extract",
        object_id=as_of.isoformat(),
        object_label=filename or path.name,
        organisation_code=org.code,
        detail=counts.as_dict(),
        via=via,
    )
    report(100, "Done")
    after_import_enqueue(org_code=org.code)
    outcome = ImportOutcome(
        status=ImportRun.Status.SUCCEEDED,
        parse=parsed,
        counts=counts,
        message=f"Imported {counts.rows} rows for {as_of.isoformat()}.",
    )
    if run is None:
        # Imports from the command line are recorded too: the snapshot order check relies on them.
        record_outcome(
            ImportRun(
                organisation=org,
                as_of=as_of,
                filename=(filename or path.name)[:255],
                correct=correct,
                created_by=actor if getattr(actor, "pk", None) else None,
            ),
            outcome,
        )
    return outcome


def after_import_enqueue(*, org_code: str) -> None:
    """Queue the tasks other apps asked to run after an organisation's register changed (setting
    ``MANTLE_AFTER_IMPORT_TASKS``, dotted paths to tasks taking the ODS code), once the import has
    committed, so a rolled-back import queues nothing. The imports app names no other app here."""
    for path in settings.MANTLE_AFTER_IMPORT_TASKS:
        transaction.on_commit(partial(import_string(path).enqueue, org_code))


def record_outcome(run: ImportRun, outcome: ImportOutcome) -> ImportRun:
    """Store an outcome on its run (errors capped, the full list is in the downloadable CSV)."""
    run.status = outcome.status
    run.message = outcome.message
    run.finished_at = timezone.now()
    run.progress = 100
    if outcome.parse is not None:
        run.rows = len(outcome.parse.rows)
        run.errors = [asdict(e) for e in outcome.parse.errors[:MAX_ERRORS_STORED]]
        run.warnings = [asdict(w) for w in outcome.parse.warnings[:MAX_ERRORS_STORED]]
        run.counts = {
            "errors": len(outcome.parse.errors),
            "warnings": outcome.parse.warning_total,
            "warning_kinds": outcome.parse.warning_counts,
            "profile": outcome.parse.profile,
            "excluded": outcome.parse.excluded,
        }
    if outcome.counts is not None:
        run.counts.update(outcome.counts.as_dict())
    if outcome.preview is not None:
        run.counts["preview"] = outcome.preview.as_dict()
    if outcome.mass_leavers is not None:
        run.counts["mass_leavers"] = outcome.mass_leavers
    run.save()
    return run


def import_upload_store(*, data: bytes, filename: str) -> Path:
    """Keep an uploaded extract outside any served folder until the background import has read it."""
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    path.write_bytes(data)
    return path


def import_run_create(
    *,
    actor: Any,
    org: Organisation,
    as_of: dt.date,
    filename: str,
    data: bytes,
    dry_run: bool,
    correct: bool,
) -> ImportRun:
    """Queue an uploaded extract; the background task starts only after the run is committed."""
    path = import_upload_store(data=data, filename=filename)
    return _run_queue(
        org=org,
        as_of=as_of,
        filename=filename,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        dry_run=dry_run,
        correct=correct,
        actor=actor,
    )


def import_run_confirm(*, actor: Any, run: ImportRun, confirmed_ended: int | None) -> ImportRun:
    """Import the file a previous run checked (a dry run) or refused for ending many assignments,
    with the number of ended assignments the user confirmed. Rule: only a finished run whose file
    is still kept can be imported this way; the new run is checked again from the start."""
    path = Path(run.stored_path) if run.stored_path else None
    if path is None or not path.exists():
        raise FileNotFoundError("The file of this run is no longer kept: upload it again.")
    return _run_queue(
        org=run.organisation,
        as_of=run.as_of,
        filename=run.filename,
        path=path,
        sha256=run.file_sha256,
        dry_run=False,
        correct=run.correct,
        actor=actor,
        confirmed_ended=confirmed_ended,
    )


def _run_queue(
    *,
    org: Organisation,
    as_of: dt.date,
    filename: str,
    path: Path,
    sha256: str,
    dry_run: bool,
    correct: bool,
    actor: Any,
    confirmed_ended: int | None = None,
) -> ImportRun:
    from .tasks import run_import

    run = ImportRun.objects.create(
        organisation=org,
        as_of=as_of,
        filename=filename[:255],
        stored_path=str(path),
        file_sha256=sha256,
        dry_run=dry_run,
        correct=correct,
        created_by=actor,
        confirmed_ended=confirmed_ended,
    )
    transaction.on_commit(lambda: run_import.enqueue(run.pk))
    return run


def import_run_execute(run_id: int) -> ImportRun:
    """Run a queued import (called by the background task)."""
    run = ImportRun.objects.select_related("organisation", "created_by").get(pk=run_id)
    run.status = ImportRun.Status.RUNNING
    run.save(update_fields=["status"])
    path = Path(run.stored_path)
    try:
        outcome = workforce_file_import(
            path=path,
            org=run.organisation,
            as_of=run.as_of,
            actor=run.created_by,
            dry_run=run.dry_run,
            correct=run.correct,
            filename=run.filename,
            run=run,
            via="web",
            confirmed_ended=run.confirmed_ended,
        )
    except Exception as exc:  # the run must end in a state the user can see, whatever failed
        outcome = ImportOutcome(
            status=ImportRun.Status.FAILED,
            message=f"The import failed and nothing was written: {exc}",
        )
    # The file is kept after a dry run or a mass-leaver refusal, so that the user can import it
    # from the result page (``import_run_confirm``); otherwise it is deleted once read.
    if not (outcome.preview is not None or outcome.mass_leavers is not None):
        path.unlink(missing_ok=True)
    return record_outcome(run, outcome)


def import_errors_csv(run: ImportRun) -> str:
    return errors_to_csv([RowError(**e) for e in run.errors])


@dataclass
class InterfaceOutcome:
    status: str  # "applied", "invalid" (errors in the file), "refused" (sequence)
    message: str
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    imported: ImportOutcome | None = None


class _RollBack(Exception):
    def __init__(self, outcome: InterfaceOutcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome


def esr_interface_apply(
    *,
    path: Path,
    org: Organisation,
    actor: Any = None,
    grade_map: Path | None = None,
    include: frozenset[str] = frozenset(),
    via: str = "cli",
) -> InterfaceOutcome:
    """Apply one ESR outbound interface file to ``org`` (``loaders.esr_interface``).

    Rule: the whole file or nothing: a file with any error in its envelope or records, a
    sequence gap, a file applied before, or a register it would leave inconsistent is refused
    with the reason, and nothing is written; otherwise its records are applied in file order and
    the register is reloaded as the snapshot of the file's date. Audited.
    """
    from .loaders import esr_interface as loader
    from .parsers.esr_interface import parse_interface_file

    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    same = EsrInterfaceFile.objects.filter(organisation=org, file_sha256=sha256).first()
    if same is not None:  # before reading a large file again
        return InterfaceOutcome(
            status="refused",
            message=f"this file was already applied on {same.applied_at:%Y-%m-%d %H:%M} "
            f"(sequence {same.sequence}, {same.file_name}); nothing was changed",
        )
    parsed = parse_interface_file(source=io.BytesIO(data), filename=path.name)
    if parsed.errors or parsed.header is None:
        return InterfaceOutcome(
            status="invalid",
            message=f"{len(parsed.errors)} errors in the file; nothing was applied.",
            errors=parsed.errors,
        )
    header = parsed.header
    refusal = loader.sequence_refusal(org=org, header=header, sha256=sha256)
    if refusal:
        return InterfaceOutcome(status="refused", message=refusal)
    try:
        with transaction.atomic():
            state, counts = loader.state_apply(org=org, parsed=parsed, sequence=header.sequence)
            built = loader.report_build(state, day=header.as_of)
            if built.errors:
                raise _RollBack(
                    InterfaceOutcome(
                        status="invalid",
                        message=f"{len(built.errors)} records do not fit together; nothing was "
                        "applied.",
                        errors=built.errors,
                    )
                )
            imported = None
            if built.lines:
                report = path.with_name(f".{path.name}.staff-in-post.csv")
                report.write_text(built.text, encoding="utf-8")
                try:
                    imported = workforce_file_import(
                        path=report,
                        org=org,
                        as_of=header.as_of,
                        actor=actor,
                        filename=header.file_name,
                        via=via,
                        profile="esr-bi",
                        grade_map=grade_map,
                        include=include,
                    )
                finally:
                    report.unlink(missing_ok=True)
                if imported.status != ImportRun.Status.SUCCEEDED:
                    errors = loader.errors_on_interface_lines(
                        imported.parse.errors if imported.parse else [], built.lines
                    )
                    raise _RollBack(
                        InterfaceOutcome(
                            status="invalid",
                            message=imported.message,
                            errors=errors,
                            imported=imported,
                        )
                    )
            EsrInterfaceFile.objects.create(
                organisation=org,
                sequence=header.sequence,
                file_name=header.file_name[:255],
                file_sha256=sha256,
                full=header.full,
                as_of=header.as_of,
                counts=counts,
            )
            audit_record(
                actor=actor,
                action="import",
                object_type="esr_interface_file",
                object_id=str(header.sequence),
                object_label=header.file_name,
                organisation_code=org.code,
                detail=counts,
                via=via,
            )
    except _RollBack as rolled_back:
        return rolled_back.outcome
    kind = "full file" if header.full else "delta"
    return InterfaceOutcome(
        status="applied",
        message=f"Applied {header.file_name} ({kind}, sequence {header.sequence}, "
        f"{header.as_of.isoformat()}): {len(parsed.records)} records.",
        counts=counts,
        imported=imported,
    )
