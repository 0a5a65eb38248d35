"""Picks always resolve: a picked entry cannot move to another issue (in the model, so in every
admin page and script), the pick rows offer only the issue's own entries without popups that
reach other issues, and readers are never shown a pick leading out of its issue."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from digest.models import Entry, Pick
from tests.admin_forms import form_fields, pick_row, post_issue_form
from tests.factories import make_entry, make_issue, make_pick
from tests.html_inspection import elements
from tests.workflow_fixtures import change_url, client_for, member, page_text

pytestmark = pytest.mark.django_db

MOVE_REFUSED = (
    "This entry is one of the editor's picks of Week 47, 2020, so it cannot move to another "
    "issue. Remove the pick there first."
)


@pytest.fixture
def week47():
    """A published issue whose first entry is its pick."""
    issue = make_issue(year=2020, week=47)
    picked = make_entry(issue, headline="The picked entry")
    make_entry(issue, headline="An unpicked entry")
    make_pick(issue, picked)
    return issue


@pytest.fixture
def week48():
    issue = make_issue(year=2020, week=48)
    make_entry(issue, headline="An entry of week 48")
    return issue


@pytest.fixture
def editor_client(db):
    return client_for(member("editor"))


def test_a_picked_entry_cannot_be_moved_by_saving_the_model(week47, week48):
    entry = Entry.objects.get(headline="The picked entry")
    entry.issue = week48

    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert refused.value.message_dict == {"issue": [MOVE_REFUSED]}
    with pytest.raises(ValidationError):
        entry.save()

    assert Entry.objects.get(pk=entry.pk).issue == week47


def test_an_unpicked_entry_may_still_move(week47, week48):
    entry = Entry.objects.get(headline="An unpicked entry")
    entry.issue = week48
    entry.full_clean()
    entry.save()
    assert Entry.objects.get(pk=entry.pk).issue == week48


def test_the_entries_admin_refuses_to_move_a_picked_entry(editor_client, week47, week48):
    entry = Entry.objects.get(headline="The picked entry")
    url = reverse("admin:digest_entry_change", args=[entry.pk])
    data = form_fields(editor_client.get(url).content, "entry_form")
    data["issue"] = str(week48.pk)

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert MOVE_REFUSED in page_text(response)
    assert Entry.objects.get(pk=entry.pk).issue == week47
    assert week47.picks.get().entry == entry


def pick_choices(html):
    """The texts of the entries the first pick row's select offers."""
    return sorted(
        e.text
        for e in elements(html)
        if e.tag == "option"
        and e.get("value")
        and any(parent.get("name") == "picks-0-entry" for parent in e.ancestors)
    )


def test_pick_rows_offer_only_this_issues_entries_and_no_popups(editor_client, week47, week48):
    response = editor_client.get(change_url(week47))
    html = response.content.decode()

    assert pick_choices(html) == ["An unpicked entry", "The picked entry"]
    # The "+" and pencil popups open an entry form that offers every issue.
    popup_links = [
        e.get("id")
        for e in elements(html)
        if e.tag == "a" and (e.get("id") or "").endswith(("id_picks-0-entry", "__prefix__-entry"))
    ]
    assert popup_links == []


def test_a_pick_of_another_issues_entry_is_refused_by_the_issue_form(editor_client, week47, week48):
    other = week48.entries.get()
    pick = week47.picks.get()

    response = post_issue_form(
        editor_client, change_url(week47), picks=[pick_row(pick, entry=other.pk)]
    )

    assert response.status_code == 200
    assert "Select a valid choice." in page_text(response)
    assert week47.picks.get().entry.headline == "The picked entry"


def test_readers_never_see_a_pick_leading_out_of_its_issue(client, week47, week48):
    # A change made past the model's checks (a bulk update, an old version restored).
    Entry.objects.filter(headline="The picked entry").update(issue=week48)

    for url in ("/issues/2020/week-47/", "/issues/2020/11/", "/"):
        html = client.get(url).content.decode()
        picks = [e for e in elements(html) if e.tag == "a" and e.inside("section", "picks")]
        assert "The picked entry" not in [a.text for a in picks], url
    assert Pick.objects.count() == 1
