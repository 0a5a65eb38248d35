"""Write the database and the uploaded media files to one timestamped archive.

The archive (``digest-YYYYmmdd-HHMMSS.tar.gz``, time in UTC) holds:

- ``database.sqlite3``: a consistent copy of an SQLite database, made with SQLite's online
  backup API (never a file copy, which can catch a write half-done), or
- ``database.pgdump``: ``pg_dump --format=custom`` of a PostgreSQL database;
- ``media/…``: every file under MEDIA_ROOT;
- ``manifest.json``: engine, database name, Django version, applied migrations, creation time,
  row counts read from the same snapshot as the copy, and a SHA-256 of every file.

``manage.py restore`` reads it back; docs/deploy/backups.md says how to schedule and test both.
This module also defines the archive format that the restore command checks.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from reversion.models import Revision, Version
from taggit.models import Tag

from digest.models import Entry, Issue, Pick, PreviewLink, Section, StatusChange, TaggedEntry

FORMAT = "digest-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# Rows whose presence means a database holds content that a restore would overwrite.
CONTENT_COUNTS = ("issues", "entries", "picks", "tags", "users", "revisions")


def counted_models():
    """{name: model} of the rows a backup counts and a restore checks, in display order."""
    return {
        "issues": Issue,
        "entries": Entry,
        "picks": Pick,
        "sections": Section,
        "tags": Tag,
        "tagged_entries": TaggedEntry,
        "status_changes": StatusChange,
        "preview_links": PreviewLink,
        "users": get_user_model(),
        "groups": Group,
        "revisions": Revision,
        "versions": Version,
    }


def read_state(cursor, table_names):
    """(counts, applied migrations) read through a DB-API `cursor`; missing tables count 0."""
    counts = {}
    for name, model in counted_models().items():
        table = model._meta.db_table
        if table in table_names:
            # Table names come from the models, never from input.
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
            counts[name] = cursor.fetchone()[0]
        else:
            counts[name] = 0
    migrations = []
    if "django_migrations" in table_names:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    return counts, migrations


def postgres_environment(settings_dict, *server_options):
    """Environment for pg_dump, pg_restore and psql: this process's, plus the PG* variables
    of the configured connection (password included, so it never appears on a command line)."""
    env = dict(os.environ)
    _args, client_env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    env.update(client_env or {})
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGDATABASE", "NAME"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    options = " ".join(
        part for part in (settings_dict["OPTIONS"].get("options"), *server_options) if part
    )
    if options:
        env["PGOPTIONS"] = options
    return env


def postgres_tool(name):
    """The path of a PostgreSQL client program, or a CommandError saying what to install."""
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"{name} was not found: install the PostgreSQL client tools (the server's major "
            "version or newer) and make sure they are on PATH."
        )
    return path


def run_tool(args, env, what):
    """Run a PostgreSQL client program; CommandError with its own message when it fails."""
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise CommandError(f"{what} failed: {result.stderr.strip() or result.returncode}")
    return result


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def human_size(size):
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024


class _HashingReader:
    """A file wrapper hashing exactly the bytes tarfile reads into the archive."""

    def __init__(self, file):
        self.file = file
        self.hash = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.hash.update(data)
        return data


class Command(BaseCommand):
    help = (
        "Write the database and all media files to one archive, "
        "backups/digest-YYYYmmdd-HHMMSS.tar.gz (see docs/deploy/backups.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.BASE_DIR / "backups",
            metavar="DIR",
            help="Folder for the archive (default: backups/ in the project).",
        )

    def handle(self, *args, output, **options):
        engine = connection.vendor
        if engine not in DATABASE_FILES:
            raise CommandError(f"Backups support SQLite and PostgreSQL, not {engine}.")
        output.mkdir(parents=True, exist_ok=True)
        created = timezone.now()
        archive = self.archive_path(output, created)
        partial = archive.with_name(f".{archive.name}.partial")
        # The database copy waits beside the archive: same disk, which has room for it.
        with tempfile.TemporaryDirectory(dir=output, prefix=".digest-backup-") as staging:
            database_file = Path(staging) / DATABASE_FILES[engine]
            if engine == "sqlite":
                counts, migrations = self.copy_sqlite(database_file)
            else:
                counts, migrations = self.dump_postgres(database_file)
            try:
                # The database first, then media: a file uploaded meanwhile is only an extra.
                with tarfile.open(partial, "w:gz") as tar:
                    tar.add(database_file, arcname=database_file.name)
                    media = self.add_media(tar, Path(settings.MEDIA_ROOT))
                    manifest = {
                        "format": FORMAT,
                        "format_version": FORMAT_VERSION,
                        "created": created.isoformat(),
                        "engine": engine,
                        "database": {
                            "name": str(connection.settings_dict["NAME"]),
                            "file": database_file.name,
                            "size": database_file.stat().st_size,
                            "sha256": sha256_of(database_file),
                        },
                        "django": django.get_version(),
                        "migrations": migrations,
                        "counts": counts,
                        "media": media,
                    }
                    data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o644
                    tar.addfile(info, io.BytesIO(data))
                # Only a complete archive ever carries the final name.
                os.replace(partial, archive)
            finally:
                partial.unlink(missing_ok=True)
        self.report(archive, manifest)

    def archive_path(self, output, created):
        stem = f"digest-{created:%Y%m%d-%H%M%S}"
        archive, n = output / f"{stem}.tar.gz", 2
        while archive.exists():
            archive, n = output / f"{stem}-{n}.tar.gz", n + 1
        return archive

    def copy_sqlite(self, target_path):
        """Copy the live database with SQLite's online backup API, in one step (consistent)."""
        connection.ensure_connection()
        target = sqlite3.connect(target_path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        # Count in the copy itself, so the numbers describe exactly what was saved.
        copy = sqlite3.connect(target_path)
        try:
            cursor = copy.cursor()
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tables = {name for (name,) in cursor.fetchall()}
            return read_state(cursor, tables)
        finally:
            copy.close()

    def dump_postgres(self, target_path):
        """pg_dump the configured database; counts come from the same snapshot as the dump."""
        pg_dump = postgres_tool("pg_dump")
        env = postgres_environment(connection.settings_dict)
        # Connect (and run any health check) before the transaction begins.
        with connection.cursor():
            pass
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            state = read_state(cursor, set(connection.introspection.table_names(cursor)))
            run_tool(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target_path}",
                ],
                env,
                "pg_dump",
            )
        return state

    def add_media(self, tar, media_root):
        """Add every regular file under `media_root`; [{path, size, sha256}, ...]."""
        files = []
        if not media_root.is_dir():
            return files
        for folder, dirnames, filenames in os.walk(media_root):
            dirnames.sort()
            for filename in sorted(filenames):
                path = Path(folder, filename)
                if path.is_symlink() or not path.is_file():
                    continue
                relative = path.relative_to(media_root).as_posix()
                info = tar.gettarinfo(path, arcname=f"{MEDIA_DIR}/{relative}")
                with open(path, "rb") as file:
                    reader = _HashingReader(file)
                    tar.addfile(info, reader)
                files.append(
                    {"path": relative, "size": info.size, "sha256": reader.hash.hexdigest()}
                )
        return files

    def report(self, archive, manifest):
        counts = manifest["counts"]
        media_bytes = sum(item["size"] for item in manifest["media"])
        self.stdout.write(
            f"Backup written to {archive} ({human_size(archive.stat().st_size)})",
            self.style.SUCCESS,
        )
        self.stdout.write(
            f"  database: {ENGINE_NAMES[manifest['engine']]} {manifest['database']['name']}, "
            f"{len(manifest['migrations'])} migrations applied"
        )
        self.stdout.write(
            "  rows: " + ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in counts.items())
        )
        self.stdout.write(
            f"  media: {len(manifest['media'])} files ({human_size(media_bytes)}) "
            f"from {settings.MEDIA_ROOT}"
        )
