"""The publication calendar: the weeks around today with their issues (or the lack of one), and
drafts planned for missing weeks, from the admin page or with `plan_weeks`, with the calendar's
defaults for coverage start and publish time."""

import datetime
import re
import zoneinfo
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command

from digest import history
from digest.models import Issue
from tests.factories import make_issue
from tests.html_inspection import elements
from tests.workflow_fixtures import (
    admin_messages,
    calendar_url,
    change_url,
    client_for,
    create_week_url,
    member,
    page_text,
    tokyo,
)

pytestmark = pytest.mark.django_db

S = Issue.Status
TODAY = tokyo(2020, 11, 18, 12, 0)  # a Wednesday of 2020-W47
CALENDAR_WEEKS = [(2020, week) for week in range(43, 54)] + [(2021, 1)]


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def chief(db):
    return member("editor", username="erika")


def calendar_rows(response):
    """[(css classes, text)] of the calendar table's rows."""
    return [
        (element.classes, " ".join(element.text.split()))
        for element in elements(response.content)
        if element.tag == "tr" and element.inside("tbody") and element.inside("table", "calendar")
    ]


def plan_weeks(*args):
    out = StringIO()
    call_command("plan_weeks", *args, stdout=out)
    return out.getvalue()


# --- The calendar page -----------------------------------------------------------------------


def test_calendar_shows_four_weeks_before_this_one_and_seven_after(chief):
    response = client_for(chief).get(calendar_url())

    assert response.status_code == 200
    rows = calendar_rows(response)
    assert len(rows) == 12
    assert [text.split(" ", 3)[:3] for _classes, text in rows] == [
        [f"{year},", "week", str(week)] for year, week in CALENDAR_WEEKS
    ]
    current = [text for classes, text in rows if "current-week" in classes]
    assert current == [rows[4][1]]
    assert current[0].startswith("2020, week 47 (this week)")


def test_calendar_shows_each_weeks_issue_and_state_or_missing(chief):
    published = make_issue(week=45)
    make_issue(week=46, status=S.IN_REVIEW)
    draft = make_issue(week=47, status=S.DRAFT)
    make_issue(week=48, status=S.SCHEDULED, publish_at=tokyo(2020, 11, 29, 9))
    make_issue(year=2021, week=47)  # same week number, another year: not in the calendar

    response = client_for(chief).get(calendar_url())

    states = {text.split(" ", 3)[2]: text for _classes, text in calendar_rows(response)}
    assert "Week 45, 2020 Published" in states["45"]
    assert "Week 46, 2020 In review" in states["46"]
    assert "Week 47, 2020 Draft" in states["47"]
    assert "Week 48, 2020 Scheduled" in states["48"]
    for week in ("43", "44", "49", "50", "51", "52", "53", "1"):
        assert "missing" in states[week]
        assert "Create draft" in states[week]
    assert "missing" not in states["47"]
    hrefs = {element.get("href") for element in elements(response.content) if element.tag == "a"}
    assert {change_url(published), change_url(draft)} <= hrefs


def test_calendar_shows_coverage_start_and_publish_time_in_the_zone(chief):
    response = client_for(chief).get(calendar_url())

    [week_47] = [text for _classes, text in calendar_rows(response) if "week 47" in text]
    assert re.search(r"\b15 Nov(ember)? 2020\b", week_47), week_47
    assert re.search(r"Sun 22 Nov( 2020)? 09:00 \(Asia/Tokyo\)", week_47), week_47
    assert "Issues go out every Sunday 09:00 (Asia/Tokyo)." in page_text(response)


def test_calendar_shows_each_issues_own_publish_time(chief):
    make_issue(week=47, status=S.SCHEDULED, publish_at=tokyo(2020, 11, 21, 18, 30))

    response = client_for(chief).get(calendar_url())

    [week_47] = [text for _classes, text in calendar_rows(response) if "week 47" in text]
    assert re.search(r"Sat 21 Nov( 2020)? 18:30 \(Asia/Tokyo\)", week_47), week_47
    assert "Sun 22 Nov" not in week_47


def test_calendar_shows_the_weekly_slot_for_weeks_without_their_own_time(chief):
    make_issue(week=48, status=S.DRAFT)  # no publish time yet

    response = client_for(chief).get(calendar_url())

    [week_48] = [text for _classes, text in calendar_rows(response) if "week 48" in text]
    assert re.search(r"Sun 29 Nov( 2020)? 09:00 \(Asia/Tokyo\)", week_48), week_48


def test_calendar_is_linked_from_the_issue_list(chief):
    response = client_for(chief).get("/admin/digest/issue/")

    assert calendar_url() in {e.get("href") for e in elements(response.content) if e.tag == "a"}


# --- Creating drafts from the calendar ---------------------------------------------------------


def test_create_draft_for_a_missing_week_uses_the_calendar_defaults(chief):
    response = client_for(chief).post(create_week_url(), {"year": 2020, "week": 47})

    issue = Issue.objects.get(year=2020, week=47)
    assert response.status_code == 302
    assert response["Location"] == change_url(issue)
    assert issue.status == S.DRAFT
    # Coverage starts on the Sunday before the ISO Monday (16 November).
    assert issue.coverage_start == datetime.date(2020, 11, 15)
    # The first Sunday 09:00 in Tokyo after the covered week ends.
    assert issue.publish_at == tokyo(2020, 11, 22, 9, 0)
    assert issue.publish_at.isoformat() == "2020-11-22T00:00:00+00:00"


def test_create_draft_says_so_and_records_a_version(chief):
    response = client_for(chief).post(create_week_url(), {"year": 2020, "week": 50}, follow=True)

    assert admin_messages(response) == ["Draft created for Week 50, 2020."]
    issue = Issue.objects.get(year=2020, week=50)
    assert history.versions_of(issue.pk).get().revision.get_comment() == (
        "Planned from the calendar."
    )


def test_the_new_week_is_no_longer_missing(chief):
    client = client_for(chief)
    client.post(create_week_url(), {"year": 2020, "week": 49})

    [week_49] = [
        text for _classes, text in calendar_rows(client.get(calendar_url())) if "week 49" in text
    ]
    assert "Week 49, 2020 Draft" in week_49
    assert "missing" not in week_49


def test_create_draft_for_an_existing_week_creates_nothing(chief):
    existing = make_issue(week=47, status=S.SCHEDULED, publish_at=tokyo(2020, 11, 22, 9))

    response = client_for(chief).post(create_week_url(), {"year": 2020, "week": 47}, follow=True)

    assert response.redirect_chain[-1][0] == calendar_url()
    assert admin_messages(response) == ["Week 47, 2020 already exists."]
    assert Issue.objects.get() == existing
    assert Issue.objects.get().status == S.SCHEDULED


@pytest.mark.parametrize(
    "data", [{"year": 2021, "week": 53}, {"year": 2020, "week": 0}, {"year": "x"}, {}]
)
def test_create_draft_for_a_week_that_does_not_exist_is_refused(chief, data):
    response = client_for(chief).post(create_week_url(), data, follow=True)

    assert admin_messages(response) == ["Choose an existing week."]
    assert not Issue.objects.exists()


def test_a_contributor_can_create_drafts():
    response = client_for(member("contributor")).post(create_week_url(), {"year": 2020, "week": 47})

    assert response.status_code == 302
    assert Issue.objects.get(year=2020, week=47).status == S.DRAFT


def test_staff_without_add_permission_see_the_calendar_but_cannot_create_drafts():
    viewer = member("staff_without_role", username="viewer")
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="digest", codename="view_issue")
    )
    client = client_for(viewer)

    page = client.get(calendar_url())
    response = client.post(create_week_url(), {"year": 2020, "week": 47})

    assert page.status_code == 200
    assert "missing" in page_text(page)
    assert "Create draft" not in page_text(page)
    assert response.status_code == 403
    assert not Issue.objects.exists()


def test_staff_without_a_role_cannot_open_the_calendar():
    client = client_for(member("staff_without_role"))

    assert client.get(calendar_url()).status_code == 403
    assert client.post(create_week_url(), {"year": 2020, "week": 47}).status_code == 403


def test_creating_a_draft_needs_a_post(chief):
    response = client_for(chief).get(create_week_url(), {"year": 2020, "week": 47})

    assert response.status_code in (403, 405)
    assert not Issue.objects.exists()


def test_the_publication_rule_comes_from_the_settings(chief, settings):
    settings.DIGEST_WEEK_STARTS_ON = 0  # Monday
    settings.DIGEST_PUBLISH_WEEKDAY = 0  # Monday
    settings.DIGEST_PUBLISH_TIME = "07:30"
    settings.DIGEST_PUBLISH_TIME_ZONE = "Europe/Berlin"

    client_for(chief).post(create_week_url(), {"year": 2020, "week": 47})

    issue = Issue.objects.get()
    assert issue.coverage_start == datetime.date(2020, 11, 16)
    assert issue.publish_at == datetime.datetime(
        2020, 11, 23, 7, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin")
    )


def test_calendar_names_the_zone_its_publish_times_are_shown_in(chief, settings):
    # Publication follows Berlin while the site (and its editors) read Tokyo time: each time
    # shown must be right for the zone named next to it.
    settings.DIGEST_PUBLISH_TIME_ZONE = "Europe/Berlin"

    response = client_for(chief).get(calendar_url())

    [week_47] = [text for _classes, text in calendar_rows(response) if "week 47" in text]
    assert re.search(
        r"Sun 22 Nov( 2020)? (09:00 \(Europe/Berlin\)|17:00 \(Asia/Tokyo\))", week_47
    ), week_47
    assert "Issues go out every Sunday 09:00 (Europe/Berlin)." in page_text(response)


# --- plan_weeks ------------------------------------------------------------------------------


def test_plan_weeks_creates_drafts_from_this_week_on():
    output = plan_weeks("--ahead", "3")

    issues = Issue.objects.order_by("week")
    assert [(i.year, i.week, i.status) for i in issues] == [
        (2020, 47, S.DRAFT),
        (2020, 48, S.DRAFT),
        (2020, 49, S.DRAFT),
    ]
    assert [i.coverage_start for i in issues] == [
        datetime.date(2020, 11, 15),
        datetime.date(2020, 11, 22),
        datetime.date(2020, 11, 29),
    ]
    assert [i.publish_at for i in issues] == [
        tokyo(2020, 11, 22, 9),
        tokyo(2020, 11, 29, 9),
        tokyo(2020, 12, 6, 9),
    ]
    assert output.count("Created draft") == 3


def test_plan_weeks_again_creates_nothing_new():
    plan_weeks("--ahead", "3")
    before = list(Issue.objects.order_by("week").values("pk", "version", "publish_at"))

    output = plan_weeks("--ahead", "3")

    assert list(Issue.objects.order_by("week").values("pk", "version", "publish_at")) == before
    assert "Created draft" not in output
    assert output.count("exists") == 3


def test_plan_weeks_leaves_existing_issues_as_they_are():
    published = make_issue(week=48, publish_at=tokyo(2020, 11, 29, 10))

    plan_weeks("--ahead", "3")

    assert Issue.objects.count() == 3
    published.refresh_from_db()
    assert (published.status, published.publish_at) == (S.PUBLISHED, tokyo(2020, 11, 29, 10))


def test_plan_weeks_counts_weeks_in_the_sites_time_zone(today):
    # Monday 01:00 in Tokyo is still Sunday in UTC: this week is already week 48.
    today.move_to(tokyo(2020, 11, 23, 1, 0))

    plan_weeks("--ahead", "1")

    assert [(i.year, i.week) for i in Issue.objects.all()] == [(2020, 48)]


def test_plan_weeks_crosses_into_the_next_year(today):
    today.move_to(tokyo(2020, 12, 23, 12, 0))

    plan_weeks("--ahead", "3")

    assert sorted((i.year, i.week) for i in Issue.objects.all()) == [
        (2020, 52),
        (2020, 53),
        (2021, 1),
    ]
    assert Issue.objects.get(year=2021, week=1).coverage_start == datetime.date(2021, 1, 3)


@pytest.mark.parametrize("ahead", ["0", "-1", "105"])
def test_plan_weeks_refuses_an_impossible_number_of_weeks(ahead):
    with pytest.raises(CommandError, match="--ahead must be between 1 and 104 weeks"):
        plan_weeks("--ahead", ahead)

    assert not Issue.objects.exists()
