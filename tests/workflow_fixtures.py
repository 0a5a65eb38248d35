"""People, issues and admin pages of the editorial workflow, shared by the workflow tests.

Plain functions rather than pytest fixtures, so test modules can import them without
shadowing: each test module wraps the few it needs in its own small fixtures.
"""

import datetime
import html
import re
import zoneinfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.roles import CONTRIBUTOR, EDITOR
from digest.models import Issue
from tests.admin_forms import form_fields
from tests.factories import make_entry, make_issue, make_pick
from tests.html_inspection import elements

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
PREVIEW_BANNER = "Preview — not published"

# Everyone the permission matrix acts as.
ROLES = ("contributor", "editor", "superuser", "staff_without_role", "anonymous")
ROLE_GROUPS = {"contributor": CONTRIBUTOR, "editor": EDITOR}


def tokyo(*args):
    """A datetime in the site's time zone: tokyo(2020, 11, 22, 9) is Sunday 09:00 in Tokyo."""
    return datetime.datetime(*args, tzinfo=TOKYO)


def member(role, username=None, **fields):
    """A user acting in `role` (see ROLES); None for an anonymous visitor."""
    if role == "anonymous":
        return None
    users = get_user_model().objects
    username = username or role
    email = f"{username}@example.com"
    if role == "superuser":
        return users.create_superuser(username, email, "pw", **fields)
    user = users.create_user(username, email, "pw", is_staff=True, **fields)
    if role in ROLE_GROUPS:
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    elif role != "staff_without_role":
        raise ValueError(f"Unknown role {role!r}")
    return user


def client_for(user):
    """A test client signed in as `user` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def issue_with_entry(year=2020, week=47, status=Issue.Status.DRAFT, tags=("AI",), **fields):
    """An issue with one tagged entry, which is also its pick: complete enough to publish."""
    issue = make_issue(year=year, week=week, status=status, **fields)
    entry = make_entry(issue, tags=tags)
    make_pick(issue, entry)
    return issue


def issue_without_problems(year=2020, week=47, status=Issue.Status.DRAFT, **fields):
    """An issue the pre-publish checklist finds nothing wrong with: three entries with summary
    and source, all three picked (the usual number when there are no earlier issues)."""
    issue = make_issue(year=year, week=week, status=status, **fields)
    for position in range(1, 4):
        make_pick(issue, make_entry(issue, tags=("AI",)), position)
    return issue


# --- Admin URLs ------------------------------------------------------------------------------


def changelist_url():
    return reverse("admin:digest_issue_changelist")


def change_url(issue):
    return reverse("admin:digest_issue_change", args=[issue.pk])


def transition_url(issue, name):
    return reverse("admin:digest_issue_transition", args=[issue.pk, name])


def versions_url(issue):
    return reverse("admin:digest_issue_versions", args=[issue.pk])


def restore_url(version):
    return reverse("admin:digest_issue_restore", args=[version.pk])


def preview_links_url(issue):
    return reverse("admin:digest_issue_preview_link", args=[issue.pk])


def calendar_url():
    return reverse("admin:digest_issue_calendar")


def create_week_url():
    return reverse("admin:digest_issue_create_week")


# --- What the admin shows --------------------------------------------------------------------


def admin_messages(response):
    """The texts of the messages ("messagelist") shown on an admin page."""
    return [
        " ".join(element.text.split())
        for element in elements(response.content)
        if element.tag == "li" and element.inside("ul", "messagelist")
    ]


def page_text(response):
    """The page's HTML with entities decoded, for checking sentences the user reads."""
    return html.unescape(response.content.decode())


def change_form_data(client, issue):
    """{name: value} the issue's admin change form submits as rendered for `client`'s user:
    every field, hidden ones (seen_version) and the inlines' management forms included."""
    response = client.get(change_url(issue))
    assert response.status_code == 200, f"GET {change_url(issue)} answered {response.status_code}"
    return form_fields(response.content, "issue_form")


def confirm_restore(client, version):
    """Open the restore page of `version` as `client`'s user and confirm it, as a browser does;
    returns the response, redirects followed."""
    page = client.get(restore_url(version))
    assert page.status_code == 200, f"GET {restore_url(version)} answered {page.status_code}"
    data = form_fields(page.content, "restore_form")
    return client.post(restore_url(version), {**data, "confirm": "yes"}, follow=True)


def button_texts(response, css_class):
    """The whitespace-normalized texts of the page's <button>s having `css_class`."""
    return [
        " ".join(element.text.split())
        for element in elements(response.content)
        if element.tag == "button" and css_class in element.classes
    ]


def assert_sent_to_admin_login(response):
    """An anonymous visitor is redirected to the admin's sign-in page."""
    assert response.status_code == 302, f"expected a redirect, got {response.status_code}"
    assert response["Location"].startswith(reverse("admin:login")), response["Location"]


PREVIEW_LINK_PATTERN = re.compile(r"https?://[^/\s'\"]+(/preview/[^'\"\s<]+/)")


def preview_link_paths(text):
    """The paths of the preview links (/preview/<token>/) found in `text`."""
    return PREVIEW_LINK_PATTERN.findall(text)
