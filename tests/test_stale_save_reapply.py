"""After a save is refused as stale, nothing the editor typed is lost: the form comes back with
their changes re-applied to the current version, each difference shown beside the saved text,
and one more Save applies their changes without undoing what others did meanwhile."""

import pytest
from django.urls import reverse

from digest import history
from digest.models import Entry, Issue, Pick
from tests.admin_forms import form_fields
from tests.factories import make_entry, make_issue, make_pick
from tests.html_inspection import elements
from tests.workflow_fixtures import (
    change_form_data,
    change_url,
    client_for,
    member,
    page_text,
)

pytestmark = pytest.mark.django_db

NOT_SAVED = "your changes were NOT saved"
REAPPLIED = "Your changes are still in the form below"


@pytest.fixture
def alice(db):
    return member("editor", username="alice", display_name="Alice Archer")


@pytest.fixture
def bob(db):
    return member("editor", username="bob", display_name="Bob Baker")


@pytest.fixture
def alice_client(alice):
    return client_for(alice)


@pytest.fixture
def bob_client(bob):
    return client_for(bob)


@pytest.fixture
def issue(alice):
    """A draft with two entries, the first one picked, created the way the admin records it.
    Another issue comes first, so that rows have ids of several digits, as in real use."""
    earlier = make_issue(week=46)
    for _ in range(12):
        make_pick(earlier, make_entry(earlier))
    issue = make_issue(week=47, status=Issue.Status.DRAFT, intro="The first intro.")
    first = make_entry(issue, headline="First headline", summary="First summary.", tags=["AI"])
    make_entry(issue, headline="Second headline", summary="Second summary.")
    make_pick(issue, first, blurb="First blurb")
    history.record_version(Issue.objects.get(pk=issue.pk), alice, "Created.")
    return Issue.objects.get(pk=issue.pk)


def save(client, issue, data, **changes):
    return client.post(change_url(issue), {**data, **changes})


def row_of(data, prefix, obj):
    """The index of `obj`'s row in the `prefix` inline of form `data`."""
    for name, value in data.items():
        if name.startswith(f"{prefix}-") and name.endswith("-id") and value == str(obj.pk):
            return int(name.split("-")[1])
    raise AssertionError(f"{obj!r} has no row in {prefix}")


def entry_field(data, entry, name):
    return f"entries-{row_of(data, 'entries', entry)}-{name}"


def edit_entry_in_entry_admin(client, entry, **changes):
    url = reverse("admin:digest_entry_change", args=[entry.pk])
    data = form_fields(client.get(url).content, "entry_form")
    assert client.post(url, {**data, **changes}).status_code == 302


def comparison(response):
    """[(place, your text, saved text, note)] of the table of differences on the page."""
    page = elements(response.content)
    return [
        tuple(
            " ".join(cell.text.split())
            for cell in page
            if cell.tag in ("th", "td") and cell.ancestors and cell.ancestors[-1] is row
        )
        for row in page
        if row.tag == "tr" and row.inside("tbody") and row.inside("table", "stale-comparison")
    ]


def reshown_form(response):
    assert response.status_code == 200
    return form_fields(response.content, "issue_form")


# --- What the editor sees ------------------------------------------------------------------------


def test_a_refused_save_shows_the_editors_text_beside_the_saved_text(
    alice_client, bob_client, issue
):
    bobs_form = change_form_data(bob_client, issue)
    save(alice_client, issue, change_form_data(alice_client, issue), intro="Alice's intro.")

    response = save(bob_client, issue, bobs_form, intro="Bob's intro.", title="Bob's title")

    text = page_text(response)
    assert NOT_SAVED in text
    assert REAPPLIED in text
    rows = comparison(response)
    assert (
        "Intro",
        "Bob's intro.",
        "Alice's intro.",
        "Changed by you and by someone else: your text is in the form.",
    ) in rows
    assert ("Title", "Bob's title", "—", "Your change, in the form.") in rows
    issue.refresh_from_db()
    assert (issue.title, issue.intro) == ("", "Alice's intro.")


def test_what_only_others_changed_is_shown_and_taken_into_the_form(alice_client, bob_client, issue):
    bobs_form = change_form_data(bob_client, issue)
    save(alice_client, issue, change_form_data(alice_client, issue), title="Alice's title")

    response = save(bob_client, issue, bobs_form, intro="Bob's intro.")

    assert (
        "Title",
        "—",
        "Alice's title",
        "Changed by someone else: the form now shows the saved text.",
    ) in comparison(response)
    form = reshown_form(response)
    assert (form["title"], form["intro"]) == ("Alice's title", "Bob's intro.")


# --- Saving again applies the editor's changes over the current version ---------------------


def test_saving_again_applies_the_editors_changes_and_keeps_the_others(
    alice_client, bob_client, issue
):
    bobs_form = change_form_data(bob_client, issue)
    save(alice_client, issue, change_form_data(alice_client, issue), title="Alice's title")
    refused = save(bob_client, issue, bobs_form, intro="Bob's intro.")

    response = save(bob_client, issue, reshown_form(refused))

    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.title, issue.intro) == ("Alice's title", "Bob's intro.")


def test_when_both_changed_a_text_saving_again_applies_the_editors_text(
    alice_client, bob_client, issue
):
    bobs_form = change_form_data(bob_client, issue)
    save(alice_client, issue, change_form_data(alice_client, issue), intro="Alice's intro.")
    refused = save(bob_client, issue, bobs_form, intro="Bob's intro.")

    response = save(bob_client, issue, reshown_form(refused))

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.intro == "Bob's intro."


def test_entry_texts_are_re_applied_field_by_field(alice_client, bob_client, issue):
    first = issue.entries.get(headline="First headline")
    bobs_form = change_form_data(bob_client, issue)
    edit_entry_in_entry_admin(alice_client, first, summary="Alice's summary.")

    refused = save(
        bob_client,
        issue,
        bobs_form,
        **{entry_field(bobs_form, first, "headline"): "Bob's headline"},
    )

    assert (
        "Entry “First headline” · Headline",
        "Bob's headline",
        "First headline",
        "Your change, in the form.",
    ) in comparison(refused)
    assert (
        "Entry “First headline” · Summary",
        "First summary.",
        "Alice's summary.",
        "Changed by someone else: the form now shows the saved text.",
    ) in comparison(refused)
    form = reshown_form(refused)
    assert form[entry_field(form, first, "headline")] == "Bob's headline"
    assert form[entry_field(form, first, "summary")] == "Alice's summary."

    assert save(bob_client, issue, form).status_code == 302
    first.refresh_from_db()
    assert (first.headline, first.summary) == ("Bob's headline", "Alice's summary.")


def test_tags_and_pick_blurbs_are_re_applied_too(alice_client, bob_client, issue):
    first = issue.entries.get(headline="First headline")
    pick = Pick.objects.get(issue=issue)
    bobs_form = change_form_data(bob_client, issue)
    save(alice_client, issue, change_form_data(alice_client, issue), intro="Alice's intro.")

    refused = save(
        bob_client,
        issue,
        bobs_form,
        **{
            entry_field(bobs_form, first, "tags"): "AI, 人工智能",
            f"picks-{row_of(bobs_form, 'picks', pick)}-blurb": "Bob's blurb",
        },
    )

    rows = comparison(refused)
    assert (
        "Entry “First headline” · Tags",
        "AI, 人工智能",
        "AI",
        "Your change, in the form.",
    ) in rows
    assert ("Pick 1 · Blurb", "Bob's blurb", "First blurb", "Your change, in the form.") in rows
    assert save(bob_client, issue, reshown_form(refused)).status_code == 302
    assert sorted(tag.name for tag in Entry.objects.get(pk=first.pk).tags.all()) == [
        "AI",
        "人工智能",
    ]
    assert Pick.objects.get(pk=pick.pk).blurb == "Bob's blurb"
    assert Issue.objects.get(pk=issue.pk).intro == "Alice's intro."


def test_an_entry_added_meanwhile_is_in_the_form_and_kept(alice_client, bob_client, issue):
    bobs_form = change_form_data(bob_client, issue)
    added = make_entry(issue, headline="Alice's new entry")
    history.record_version(Issue.objects.get(pk=issue.pk), None, "Added an entry.")

    refused = save(bob_client, issue, bobs_form, intro="Bob's intro.")

    assert (
        "Entry “Alice's new entry”",
        "—",
        "Alice's new entry",
        "Added by someone else: kept, and now in the form.",
    ) in comparison(refused)
    form = reshown_form(refused)
    assert form[entry_field(form, added, "headline")] == "Alice's new entry"
    assert save(bob_client, issue, form).status_code == 302
    assert Entry.objects.filter(pk=added.pk).exists()
    assert Issue.objects.get(pk=issue.pk).intro == "Bob's intro."


def test_an_entry_deleted_meanwhile_stays_deleted_unless_the_editor_changed_it(
    alice_client, bob_client, issue
):
    first = issue.entries.get(headline="First headline")
    second = issue.entries.get(headline="Second headline")
    bobs_form = change_form_data(bob_client, issue)
    Entry.objects.get(pk=first.pk).delete()
    Entry.objects.get(pk=second.pk).delete()
    history.record_version(Issue.objects.get(pk=issue.pk), None, "Deleted two entries.")

    refused = save(
        bob_client,
        issue,
        bobs_form,
        **{entry_field(bobs_form, second, "summary"): "Bob's rescued summary."},
    )

    rows = comparison(refused)
    assert (
        "Entry “First headline”",
        "First headline",
        "—",
        "Deleted by someone else: left out of the form.",
    ) in rows
    assert (
        "Entry “Second headline”",
        "Second headline",
        "—",
        "Deleted by someone else, changed by you: in the form again, to be added anew.",
    ) in rows
    assert save(bob_client, issue, reshown_form(refused)).status_code == 302
    [rescued] = Entry.objects.filter(issue=issue)
    assert (rescued.headline, rescued.summary) == ("Second headline", "Bob's rescued summary.")
    assert rescued.pk != second.pk


def test_a_further_change_before_saving_again_is_caught_and_re_applied_again(
    alice_client, bob_client, issue
):
    bobs_form = change_form_data(bob_client, issue)
    save(alice_client, issue, change_form_data(alice_client, issue), title="Alice's title")
    first_refusal = save(bob_client, issue, bobs_form, intro="Bob's intro.")
    save(alice_client, issue, change_form_data(alice_client, issue), title="Alice's 2nd title")

    second_refusal = save(bob_client, issue, reshown_form(first_refusal))

    assert NOT_SAVED in page_text(second_refusal)
    form = reshown_form(second_refusal)
    assert (form["title"], form["intro"]) == ("Alice's 2nd title", "Bob's intro.")
    assert save(bob_client, issue, form).status_code == 302
    issue.refresh_from_db()
    assert (issue.title, issue.intro) == ("Alice's 2nd title", "Bob's intro.")


def test_without_a_stored_version_every_difference_keeps_the_editors_text(alice_client, bob_client):
    issue = make_issue(week=48, status=Issue.Status.DRAFT, intro="Unrecorded intro.")
    make_entry(issue, headline="Only entry")
    bobs_form = change_form_data(bob_client, issue)
    save(alice_client, issue, change_form_data(alice_client, issue), title="Alice's title")

    refused = save(bob_client, issue, bobs_form, intro="Bob's intro.")

    rows = comparison(refused)
    assert ("Title", "—", "Alice's title", "Your text is in the form.") in rows
    assert ("Intro", "Bob's intro.", "Unrecorded intro.", "Your text is in the form.") in rows
    form = reshown_form(refused)
    assert (form["title"], form["intro"]) == ("", "Bob's intro.")


# --- Status buttons over unsaved text --------------------------------------------------------


def workflow_controls(response):
    """[(text, disabled?)] of the buttons in the workflow panel's forms."""
    return [
        (" ".join(element.text.split()), "disabled" in element.attrs)
        for element in elements(response.content)
        if element.tag == "button" and element.inside("div", "workflow-panel")
    ]


def unsaved_note_shown(response):
    return any(
        "workflow-dirty" in element.classes and "hidden" not in element.attrs
        for element in elements(response.content)
    )


def test_status_buttons_are_enabled_on_a_freshly_opened_form(bob_client, issue):
    response = bob_client.get(change_url(issue))

    controls = workflow_controls(response)
    assert controls and not any(disabled for _text, disabled in controls)
    assert not unsaved_note_shown(response)


def test_status_buttons_are_disabled_when_a_form_comes_back_with_errors(bob_client, issue):
    response = save(bob_client, issue, change_form_data(bob_client, issue), week="60")

    assert response.status_code == 200
    controls = workflow_controls(response)
    assert controls and all(disabled for _text, disabled in controls)
    assert unsaved_note_shown(response)


def test_status_buttons_are_disabled_when_a_stale_save_comes_back(alice_client, bob_client, issue):
    bobs_form = change_form_data(bob_client, issue)
    save(alice_client, issue, change_form_data(alice_client, issue), intro="Alice's intro.")

    response = save(bob_client, issue, bobs_form, intro="Bob's intro.")

    controls = workflow_controls(response)
    assert controls and all(disabled for _text, disabled in controls)
    assert unsaved_note_shown(response)
