"""Previews of unpublished issues: for staff who may preview, at the issue's public address, and
for outside reviewers through signed, expiring, revocable links. Never cached, never indexed."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from digest.models import Issue, PreviewLink
from tests.factories import future, past
from tests.html_inspection import find_all
from tests.workflow_fixtures import (
    PREVIEW_BANNER,
    admin_messages,
    client_for,
    issue_with_entry,
    member,
    preview_link_paths,
    preview_links_url,
    tokyo,
)

pytestmark = pytest.mark.django_db

S = Issue.Status
UNPUBLISHED = {
    "draft": (S.DRAFT, None),
    "in review": (S.IN_REVIEW, None),
    "scheduled": (S.SCHEDULED, "future"),
}
SHARED_NOTE = "This read-only link was shared with you for review."


@pytest.fixture
def chief(db):
    return member("editor", username="erika")


@pytest.fixture(params=list(UNPUBLISHED))
def unpublished(request):
    status, when = UNPUBLISHED[request.param]
    return issue_with_entry(
        week=47,
        status=status,
        publish_at=future(3) if when == "future" else None,
        intro="Not for readers yet.",
    )


def assert_is_a_preview(response):
    """Shown, marked as a preview, never cached and kept out of search engines."""
    assert response.status_code == 200
    html = response.content.decode()
    assert PREVIEW_BANNER in html
    assert "Not for readers yet." in html
    cache_control = response["Cache-Control"]
    for directive in ("no-cache", "no-store", "max-age=0"):
        assert directive in cache_control, cache_control
    assert "noindex" in response["X-Robots-Tag"]
    [robots] = [meta for meta in find_all(html, "meta") if meta.get("name") == "robots"]
    assert robots.get("content").startswith("noindex")


def create_link(client, issue):
    """Create a preview link in the admin; returns the response and the link's path."""
    response = client.post(preview_links_url(issue), follow=True)
    assert response.status_code == 200
    paths = preview_link_paths(" ".join(admin_messages(response)))
    return response, paths


# --- Staff previews at the public address ------------------------------------------------------


def test_staff_who_may_preview_see_an_unpublished_issue_marked_as_preview(chief, unpublished):
    response = client_for(chief).get(unpublished.get_absolute_url())

    assert_is_a_preview(response)
    assert "Readers cannot see this issue yet." in response.content.decode()


def test_contributor_may_preview_too(unpublished):
    response = client_for(member("contributor")).get(unpublished.get_absolute_url())

    assert_is_a_preview(response)


def test_anonymous_readers_get_a_404(client, unpublished):
    response = client.get(unpublished.get_absolute_url())

    assert response.status_code == 404
    assert "Not for readers yet." not in response.content.decode()


def test_signed_in_readers_get_a_404(client, reader, unpublished):
    client.force_login(reader)

    assert client.get(unpublished.get_absolute_url()).status_code == 404


def test_staff_without_the_preview_permission_get_a_404(unpublished):
    staff = member("staff_without_role")
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="digest", codename="view_issue")
    )

    assert client_for(staff).get(unpublished.get_absolute_url()).status_code == 404


def test_non_staff_user_with_the_preview_permission_gets_a_404(client, reader, unpublished):
    reader.user_permissions.add(
        Permission.objects.get(content_type__app_label="digest", codename="preview_issue")
    )
    client.force_login(reader)

    assert client.get(unpublished.get_absolute_url()).status_code == 404


def test_a_published_issue_is_no_preview_even_for_staff(chief):
    issue = issue_with_entry(week=47, status=S.PUBLISHED, publish_at=past())

    response = client_for(chief).get(issue.get_absolute_url())

    assert response.status_code == 200
    assert PREVIEW_BANNER not in response.content.decode()
    assert "noindex" not in response.get("X-Robots-Tag", "")


# --- Preview links ---------------------------------------------------------------------------


def test_an_editor_creates_a_preview_link_and_the_message_contains_it(chief, unpublished):
    response, paths = create_link(client_for(chief), unpublished)

    [link] = PreviewLink.objects.filter(issue=unpublished)
    assert paths == [link.get_absolute_url()]
    assert link.created_by == chief
    assert response.redirect_chain[-1][0] == reverse(
        "admin:digest_issue_change", args=[unpublished.pk]
    )


def test_an_anonymous_reviewer_opens_the_link_read_only(chief, unpublished, client):
    _response, [path] = create_link(client_for(chief), unpublished)

    response = client.get(path)

    assert_is_a_preview(response)
    html = response.content.decode()
    assert SHARED_NOTE in html
    # Nothing to submit: no admin form, no form that changes anything (the site search is GET).
    forms = find_all(html, "form")
    assert [
        form.get("action") for form in forms if form.get("method", "get").lower() != "get"
    ] == []
    assert not any(form.get("action", "").startswith("/admin/") for form in forms)
    assert "csrfmiddlewaretoken" not in html
    assert "/admin/" not in html
    assert client.get(unpublished.get_absolute_url()).status_code == 404  # only the link works


def test_a_preview_link_expires_after_the_configured_days(chief, client, settings):
    settings.DIGEST_PREVIEW_LINK_DAYS = 7
    issue = issue_with_entry(week=47, intro="Not for readers yet.")
    created = tokyo(2020, 11, 18, 10, 0)
    with time_machine.travel(created, tick=False):
        _response, [path] = create_link(client_for(chief), issue)

    with time_machine.travel(created + datetime.timedelta(days=6, hours=23), tick=False):
        assert_is_a_preview(client.get(path))
    with time_machine.travel(created + datetime.timedelta(days=8), tick=False):
        assert client.get(path).status_code == 404


def test_a_revoked_preview_link_is_a_404(chief, client):
    issue = issue_with_entry(week=47, intro="Not for readers yet.")
    editor = client_for(chief)
    _response, [path] = create_link(editor, issue)
    link = PreviewLink.objects.get()
    assert client.get(path).status_code == 200

    response = editor.post(
        reverse("admin:digest_issue_revoke_preview_link", args=[link.pk]), follow=True
    )

    assert "The preview link was revoked." in admin_messages(response)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.split(":")[0],
        lambda token: ("1" if token[0] == "0" else "0") + token[1:],
    ],
    ids=["signature changed", "signature removed", "id changed"],
)
def test_a_tampered_token_is_a_404(chief, client, tamper):
    issue = issue_with_entry(week=47, intro="Not for readers yet.")
    create_link(client_for(chief), issue)
    token = PreviewLink.objects.get().token

    response = client.get(reverse("digest:preview", kwargs={"token": tamper(token)}))

    assert response.status_code == 404
    assert "Not for readers yet." not in response.content.decode()


def test_a_contributor_cannot_create_a_preview_link():
    issue = issue_with_entry(week=47)

    response = client_for(member("contributor")).post(preview_links_url(issue))

    assert response.status_code == 403
    assert not PreviewLink.objects.exists()


def test_a_contributor_cannot_revoke_a_preview_link(chief):
    issue = issue_with_entry(week=47)
    create_link(client_for(chief), issue)
    link = PreviewLink.objects.get()

    response = client_for(member("contributor")).post(
        reverse("admin:digest_issue_revoke_preview_link", args=[link.pk])
    )

    assert response.status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_change_page_offers_preview_links_only_to_those_who_may_share(chief):
    issue = issue_with_entry(week=47)
    change = reverse("admin:digest_issue_change", args=[issue.pk])

    editor_page = client_for(chief).get(change).content.decode()
    contributor_page = client_for(member("contributor")).get(change).content.decode()

    assert "Create a preview link for a reviewer" in editor_page
    assert "Create a preview link for a reviewer" not in contributor_page
