"""Nothing is lost: `manage.py backup` saves the database and the media files in one archive,
and `manage.py restore` brings back every issue, entry, pick, tag, user, role and version,
byte for byte, on SQLite (online backup API) and on PostgreSQL (pg_dump / pg_restore).

The suite's database is the one backed up and restored: run with DATABASE_URL pointing to
PostgreSQL, these tests go through pg_dump and psql. The data must be committed for pg_dump to
see it, hence transactional tests; serialized_rollback brings back the rows the migrations
made (sections, roles) for the tests that follow.
"""

import io
import json
import re
import shutil
import tarfile
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from reversion.models import Revision, Version
from taggit.models import Tag

from accounts.roles import CONTRIBUTOR, EDITOR
from digest import history
from digest.models import Entry, Issue, Pick, PreviewLink, Section, StatusChange, TaggedEntry
from tests.factories import future, make_full_issue
from tests.processes import clean_environment, manage

committed_data = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ORIGINAL_IMAGE = b"\x89PNG\r\n\x1a\n not really a picture, but bytes to compare"


@pytest.fixture
def archive_site(media_root):
    """The demo archive, a contributor and an editor, a status change, a preview link, a file
    only Markdown refers to, and an issue whose first entry's tags changed twice, each change
    a version in its history."""
    call_command("load_demo", stdout=io.StringIO())
    User = get_user_model()
    cora = User.objects.create_user(
        "cora", "cora@example.com", "contributor-password", display_name="Cora Contributor"
    )
    cora.groups.add(Group.objects.get(name=CONTRIBUTOR))
    erika = User.objects.create_user(
        "erika", "erika@example.com", "editor-password", display_name="Erika Editor"
    )
    erika.is_staff = True
    erika.save()
    erika.groups.add(Group.objects.get(name=EDITOR))

    issue = Issue.objects.order_by("year", "week").first()
    entry = issue.entries.order_by("position").first()
    demo_tags = entry_tags(entry)
    entry.tags.set(["backup-test", "人工智能"])
    history.record_version(issue, erika, "Tags changed.")
    entry.tags.set(["only-in-the-newest-version"])
    history.record_version(issue, erika, "Tags changed again.")

    newest = Issue.objects.order_by("-year", "-week").first()
    newest.apply_transition("unpublish", erika, comment="A link is broken.")
    PreviewLink.objects.create(issue=newest, created_by=erika, expires_at=future(days=7))
    upload = media_root / "uploads" / "2020" / "图 1.png"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(ORIGINAL_IMAGE)

    return SimpleNamespace(
        issue=issue,
        entry=entry,
        demo_tags=demo_tags,
        edited_tags={"backup-test", "人工智能"},
        newest_tags={"only-in-the-newest-version"},
    )


@pytest.fixture
def small_site(media_root):
    """An issue with tagged entries and picks, its version, an editor and an uploaded file."""
    issue = make_full_issue(2020, 47)
    editor = get_user_model().objects.create_user("erika", "erika@example.com", "pw")
    editor.groups.add(Group.objects.get(name=EDITOR))
    history.record_version(issue, editor, "First version.")
    upload = media_root / "uploads" / "figure.png"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(ORIGINAL_IMAGE)
    return issue


def entry_tags(entry):
    return {tag.name for tag in Entry.objects.get(pk=entry.pk).tags.all()}


def rows(model):
    return list(model.objects.order_by("pk").values())


def everything(media_root):
    """Content, people, roles, history and media files, as plain data to compare."""
    User = get_user_model()
    return {
        "issues": rows(Issue),
        "entries": rows(Entry),
        "entry tags": {
            entry.pk: sorted(tag.name for tag in entry.tags.all())
            for entry in Entry.objects.prefetch_related("tags")
        },
        "picks": rows(Pick),
        "sections": rows(Section),
        "tags": rows(Tag),
        "tagged entries": rows(TaggedEntry),
        "status changes": rows(StatusChange),
        "preview links": rows(PreviewLink),
        "users": rows(User),  # password hashes, display names, flags, dates
        "user groups": {
            user.username: sorted(group.name for group in user.groups.all())
            for user in User.objects.prefetch_related("groups")
        },
        "group permissions": {
            group.name: sorted(
                f"{permission.content_type.app_label}.{permission.codename}"
                for permission in group.permissions.select_related("content_type")
            )
            for group in Group.objects.all()
        },
        "content types": rows(ContentType),
        "permissions": rows(Permission),
        "revisions": rows(Revision),
        "versions": rows(Version),  # serialized data included
        "media": {
            path.relative_to(media_root).as_posix(): path.read_bytes()
            for path in sorted(media_root.rglob("*"))
            if path.is_file()
        },
    }


def back_up(tmp_path):
    """Run `manage.py backup`; the archive's path and what the command printed."""
    out = io.StringIO()
    call_command("backup", output=tmp_path / "backups", stdout=out)
    [archive] = (tmp_path / "backups").glob("*.tar.gz")
    return archive, out.getvalue()


def restore(archive, *args):
    out = io.StringIO()
    call_command("restore", str(archive), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def manifest_of(archive):
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def lose_everything(media_root):
    """Delete all content, people, roles, history and media files."""
    Issue.objects.all().delete()
    Section.objects.all().delete()
    Tag.objects.all().delete()
    Revision.objects.all().delete()
    get_user_model().objects.all().delete()
    Group.objects.all().delete()
    shutil.rmtree(media_root)


def rewritten(archive, change):
    """A copy of `archive` with `change({name: bytes})` applied to its files."""
    with tarfile.open(archive) as tar:
        files = {member.name: tar.extractfile(member).read() for member in tar if member.isfile()}
    change(files)
    copy = archive.with_name(f"changed-{archive.name}")
    with tarfile.open(copy, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return copy


def change_manifest(files, **changes):
    manifest = json.loads(files["manifest.json"])
    manifest.update(changes)
    files["manifest.json"] = json.dumps(manifest).encode()


# --- The round trip ----------------------------------------------------------------------------


@committed_data
def test_a_restore_brings_back_everything_the_backup_saw(archive_site, media_root, tmp_path):
    before = everything(media_root)
    assert len(before["issues"]) == 12
    assert before["user groups"] == {"cora": [CONTRIBUTOR], "erika": [EDITOR]}
    assert len(before["versions"]) > 12 * 3
    assert "uploads/2020/图 1.png" in before["media"]

    archive, printed = back_up(tmp_path)

    assert re.fullmatch(r"digest-\d{8}-\d{6}\.tar\.gz", archive.name)
    assert f"Backup written to {archive}" in printed
    assert f"media: {len(before['media'])} files" in printed
    manifest = manifest_of(archive)
    assert manifest["engine"] == connection.vendor
    assert "digest.0001_initial" in manifest["migrations"]
    assert manifest["counts"]["issues"] == 12
    assert manifest["counts"]["users"] == 2
    assert manifest["counts"]["versions"] == len(before["versions"])
    assert {item["path"] for item in manifest["media"]} == set(before["media"])

    lose_everything(media_root)
    assert everything(media_root)["issues"] == []

    # A database without content needs no --yes.
    printed = restore(archive)

    assert everything(media_root) == before
    assert re.search(r"issues\s+12\s+12\n", printed)
    assert "Everything in the backup was restored." in printed


@committed_data
def test_restored_history_brings_back_each_versions_tags(archive_site, media_root, tmp_path):
    site = archive_site
    archive, _ = back_up(tmp_path)
    lose_everything(media_root)
    restore(archive)
    newest, edited, demo = history.versions_of(site.issue.pk)
    assert entry_tags(site.entry) == site.newest_tags
    erika = get_user_model().objects.get(username="erika")

    history.restore(demo, erika)
    assert entry_tags(site.entry) == site.demo_tags

    # A tag deleted since comes back with the version that used it.
    Tag.objects.filter(name="backup-test").delete()
    history.restore(edited, erika)
    assert entry_tags(site.entry) == site.edited_tags

    history.restore(newest, erika)
    assert entry_tags(site.entry) == site.newest_tags


# --- Refusals ----------------------------------------------------------------------------------


@committed_data
def test_restore_refuses_a_database_with_content_unless_told_yes(small_site, media_root, tmp_path):
    archive, _ = back_up(tmp_path)
    at_backup = everything(media_root)
    Issue.objects.filter(pk=small_site.pk).update(title="Changed after the backup")
    get_user_model().objects.create_user("late", "late@example.com", "pw")
    (media_root / "uploads" / "figure.png").write_bytes(b"changed")
    changed = everything(media_root)

    with pytest.raises(
        CommandError, match=r"is not empty \(issues 1, .*--yes.*Nothing was changed"
    ):
        restore(archive)
    assert everything(media_root) == changed

    restore(archive, "--yes")
    assert everything(media_root) == at_backup


def flipped_bytes(archive):
    data = bytearray(archive.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(byte ^ 0xFF for byte in data[middle : middle + 64])
    archive.write_bytes(bytes(data))
    return archive


def truncated(archive):
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    return archive


def not_an_archive(archive):
    archive.write_text("issue,entry\n2020,Attention is all you need\n")
    return archive


def without_manifest(archive):
    return rewritten(archive, lambda files: files.pop("manifest.json"))


def with_tampered_database(archive):
    def tamper(files):
        name = next(name for name in files if name.startswith("database."))
        data = bytearray(files[name])
        data[len(data) // 2] ^= 0xFF
        files[name] = bytes(data)

    return rewritten(archive, tamper)


@committed_data
@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (flipped_bytes, "is damaged"),
        (truncated, "is damaged"),
        (not_an_archive, r"is not a Digest backup: it is not a \.tar\.gz archive"),
        (without_manifest, "is not a Digest backup"),
        (with_tampered_database, r"is damaged \(database\.\w+ .*does not match its checksum"),
    ],
)
def test_a_broken_or_foreign_file_changes_nothing(small_site, media_root, tmp_path, spoil, message):
    archive, _ = back_up(tmp_path)
    before = everything(media_root)

    with pytest.raises(CommandError, match=message) as error:
        restore(spoil(archive), "--yes")

    assert "Nothing was changed." in str(error.value)
    assert everything(media_root) == before


@committed_data
def test_restore_fails_when_the_restored_counts_differ(small_site, media_root, tmp_path):
    archive, _ = back_up(tmp_path)
    counts = manifest_of(archive)["counts"]
    wrong = rewritten(archive, lambda files: change_manifest(files, counts={**counts, "issues": 2}))

    with pytest.raises(CommandError, match="issues differ from the backup's counts"):
        restore(wrong, "--yes")


# --- An on-disk SQLite site, as `make run` makes it, and the other engine ------------------------


# Everything but the content version, which a restore renews on purpose (digest.cache).
CONTENT_DUMP = ("dumpdata", "--indent=1", "--exclude=digest.ContentVersion")


def site_environment(folder):
    return clean_environment(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_SUPERUSER_PASSWORD="admin-password",
    )


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    """A demo site on an SQLite file with an admin account, its dump and its backup."""
    folder = tmp_path_factory.mktemp("sqlite-site")
    env = site_environment(folder)
    manage("migrate", "--verbosity=0", env=env)
    manage("load_demo", env=env)
    manage("createsuperuser", "--noinput", "--username=admin", "--email=a@example.com", env=env)
    manage("backup", f"--output={folder / 'backups'}", env=env)
    [archive] = (folder / "backups").glob("*.tar.gz")
    return SimpleNamespace(
        folder=folder, archive=archive, dump=manage(*CONTENT_DUMP, env=env).stdout
    )


def test_an_sqlite_file_restores_on_a_fresh_machine(sqlite_site, tmp_path):
    fresh = site_environment(tmp_path)
    assert not (tmp_path / "db.sqlite3").exists()

    printed = manage("restore", str(sqlite_site.archive), env=fresh).stdout

    assert "Everything in the backup was restored." in printed
    assert manage(*CONTENT_DUMP, env=fresh).stdout == sqlite_site.dump
    original_media = sqlite_site.folder / "media"
    for path in original_media.rglob("*"):
        if path.is_file():
            copy = tmp_path / "media" / path.relative_to(original_media)
            assert copy.read_bytes() == path.read_bytes()


@committed_data
def test_a_backup_of_the_other_engine_is_refused(sqlite_site, small_site, media_root):
    archive = sqlite_site.archive
    if connection.vendor == "sqlite":
        # The same archive, posing as a PostgreSQL backup.
        def as_postgres(files):
            files["database.pgdump"] = files.pop("database.sqlite3")
            manifest = json.loads(files["manifest.json"])
            manifest["engine"] = "postgresql"
            manifest["database"]["file"] = "database.pgdump"
            files["manifest.json"] = json.dumps(manifest).encode()

        archive = rewritten(archive, as_postgres)
    other, this = (
        ("PostgreSQL", "SQLite") if connection.vendor == "sqlite" else ("SQLite", "PostgreSQL")
    )
    before = everything(media_root)

    with pytest.raises(
        CommandError,
        match=f"is a backup of a {other} database, but this site is configured "
        f"for {this}.*Nothing was changed",
    ):
        restore(archive, "--yes")

    assert everything(media_root) == before
