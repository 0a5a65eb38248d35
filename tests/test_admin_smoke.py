"""An editor's first steps in the admin, end to end through the workflow pages."""

import pytest

from digest.models import Issue
from tests.factories import make_entry, make_full_issue, make_issue

pytestmark = pytest.mark.django_db


def test_editor_can_walk_an_issue_through_the_admin(admin_client, client):
    assert "_auth_user_id" not in client.session, "the reader's client is anonymous"
    i = make_full_issue(2020, 47)
    d = make_issue(2020, 48, status=Issue.Status.DRAFT)
    make_entry(d)
    for url in [
        "/admin/digest/issue/",
        f"/admin/digest/issue/{i.pk}/change/",
        "/admin/digest/issue/add/",
        "/admin/digest/issue/calendar/",
        f"/admin/digest/issue/{i.pk}/versions/",
        "/admin/digest/issue/deleted/",
        "/admin/digest/entry/",
        "/admin/digest/section/",
        "/admin/accounts/user/",
        "/admin/taggit/tag/",
        f"/admin/digest/issue/{d.pk}/change/",
        "/issues/2020/week-48/",
    ]:
        r = admin_client.get(url)
        assert r.status_code == 200, (url, r.content[:3000])
    r = admin_client.post(
        f"/admin/digest/issue/{d.pk}/transition/submit/",
        {"comment": "pls", "confirm": "yes"},
        follow=True,
    )
    assert "now in review" in r.content.decode()
    assert client.get("/issues/2020/week-48/").status_code == 404, "a reader sees no draft"
    r = admin_client.post(
        f"/admin/digest/issue/{d.pk}/transition/publish/", {"confirm": "yes"}, follow=True
    )
    assert "the issue is now published." in r.content.decode()
    assert client.get("/issues/2020/week-48/").status_code == 200
    r = admin_client.post(f"/admin/digest/issue/{d.pk}/preview-links/", follow=True)
    assert r.status_code == 200
    r = admin_client.post(
        "/admin/digest/issue/calendar/create/", {"year": 2026, "week": 50}, follow=True
    )
    assert "Draft created" in r.content.decode(), r.content.decode()[:5000]
    r = admin_client.get(f"/admin/digest/issue/{d.pk}/versions/")
    assert "Restore this version" in r.content.decode()
