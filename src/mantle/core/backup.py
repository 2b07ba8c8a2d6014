"""Backup and restore: the database and the uploaded files (evidence) in one archive, checked on the way back.

An archive is a tar file holding ``manifest.json`` (when, which database engine, and every table's row count
and content checksum), the database (``database.dump`` from ``pg_dump -Fc`` on PostgreSQL, ``database.sqlite3``
from SQLite's online backup API) and ``media/`` (a copy of ``MEDIA_ROOT``). Restoring replaces the database and
``MEDIA_ROOT`` and then recomputes every table's count and checksum: a restore that does not reproduce the
manifest exactly is reported as failed. Stop the web, worker and scheduler processes before restoring.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_DUMP = "database.sqlite3"
MEDIA = "media"


class BackupError(Exception):
    """The archive cannot be written or read back, or the restored data differ from the manifest."""


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    checksum: str


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table_fingerprints() -> dict[str, TableFingerprint]:
    """Every table's row count and a SHA-256 of its rows in primary-key order (all columns otherwise).

    The rule the round trip is judged by: same tables, same counts, same checksums.
    """
    result = {}
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        for table in tables:
            if table.startswith("sqlite_"):
                continue
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            key = connection.introspection.get_primary_key_column(cursor, table)
            order = _quote(key) if key else ", ".join(_quote(c) for c in columns)
            cursor.execute(
                f"SELECT {', '.join(_quote(c) for c in columns)} FROM {_quote(table)} ORDER BY {order}"  # noqa: S608 - names from introspection
            )
            digest = hashlib.sha256()
            rows = 0
            while batch := cursor.fetchmany(2000):
                for row in batch:
                    digest.update(repr(tuple(_stable(v) for v in row)).encode())
                    rows += 1
            result[table] = TableFingerprint(rows=rows, checksum=digest.hexdigest())
    return result


def _stable(value: Any) -> Any:
    """A representation that does not depend on how the driver hands the value back."""
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def _database() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict[str, Any]) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip() or done.stdout.strip()}")


def backup_create(*, path: Path) -> dict[str, Any]:
    """Write the database, ``MEDIA_ROOT`` and a manifest of every table's count and checksum to ``path``."""
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    with tempfile.TemporaryDirectory(prefix="mantle-backup-") as tmp:
        work = Path(tmp)
        fingerprints = table_fingerprints()
        db = _database()
        if vendor == "postgresql":
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    *_pg_args(db),
                    "--file",
                    str(work / PG_DUMP),
                    str(db["NAME"]),
                ],
                _pg_env(db),
            )
        else:
            connection.ensure_connection()
            target = sqlite3.connect(work / SQLITE_DUMP)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        media_root = Path(settings.MEDIA_ROOT)
        files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.is_dir() else []
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "vendor": vendor,
            "tables": {
                name: {"rows": f.rows, "checksum": f.checksum} for name, f in fingerprints.items()
            },
            "media_files": len(files),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            dump = PG_DUMP if vendor == "postgresql" else SQLITE_DUMP
            archive.add(work / dump, arcname=dump)
            for file in files:
                archive.add(file, arcname=f"{MEDIA}/{file.relative_to(media_root).as_posix()}")
        partial.replace(path)  # a crash never leaves a half-written archive under the real name
    return manifest


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = archive.getmembers()
    for member in members:
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Refusing a suspicious entry in the archive: {member.name}")
    return members


def backup_restore(*, path: Path) -> dict[str, Any]:
    """Replace the database and ``MEDIA_ROOT`` with the archive's, then check every table against the
    manifest; raises ``BackupError`` if any count or checksum differs."""
    if not path.is_file():
        raise BackupError(f"No backup archive at {path}.")
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="mantle-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(path, "r") as archive:
            archive.extractall(work, members=_safe_members(archive), filter="data")
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        if manifest["vendor"] != vendor:
            raise BackupError(
                f"This backup is of a {manifest['vendor']} database; this Mantle uses {vendor}."
            )
        db = _database()
        if vendor == "postgresql":
            connection.close()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    *_pg_args(db),
                    "--dbname",
                    str(db["NAME"]),
                    str(work / PG_DUMP),
                ],
                _pg_env(db),
            )
        else:
            connection.ensure_connection()
            source = sqlite3.connect(work / SQLITE_DUMP)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        media_root = Path(settings.MEDIA_ROOT)
        restored_media = work / MEDIA
        if media_root.exists():
            shutil.rmtree(media_root)
        media_root.mkdir(parents=True, exist_ok=True)
        if restored_media.is_dir():
            shutil.copytree(restored_media, media_root, dirs_exist_ok=True)
    found = {
        name: {"rows": f.rows, "checksum": f.checksum} for name, f in table_fingerprints().items()
    }
    differences = sorted(
        name
        for name in set(manifest["tables"]) | set(found)
        if manifest["tables"].get(name) != found.get(name)
    )
    if differences:
        raise BackupError(
            "The restored database differs from the backup in: " + ", ".join(differences[:20])
        )
    return manifest
