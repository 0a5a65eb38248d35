"""Tag autocomplete: while an editor types in an entry's tags field, existing tags matching the
term — at its start first, then anywhere, ignoring case, in Chinese as in English — are offered
by a small static script that asks a staff-only endpoint."""

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from tests.factories import make_entry
from tests.html_inspection import find_all
from tests.workflow_fixtures import (
    assert_sent_to_admin_login,
    change_url,
    client_for,
    issue_with_entry,
    member,
)

pytestmark = pytest.mark.django_db

SUGGESTIONS_URL = "/admin/digest/entry/tag-suggestions/"
SCRIPT = "digest/admin/tag-suggestions.js"


@pytest.fixture
def tags(db):
    names = ["AutoML", "ML", "mlops", "Machine learning", "人工智能", "智能体", "NLP"]
    Tag.objects.bulk_create([Tag(name=name, slug=f"tag-{n}") for n, name in enumerate(names)])


def suggestions(client, text):
    response = client.get(SUGGESTIONS_URL, {"q": text})
    assert response.status_code == 200, response.content
    return response.json()["tags"]


def test_the_endpoint_has_an_admin_name():
    assert reverse("admin:digest_entry_tag_suggestions") == SUGGESTIONS_URL


def test_tags_starting_with_the_term_come_first_then_those_containing_it_ignoring_case(tags):
    contributor = client_for(member("contributor"))

    assert suggestions(contributor, "ml") == ["ML", "mlops", "AutoML"]
    assert suggestions(contributor, "MACHINE") == ["Machine learning"]


def test_chinese_tags_are_suggested_by_any_part(tags):
    contributor = client_for(member("contributor"))

    assert suggestions(contributor, "智能") == ["智能体", "人工智能"]
    assert suggestions(contributor, " 人工 ") == ["人工智能"]


def test_nothing_is_suggested_for_a_blank_term_or_an_unknown_one(tags):
    contributor = client_for(member("contributor"))

    assert suggestions(contributor, "") == []
    assert suggestions(contributor, "quantum") == []


def test_at_most_ten_tags_are_suggested(db):
    Tag.objects.bulk_create(
        [Tag(name=f"vision-{n:02d}", slug=f"vision-{n:02d}") for n in range(15)]
    )

    names = suggestions(client_for(member("contributor")), "vision")

    assert names == [f"vision-{n:02d}" for n in range(10)]


def test_staff_without_a_role_get_no_tags(tags):
    response = client_for(member("staff_without_role")).get(SUGGESTIONS_URL, {"q": "ml"})

    assert response.status_code == 403


def test_anonymous_visitors_and_readers_are_sent_to_sign_in(tags, reader):
    assert_sent_to_admin_login(Client().get(SUGGESTIONS_URL, {"q": "ml"}))
    assert_sent_to_admin_login(client_for(reader).get(SUGGESTIONS_URL, {"q": "ml"}))


def test_the_entry_rows_of_the_issue_form_offer_suggestions(db):
    issue = issue_with_entry(tags=("AI",))

    response = client_for(member("contributor")).get(change_url(issue))

    tag_inputs = [
        field
        for field in find_all(response.content, "input")
        if field.get("name", "").endswith("-tags")
    ]
    # The saved entry's row and the template new rows are copied from.
    assert len(tag_inputs) == 2
    assert {field.get("data-tag-suggestions") for field in tag_inputs} == {SUGGESTIONS_URL}
    assert any(
        SCRIPT in (script.get("src") or "") for script in find_all(response.content, "script")
    )


def test_the_entry_page_offers_suggestions_too(db):
    entry = make_entry(issue_with_entry(), tags=("AI",))

    response = client_for(member("editor")).get(
        reverse("admin:digest_entry_change", args=[entry.pk])
    )

    [tag_input] = find_all(response.content, "input", name="tags")
    assert tag_input.get("data-tag-suggestions") == SUGGESTIONS_URL
    assert any(
        SCRIPT in (script.get("src") or "") for script in find_all(response.content, "script")
    )


def test_the_script_is_served(client):
    response = client.get(f"/static/{SCRIPT}")

    assert response.status_code == 200
    assert b"data-tag-suggestions" in b"".join(response.streaming_content)
