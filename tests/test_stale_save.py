"""Two editors on one issue: the second save of a form opened before the first one is refused,
says who changed what meanwhile, and overwrites nothing."""

import pytest
from django.urls import reverse

from digest.models import Issue
from tests.admin_forms import form_fields
from tests.workflow_fixtures import (
    change_form_data,
    change_url,
    client_for,
    issue_with_entry,
    member,
    page_text,
    transition_url,
)

pytestmark = pytest.mark.django_db

STALE = (
    "This issue was changed by someone else after you opened it, so your changes were NOT "
    "saved (nothing was overwritten)."
)


@pytest.fixture
def alice(db):
    return member("editor", username="alice", display_name="Alice Archer")


@pytest.fixture
def bob(db):
    return member("editor", username="bob", display_name="Bob Baker")


@pytest.fixture
def issue(db):
    return issue_with_entry(week=47, status=Issue.Status.DRAFT, intro="The first intro.")


def save(client, issue, data, **changes):
    return client.post(change_url(issue), {**data, **changes})


def test_second_editor_saving_a_stale_form_is_refused_and_told_why(alice, bob, issue):
    alice_client, bob_client = client_for(alice), client_for(bob)
    alices_form = change_form_data(alice_client, issue)
    bobs_form = change_form_data(bob_client, issue)
    assert alices_form["seen_version"] == bobs_form["seen_version"]

    first = save(alice_client, issue, alices_form, intro="Alice's intro.")
    assert first.status_code == 302

    second = save(bob_client, issue, bobs_form, intro="Bob's intro.")

    assert second.status_code == 200  # the form again, with Bob's text still in it
    text = page_text(second)
    assert STALE in text
    assert "Alice Archer" in text
    assert "Changed Intro." in text  # what Alice changed
    assert "Bob's intro." in text
    issue.refresh_from_db()
    assert issue.intro == "Alice's intro."


def test_a_refused_save_names_every_change_since_the_form_was_opened(alice, bob, issue):
    alice_client, bob_client = client_for(alice), client_for(bob)
    bobs_form = change_form_data(bob_client, issue)
    save(alice_client, issue, change_form_data(alice_client, issue), intro="Alice's intro.")
    save(alice_client, issue, change_form_data(alice_client, issue), title="Alice's title")

    response = save(bob_client, issue, bobs_form, intro="Bob's intro.")

    text = page_text(response)
    assert STALE in text
    assert "Changed Intro." in text
    assert "Changed Title." in text
    issue.refresh_from_db()
    assert (issue.intro, issue.title) == ("Alice's intro.", "Alice's title")


def test_saving_with_the_current_version_succeeds(alice, issue):
    client = client_for(alice)
    data = change_form_data(client, issue)

    response = save(client, issue, data, intro="Fresh edit.")

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.intro == "Fresh edit."


def test_saving_twice_in_a_row_from_fresh_forms_succeeds(alice, bob, issue):
    alice_client, bob_client = client_for(alice), client_for(bob)
    first = save(alice_client, issue, change_form_data(alice_client, issue), intro="A")
    assert first.status_code == 302
    response = save(bob_client, issue, change_form_data(bob_client, issue), intro="B")

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.intro == "B"


def test_the_same_form_cannot_be_saved_twice(alice, issue):
    client = client_for(alice)
    data = change_form_data(client, issue)
    assert save(client, issue, data, intro="Once.").status_code == 302

    response = save(client, issue, data, intro="Twice.")

    assert response.status_code == 200
    assert STALE in page_text(response)
    issue.refresh_from_db()
    assert issue.intro == "Once."


def test_an_entry_edited_in_the_entry_admin_makes_an_open_issue_form_stale(alice, bob, issue):
    alice_client, bob_client = client_for(alice), client_for(bob)
    bobs_form = change_form_data(bob_client, issue)
    entry = issue.entries.get()
    entry_url = reverse("admin:digest_entry_change", args=[entry.pk])
    entry_page = alice_client.get(entry_url)
    entry_data = form_fields(entry_page.content, "entry_form")
    entry_data["summary"] = "Alice's summary."
    assert alice_client.post(entry_url, entry_data).status_code == 302

    response = save(bob_client, issue, bobs_form, intro="Bob's intro.")

    assert response.status_code == 200
    assert STALE in page_text(response)
    issue.refresh_from_db()
    entry.refresh_from_db()
    assert issue.intro == "The first intro."
    assert entry.summary == "Alice's summary."


def test_a_refused_save_after_an_entry_edit_names_who_edited_it(alice, bob, issue):
    alice_client, bob_client = client_for(alice), client_for(bob)
    bobs_form = change_form_data(bob_client, issue)
    entry_url = reverse("admin:digest_entry_change", args=[issue.entries.get().pk])
    entry_data = form_fields(alice_client.get(entry_url).content, "entry_form")
    entry_data["summary"] = "Alice's summary."
    alice_client.post(entry_url, entry_data)

    response = save(bob_client, issue, bobs_form, intro="Bob's intro.")

    text = page_text(response)
    assert STALE in text
    assert "Alice Archer" in text
    assert "Changed Summary." in text


def test_a_status_change_makes_an_open_issue_form_stale(alice, bob, issue):
    alice_client, bob_client = client_for(alice), client_for(bob)
    bobs_form = change_form_data(bob_client, issue)
    alice_client.post(transition_url(issue, "submit"), {"confirm": "yes"})

    response = save(bob_client, issue, bobs_form, intro="Bob's intro.")

    assert response.status_code == 200
    text = page_text(response)
    assert STALE in text
    assert "Alice Archer" in text
    assert "Status: In review." in text
    issue.refresh_from_db()
    assert (issue.intro, issue.status) == ("The first intro.", Issue.Status.IN_REVIEW)


def test_reopening_after_a_refused_save_lets_the_editor_redo_the_change(alice, bob, issue):
    alice_client, bob_client = client_for(alice), client_for(bob)
    bobs_form = change_form_data(bob_client, issue)
    save(alice_client, issue, change_form_data(alice_client, issue), intro="Alice's intro.")
    assert save(bob_client, issue, bobs_form, intro="Bob's intro.").status_code == 200

    response = save(bob_client, issue, change_form_data(bob_client, issue), intro="Bob's intro.")

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.intro == "Bob's intro."
