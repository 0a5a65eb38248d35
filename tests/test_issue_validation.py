"""What an editor may save: issue weeks, picks and entry anchors, by the model and the admin.

The admin calls `full_clean()`, so every rule is asserted twice: on the model, and on the admin
form, which must show the message on a re-rendered page (200), never a server error.
"""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from digest.models import Issue, Pick
from tests.admin_forms import admin_errors, entry_row, pick_row, post_issue_form
from tests.factories import make_entry, make_issue, make_pick, section
from tests.html_inspection import find_all

pytestmark = pytest.mark.django_db

WEEK_TOO_LOW = "Ensure this value is greater than or equal to 1."
WEEK_TOO_HIGH = "Ensure this value is less than or equal to 53."
NO_WEEK_53_IN_2021 = "2021 has no week 53; its last ISO week is 52."
DUPLICATE_WEEK = "There is already an issue for this year and week."
PICK_OF_OTHER_ISSUE = "A pick must be an entry of the same issue."
PICKED_TWICE = "This entry is already one of the issue's picks."


def validation_errors(instance):
    """The `message_dict` of the ValidationError that `full_clean()` must raise."""
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def post_new_issue(admin_client, **form):
    return post_issue_form(admin_client, reverse("admin:digest_issue_add"), **form)


def post_issue_change(admin_client, issue, **form):
    url = reverse("admin:digest_issue_change", args=[issue.pk])
    return post_issue_form(admin_client, url, issue.year, issue.week, **form)


# --- Weeks -----------------------------------------------------------------------------------


def test_week_0_is_rejected():
    errors = validation_errors(Issue(year=2020, week=0))
    assert WEEK_TOO_LOW in errors["week"]


def test_week_54_is_rejected():
    errors = validation_errors(Issue(year=2020, week=54))
    assert WEEK_TOO_HIGH in errors["week"]


def test_week_53_of_a_year_without_it_is_rejected():
    errors = validation_errors(Issue(year=2021, week=53))
    assert errors["week"] == [NO_WEEK_53_IN_2021]


def test_week_53_of_a_year_with_it_is_accepted():
    issue = Issue(year=2020, week=53)
    issue.full_clean()
    issue.save()
    assert issue.coverage_start == datetime.date(2020, 12, 27)


def test_duplicate_year_and_week_is_rejected():
    make_issue(year=2020, week=47)
    errors = validation_errors(Issue(year=2020, week=47))
    assert errors[NON_FIELD_ERRORS] == [DUPLICATE_WEEK]


@pytest.mark.parametrize(
    ("year", "week", "message"),
    [
        (2020, 0, WEEK_TOO_LOW),
        (2020, 54, WEEK_TOO_HIGH),
        (2021, 53, NO_WEEK_53_IN_2021),
    ],
)
def test_admin_add_form_shows_an_impossible_week(admin_client, year, week, message):
    response = post_new_issue(admin_client, year=year, week=week)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Issue.objects.exists()


def test_admin_add_form_accepts_week_53_of_a_year_with_it(admin_client):
    response = post_new_issue(admin_client, year=2020, week=53)

    assert response.status_code == 302, admin_errors(response)
    assert Issue.objects.filter(year=2020, week=53).exists()


def test_admin_add_form_shows_a_duplicate_year_and_week(admin_client):
    make_issue(year=2020, week=47)

    response = post_new_issue(admin_client, year=2020, week=47)

    assert response.status_code == 200
    assert DUPLICATE_WEEK in response.content.decode()
    assert Issue.objects.count() == 1


# --- Picks -----------------------------------------------------------------------------------


def test_pick_of_an_entry_from_another_issue_is_rejected():
    issue = make_issue(week=47)
    other_entry = make_entry(make_issue(week=46))

    errors = validation_errors(Pick(issue=issue, entry=other_entry, position=1))

    assert errors["entry"] == [PICK_OF_OTHER_ISSUE]


def test_pick_inline_does_not_offer_entries_of_other_issues(admin_client):
    issue = make_issue(week=47)
    own_entry = make_entry(issue, headline="Our own entry")
    make_entry(make_issue(week=46), headline="Somebody else's entry")

    response = admin_client.get(reverse("admin:digest_issue_change", args=[issue.pk]))

    assert response.status_code == 200
    # The choices of the row template "Add another pick" copies.
    offered = {
        option.get("value")
        for option in find_all(response.content, "option")
        if any(p.get("name") == "picks-__prefix__-entry" for p in option.ancestors)
    }
    assert offered == {"", str(own_entry.pk)}


def test_pick_of_another_issues_entry_through_the_admin_is_not_a_valid_choice(admin_client):
    issue = make_issue(week=47)
    own_entry = make_entry(issue)
    other_entry = make_entry(make_issue(week=46))

    response = post_issue_change(
        admin_client,
        issue,
        entries=[entry_row(own_entry)],
        picks=[pick_row(position=1, entry=other_entry.pk)],
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Pick.objects.exists()


def test_same_entry_picked_twice_is_rejected():
    issue = make_issue()
    entry = make_entry(issue)
    make_pick(issue, entry, position=1)

    errors = validation_errors(Pick(issue=issue, entry=entry, position=2))

    assert errors[NON_FIELD_ERRORS] == [PICKED_TWICE]


def test_same_entry_picked_twice_through_the_admin_is_rejected(admin_client):
    issue = make_issue()
    entry = make_entry(issue)

    response = post_issue_change(
        admin_client,
        issue,
        entries=[entry_row(entry)],
        picks=[pick_row(position=1, entry=entry.pk), pick_row(position=2, entry=entry.pk)],
    )

    assert response.status_code == 200
    assert "Please correct the duplicate data for entry" in response.content.decode()
    assert not Pick.objects.exists()


def test_entry_already_picked_cannot_be_picked_again_through_the_admin(admin_client):
    issue = make_issue()
    entry = make_entry(issue)
    pick = make_pick(issue, entry, position=1)

    response = post_issue_change(
        admin_client,
        issue,
        entries=[entry_row(entry)],
        picks=[pick_row(pick), pick_row(position=2, entry=entry.pk)],
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert (
        escape(PICKED_TWICE) in content or "Please correct the duplicate data for entry" in content
    )
    assert Pick.objects.count() == 1


# --- Coverage dates and titles ---------------------------------------------------------------


def test_coverage_start_defaults_to_the_sunday_before_the_iso_monday(settings):
    settings.DIGEST_WEEK_STARTS_ON = 6

    issue = make_issue(year=2020, week=47)

    issue.refresh_from_db()
    assert issue.coverage_start == datetime.date(2020, 11, 15)


def test_coverage_start_defaults_to_the_iso_monday_when_weeks_start_on_monday(settings):
    settings.DIGEST_WEEK_STARTS_ON = 0

    issue = make_issue(year=2020, week=47)

    issue.refresh_from_db()
    assert issue.coverage_start == datetime.date(2020, 11, 16)


def test_explicit_coverage_start_is_kept(settings):
    settings.DIGEST_WEEK_STARTS_ON = 6

    issue = make_issue(year=2020, week=47, coverage_start=datetime.date(2020, 11, 18))

    issue.refresh_from_db()
    assert issue.coverage_start == datetime.date(2020, 11, 18)


def test_coverage_start_left_empty_in_the_admin_is_filled_in(admin_client, settings):
    settings.DIGEST_WEEK_STARTS_ON = 6

    response = post_new_issue(admin_client, year=2020, week=47, coverage_start="")

    assert response.status_code == 302, admin_errors(response)
    assert Issue.objects.get().coverage_start == datetime.date(2020, 11, 15)


def test_display_title_in_english():
    with translation.override("en"):
        assert Issue(year=2020, week=47).display_title == "Week 47, 2020"


def test_display_title_in_chinese():
    with translation.override("zh-hans"):
        assert Issue(year=2020, week=47).display_title == "2020 年第 47 周"


def test_explicit_title_wins_in_every_language():
    issue = Issue(year=2020, week=47, title="Special edition")
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert issue.display_title == "Special edition"


# --- Entry anchors ---------------------------------------------------------------------------


def test_entry_slug_is_made_from_the_headline():
    entry = make_entry(make_issue(), headline="Attention Is All You Need")
    assert entry.slug == "attention-is-all-you-need"


@pytest.mark.parametrize(
    ("headline", "slug"),
    [("大型语言模型的新进展", "大型语言模型的新进展"), ("GPT-4 技术报告", "gpt-4-技术报告")],
)
def test_entry_slug_keeps_chinese_characters(headline, slug):
    entry = make_entry(make_issue(), headline=headline)
    assert entry.slug == slug


def test_entries_with_the_same_headline_in_one_issue_get_distinct_slugs():
    issue = make_issue()
    first = make_entry(issue, headline="Same headline")
    second = make_entry(issue, headline="Same headline")
    third = make_entry(issue, headline="Same headline")

    assert first.slug == "same-headline"
    assert len({first.slug, second.slug, third.slug}) == 3


def test_the_same_slug_may_repeat_in_different_issues():
    first = make_entry(make_issue(week=46), headline="Same headline")
    second = make_entry(make_issue(week=47), headline="Same headline")

    assert first.slug == second.slug == "same-headline"


def test_two_entries_added_in_one_admin_save_get_anchors_from_their_headlines(admin_client):
    papers = section("papers").pk
    response = post_new_issue(
        admin_client,
        entries=[
            entry_row(section=papers, position=1, headline="First headline"),
            entry_row(section=papers, position=2, headline="Second headline"),
        ],
    )

    assert response.status_code == 302, admin_errors(response)
    slugs = set(Issue.objects.get().entries.values_list("slug", flat=True))
    assert slugs == {"first-headline", "second-headline"}
