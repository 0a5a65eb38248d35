"""Who may do what with an issue, tried through the admin as each role would.

Contributors write and submit drafts; editors (and superusers) review, schedule, publish,
unpublish, restore versions and share previews; a staff member without a role can do nothing,
and an anonymous visitor is sent to the admin's sign-in page.
"""

import importlib
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.roles import CONTRIBUTOR, EDITOR
from digest import history
from digest.models import Issue, PreviewLink, StatusChange
from tests.admin_forms import form_fields
from tests.factories import future, make_issue
from tests.workflow_fixtures import (
    PREVIEW_BANNER,
    ROLES,
    admin_messages,
    assert_sent_to_admin_login,
    change_form_data,
    change_url,
    changelist_url,
    client_for,
    issue_with_entry,
    member,
    preview_link_paths,
    preview_links_url,
    restore_url,
    transition_url,
)

pytestmark = pytest.mark.django_db

EVERYONE_WITH_A_ROLE = {"contributor", "editor", "superuser"}
EDITORS = {"editor", "superuser"}

# action -> the roles that may perform it.
ALLOWED = {
    "view": EVERYONE_WITH_A_ROLE,
    "edit draft": EVERYONE_WITH_A_ROLE,
    "edit published": EDITORS,
    "submit": EVERYONE_WITH_A_ROLE,
    "request_changes": EDITORS,
    "schedule": EDITORS,
    "publish": EDITORS,
    "unpublish": EDITORS,
    "restore": EDITORS,
    "preview draft": EVERYONE_WITH_A_ROLE,
    "create preview link": EDITORS,
}

# The permissions migration 0002_roles gives each group (a role's definition, frozen here).
CONTRIBUTOR_PERMISSIONS = {
    "digest.add_issue", "digest.change_issue", "digest.view_issue", "digest.preview_issue",
    "digest.add_entry", "digest.change_entry", "digest.delete_entry", "digest.view_entry",
    "digest.add_pick", "digest.change_pick", "digest.delete_pick", "digest.view_pick",
    "digest.view_section", "digest.view_statuschange", "taggit.add_tag", "taggit.view_tag",
}  # fmt: skip
EDITOR_PERMISSIONS = CONTRIBUTOR_PERMISSIONS | {
    "digest.delete_issue", "digest.review_issue", "digest.publish_issue",
    "digest.edit_any_issue", "digest.share_preview", "digest.restore_issue",
    "digest.add_section", "digest.change_section", "digest.delete_section",
    "digest.add_previewlink", "digest.change_previewlink", "digest.view_previewlink",
    "taggit.change_tag", "taggit.delete_tag",
}  # fmt: skip
WORKFLOW_PERMISSIONS = {
    "digest.review_issue", "digest.publish_issue", "digest.edit_any_issue",
    "digest.share_preview", "digest.restore_issue", "digest.delete_issue",
}  # fmt: skip


def may(role, action):
    return role in ALLOWED[action]


def act_as(role):
    """A client signed in as a new user in `role`, as the matrix's actor."""
    return client_for(member(role, username=f"actor-{role}"))


def post(role, url, data=None):
    """POST as `role`; signed-in users follow the redirect to see the resulting page."""
    return act_as(role).post(url, data or {}, follow=role != "anonymous")


@pytest.fixture
def superuser_client(superuser):
    """Loads forms the way a user who sees every field would send them."""
    return client_for(superuser)


def group_permissions(name):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=name).permissions.select_related("content_type")
    }


# --- The roles -------------------------------------------------------------------------------


def test_contributor_and_editor_groups_exist_with_their_permissions():
    assert group_permissions(CONTRIBUTOR) == CONTRIBUTOR_PERMISSIONS
    assert group_permissions(EDITOR) == EDITOR_PERMISSIONS


def test_contributor_has_none_of_the_editorial_permissions():
    contributor = member("contributor")

    assert not any(contributor.has_perm(permission) for permission in WORKFLOW_PERMISSIONS)
    assert contributor.has_perm("digest.change_issue")
    assert contributor.has_perm("digest.preview_issue")


def test_the_roles_migration_can_be_reversed_and_applied_again():
    roles = importlib.import_module("accounts.migrations.0002_roles")
    [operation] = roles.Migration.operations
    assert operation.reversible
    # The models as they were when the migration ran, the way `migrate` calls it.
    migration_apps = (
        MigrationExecutor(connection).loader.project_state(("accounts", "0002_roles")).apps
    )

    operation.reverse_code(migration_apps, None)
    assert not Group.objects.filter(name__in=[CONTRIBUTOR, EDITOR]).exists()

    operation.code(migration_apps, None)
    assert group_permissions(CONTRIBUTOR) == CONTRIBUTOR_PERMISSIONS
    assert group_permissions(EDITOR) == EDITOR_PERMISSIONS


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_accounts_back_before_the_roles_removes_them_and_forward_restores_them():
    call_command("migrate", "accounts", "0001", verbosity=0, stdout=StringIO())
    assert not Group.objects.filter(name__in=[CONTRIBUTOR, EDITOR]).exists()

    call_command("migrate", "accounts", verbosity=0, stdout=StringIO())
    assert group_permissions(CONTRIBUTOR) == CONTRIBUTOR_PERMISSIONS
    assert group_permissions(EDITOR) == EDITOR_PERMISSIONS


# --- Seeing issues in the admin ----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_issue_changelist(role):
    make_issue(week=46)
    response = act_as(role).get(changelist_url())

    if role == "anonymous":
        assert_sent_to_admin_login(response)
    elif may(role, "view"):
        assert response.status_code == 200
        assert "Week 46, 2020" in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_issue_change_page(role):
    issue = issue_with_entry(week=47)
    response = act_as(role).get(change_url(issue))

    if role == "anonymous":
        assert_sent_to_admin_login(response)
    elif may(role, "view"):
        assert response.status_code == 200
        assert "Week 47, 2020" in response.content.decode()
    else:
        assert response.status_code == 403


# --- Editing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_draft(role, superuser_client):
    issue = issue_with_entry(week=47, intro="Before.")
    data = change_form_data(superuser_client, issue)
    issue.refresh_from_db()
    assert data["seen_version"] == str(issue.version)
    data["intro"] = "Edited."

    response = act_as(role).post(change_url(issue), data)

    issue.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_admin_login(response)
    elif may(role, "edit draft"):
        assert response.status_code == 302, admin_messages(response) or response.content[:3000]
        assert response["Location"] == changelist_url()
    else:
        assert response.status_code == 403
    assert issue.intro == ("Edited." if may(role, "edit draft") else "Before.")
    assert issue.status == Issue.Status.DRAFT


@pytest.mark.parametrize("role", ROLES)
def test_editing_a_published_issue(role, superuser_client):
    issue = issue_with_entry(week=47, status=Issue.Status.PUBLISHED, intro="Before.")
    data = change_form_data(superuser_client, issue)
    data["intro"] = "Edited."

    response = act_as(role).post(change_url(issue), data)

    issue.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_admin_login(response)
    elif may(role, "edit published"):
        assert response.status_code == 302, response.content[:3000]
    else:
        assert response.status_code == 403
    assert issue.intro == ("Edited." if may(role, "edit published") else "Before.")
    assert issue.status == Issue.Status.PUBLISHED


def test_contributor_sees_a_published_issue_read_only():
    issue = issue_with_entry(week=47, status=Issue.Status.PUBLISHED, intro="Read me.")

    response = act_as("contributor").get(change_url(issue))

    assert response.status_code == 200
    fields = change_form_fields(response)
    assert "intro" not in fields
    assert "_save" not in response.content.decode()
    assert "Read me." in response.content.decode()


def test_contributor_may_edit_a_draft_and_its_entries():
    issue = issue_with_entry(week=47)

    response = act_as("contributor").get(change_url(issue))

    fields = change_form_fields(response)
    assert "intro" in fields
    assert "entries-0-headline" in fields
    # The publish time is the editors' decision.
    assert "publish_at_0" not in fields


def change_form_fields(response):
    return form_fields(response.content, "issue_form")


# --- Status changes --------------------------------------------------------------------------

TRANSITION_CASES = {
    # action: (state before, state after it succeeded)
    "submit": (Issue.Status.DRAFT, Issue.Status.IN_REVIEW),
    "request_changes": (Issue.Status.IN_REVIEW, Issue.Status.DRAFT),
    "schedule": (Issue.Status.IN_REVIEW, Issue.Status.SCHEDULED),
    "publish": (Issue.Status.IN_REVIEW, Issue.Status.PUBLISHED),
    "unpublish": (Issue.Status.PUBLISHED, Issue.Status.DRAFT),
}
TRANSITION_LABELS = {
    "submit": "Submit for review",
    "request_changes": "Request changes",
    "schedule": "Schedule",
    "publish": "Publish now",
    "unpublish": "Unpublish",
}


def issue_in(status):
    """A complete issue in `status`; scheduling it would go out tomorrow."""
    publish_at = future() if status != Issue.Status.PUBLISHED else None
    return issue_with_entry(week=47, status=status, publish_at=publish_at)


@pytest.mark.parametrize("action", list(TRANSITION_CASES))
@pytest.mark.parametrize("role", ROLES)
def test_status_change_through_the_admin(role, action):
    before, after = TRANSITION_CASES[action]
    issue = issue_in(before)

    # "confirm": the confirmation "Publish now" asks for (tests/test_workflow_transitions.py).
    response = post(
        role, transition_url(issue, action), {"comment": f"{role} did it", "confirm": "yes"}
    )

    issue.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_admin_login(response)
        assert issue.status == before
        assert not StatusChange.objects.exists()
    elif may(role, action):
        assert response.status_code == 200
        assert f"“{TRANSITION_LABELS[action]}” done" in " ".join(admin_messages(response))
        assert issue.status == after
        [change] = StatusChange.objects.filter(issue=issue)
        assert (change.actor.username, change.from_status, change.to_status, change.comment) == (
            f"actor-{role}",
            before,
            after,
            f"{role} did it",
        )
    else:
        assert issue.status == before
        assert not StatusChange.objects.exists()
        refused = f"You do not have permission to “{TRANSITION_LABELS[action]}”."
        assert response.status_code == 403 or refused in admin_messages(response)


def test_contributor_is_told_why_publishing_is_refused():
    issue = issue_in(Issue.Status.DRAFT)

    response = post("contributor", transition_url(issue, "publish"))

    assert response.status_code == 200
    assert admin_messages(response) == ["You do not have permission to “Publish now”."]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT


# --- Restoring a version -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_restoring_a_version(role):
    issue = issue_with_entry(week=47, intro="First words.")
    history.record_version(issue, comment="First.")
    version = history.versions_of(issue.pk).get()
    issue.intro = "Second thoughts."
    issue.save()

    issue.refresh_from_db()
    confirmed = {"confirm": "yes", "shown_version": issue.version}

    response = post(role, restore_url(version), confirmed)

    issue.refresh_from_db()
    if role == "anonymous":
        assert_sent_to_admin_login(response)
    elif may(role, "restore"):
        assert response.status_code == 200
        assert any("was restored" in message for message in admin_messages(response))
    else:
        assert response.status_code == 403
    assert issue.intro == ("First words." if may(role, "restore") else "Second thoughts.")


# --- Previews --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_previewing_a_draft_at_its_public_address(role):
    issue = issue_with_entry(week=47, intro="Work in progress.")

    response = act_as(role).get(issue.get_absolute_url())

    if may(role, "preview draft"):
        assert response.status_code == 200
        assert PREVIEW_BANNER in response.content.decode()
        assert "Work in progress." in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Work in progress." not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_preview_link(role):
    issue = issue_with_entry(week=47)

    response = post(role, preview_links_url(issue))

    if role == "anonymous":
        assert_sent_to_admin_login(response)
    elif may(role, "create preview link"):
        assert response.status_code == 200
        [link] = PreviewLink.objects.filter(issue=issue)
        assert preview_link_paths(" ".join(admin_messages(response))) == [link.get_absolute_url()]
    else:
        assert response.status_code == 403
    assert PreviewLink.objects.exists() == may(role, "create preview link")
