"""Uploaded images: only JPEG, PNG, WebP and GIF pictures that Pillow can open, within size and
pixel limits, re-encoded and stored under generated names. Files that are not pictures (SVG,
HTML, PDF, text), other formats and broken files are refused with a clear error and nothing is
written; real pictures carrying markup, metadata or trailing bytes are stored as plain
pictures: only their pixels and orientation survive.

Both ways in are covered: the admin's image fields (entry image, issue cover) and the Markdown
editor's upload endpoint, which, like its preview endpoint, only content editors may use.
"""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from accounts.roles import CONTRIBUTOR, EDITOR
from digest.markdown import render_markdown
from digest.models import Entry, Issue
from tests.admin_forms import admin_errors, form_fields, post_issue_form
from tests.factories import make_issue, section
from tests.html_inspection import elements
from tests.security_files import (
    ACCEPTED_FORMATS,
    CONTENT_TYPES,
    disguised_pictures,
    hostile_files,
    noise_png,
    picture,
    pixels,
    upload,
)
from tests.xss import XSS_PAYLOADS, dangerous_markup

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/markdownx/upload/"
PREVIEW_URL = "/markdownx/markdownify/"
HOSTILE = hostile_files()
DISGUISED = disguised_pictures()
HOSTILE_NAME = "../../evil name <script>.png"

# What an editor may be told about a refused file: the site's own messages, or Django's image
# field message for files Pillow cannot open at all (the admin checks that first).
NOT_AN_IMAGE = "This file is not an image that can be shown"
NOT_ACCEPTED = "images are not accepted: upload a JPEG, PNG, WebP or GIF"
TOO_LARGE = "The image is larger than"
TOO_MANY_PIXELS = "The image has too many pixels"
DJANGO_INVALID_IMAGE = "Upload a valid image."
CLEAR_MESSAGES = (
    NOT_AN_IMAGE,
    NOT_ACCEPTED,
    TOO_LARGE,
    TOO_MANY_PIXELS,
    DJANGO_INVALID_IMAGE,
)
# The editor endpoint always answers with the site's own reason.
ENDPOINT_MESSAGE = {
    "svg-script": NOT_AN_IMAGE,
    "svg-onload": NOT_AN_IMAGE,
    "svg-javascript-href": NOT_AN_IMAGE,
    "svg-named-png": NOT_AN_IMAGE,
    "html-named-png": NOT_AN_IMAGE,
    "pdf": NOT_AN_IMAGE,
    "pdf-named-png": NOT_AN_IMAGE,
    "text-as-png": NOT_AN_IMAGE,
    "bmp": "BMP images are not accepted",
    "bmp-named-png": "BMP images are not accepted",
    "tiff": "TIFF images are not accepted",
    "tiff-named-jpg": "TIFF images are not accepted",
    "decompression-bomb": NOT_AN_IMAGE,
    "truncated-png": NOT_AN_IMAGE,
}


def stored_files(media_root):
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def generated_name_pattern(folder, extension):
    return re.compile(rf"{folder}/\d{{4}}/[0-9a-f]{{32}}\.{extension}")


def is_clear(message):
    return any(clear in message for clear in CLEAR_MESSAGES)


# --- People ----------------------------------------------------------------------------------


def staff_member(django_user_model, username, group=None):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
    user.is_staff = True
    user.save()
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def contributor(django_user_model):
    return staff_member(django_user_model, "carl", CONTRIBUTOR)


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


# --- Through the admin: entry images and issue covers ----------------------------------------


@pytest.fixture
def draft_issue():
    return make_issue(status=Issue.Status.DRAFT)


def add_entry_with_image(client, issue, image):
    """Fill in the admin's "add entry" form as a browser would and attach `image`."""
    url = reverse("admin:digest_entry_add")
    page = client.get(url)
    assert page.status_code == 200
    data = form_fields(page.content, "entry_form")
    data.update(
        issue=str(issue.pk),
        section=str(section("papers").pk),
        headline="An entry with a picture",
        image=image,
    )
    return client.post(url, data)


def image_field_errors(response, field):
    return admin_errors(response).get(field, [])


@pytest.mark.parametrize("case", HOSTILE)
def test_admin_refuses_a_hostile_entry_image_and_writes_nothing(
    admin_client, draft_issue, media_root, case
):
    response = add_entry_with_image(admin_client, draft_issue, upload(*HOSTILE[case]))

    assert response.status_code == 200, "the form is shown again"
    errors = image_field_errors(response, "image")
    assert errors, admin_errors(response)
    assert all(is_clear(message) for message in errors), errors
    assert not Entry.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize("case", ["svg-onload", "pdf", "tiff", "truncated-png"])
def test_admin_refuses_a_hostile_issue_cover_and_writes_nothing(
    admin_client, draft_issue, media_root, case
):
    url = reverse("admin:digest_issue_change", args=[draft_issue.pk])

    response = post_issue_form(admin_client, url, cover_image=upload(*HOSTILE[case]))

    assert response.status_code == 200
    errors = image_field_errors(response, "cover_image")
    assert errors and all(is_clear(message) for message in errors), admin_errors(response)
    draft_issue.refresh_from_db()
    assert not draft_issue.cover_image
    assert stored_files(media_root) == []


def test_admin_refuses_a_file_over_the_size_limit(admin_client, draft_issue, media_root, settings):
    settings.DIGEST_UPLOAD_MAX_BYTES = 10 * 1024
    data = noise_png((64, 64))
    assert len(data) > 10 * 1024

    response = add_entry_with_image(admin_client, draft_issue, upload("big.png", "image/png", data))

    assert response.status_code == 200
    assert any(TOO_LARGE in message for message in image_field_errors(response, "image"))
    assert stored_files(media_root) == []


def test_admin_refuses_a_picture_with_too_many_pixels(
    admin_client, draft_issue, media_root, settings
):
    settings.DIGEST_UPLOAD_MAX_PIXELS = 10_000

    response = add_entry_with_image(
        admin_client, draft_issue, upload("wide.png", "image/png", picture("PNG", (200, 200)))
    )

    assert response.status_code == 200
    assert any(
        TOO_MANY_PIXELS in message and "200 × 200" in message
        for message in image_field_errors(response, "image")
    )
    assert stored_files(media_root) == []


@pytest.mark.parametrize("fmt", ACCEPTED_FORMATS)
def test_admin_stores_an_accepted_picture_under_a_generated_name(
    admin_client, draft_issue, media_root, fmt
):
    data = picture(fmt)

    response = add_entry_with_image(
        admin_client, draft_issue, upload(HOSTILE_NAME, CONTENT_TYPES[fmt], data)
    )

    assert response.status_code == 302, admin_errors(response)
    name = Entry.objects.get().image.name
    assert generated_name_pattern("entries", ACCEPTED_FORMATS[fmt]).fullmatch(name), name
    assert stored_files(media_root) == [media_root / name]
    assert pixels((media_root / name).read_bytes())[1] == pixels(data)[1]


def test_admin_names_a_stored_picture_after_its_real_format(admin_client, draft_issue, media_root):
    response = add_entry_with_image(
        admin_client, draft_issue, upload("photo.jpg", "image/jpeg", picture("PNG"))
    )

    assert response.status_code == 302, admin_errors(response)
    name = Entry.objects.get().image.name
    assert generated_name_pattern("entries", "png").fullmatch(name), name


def test_admin_stores_an_issue_cover_under_a_generated_name(admin_client, draft_issue, media_root):
    url = reverse("admin:digest_issue_change", args=[draft_issue.pk])

    response = post_issue_form(
        admin_client, url, cover_image=upload(HOSTILE_NAME, "image/webp", picture("WEBP"))
    )

    assert response.status_code == 302, admin_errors(response)
    draft_issue.refresh_from_db()
    name = draft_issue.cover_image.name
    assert generated_name_pattern("covers", "webp").fullmatch(name), name
    assert stored_files(media_root) == [media_root / name]


# --- Through the Markdown editor's upload endpoint -------------------------------------------


def post_upload(client, name, content_type, data):
    return client.post(UPLOAD_URL, {"image": upload(name, content_type, data)})


@pytest.mark.parametrize("case", HOSTILE)
def test_editor_upload_refuses_a_hostile_file_and_writes_nothing(
    contributor_client, media_root, case
):
    response = post_upload(contributor_client, *HOSTILE[case])

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = response.json()["image"]
    assert any(ENDPOINT_MESSAGE[case] in message for message in errors), errors
    assert stored_files(media_root) == []


def test_editor_upload_refuses_a_file_over_5_mb(contributor_client, media_root):
    data = noise_png((1400, 1400))
    assert len(data) > 5 * 1024 * 1024

    response = post_upload(contributor_client, "big.png", "image/png", data)

    assert response.status_code == 400
    assert response.json()["image"] == ["The image is larger than 5 MB."]
    assert stored_files(media_root) == []


def test_editor_upload_refuses_a_file_over_a_lowered_size_limit(
    contributor_client, media_root, settings
):
    settings.DIGEST_UPLOAD_MAX_BYTES = 10 * 1024

    response = post_upload(contributor_client, "big.png", "image/png", noise_png((64, 64)))

    assert response.status_code == 400
    assert TOO_LARGE in response.json()["image"][0]
    assert stored_files(media_root) == []


def test_editor_upload_refuses_too_many_pixels(contributor_client, media_root, settings):
    settings.DIGEST_UPLOAD_MAX_PIXELS = 10_000

    response = post_upload(contributor_client, "wide.gif", "image/gif", picture("GIF", (200, 200)))

    assert response.status_code == 400
    assert response.json()["image"] == ["The image has too many pixels (200 × 200)."]
    assert stored_files(media_root) == []


def test_editor_upload_without_a_file_is_a_400(contributor_client, media_root):
    response = contributor_client.post(UPLOAD_URL, {})

    assert response.status_code == 400
    assert "image" in response.json()
    assert stored_files(media_root) == []


@pytest.mark.parametrize("fmt", ACCEPTED_FORMATS)
def test_editor_upload_stores_an_accepted_picture_under_a_generated_name(
    contributor_client, media_root, fmt
):
    data = picture(fmt)

    response = post_upload(contributor_client, HOSTILE_NAME, CONTENT_TYPES[fmt], data)

    assert response.status_code == 200, response.content
    [stored] = stored_files(media_root)
    name = stored.relative_to(media_root).as_posix()
    assert generated_name_pattern("uploads", ACCEPTED_FORMATS[fmt]).fullmatch(name), name
    assert response.json() == {"image_code": f"![](/media/{name})"}
    assert pixels(stored.read_bytes())[1] == pixels(data)[1]


def test_editor_upload_names_a_picture_after_its_real_format(contributor_client, media_root):
    response = post_upload(contributor_client, "photo.jpg", "image/jpeg", picture("PNG"))

    assert response.status_code == 200
    [stored] = stored_files(media_root)
    assert generated_name_pattern("uploads", "png").fullmatch(
        stored.relative_to(media_root).as_posix()
    )


# --- Pictures are re-encoded: only pixels and orientation survive ----------------------------


def assert_plain_picture(data, original, payload):
    """`data` shows what `original` shows, without `payload` or any metadata."""
    assert payload not in data
    assert payload.lower() not in data.lower()
    with Image.open(io.BytesIO(data)) as stored, Image.open(io.BytesIO(original)) as source:
        assert stored.format == source.format
        assert stored.size == source.size
        assert not stored.getexif()
        assert not {"comment", "exif", "xmp", "Comment", "Title"} & set(stored.info)
    if stored.format in ("PNG", "GIF"):  # lossless: the very same pixels
        assert pixels(data) == pixels(original)


@pytest.mark.parametrize("case", DISGUISED)
def test_admin_stores_a_picture_carrying_markup_without_it(
    admin_client, draft_issue, media_root, case
):
    name, content_type, data, payload = DISGUISED[case]

    response = add_entry_with_image(admin_client, draft_issue, upload(name, content_type, data))

    assert response.status_code == 302, admin_errors(response)
    [stored] = stored_files(media_root)
    assert stored.relative_to(media_root).as_posix() == Entry.objects.get().image.name
    assert_plain_picture(stored.read_bytes(), data, payload)


@pytest.mark.parametrize("case", DISGUISED)
def test_editor_upload_stores_a_picture_carrying_markup_without_it(
    contributor_client, media_root, case
):
    name, content_type, data, payload = DISGUISED[case]

    response = post_upload(contributor_client, name, content_type, data)

    assert response.status_code == 200, response.content
    [stored] = stored_files(media_root)
    assert_plain_picture(stored.read_bytes(), data, payload)


def test_a_photo_taken_sideways_is_stored_upright_without_its_camera_data(
    contributor_client, media_root
):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; show rotated 90° clockwise
    exif[0x8825] = {1: "N", 2: (35.0, 39.0, 29.0)}  # GPS position
    data = picture("JPEG", size=(40, 20), exif=exif)

    response = post_upload(contributor_client, "photo.jpg", "image/jpeg", data)

    assert response.status_code == 200
    [stored] = stored_files(media_root)
    with Image.open(stored) as image:
        assert image.size == (20, 40)
        assert not image.getexif()


def test_an_animation_keeps_its_frames_and_timing(contributor_client, media_root):
    frames = [Image.new("RGB", (8, 8), color) for color in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=[120, 80, 200],
        loop=0,
        comment=b"<script>alert(1)</script>",
    )

    response = post_upload(contributor_client, "moving.gif", "image/gif", buffer.getvalue())

    assert response.status_code == 200
    [stored] = stored_files(media_root)
    data = stored.read_bytes()
    assert b"<script>" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.n_frames == 3
        durations = []
        for index in range(3):
            image.seek(index)
            durations.append(image.info["duration"])
        assert durations == [120, 80, 200]


def test_too_many_frames_of_pixels_are_refused(contributor_client, media_root, settings):
    settings.DIGEST_UPLOAD_MAX_PIXELS = 10_000
    frames = [Image.new("RGB", (60, 60), color) for color in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])

    response = post_upload(contributor_client, "moving.gif", "image/gif", buffer.getvalue())

    assert response.status_code == 400
    assert response.json()["image"] == ["The animation has too many pixels (3 frames of 60 × 60)."]
    assert stored_files(media_root) == []


def test_a_picture_saved_from_the_shell_is_re_encoded_too(media_root, draft_issue):
    name, _content_type, data, payload = DISGUISED["png-text-object"]
    entry = Entry(issue=draft_issue, section=section("papers"), headline="From a script")

    entry.image.save(name, ContentFile(data), save=True)

    assert_plain_picture((media_root / Entry.objects.get().image.name).read_bytes(), data, payload)


# --- The editor tells why a file was refused -------------------------------------------------


def test_the_markdown_editor_uploads_with_the_script_that_shows_refusals(admin_client):
    page = admin_client.get(reverse("admin:digest_entry_add")).content.decode()

    assert "digest/admin/markdownx-uploads.js" in page
    [summary] = [element for element in elements(page) if element.get("name") == "summary"]
    assert summary.get("data-upload-max-bytes") == str(5 * 1024 * 1024)
    assert summary.get("data-upload-too-large") == "The image is larger than 5 MB."
    assert summary.get("data-upload-failed")


# --- Who may use the editor's endpoints ------------------------------------------------------


def signed_in(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(django_user_model, reader, superuser):
    return {
        "anonymous": None,
        "reader": reader,
        "staff without content rights": staff_member(django_user_model, "stan"),
        "contributor": staff_member(django_user_model, "carl", CONTRIBUTOR),
        "editor": staff_member(django_user_model, "edna", EDITOR),
        "superuser": superuser,
    }


REFUSED = ["anonymous", "reader", "staff without content rights"]
ALLOWED = ["contributor", "editor", "superuser"]


@pytest.mark.parametrize("who", REFUSED)
def test_upload_is_forbidden_without_content_rights(client, people, media_root, who):
    client = signed_in(client, people[who])

    response = post_upload(client, "figure.png", "image/png", picture("PNG"))

    assert response.status_code == 403
    assert stored_files(media_root) == []


@pytest.mark.parametrize("who", REFUSED)
def test_preview_is_forbidden_without_content_rights(client, people, who):
    response = signed_in(client, people[who]).post(PREVIEW_URL, {"content": "**bold**"})

    assert response.status_code == 403
    assert b"<strong>" not in response.content


def test_a_staff_member_with_only_view_rights_may_not_upload(client, django_user_model, media_root):
    viewer = staff_member(django_user_model, "vera")
    viewer.user_permissions.add(
        *Group.objects.get(name=CONTRIBUTOR).permissions.filter(codename__startswith="view_")
    )
    client.force_login(viewer)

    response = post_upload(client, "figure.png", "image/png", picture("PNG"))

    assert response.status_code == 403
    assert stored_files(media_root) == []


@pytest.mark.parametrize("who", ALLOWED)
def test_content_editors_may_upload(client, people, media_root, who):
    client = signed_in(client, people[who])

    response = post_upload(client, "figure.png", "image/png", picture("PNG"))

    assert response.status_code == 200
    assert len(stored_files(media_root)) == 1


@pytest.mark.parametrize("who", ALLOWED)
def test_content_editors_may_preview(client, people, who):
    response = signed_in(client, people[who]).post(PREVIEW_URL, {"content": "**bold**"})

    assert response.status_code == 200
    assert response.content.decode() == "<p><strong>bold</strong></p>"


def test_an_inactive_contributor_may_not_upload(client, contributor, media_root):
    contributor.is_active = False
    contributor.save()
    client.force_login(contributor)

    assert post_upload(client, "figure.png", "image/png", picture("PNG")).status_code == 403
    assert stored_files(media_root) == []


@pytest.mark.parametrize("url", [UPLOAD_URL, PREVIEW_URL])
def test_the_editor_endpoints_only_answer_post(contributor_client, url):
    assert contributor_client.get(url).status_code == 405


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_preview_renders_known_xss_payloads_harmless(contributor_client, payload):
    response = contributor_client.post(PREVIEW_URL, {"content": payload})

    assert response.status_code == 200
    html = response.content.decode()
    assert html == render_markdown(payload), "the preview uses the site's one renderer"
    assert dangerous_markup(html) == []
