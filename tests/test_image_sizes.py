"""Pictures keep their size in pixels, so pages give every <img> its width and height and the
browser keeps the room before the picture arrives (the text below does not jump).

The size is stored whichever way a picture comes in — the admin, an import, the demo — and the
migration that introduced it measured the pictures already stored. A picture whose file is
missing is shown without a size rather than breaking the page.
"""

import importlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from digest.models import Entry, Issue
from tests.admin_forms import admin_errors, post_issue_form
from tests.factories import make_entry, make_issue
from tests.html_inspection import find_all
from tests.security_files import picture, upload
from tests.test_uploads import add_entry_with_image

pytestmark = pytest.mark.django_db

IMPORT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def issue_page(client, issue):
    response = client.get(reverse("digest:issue-detail", args=[issue.year, issue.week]))
    assert response.status_code == 200
    return response.content.decode()


def png_file(size):
    return ContentFile(picture("PNG", size))


def test_an_entry_image_uploaded_in_the_admin_keeps_its_size(admin_client):
    issue = make_issue(status=Issue.Status.DRAFT)

    response = add_entry_with_image(
        admin_client, issue, upload("figure.png", "image/png", picture("PNG", (320, 200)))
    )

    assert response.status_code == 302, admin_errors(response)
    entry = Entry.objects.get()
    assert (entry.image_width, entry.image_height) == (320, 200)
    [image] = find_all(issue_page(admin_client, issue), "img", src=entry.image.url)
    assert (image.get("width"), image.get("height")) == ("320", "200")


def test_an_issue_cover_uploaded_in_the_admin_keeps_its_size(admin_client):
    issue = make_issue(status=Issue.Status.DRAFT)
    url = reverse("admin:digest_issue_change", args=[issue.pk])

    response = post_issue_form(
        admin_client, url, cover_image=upload("cover.jpg", "image/jpeg", picture("JPEG", (90, 60)))
    )

    assert response.status_code == 302, admin_errors(response)
    issue.refresh_from_db()
    assert (issue.cover_width, issue.cover_height) == (90, 60)
    [image] = find_all(issue_page(admin_client, issue), "img", src=issue.cover_image.url)
    assert (image.get("width"), image.get("height")) == ("90", "60")


def test_a_replaced_image_has_the_new_size_and_a_removed_one_none():
    entry = make_entry(make_issue())
    entry.image.save("first.png", png_file((40, 30)))
    assert (entry.image_width, entry.image_height) == (40, 30)

    entry.image.save("second.png", png_file((25, 50)))
    entry.refresh_from_db()
    assert (entry.image_width, entry.image_height) == (25, 50)

    entry.image = ""
    entry.save()
    entry.refresh_from_db()
    assert (entry.image_width, entry.image_height) == (None, None)


def test_imported_images_keep_their_size(tmp_path):
    (tmp_path / "img").mkdir()
    Image.new("RGB", (120, 80), (30, 120, 200)).save(tmp_path / "img" / "sheep-density-map.png")

    call_command(
        "import_issue",
        str(IMPORT_FIXTURES / "week10-2021.en.md"),
        "--media-dir",
        str(tmp_path),
        stdout=io.StringIO(),
    )

    sheep = Entry.objects.get(headline__startswith="Counting sheep")
    assert (sheep.image_width, sheep.image_height) == (120, 80)


def test_demo_images_keep_their_size(client):
    call_command("load_demo", stdout=io.StringIO())

    with_images = Entry.objects.exclude(image="")
    assert with_images.exists()
    assert set(with_images.values_list("image_width", "image_height")) == {(640, 320)}
    html = issue_page(client, Issue.objects.get(year=2021, week=3))
    images = find_all(html, "img")
    assert images and all((img.get("width"), img.get("height")) == ("640", "320") for img in images)


def test_an_image_whose_file_is_missing_saves_and_shows_without_a_size(client):
    entry = make_entry(make_issue(), image="entries/2020/gone.png", image_alt="A lost figure")

    assert (entry.image_width, entry.image_height) == (None, None)
    [image] = find_all(issue_page(client, entry.issue), "img", alt="A lost figure")
    assert image.get("width") is None and image.get("height") is None


def test_the_migration_measures_the_images_already_stored():
    stored = make_entry(make_issue(week=46))
    stored.image.save("stored.png", png_file((64, 48)))
    missing = make_entry(make_issue(week=47), image="entries/2020/gone.png")
    cover_issue = make_issue(week=48)
    cover_issue.cover_image.save("cover.png", png_file((100, 40)))
    # As the rows were before the migration: no sizes.
    Entry.objects.update(image_width=None, image_height=None)
    Issue.objects.update(cover_width=None, cover_height=None)

    migration = importlib.import_module("digest.migrations.0010_image_sizes")
    migration.fill_sizes(apps, None)

    stored.refresh_from_db()
    missing.refresh_from_db()
    cover_issue.refresh_from_db()
    assert (stored.image_width, stored.image_height) == (64, 48)
    assert (missing.image_width, missing.image_height) == (None, None)
    assert (cover_issue.cover_width, cover_issue.cover_height) == (100, 40)
