"""Consistent backups of the database and the uploaded files, as one archive, and restore."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess  # noqa: S404 (pg_dump / pg_restore with fixed arguments)
import tarfile
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from tracker.core.clock import local_now
from tracker.extensions import db


class BackupError(RuntimeError):
    """Why a backup or restore could not be done."""


def _libpq_url() -> str:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _sqlite_path() -> Path:
    return Path(make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database or "")


def _dump_database(workdir: Path) -> str:
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        target = workdir / "database.sqlite3"
        source = sqlite3.connect(_sqlite_path())
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)  # the online backup API: consistent while the app writes
        source.close()
        dest.close()
        return target.name
    if dialect == "postgresql":
        target = workdir / "database.pgdump"
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", _libpq_url()])
        return target.name
    raise BackupError(f"Unsupported database: {dialect}")


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:500]}")


def create_backup(output: Path | None = None) -> Path:
    """Write ``sinergi-backup-YYYYmmdd-HHMMSS.tar.gz`` with the database, uploads and a manifest."""
    stamp = local_now().strftime("%Y%m%d-%H%M%S")
    output = output or Path(current_app.instance_path) / "backups" / f"sinergi-backup-{stamp}.tar.gz"
    output.parent.mkdir(parents=True, exist_ok=True)
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        db.session.remove()
        database_file = _dump_database(workdir)
        manifest = {
            "format": 1,
            "created": local_now().isoformat(),
            "dialect": db.engine.dialect.name,
            "database_file": database_file,
            "tables": sorted(inspect(db.engine).get_table_names()),
        }
        (workdir / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = output.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(workdir / "manifest.json", arcname="manifest.json")
            archive.add(workdir / database_file, arcname=database_file)
            if uploads.exists():
                archive.add(uploads, arcname="uploads")
        partial.replace(output)  # never leave a half-written archive under the final name
    return output


def _database_is_empty() -> bool:
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    return not tables


def restore_backup(archive_path: Path) -> dict:
    """Restore an archive into an EMPTY instance (no tables, no uploads); returns the manifest."""
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    if not _database_is_empty():
        raise BackupError("The target database is not empty; restore only into a fresh instance.")
    if uploads.exists() and any(uploads.iterdir()):
        raise BackupError(f"The upload folder {uploads} is not empty.")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(tmp, filter="data")
        workdir = Path(tmp)
        manifest = json.loads((workdir / "manifest.json").read_text())
        dialect = db.engine.dialect.name
        if manifest["dialect"] != dialect:
            raise BackupError(f"The archive holds a {manifest['dialect']} database, this instance uses {dialect}.")
        db.session.remove()
        db.engine.dispose()
        if dialect == "sqlite":
            shutil.copyfile(workdir / manifest["database_file"], _sqlite_path())
        else:
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                  f"--dbname={_libpq_url()}", str(workdir / manifest["database_file"])])
        if (workdir / "uploads").exists():
            uploads.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(workdir / "uploads", uploads, dirs_exist_ok=True)
    return manifest
