"""The life of an issue: draft → in review → scheduled → published, and back.

Every move goes through `Issue.apply_transition`, which checks the state, the actor's permission
and the issue's completeness, and records a `StatusChange`. "Save" in the admin never moves an
issue; the change page offers the moves its user may make, with times in the site's zone.
"""

import datetime
import re

import pytest
import time_machine

from digest.models import TRANSITIONS, Issue, StatusChange, TransitionError
from tests.admin_forms import form_fields
from tests.factories import future, make_issue, past
from tests.html_inspection import find_all
from tests.workflow_fixtures import (
    admin_messages,
    button_texts,
    change_form_data,
    change_url,
    changelist_url,
    client_for,
    issue_with_entry,
    issue_without_problems,
    member,
    page_text,
    tokyo,
    transition_url,
)

pytestmark = pytest.mark.django_db

S = Issue.Status
STATES = [S.DRAFT, S.IN_REVIEW, S.SCHEDULED, S.PUBLISHED]
# transition -> {state it may start from: state it leads to}
ALLOWED_MOVES = {
    "submit": {S.DRAFT: S.IN_REVIEW},
    "request_changes": {S.IN_REVIEW: S.DRAFT},
    "schedule": {S.DRAFT: S.SCHEDULED, S.IN_REVIEW: S.SCHEDULED},
    "publish": {S.DRAFT: S.PUBLISHED, S.IN_REVIEW: S.PUBLISHED, S.SCHEDULED: S.PUBLISHED},
    "unpublish": {S.SCHEDULED: S.DRAFT, S.PUBLISHED: S.DRAFT},
}
LABELS = {
    "submit": "Submit for review",
    "request_changes": "Request changes",
    "schedule": "Schedule",
    "publish": "Publish now",
    "unpublish": "Unpublish",
}
STATE_WORDS = {
    S.DRAFT: "draft",
    S.IN_REVIEW: "in review",
    S.SCHEDULED: "scheduled",
    S.PUBLISHED: "published",
}
NO_ENTRIES = "An issue without entries cannot be scheduled or published."


@pytest.fixture
def chief(db):
    """A member of the Editor group, who may make every move."""
    return member("editor", username="erika", display_name="Erika Editor")


@pytest.fixture
def contributor(db):
    return member("contributor", username="carl", display_name="Carl Contributor")


def issue_in(state, **fields):
    """A complete issue in `state`, with nothing on its pre-publish checklist: scheduled ones
    go out tomorrow, published ones went out."""
    fields.setdefault("publish_at", {S.SCHEDULED: future(), S.PUBLISHED: past()}.get(state))
    return issue_without_problems(week=47, status=state, **fields)


# --- Which moves exist -----------------------------------------------------------------------


def test_the_transitions_are_exactly_the_documented_moves():
    assert {
        name: dict.fromkeys(transition.sources, transition.target)
        for name, transition in TRANSITIONS.items()
    } == ALLOWED_MOVES


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", list(ALLOWED_MOVES))
def test_each_move_from_each_state(chief, name, state):
    issue = issue_in(state, publish_at=future(2))

    if state in ALLOWED_MOVES[name]:
        issue.apply_transition(name, chief, comment=f"{name} from {state}")

        issue.refresh_from_db()
        assert issue.status == ALLOWED_MOVES[name][state]
        [change] = StatusChange.objects.filter(issue=issue)
        assert change.actor == chief
        assert (change.from_status, change.to_status) == (state, ALLOWED_MOVES[name][state])
        assert change.comment == f"{name} from {state}"
    else:
        with pytest.raises(TransitionError) as error:
            issue.apply_transition(name, chief)

        assert str(error.value) == (
            f"“{LABELS[name]}” is not possible for an issue that is {STATE_WORDS[state]}."
        )
        issue.refresh_from_db()
        assert issue.status == state
        assert not StatusChange.objects.exists()


def test_an_unknown_move_is_refused(chief):
    issue = issue_in(S.DRAFT)

    with pytest.raises(TransitionError, match="Unknown action."):
        issue.apply_transition("archive", chief)


@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("request_changes", S.IN_REVIEW),
        ("schedule", S.DRAFT),
        ("publish", S.DRAFT),
        ("unpublish", S.PUBLISHED),
    ],
)
def test_contributor_may_not_make_the_editors_moves(contributor, name, state):
    issue = issue_in(state, publish_at=future() if state != S.PUBLISHED else past())

    with pytest.raises(TransitionError) as error:
        issue.apply_transition(name, contributor)

    assert str(error.value) == f"You do not have permission to “{LABELS[name]}”."
    issue.refresh_from_db()
    assert issue.status == state
    assert not StatusChange.objects.exists()


def test_contributor_may_submit_a_draft(contributor):
    issue = issue_in(S.DRAFT)

    issue.apply_transition("submit", contributor, comment="Ready")

    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW
    assert StatusChange.objects.get().actor == contributor


def test_a_move_records_when_it_happened(chief):
    issue = issue_in(S.DRAFT)

    with time_machine.travel(tokyo(2020, 11, 18, 10, 30), tick=False):
        issue.apply_transition("submit", chief)

    assert StatusChange.objects.get().at == tokyo(2020, 11, 18, 10, 30)


# --- Completeness and publish times ----------------------------------------------------------


@pytest.mark.parametrize("name", ["schedule", "publish"])
def test_an_issue_without_entries_cannot_go_out(chief, name):
    issue = make_issue(week=47, status=S.IN_REVIEW, publish_at=future())

    with pytest.raises(TransitionError, match=re.escape(NO_ENTRIES)):
        issue.apply_transition(name, chief)

    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW
    assert not StatusChange.objects.exists()


def test_admin_says_why_an_issue_without_entries_cannot_be_published(chief):
    issue = make_issue(week=47, status=S.IN_REVIEW, publish_at=future())

    response = client_for(chief).post(transition_url(issue, "publish"), follow=True)

    assert admin_messages(response) == [NO_ENTRIES]
    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW


def test_scheduling_without_a_publish_time_takes_the_weeks_slot_the_button_names(chief):
    # Week 47 of 2020 goes out on Sunday 22 November at 09:00 under the default calendar.
    issue = issue_in(S.IN_REVIEW, publish_at=None)

    with time_machine.travel(tokyo(2020, 11, 18, 10, 30), tick=False):
        response = client_for(chief).get(change_url(issue))
        [schedule] = button_texts(response, "workflow-schedule")
        issue.apply_transition("schedule", chief)

    assert schedule.startswith("Schedule for Sun 22 Nov")
    issue.refresh_from_db()
    assert (issue.status, issue.publish_at) == (S.SCHEDULED, tokyo(2020, 11, 22, 9, 0))


def test_scheduling_an_old_week_without_a_publish_time_is_refused(chief):
    issue = issue_in(S.IN_REVIEW, publish_at=None)

    with pytest.raises(TransitionError, match="The publish time has already passed"):
        issue.apply_transition("schedule", chief)

    issue.refresh_from_db()
    assert (issue.status, issue.publish_at) == (S.IN_REVIEW, None)


def test_scheduling_refuses_a_publish_time_in_the_past(chief):
    issue = issue_in(S.IN_REVIEW, publish_at=past())

    with pytest.raises(TransitionError, match="The publish time has already passed"):
        issue.apply_transition("schedule", chief)

    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW


def test_scheduling_may_be_given_the_publish_time(chief):
    issue = issue_in(S.IN_REVIEW, publish_at=None)
    when = future(3)

    issue.apply_transition("schedule", chief, publish_at=when)

    issue.refresh_from_db()
    assert (issue.status, issue.publish_at, issue.published_at) == (S.SCHEDULED, when, None)
    assert not issue.is_visible


NOW = tokyo(2020, 11, 18, 10, 30)


@pytest.mark.parametrize(
    ("publish_at", "expected_publish_at"),
    [
        (None, NOW),
        (NOW + datetime.timedelta(days=4), NOW),
        (NOW - datetime.timedelta(days=2), NOW - datetime.timedelta(days=2)),
    ],
    ids=["unset", "in the future", "in the past"],
)
def test_publish_now_records_the_time_it_went_out(chief, publish_at, expected_publish_at):
    issue = issue_in(S.IN_REVIEW, publish_at=publish_at)

    with time_machine.travel(NOW, tick=False):
        issue.apply_transition("publish", chief)
        issue.refresh_from_db()
        assert issue.is_visible

    assert issue.status == S.PUBLISHED
    assert issue.published_at == NOW
    assert issue.publish_at == expected_publish_at


def test_publishing_a_scheduled_issue_early_makes_it_visible_now(chief, client):
    issue = issue_in(S.SCHEDULED, publish_at=future(5))
    assert client.get(issue.get_absolute_url()).status_code == 404

    issue.apply_transition("publish", chief)

    assert client.get(issue.get_absolute_url()).status_code == 200


def test_unpublishing_hides_the_issue_again(chief, client):
    issue = issue_in(S.PUBLISHED, intro="Gone soon.")
    assert "Gone soon." in client.get("/").content.decode()

    issue.apply_transition("unpublish", chief, comment="Wrong week")

    issue.refresh_from_db()
    assert (issue.status, issue.published_at) == (S.DRAFT, None)
    assert not issue.is_visible
    assert client.get(issue.get_absolute_url()).status_code == 404
    assert "Gone soon." not in client.get("/").content.decode()
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.comment) == (
        S.PUBLISHED,
        S.DRAFT,
        "Wrong week",
    )


def test_publish_now_in_the_admin_asks_for_confirmation_first(chief, client):
    issue = issue_in(S.IN_REVIEW, publish_at=tokyo(2030, 1, 8, 18, 45))
    editor = client_for(chief)

    response = editor.post(transition_url(issue, "publish"), {"comment": "Big news"})

    assert response.status_code == 200
    text = " ".join(page_text(response).split())
    assert "Readers see the issue as soon as you confirm" in text
    assert re.search(r"It was to go out on Tue 8 Jan (2030 )?18:45 \(Asia/Tokyo\)", text), text
    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW
    assert client.get(issue.get_absolute_url()).status_code == 404

    confirmation = form_fields(response.content, "confirm_transition_form")
    assert confirmation == {
        "csrfmiddlewaretoken": confirmation["csrfmiddlewaretoken"],
        "comment": "Big news",
    }
    [button] = [b for b in find_all(response.content, "button") if b.get("name") == "confirm"]
    assert " ".join(button.text.split()) == "Publish now"
    confirmed = editor.post(
        transition_url(issue, "publish"), {**confirmation, "confirm": "yes"}, follow=True
    )

    assert admin_messages(confirmed) == ["“Publish now” done: the issue is now published."]
    issue.refresh_from_db()
    assert issue.status == S.PUBLISHED
    assert StatusChange.objects.get().comment == "Big news"
    assert client.get(issue.get_absolute_url()).status_code == 200


def test_publish_now_of_an_issue_without_a_publish_time_asks_too(chief):
    issue = issue_in(S.DRAFT, publish_at=None)

    response = client_for(chief).post(transition_url(issue, "publish"))

    assert response.status_code == 200
    text = page_text(response)
    assert "Readers see the issue as soon as you confirm" in text
    assert "It was to go out on" not in text
    issue.refresh_from_db()
    assert issue.status == S.DRAFT


def test_other_moves_of_an_issue_without_problems_need_no_confirmation(chief):
    issue = issue_in(S.DRAFT)

    client_for(chief).post(transition_url(issue, "submit"))

    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW


def test_a_move_raises_the_issue_version(chief):
    issue = issue_in(S.DRAFT)
    issue.refresh_from_db()
    before = issue.version

    issue.apply_transition("submit", chief)

    assert Issue.objects.get(pk=issue.pk).version > before


# --- "Save" never changes the status ---------------------------------------------------------


def test_saving_a_draft_with_a_forged_status_keeps_it_a_draft(chief):
    issue = issue_in(S.DRAFT, publish_at=past())
    client = client_for(chief)
    data = change_form_data(client, issue)
    data.update(status="published", intro="Saved, not published.")

    response = client.post(change_url(issue), data)

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.intro == "Saved, not published."
    assert issue.status == S.DRAFT
    assert issue.published_at is None
    assert not StatusChange.objects.exists()
    assert client.get(issue.get_absolute_url()).status_code == 200  # the editor's preview
    assert client_for(None).get(issue.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("state", [S.SCHEDULED, S.PUBLISHED, S.IN_REVIEW])
def test_an_editor_saving_an_issue_keeps_its_status(chief, state):
    issue = issue_in(state)
    client = client_for(chief)
    data = change_form_data(client, issue)
    data.update(status="draft", intro="Typo fixed.")

    response = client.post(change_url(issue), data)

    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.intro, issue.status) == ("Typo fixed.", state)
    assert not StatusChange.objects.exists()


def test_the_change_page_says_save_keeps_the_status(chief):
    response = client_for(chief).get(change_url(issue_in(S.DRAFT)))

    assert "“Save” keeps the status as it is." in response.content.decode()


# --- What the change page offers ---------------------------------------------------------------


def workflow_buttons(response):
    return button_texts(response, "workflow-button")


def test_contributor_is_offered_only_submit_on_a_draft(contributor):
    response = client_for(contributor).get(change_url(issue_in(S.DRAFT)))

    assert workflow_buttons(response) == ["Submit for review"]


def test_contributor_is_offered_nothing_on_an_issue_in_review(contributor):
    response = client_for(contributor).get(change_url(issue_in(S.IN_REVIEW)))

    assert response.status_code == 200
    assert workflow_buttons(response) == []


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "Europe/Paris"])
def test_editor_is_offered_submit_schedule_and_publish_on_a_draft(chief, settings, zone):
    settings.TIME_ZONE = zone
    # Week 47 of 2020 goes out on Sunday 22 November at 09:00 under the default calendar.
    issue = issue_with_entry(year=2020, week=47, status=S.DRAFT)

    with time_machine.travel(tokyo(2020, 11, 18, 10, 30), tick=False):
        response = client_for(chief).get(change_url(issue))

    submit, schedule, publish = workflow_buttons(response)
    assert submit == "Submit for review"
    assert re.fullmatch(
        rf"Schedule for Sun 22 Nov (2020 )?09:00 \({re.escape(zone)}\)", schedule
    ), schedule
    assert publish == "Publish now"


def test_schedule_button_uses_the_issues_own_publish_time(chief):
    issue = issue_in(S.IN_REVIEW, publish_at=tokyo(2030, 1, 8, 18, 45))

    response = client_for(chief).get(change_url(issue))

    [schedule] = button_texts(response, "workflow-schedule")
    assert re.fullmatch(r"Schedule for Tue 8 Jan (2030 )?18:45 \(Asia/Tokyo\)", schedule), schedule


def test_editor_is_offered_publish_now_and_unschedule_on_a_scheduled_issue(chief):
    response = client_for(chief).get(change_url(issue_in(S.SCHEDULED)))

    assert workflow_buttons(response) == ["Publish now", "Unschedule"]


def test_unscheduling_says_unschedule(chief):
    issue = issue_in(S.SCHEDULED)

    response = client_for(chief).post(transition_url(issue, "unpublish"), follow=True)

    assert admin_messages(response) == ["“Unschedule” done: the issue is now draft."]
    issue.refresh_from_db()
    assert issue.status == S.DRAFT


def test_a_contributor_is_told_they_may_not_unschedule(contributor):
    with pytest.raises(TransitionError, match="You do not have permission to “Unschedule”."):
        issue_in(S.SCHEDULED).apply_transition("unpublish", contributor)


def test_editor_is_offered_only_unpublish_on_a_published_issue(chief):
    response = client_for(chief).get(change_url(issue_in(S.PUBLISHED)))

    assert workflow_buttons(response) == ["Unpublish"]


def test_editor_is_offered_request_changes_on_an_issue_in_review(chief):
    response = client_for(chief).get(change_url(issue_in(S.IN_REVIEW)))

    assert workflow_buttons(response)[0] == "Request changes"
    assert "Publish now" in workflow_buttons(response)


def test_each_button_posts_to_its_transition(chief):
    issue = issue_in(S.IN_REVIEW)

    response = client_for(chief).get(change_url(issue))

    actions = [
        button.get("formaction")
        for button in find_all(response.content, "button")
        if "workflow-button" in button.classes
    ]
    assert actions == [
        transition_url(issue, name) for name in ("request_changes", "schedule", "publish")
    ]


def test_changelist_shows_each_status_as_a_badge(chief):
    for week, state in zip(range(44, 48), STATES, strict=True):
        issue_with_entry(week=week, status=state, publish_at=past() if state != S.DRAFT else None)

    response = client_for(chief).get(changelist_url())

    badges = {
        " ".join(span.text.split())
        for span in find_all(response.content, "span")
        if "status-badge" in span.classes
    }
    assert badges == {"Draft", "In review", "Scheduled", "Published"}
    assert find_all(response.content, "span", class_="status-badge status-review")


def test_change_page_shows_the_status_history_with_actor_comment_and_zone(chief, contributor):
    issue = issue_in(S.DRAFT)
    with time_machine.travel(tokyo(2020, 11, 18, 10, 30), tick=False):
        issue.apply_transition("submit", contributor, comment="Please check the picks")
    with time_machine.travel(tokyo(2020, 11, 19, 8, 5), tick=False):
        issue.apply_transition("request_changes", chief, comment="Shorter intro, please")

    html = client_for(chief).get(change_url(issue)).content.decode()

    assert "Status history" in html
    assert "Please check the picks" in html
    assert "Shorter intro, please" in html
    assert "Carl Contributor" in html
    assert "Erika Editor" in html
    assert "Wed 18 Nov 2020 10:30 (Asia/Tokyo)" in html
    assert "Thu 19 Nov 2020 08:05 (Asia/Tokyo)" in html


def test_change_page_shows_the_publish_time_with_the_zone_name(chief):
    issue = issue_in(S.SCHEDULED, publish_at=tokyo(2030, 1, 6, 9, 0))

    html = client_for(chief).get(change_url(issue)).content.decode()

    assert "Sun 6 Jan 2030 09:00 (Asia/Tokyo)" in html
    assert "Date and time in Asia/Tokyo." in html


def test_changelist_shows_publish_times_with_the_zone_name(chief):
    issue_in(S.SCHEDULED, publish_at=tokyo(2030, 1, 6, 9, 0))

    html = client_for(chief).get(changelist_url()).content.decode()

    assert "Sun 6 Jan 2030 09:00 (Asia/Tokyo)" in html


def test_a_successful_move_in_the_admin_says_what_happened(chief):
    issue = issue_in(S.DRAFT)

    response = client_for(chief).post(
        transition_url(issue, "submit"), {"comment": "Looks good"}, follow=True
    )

    assert response.redirect_chain[-1][0] == change_url(issue)
    assert admin_messages(response) == ["“Submit for review” done: the issue is now in review."]
    assert StatusChange.objects.get().comment == "Looks good"


def test_a_refused_move_in_the_admin_says_why(chief):
    issue = issue_in(S.PUBLISHED)

    response = client_for(chief).post(transition_url(issue, "submit"), follow=True)

    assert admin_messages(response) == [
        "“Submit for review” is not possible for an issue that is published."
    ]
    issue.refresh_from_db()
    assert issue.status == S.PUBLISHED


def test_a_move_asked_for_with_get_changes_nothing(chief):
    issue = issue_in(S.DRAFT)

    response = client_for(chief).get(transition_url(issue, "submit"))

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == S.DRAFT
