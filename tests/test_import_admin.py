"""The admin's "Import from Markdown" page: upload, dry-run summary, confirmation, refusals."""

import io
import os
import time
from pathlib import Path

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from digest import history
from digest.issue_format import import_document, parse_document
from digest.models import Issue, Section
from tests.factories import make_entry, make_issue
from tests.html_inspection import elements
from tests.security_files import noise_png
from tests.workflow_fixtures import admin_messages, client_for, member, page_text

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
ENGLISH = FIXTURES / "week10-2021.en.md"
IMPORT_URL = "/admin/digest/issue/import/"


@pytest.fixture(autouse=True)
def staging_folder(settings, tmp_path):
    """Uploads waiting for confirmation go to this test's own folder."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def markdown_file(path=ENGLISH, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), "text/markdown")


def png_upload(name):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), (200, 100, 0)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def staged_files(staging_folder):
    return sorted(path for path in (staging_folder / "digest-import").rglob("*") if path.is_file())


def token_of(response):
    return next(e.get("value") for e in elements(response.content) if e.get("name") == "token")


def upload(client, document, images=()):
    return client.post(IMPORT_URL, {"document": document, "images": list(images)})


def test_the_import_url_is_named():
    assert reverse("admin:digest_issue_import") == IMPORT_URL


def test_issue_list_links_to_the_import_page(admin_client):
    response = admin_client.get(reverse("admin:digest_issue_changelist"))
    assert f'href="{IMPORT_URL}"' in response.content.decode()
    assert "Import from Markdown" in response.content.decode()


def test_the_upload_form(admin_client):
    response = admin_client.get(IMPORT_URL)
    assert response.status_code == 200
    names = {e.get("name") for e in elements(response.content) if e.tag == "input"}
    assert {"document", "images"} <= names


def test_upload_shows_the_dry_run_summary_and_creates_nothing(admin_client):
    response = upload(admin_client, markdown_file(), [png_upload("sheep-density-map.png")])
    assert response.status_code == 200
    page = response.content.decode()
    assert "week10-2021.en.md" in page
    assert '<td class="entry-count">7</td>' in page
    for text in (
        "Machine Learning Papers",
        "Research Tools",
        "new section",
        "Counting sheep in low light with a single camera",
        "Teaching a robot arm to fold towels by watching → Teaching a robot arm",
        "img/pruning-curve.png",
        "Create draft issue",
    ):
        assert text in page
    assert "img/sheep-density-map.png" not in page  # it was uploaded
    assert not Issue.objects.exists()


def test_confirming_creates_the_draft_issue_with_its_images(admin_client, superuser):
    summary = upload(admin_client, markdown_file(), [png_upload("sheep-density-map.png")])
    response = admin_client.post(IMPORT_URL, {"token": token_of(summary)}, follow=True)
    issue = Issue.objects.get(year=2021, week=10)
    assert response.redirect_chain[-1][0] == reverse("admin:digest_issue_change", args=[issue.pk])
    assert issue.status == Issue.Status.DRAFT
    assert issue.entries.count() == 7
    assert issue.picks.count() == 3
    sheep = issue.entries.get(headline__startswith="Counting sheep")
    assert sheep.image and sheep.image.size > 0
    page = response.content.decode()
    assert "Draft Week 10, 2021 created from week10-2021.en.md: 7 entries, 3 picks." in page
    assert "Images not found (noted on their entries): img/pruning-curve.png" in page
    version = history.versions_of(issue.pk).first()
    assert version.revision.get_comment() == "Imported from week10-2021.en.md"
    assert version.revision.user == superuser
    assert LogEntry.objects.filter(object_id=str(issue.pk), action_flag=ADDITION).exists()


def test_confirmed_upload_cannot_be_used_twice(admin_client, staging_folder):
    token = token_of(upload(admin_client, markdown_file()))
    admin_client.post(IMPORT_URL, {"token": token})
    assert staged_files(staging_folder) == []  # the upload was removed
    response = admin_client.post(IMPORT_URL, {"token": token}, follow=True)
    assert "The upload has expired or is unknown" in response.content.decode()
    assert Issue.objects.count() == 1


def test_a_forged_token_is_refused(admin_client):
    response = admin_client.post(IMPORT_URL, {"token": "../../etc:forged"}, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT_URL
    assert "The upload has expired or is unknown" in response.content.decode()
    assert not Issue.objects.exists()


def test_a_bad_file_gives_the_same_message_as_the_command(admin_client, tmp_path):
    bad = tmp_path / "week47.md"
    bad.write_text("# Weekly notes\n\nNothing here.\n", encoding="utf-8")
    response = upload(admin_client, markdown_file(bad))
    assert response.status_code == 200
    assert (
        "week47.md, line 1: no issue title with year and week (expected &quot;# 2020 年第 47 周"
        "&quot; or &quot;# Week 47, 2020&quot;)"
    ) in response.content.decode()
    assert "Create draft issue" not in response.content.decode()
    assert not Issue.objects.exists()


def test_a_week_that_does_not_exist_is_named_with_its_line(admin_client, tmp_path):
    bad = tmp_path / "week53.md"
    bad.write_text("# Week 53, 2021\n\n# 1. Papers\n\n# An entry\n\nText.\n", encoding="utf-8")
    response = upload(admin_client, markdown_file(bad))
    assert "week53.md, line 1: 2021 has no week 53" in response.content.decode()


def test_only_markdown_files_are_accepted(admin_client):
    response = upload(admin_client, markdown_file(name="week10.pdf"))
    assert "Choose a Markdown file (.md)." in response.content.decode()


def test_a_create_confirmed_after_someone_created_the_week_is_refused(admin_client):
    summary = upload(admin_client, markdown_file())
    existing = make_issue(year=2021, week=10, intro="Written meanwhile.")
    response = admin_client.post(IMPORT_URL, {"token": token_of(summary)}, follow=True)
    assert response.redirect_chain[-1][0] == IMPORT_URL
    assert "Week 10, 2021 was created by someone else meanwhile" in response.content.decode()
    existing.refresh_from_db()
    assert existing.intro == "Written meanwhile."
    assert not existing.entries.exists()


def test_staff_without_add_permission_gets_403(client, editor):
    client.force_login(editor)
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, markdown_file()).status_code == 403
    assert not Issue.objects.exists()
    changelist = client.get(reverse("admin:digest_issue_changelist")).content.decode()
    assert IMPORT_URL not in changelist


def test_staff_with_add_permission_may_import(client, editor):
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="digest", codename="add_issue"),
        # The document names a new section.
        Permission.objects.get(content_type__app_label="digest", codename="add_section"),
    )
    client.force_login(editor)
    summary = upload(client, markdown_file())
    assert summary.status_code == 200
    client.post(IMPORT_URL, {"token": token_of(summary)})
    assert Issue.objects.get(year=2021, week=10).status == Issue.Status.DRAFT


def test_readers_are_sent_to_the_login_page(client, reader):
    client.force_login(reader)
    response = client.get(IMPORT_URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- Replacing the week's existing issue --------------------------------------------------------


def corrected_file():
    text = ENGLISH.read_text(encoding="utf-8").replace("found most interesting", "liked best")
    return SimpleUploadedFile("week10-2021.fixed.md", text.encode(), "text/markdown")


@pytest.fixture
def live_issue(client):
    """Week 10 of 2021 imported and published, as a reader sees it."""
    editor = member("editor", username="first-editor")
    result = import_document(
        parse_document(ENGLISH.read_text(encoding="utf-8"), ENGLISH.name),
        status=Issue.Status.PUBLISHED,
        user=editor,
    )
    assert client.get(ISSUE_URL).status_code == 200
    return result.issue


ISSUE_URL = "/issues/2021/week-10/"


def test_upload_over_an_existing_issue_shows_what_would_change_and_changes_nothing(live_issue):
    client = client_for(member("editor"))
    response = upload(client, corrected_file())

    page = page_text(response)
    assert "What the import will change in Week 10, 2021" in page
    assert "The issue keeps its status (published)" in page
    assert "This issue is live: readers will see the new content as soon as you confirm." in page
    changes = [e.text for e in elements(response.content) if e.inside("ul", "import-changes")]
    assert changes == ["intro changed"]
    assert "Replace the content of Week 10, 2021" in page
    issue = Issue.objects.get(pk=live_issue.pk)
    assert "found most interesting" in issue.intro
    assert issue.version == live_issue.version


def test_confirming_a_replace_updates_the_live_issue_in_place(client, live_issue):
    editor = member("editor")
    editor_client = client_for(editor)
    summary = upload(editor_client, corrected_file())

    response = editor_client.post(IMPORT_URL, {"token": token_of(summary)}, follow=True)

    issue = Issue.objects.get(year=2021, week=10)
    assert response.redirect_chain[-1][0] == reverse("admin:digest_issue_change", args=[issue.pk])
    assert issue.pk == live_issue.pk
    assert issue.status == Issue.Status.PUBLISHED
    assert issue.published_at == live_issue.published_at
    assert "liked best" in issue.intro
    assert (
        "Week 10, 2021 updated from week10-2021.fixed.md; it is still published. intro changed"
        in admin_messages(response)
    )
    assert history.versions_of(issue.pk).first().revision.user == editor
    assert LogEntry.objects.filter(object_id=str(issue.pk), action_flag=CHANGE).exists()
    reader_page = client.get(ISSUE_URL)
    assert reader_page.status_code == 200
    assert "liked best" in reader_page.content.decode()


def test_a_replace_confirmed_after_the_issue_changed_is_refused(live_issue):
    editor_client = client_for(member("editor"))
    summary = upload(editor_client, corrected_file())
    live_issue.refresh_from_db()
    live_issue.title = "Changed by a colleague meanwhile"
    live_issue.save()

    response = editor_client.post(IMPORT_URL, {"token": token_of(summary)}, follow=True)

    assert response.redirect_chain[-1][0] == IMPORT_URL
    assert any("changed after the summary was shown" in m for m in admin_messages(response))
    issue = Issue.objects.get(pk=live_issue.pk)
    assert issue.title == "Changed by a colleague meanwhile"
    assert "found most interesting" in issue.intro


def test_a_contributor_cannot_replace_a_published_issue(live_issue):
    contributor_client = client_for(member("contributor"))

    response = upload(contributor_client, corrected_file())

    page = page_text(response)
    assert (
        "week10-2021.fixed.md: Week 10, 2021 already exists and is published; you may not "
        "change it."
    ) in page
    assert "Replace the content" not in page
    assert 'name="token"' not in page


def research_tools_section():
    """The one section of the document that the demo sections lack: contributors may not
    create sections, so an editor added it."""
    Section.objects.create(
        slug="research-tools", name_en="Research Tools", name_zh="研究工具", position=9
    )


def test_a_contributor_may_replace_a_draft(db):
    draft = Issue.objects.create(year=2021, week=10, intro="A first try.")
    research_tools_section()
    contributor_client = client_for(member("contributor"))

    summary = upload(contributor_client, corrected_file())
    contributor_client.post(IMPORT_URL, {"token": token_of(summary)})

    issue = Issue.objects.get(pk=draft.pk)
    assert issue.status == Issue.Status.DRAFT
    assert issue.entries.count() == 7


def test_a_replace_token_of_a_draft_is_refused_once_the_issue_was_published(db):
    draft = make_issue(year=2021, week=10, status=Issue.Status.DRAFT)
    research_tools_section()
    contributor_client = client_for(member("contributor"))
    summary = upload(contributor_client, corrected_file())
    make_entry(draft)
    draft.apply_transition("publish", member("editor"))

    response = contributor_client.post(IMPORT_URL, {"token": token_of(summary)}, follow=True)

    assert any(
        "Week 10, 2021 is published, and you may not change it" in m
        for m in admin_messages(response)
    )
    assert not Issue.objects.get(pk=draft.pk).intro


# --- What waits for the confirmation, and for how long ---------------------------------------


def noise_upload(name, side):
    """A PNG of random pixels: it does not compress, so it takes about side² × 3 bytes."""
    return SimpleUploadedFile(name, noise_png((side, side)), "image/png")


def test_only_the_pictures_the_document_uses_are_staged(admin_client, staging_folder):
    upload(
        admin_client,
        markdown_file(),
        [
            png_upload("sheep-density-map.png"),  # used by an entry
            png_upload("holiday-photo.png"),  # used by nothing
            SimpleUploadedFile("pruning-curve.png", b"<svg onload=alert(1)>", "image/png"),
        ],
    )

    names = [path.name for path in staged_files(staging_folder)]
    assert names == ["document", "sheep-density-map.png"]


def test_an_upload_larger_than_a_user_may_stage_is_refused(admin_client, staging_folder, settings):
    settings.DIGEST_IMPORT_STAGING_MAX_BYTES = 0.1 * 1024 * 1024

    response = upload(admin_client, markdown_file(), [noise_upload("sheep-density-map.png", 200)])

    assert response.status_code == 200
    assert "MB) are more than the 0.1 MB an import may hold" in response.content.decode()
    assert "Create draft issue" not in response.content.decode()
    assert staged_files(staging_folder) == []


def test_a_new_upload_removes_the_users_older_ones_beyond_the_limit(
    admin_client, staging_folder, settings
):
    settings.DIGEST_IMPORT_STAGING_MAX_BYTES = 200 * 1024
    picture = "sheep-density-map.png"
    first = token_of(upload(admin_client, markdown_file(), [noise_upload(picture, 200)]))
    second = token_of(upload(admin_client, markdown_file(), [noise_upload(picture, 200)]))

    assert len([p for p in staged_files(staging_folder) if p.name == "document"]) == 1
    expired = admin_client.post(IMPORT_URL, {"token": first}, follow=True)
    assert "The upload has expired or is unknown" in expired.content.decode()
    admin_client.post(IMPORT_URL, {"token": second})
    assert Issue.objects.get(year=2021, week=10).entries.exclude(image="").count() == 1


def test_an_upload_is_usable_only_by_the_user_who_staged_it(
    admin_client, client, django_user_model
):
    token = token_of(upload(admin_client, markdown_file()))
    other = django_user_model.objects.create_superuser("other", "other@example.com", "pw")
    client.force_login(other)

    response = client.post(IMPORT_URL, {"token": token}, follow=True)

    assert "The upload has expired or is unknown" in response.content.decode()
    assert not Issue.objects.exists()


def test_uploads_never_confirmed_are_removed_when_their_time_is_up(admin_client, staging_folder):
    upload(admin_client, markdown_file(), [png_upload("sheep-density-map.png")])
    staged = staging_folder / "digest-import"
    long_ago = time.time() - 3 * 60 * 60
    for path in staged.rglob("*"):
        os.utime(path, (long_ago, long_ago))

    admin_client.get(IMPORT_URL)

    assert staged_files(staging_folder) == []


def test_a_document_of_more_than_a_megabyte_is_refused(admin_client, staging_folder):
    big = ENGLISH.read_bytes() + b"\n" + b"x" * (1024 * 1024)

    response = upload(admin_client, SimpleUploadedFile("week.md", big, "text/markdown"))

    assert "This file is larger than 1 MB" in response.content.decode()
    assert staged_files(staging_folder) == []
