"""What waits for me: the admin home lists, per role, the issues in review (editors), drafts sent
back (their contributor), what goes out in the next 7 days with its time, and issues with
problems; editors get an e-mail when an issue is submitted, the contributor when changes are
requested; the open request for changes heads the issue page."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from digest.models import Issue
from tests.factories import future, make_entry, make_issue
from tests.html_inspection import elements
from tests.workflow_fixtures import (
    admin_messages,
    change_url,
    client_for,
    issue_without_problems,
    member,
    page_text,
    tokyo,
    transition_url,
)

pytestmark = pytest.mark.django_db

S = Issue.Status
HOME = "/admin/"


@pytest.fixture
def erika(db):
    return member("editor", username="erika", display_name="Erika Editor")


@pytest.fixture
def carl(db):
    return member("contributor", username="carl", display_name="Carl Contributor")


def waiting(client):
    """{group heading: [item texts]} of the home page's "What waits for you"."""
    response = client.get(HOME)
    assert response.status_code == 200
    found = elements(response.content)
    groups = {}
    for group in [e for e in found if e.tag == "div" and "waiting-group" in e.classes]:
        inside = [e for e in found if any(parent is group for parent in e.ancestors)]
        [heading] = [e for e in inside if e.tag == "h3"]
        items = [e for e in inside if e.tag == "li" and not e.inside("li")]
        groups[words(heading.text)] = [words(item.text) for item in items]
    return groups


def words(text):
    return " ".join(text.split())


def submit(client, issue, comment=""):
    return client.post(transition_url(issue, "submit"), {"comment": comment, "confirm": "yes"})


def request_changes(client, issue, comment):
    return client.post(transition_url(issue, "request_changes"), {"comment": comment})


# --- The admin home --------------------------------------------------------------------------


def test_editors_see_the_issues_in_review_with_who_submitted_them_and_when(erika, carl):
    issue = issue_without_problems(week=47)
    with time_machine.travel(tokyo(2020, 11, 18, 10, 30), tick=False):
        submit(client_for(carl), issue)

    groups = waiting(client_for(erika))

    assert groups["In review"] == [
        "Week 47, 2020 · submitted by Carl Contributor on Wed 18 Nov 2020 10:30"
    ]


def test_contributors_do_not_get_the_review_queue(carl):
    issue = issue_without_problems(week=47)
    submit(client_for(carl), issue)

    assert "In review" not in waiting(client_for(carl))


def test_a_contributor_sees_their_drafts_sent_back_with_the_request(erika, carl):
    mine = issue_without_problems(week=47)
    others = issue_without_problems(week=48)
    submit(client_for(carl), mine)
    submit(client_for(member("contributor", username="dora")), others)
    with time_machine.travel(tokyo(2020, 11, 19, 9, 0), tick=False):
        request_changes(client_for(erika), mine, "Shorter summaries, please.")
    request_changes(client_for(erika), others, "Add a picture.")

    groups = waiting(client_for(carl))

    assert groups["Changes requested"] == [
        "Week 47, 2020 · Erika Editor on Thu 19 Nov 2020 09:00: “Shorter summaries, please.”"
    ]


def test_a_draft_submitted_again_is_no_longer_sent_back(erika, carl):
    issue = issue_without_problems(week=47)
    submit(client_for(carl), issue)
    request_changes(client_for(erika), issue, "Shorter summaries, please.")
    submit(client_for(carl), issue)

    assert "Changes requested" not in waiting(client_for(carl))
    [in_review] = waiting(client_for(erika))["In review"]
    assert in_review.startswith("Week 47, 2020 · submitted by Carl Contributor")


def test_issues_going_out_in_the_next_seven_days_are_listed_with_their_times(erika, carl):
    with time_machine.travel(tokyo(2020, 11, 18, 12, 0), tick=False):
        issue_without_problems(week=47, status=S.SCHEDULED, publish_at=tokyo(2020, 11, 22, 9))
        issue_without_problems(week=48, status=S.SCHEDULED, publish_at=tokyo(2020, 11, 25, 11))
        issue_without_problems(week=49, status=S.SCHEDULED, publish_at=tokyo(2020, 12, 6, 9))

        for client in (client_for(erika), client_for(carl)):
            assert waiting(client)["Scheduled for the next 7 days"] == [
                "Week 47, 2020 · Sun 22 Nov 2020 09:00 (Asia/Tokyo)",
                "Week 48, 2020 · Wed 25 Nov 2020 11:00 (Asia/Tokyo)",
            ]


def test_issues_with_problems_are_listed_for_those_who_may_fix_them(erika, carl):
    draft = make_issue(week=47, status=S.DRAFT)
    make_entry(draft, summary="")
    in_review = make_issue(week=48, status=S.IN_REVIEW)
    make_entry(in_review, source_url="")
    issue_without_problems(week=49)

    editor_sees = waiting(client_for(erika))["Issues with problems"]
    contributor_sees = waiting(client_for(carl))["Issues with problems"]

    assert editor_sees == [
        "Week 48, 2020 In review Entries without a source link (1) Fewer picks than usual (1)",
        "Week 47, 2020 Draft Entries without a summary (1) Fewer picks than usual (1)",
    ]
    # A contributor may edit drafts only.
    assert contributor_sees == [editor_sees[1]]


def test_published_issues_are_not_listed_with_problems(erika):
    published = make_issue(week=47, status=S.PUBLISHED)
    make_entry(published, summary="")

    assert "Issues with problems" not in waiting(client_for(erika))


def test_with_nothing_to_do_the_home_page_says_so(erika):
    response = client_for(erika).get(HOME)

    assert "Nothing waits for you." in page_text(response)


def test_staff_without_a_role_see_no_list(db):
    response = client_for(member("staff_without_role")).get(HOME)

    assert response.status_code == 200
    assert "What waits for you" not in page_text(response)


# --- E-mail ----------------------------------------------------------------------------------


def test_editors_are_told_by_email_when_an_issue_is_submitted(erika, carl, superuser):
    member("editor", username="fred", display_name="Fred")
    nobody = member("editor", username="nomail")
    nobody.email = ""
    nobody.save()
    issue = issue_without_problems(week=47)
    issue.entries.update(summary="")  # what the checklist finds goes into the e-mail

    submit(client_for(carl), issue, comment="Ready when you are")

    assert sorted(message.to[0] for message in mail.outbox) == [
        "boss@example.com",
        "erika@example.com",
        "fred@example.com",
    ]
    assert all(len(message.to) == 1 for message in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "In review: Week 47, 2020"
    assert "Carl Contributor submitted Week 47, 2020 for review." in message.body
    assert "Comment: Ready when you are" in message.body
    assert "- Entries without a summary:" in message.body
    assert f"http://testserver{change_url(issue)}" in message.body


def test_the_editor_who_submits_is_not_told_about_it(erika):
    issue = issue_without_problems(week=47)

    submit(client_for(erika), issue)

    assert mail.outbox == []


def test_the_contributor_is_told_by_email_when_changes_are_requested(erika, carl):
    issue = issue_without_problems(week=47)
    submit(client_for(carl), issue)
    mail.outbox.clear()

    request_changes(client_for(erika), issue, "Please add the paper's authors.")

    [message] = mail.outbox
    assert message.to == ["carl@example.com"]
    assert message.subject == "Changes requested: Week 47, 2020"
    assert "Erika Editor asks for changes to Week 47, 2020" in message.body
    assert "What to change: Please add the paper's authors." in message.body
    assert f"http://testserver{change_url(issue)}" in message.body


def test_other_moves_send_no_email(erika):
    issue = issue_without_problems(week=47, status=S.IN_REVIEW, publish_at=future())
    client = client_for(erika)

    client.post(transition_url(issue, "schedule"), {"confirm": "yes"})
    client.post(transition_url(issue, "unpublish"))

    issue.refresh_from_db()
    assert issue.status == S.DRAFT
    assert mail.outbox == []


def test_a_failed_email_does_not_undo_the_move_and_the_admin_says_so(carl, erika, settings):
    settings.EMAIL_BACKEND = "tests.test_what_waits.UnreachableMailServer"
    issue = issue_without_problems(week=47)

    response = client_for(carl).post(
        transition_url(issue, "submit"), {"confirm": "yes"}, follow=True
    )

    assert admin_messages(response) == [
        "“Submit for review” done: the issue is now in review.",
        "The e-mail telling others about it could not be sent.",
    ]
    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW


class UnreachableMailServer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


# --- The request at the top of the issue page ------------------------------------------------


def change_request_box(client, issue):
    response = client.get(change_url(issue))
    found = elements(response.content)
    boxes = [e for e in found if e.tag == "section" and "change-request" in e.classes]
    if not boxes:
        return None
    [box] = boxes
    inside = [e for e in found if any(parent is box for parent in e.ancestors)]
    return words(" ".join(e.text for e in inside if e.tag in ("p", "blockquote")))


def test_the_latest_request_for_changes_heads_the_issue_page(erika, carl):
    issue = issue_without_problems(week=47)
    with time_machine.travel(tokyo(2020, 11, 18, 9, 0)):
        submit(client_for(carl), issue)
        request_changes(client_for(erika), issue, "First round.")
    with time_machine.travel(tokyo(2020, 11, 18, 15, 0)):
        submit(client_for(carl), issue)
    with time_machine.travel(tokyo(2020, 11, 19, 9, 0), tick=False):
        request_changes(client_for(erika), issue, "Second round: fix the title.")

    box = change_request_box(client_for(carl), issue)

    assert box == "Erika Editor on Thu 19 Nov 2020 09:00: Second round: fix the title."
    page = page_text(client_for(carl).get(change_url(issue)))
    assert page.index("Second round: fix the title.") < page.index('id="issue_form"')


def test_the_request_stays_visible_while_the_issue_is_reviewed_again(erika, carl):
    issue = issue_without_problems(week=47)
    submit(client_for(carl), issue)
    request_changes(client_for(erika), issue, "Fix the title.")
    submit(client_for(carl), issue)

    assert "Fix the title." in change_request_box(client_for(erika), issue)


def test_the_request_is_gone_once_the_issue_is_scheduled(erika, carl):
    issue = issue_without_problems(week=47, publish_at=future())
    submit(client_for(carl), issue)
    request_changes(client_for(erika), issue, "Fix the title.")
    client_for(erika).post(transition_url(issue, "schedule"), {"confirm": "yes"})
    client_for(erika).post(transition_url(issue, "unpublish"))

    issue.refresh_from_db()
    assert issue.status == S.DRAFT
    assert change_request_box(client_for(erika), issue) is None


def test_the_home_page_links_to_each_issue(erika, carl):
    issue = issue_without_problems(week=47)
    submit(client_for(carl), issue)

    response = client_for(erika).get(HOME)

    assert reverse("admin:digest_issue_change", args=[issue.pk]) in response.content.decode()


def test_scheduled_issues_further_away_are_not_listed(erika):
    later = datetime.timedelta(days=8)
    with time_machine.travel(tokyo(2020, 11, 18, 12, 0), tick=False):
        issue_without_problems(
            week=48, status=S.SCHEDULED, publish_at=tokyo(2020, 11, 18, 12, 0) + later
        )

        assert "Scheduled for the next 7 days" not in waiting(client_for(erika))
