"""Restore an archive written by ``manage.py backup``: the database, then the media files.

Nothing is changed until the whole archive has been unpacked to a temporary folder and
checked: it must be a Digest backup (manifest), of this database engine, with every file
matching its SHA-256, and a database copy that SQLite or pg_restore can read. A database that
holds content is only overwritten with ``--yes``.

- SQLite: the copy is written into the configured database with the online backup API.
- PostgreSQL: one transaction (psql --single-transaction) first drops every table of the
  database's schema, then runs the dump (pg_restore --clean --if-exists --no-owner
  --no-privileges). Dropping everything first means tables the backup does not know (from a
  newer migration) cannot survive next to restored ones and break the next ``migrate``, nor
  block the restore with their foreign keys; the single transaction means a failure at any
  statement leaves the database as it was.

Media files replace files of the same name; each appears whole (copied beside its target
under a temporary name, then renamed). Finally the backup's row counts are compared with the
restored database's; the command fails when they differ.
"""

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader

from digest.cache import renew_everything

from .backup import (
    CONTENT_COUNTS,
    DATABASE_FILES,
    ENGINE_NAMES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_DIR,
    postgres_environment,
    postgres_tool,
    read_state,
    run_tool,
    sha256_of,
)

# tarfile's "data" filter (Python 3.11.4 and later) refuses links, devices and modes on top of
# check_member's test of every name and type; older Pythons extract with that test alone.
EXTRACTION_FILTER = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}

# Empties the schema Django uses, inside the restore's transaction (see the module docstring).
DROP_ALL_TABLES = """
DO $$
DECLARE item record;
BEGIN
    FOR item IN SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()
    LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I.%I CASCADE', current_schema(), item.tablename);
    END LOOP;
END $$;
"""


class Command(BaseCommand):
    help = (
        "Restore the database and media files from an archive made by `manage.py backup` "
        "(see docs/deploy/backups.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .tar.gz archive to restore.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Overwrite a database that already holds issues, tags, users or history.",
        )

    def handle(self, *args, file, yes, **options):
        engine = connection.vendor
        if engine not in DATABASE_FILES:
            raise CommandError(f"Restores support SQLite and PostgreSQL, not {engine}.")
        if not file.is_file():
            raise CommandError(f"{file} does not exist.")
        with tempfile.TemporaryDirectory(prefix="digest-restore-") as staging:
            staging = Path(staging)
            manifest = self.unpack(file, staging)
            if manifest["engine"] != engine:
                raise CommandError(
                    f"{file} is a backup of a {ENGINE_NAMES.get(manifest['engine'], '?')} "
                    f"database, but this site is configured for {ENGINE_NAMES[engine]}: "
                    "restore it into the same kind of database. Nothing was changed."
                )
            database_file = staging / manifest["database"]["file"]
            self.check_database_file(engine, database_file, file)
            present = self.present_content()
            if present and not yes:
                raise CommandError(
                    f"The database {connection.settings_dict['NAME']} is not empty ({present}). "
                    "Restoring replaces all of it: run again with --yes to do so. "
                    "Nothing was changed."
                )
            self.warn_about_migrations(manifest["migrations"])
            if engine == "sqlite":
                self.restore_sqlite(database_file)
            else:
                self.restore_postgres(database_file, staging)
            ContentType.objects.clear_cache()
            # The restored database brings back its own content version: pages cached since
            # must not count as current (no trigger sees a restore).
            renew_everything()
            restored_media = self.restore_media(staging / MEDIA_DIR, manifest["media"])
        self.compare(file, manifest, restored_media)

    # --- Checking the archive ----------------------------------------------------------------

    def unpack(self, file, staging):
        """Extract the whole archive into `staging` and check it; return its manifest."""
        # Reading the compressed stream to its end checks gzip's CRC before anything else.
        try:
            with gzip.open(file) as stream:
                while stream.read(1024 * 1024):
                    pass
        except gzip.BadGzipFile as error:
            if "Not a gzipped file" not in str(error):
                raise self.damaged(file, error) from error
            raise CommandError(
                f"{file} is not a Digest backup: it is not a .tar.gz archive. Nothing was changed."
            ) from error
        except (EOFError, zlib.error) as error:
            raise self.damaged(file, error) from error
        try:
            with tarfile.open(file, "r:gz") as tar:
                members = tar.getmembers()
                for member in members:
                    self.check_member(member, file)
                # Every member passed check_member above.
                tar.extractall(staging, members=members, **EXTRACTION_FILTER)  # noqa: S202
        except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
            raise CommandError(
                f"{file} cannot be read as a Digest backup ({error}): it is damaged or not a "
                "backup archive. Nothing was changed."
            ) from error
        manifest = self.read_manifest(staging / MANIFEST, file)
        listed = {manifest["database"]["file"]: manifest["database"]["sha256"]}
        listed.update({f"{MEDIA_DIR}/{item['path']}": item["sha256"] for item in manifest["media"]})
        for name, expected in listed.items():
            path = staging / name
            if not path.is_file() or sha256_of(path) != expected:
                raise self.damaged(file, f"{name} is missing or does not match its checksum")
        found = {
            path.relative_to(staging).as_posix() for path in staging.rglob("*") if path.is_file()
        }
        if unexpected := found - set(listed) - {MANIFEST}:
            raise self.damaged(file, f"files the manifest does not list: {sorted(unexpected)[:5]}")
        return manifest

    def check_member(self, member, file):
        name = PurePosixPath(member.name)
        expected = (
            member.name in {MANIFEST, *DATABASE_FILES.values()}
            or (name.parts[:1] == (MEDIA_DIR,) and ".." not in name.parts)
        ) and (member.isfile() or member.isdir())
        if not expected:
            raise CommandError(
                f"{file} is not a Digest backup: it contains {member.name!r}. Nothing was changed."
            )

    def read_manifest(self, path, file):
        foreign = CommandError(
            f"{file} is not a Digest backup (no valid {MANIFEST}). Nothing was changed."
        )
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise foreign from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise foreign
        if manifest.get("format_version") != FORMAT_VERSION:
            raise CommandError(
                f"{file} has backup format version {manifest.get('format_version')}; this "
                f"version of Digest reads version {FORMAT_VERSION}. Nothing was changed."
            )
        if not self.well_formed(manifest):
            raise foreign
        return manifest

    def well_formed(self, manifest):
        """Whether the manifest has every part, and media paths that stay inside MEDIA_ROOT."""
        try:
            engine, database = manifest["engine"], manifest["database"]
            paths = [PurePosixPath(item["path"]) for item in manifest["media"]]
            return (
                engine in DATABASE_FILES
                and database["file"] == DATABASE_FILES[engine]
                and isinstance(database["sha256"], str)
                and all(isinstance(item["sha256"], str) for item in manifest["media"])
                and all(isinstance(n, int) for n in manifest["counts"].values())
                and isinstance(manifest["migrations"], list)
                and not any(p.is_absolute() or ".." in p.parts or not p.parts for p in paths)
            )
        except (KeyError, TypeError, AttributeError):
            return False

    def check_database_file(self, engine, path, file):
        """The database copy must open: SQLite's integrity check, or pg_restore's listing."""
        if engine == "sqlite":
            try:
                copy = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
                try:
                    rows = copy.execute("PRAGMA integrity_check").fetchall()
                    result = "; ".join(str(row[0]) for row in rows)
                    copy.execute("SELECT COUNT(*) FROM django_migrations").fetchone()
                finally:
                    copy.close()
            except (sqlite3.DatabaseError, ValueError) as error:
                raise self.damaged(file, f"the database copy does not open: {error}") from error
            if result != "ok":
                raise self.damaged(file, f"the database copy fails its integrity check: {result}")
        else:
            pg_restore = postgres_tool("pg_restore")
            result = subprocess.run(  # noqa: S603
                [pg_restore, "--list", str(path)], capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                raise self.damaged(file, f"pg_restore cannot read the dump: {result.stderr}")

    def damaged(self, file, reason):
        return CommandError(f"{file} is damaged ({reason}). Nothing was changed.")

    # --- The target database -----------------------------------------------------------------

    def present_content(self):
        """A description of the content the database holds now ("issues 12, users 3"), or ""."""
        with connection.cursor() as cursor:
            counts, _migrations = read_state(
                cursor, set(connection.introspection.table_names(cursor))
            )
        return ", ".join(f"{name} {counts[name]}" for name in CONTENT_COUNTS if counts[name])

    def warn_about_migrations(self, migrations):
        known = {
            f"{app}.{name}"
            for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
        }
        if unknown := sorted(set(migrations) - known):
            self.stderr.write(
                "Warning: the backup was made by a newer version of Digest (migrations this "
                f"code does not have: {', '.join(unknown[:5])}). Deploy that version to use it."
            )
        elif known - set(migrations):
            self.stderr.write(
                "Note: the backup predates some of this code's migrations; "
                "run `manage.py migrate` after the restore."
            )

    def restore_sqlite(self, source_path):
        # Django's own connection is the target; re-opened so it holds no stale state. (An
        # in-memory database, as in tests, is never closed by Django and is written in place.)
        connections.close_all()
        connection.ensure_connection()
        source = sqlite3.connect(source_path)
        try:
            source.backup(connection.connection)
        except sqlite3.Error as error:
            raise CommandError(f"Could not write the SQLite database: {error}") from error
        finally:
            source.close()
        connection.close()

    def restore_postgres(self, dump, staging):
        pg_restore, psql = postgres_tool("pg_restore"), postgres_tool("psql")
        # Django's connections could hold locks the DROP TABLEs wait for; the lock timeout
        # turns a wait on another process (a running app server) into a clear failure.
        connections.close_all()
        env = postgres_environment(
            connection.settings_dict, "-c client_min_messages=warning", "-c lock_timeout=60s"
        )
        # pg_restore writes the SQL script first and must succeed completely: psql would
        # commit a script that stopped half-way.
        script = staging / "restore.sql"
        run_tool(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                f"--file={script}",
                str(dump),
            ],
            env,
            "pg_restore",
        )
        run_tool(
            [
                psql,
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                f"--command={DROP_ALL_TABLES}",
                f"--file={script}",
            ],
            env,
            "Restoring the PostgreSQL database (nothing was changed)",
        )

    # --- Media and the final check -----------------------------------------------------------

    def restore_media(self, source_root, files):
        """Move the archive's media files into MEDIA_ROOT; the number now in place."""
        media_root = Path(settings.MEDIA_ROOT)
        restored = 0
        for item in files:
            target = media_root / item["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            incoming = target.with_name(f".{target.name}.restoring")
            shutil.move(source_root / item["path"], incoming)
            if settings.FILE_UPLOAD_PERMISSIONS is not None:
                os.chmod(incoming, settings.FILE_UPLOAD_PERMISSIONS)
            os.replace(incoming, target)
            restored += target.stat().st_size == item["size"]
        return restored

    def compare(self, file, manifest, restored_media):
        with connection.cursor() as cursor:
            restored, _migrations = read_state(
                cursor, set(connection.introspection.table_names(cursor))
            )
        expected = dict(manifest["counts"], media_files=len(manifest["media"]))
        restored["media_files"] = restored_media
        self.stdout.write(f"Restored {file} (made {manifest.get('created', '?')}):")
        self.stdout.write(f"  {'':16}{'backup':>9}{'restored':>10}")
        different = []
        for name, count in expected.items():
            now = restored.get(name)
            mark = "" if now == count else "  <- differs"
            if mark:
                different.append(name)
            self.stdout.write(f"  {name.replace('_', ' '):16}{count:>9}{now!s:>10}{mark}")
        if different:
            raise CommandError(
                f"The restored {', '.join(different)} differ from the backup's counts."
            )
        self.stdout.write(self.style.SUCCESS("Everything in the backup was restored."))
