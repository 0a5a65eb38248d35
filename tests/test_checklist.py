"""The pre-publish checklist: before an issue is submitted, scheduled or published, the admin
shows what to look at — images missing or without description, empty summaries, entries
without source, sources repeated in the issue or in the last 8 issues, fewer picks than usual,
overlong summaries. Warnings are confirmed past; a broken image (its file is gone) blocks
scheduling and publishing, since readers would get a broken page."""

import pytest
from django.core.files.base import ContentFile

from digest.models import Issue, StatusChange, TransitionError
from tests.factories import make_entry, make_issue, make_pick, past
from tests.html_inspection import elements, find_all
from tests.security_files import picture
from tests.workflow_fixtures import (
    admin_messages,
    change_url,
    client_for,
    issue_without_problems,
    member,
    page_text,
    transition_url,
)

pytestmark = pytest.mark.django_db

S = Issue.Status
BROKEN_PAGE = (
    "Readers would get a broken page; fix this first: Image files are missing, so readers "
    "would see a broken image: “Lost figure”."
)


@pytest.fixture
def chief(db):
    return member("editor", username="erika", display_name="Erika Editor")


def checklist_items(response):
    """{problem: [places]} as the checklist on the page lists them."""
    found = elements(response.content)
    items = {}
    for problem in [e for e in found if e.tag == "li" and "checklist-problem" in e.classes]:
        inside = [e for e in found if any(parent is problem for parent in e.ancestors)]
        [title] = [e for e in inside if e.tag == "strong"]
        items[words(title.text)] = [words(e.text) for e in inside if e.tag == "li"]
    return items


def words(text):
    return " ".join(text.split())


def draft(**fields):
    """A draft with nothing on its checklist, and its first entry changed by `fields`."""
    issue = issue_without_problems(status=S.DRAFT)
    entry = issue.entries.order_by("position").first()
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.save()
    return issue, entry


def submit(client, issue, **data):
    return client.post(transition_url(issue, "submit"), data)


# --- What it finds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "problem", "place"),
    [
        (
            {"headline": "Fractals", "missing_image": "img/fractal.png"},
            "Images the imported document named were not uploaded",
            "“Fractals” (img/fractal.png)",
        ),
        (
            {"headline": "No words", "summary": ""},
            "Entries without a summary",
            "“No words”",
        ),
        (
            {"headline": "From nowhere", "source_url": ""},
            "Entries without a source link",
            "“From nowhere”",
        ),
        (
            {"headline": "Pictured", "summary": "See ![](/media/uploads/a.png) here."},
            "Images without a description (alt text) for readers who cannot see them",
            "“Pictured” (an image in the summary)",
        ),
        (
            {"headline": "Long", "summary": "word " * 250},
            "Summaries longer than 1000 characters",
            "“Long”: 1249 characters",
        ),
    ],
)
def test_submitting_shows_each_problem_with_the_entry_it_concerns(chief, fields, problem, place):
    issue, _entry = draft(**fields)

    response = submit(client_for(chief), issue)

    assert response.status_code == 200
    assert checklist_items(response) == {problem: [place]}
    issue.refresh_from_db()
    assert issue.status == S.DRAFT


def test_an_uploaded_image_without_a_description_is_listed(chief):
    issue, entry = draft(headline="Chart", image_alt="")
    entry.image.save("chart.png", ContentFile(picture("PNG")))

    response = submit(client_for(chief), issue)

    assert checklist_items(response) == {
        "Images without a description (alt text) for readers who cannot see them": ["“Chart”"]
    }


def test_the_same_source_twice_in_the_issue_is_found_whatever_form_its_link_has(chief):
    issue, _entry = draft(headline="Abstract page", source_url="https://arxiv.org/abs/2011.03775")
    make_entry(issue, headline="PDF", source_url="http://arxiv.org/pdf/2011.03775v2.pdf")
    make_entry(issue, headline="Blog", source_url="https://www.example.org/post/")
    make_entry(issue, headline="Blog again", source_url="http://example.org/post#top")

    response = submit(client_for(chief), issue)

    assert checklist_items(response) == {
        "The same source is in this issue twice": [
            "“Abstract page”, “PDF” link to https://arxiv.org/abs/2011.03775",
            "“Blog”, “Blog again” link to https://www.example.org/post/",
        ]
    }


def test_a_source_of_one_of_the_last_eight_issues_is_found(chief):
    earlier = make_issue(week=46, status=S.PUBLISHED)
    make_entry(earlier, headline="Last week's", source_url="https://example.org/story")
    issue, _entry = draft(headline="This week's", source_url="https://example.org/story/")

    response = submit(client_for(chief), issue)

    assert checklist_items(response) == {
        "Sources already in one of the last 8 issues": [
            "“This week's” was in Week 46, 2020 as “Last week's”"
        ]
    }


def test_a_source_of_an_older_issue_or_of_a_draft_is_not_a_repeat(chief):
    old = make_issue(week=37, status=S.PUBLISHED)
    make_entry(old, headline="Long ago", source_url="https://example.org/story")
    for week in range(38, 46):  # the 8 issues before week 47
        make_full_issue_like(week)
    unpublished = make_issue(week=46, status=S.DRAFT)
    make_entry(unpublished, headline="Never out", source_url="https://example.org/other")
    issue, entry = draft(source_url="https://example.org/story")
    make_pick(issue, make_entry(issue, source_url="https://example.org/other"), 4)

    response = submit(client_for(chief), issue)

    assert checklist_items(response) == {}
    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW


def make_full_issue_like(week, picks=3):
    """A published issue of `week` with `picks` picked entries."""
    issue = make_issue(week=week, status=S.PUBLISHED, publish_at=past(50 - week))
    for position in range(1, picks + 1):
        make_pick(issue, make_entry(issue), position)
    return issue


def test_fewer_picks_than_three_are_flagged_when_there_is_nothing_to_compare_with(chief):
    issue, entry = draft()
    issue.picks.exclude(entry=entry).delete()

    response = submit(client_for(chief), issue)

    assert checklist_items(response) == {
        "Fewer picks than usual": ["1 pick; issues usually have 3."]
    }


def test_the_usual_number_of_picks_is_that_of_recent_issues(chief):
    for week in range(39, 47):
        make_full_issue_like(week, picks=2)
    issue, entry = draft()
    issue.picks.filter(position=3).delete()

    assert checklist_items(submit(client_for(chief), issue)) == {}

    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW
    issue.picks.filter(position=2).delete()
    response = client_for(chief).post(transition_url(issue, "schedule"))
    assert checklist_items(response) == {
        "Fewer picks than usual": ["1 pick; issues usually have 2."]
    }


# --- Warnings are confirmed past, broken pages are refused -----------------------------------


def test_submitting_with_warnings_asks_first_and_goes_on_when_confirmed(chief):
    issue, _entry = draft(headline="No words", summary="")
    contributor = client_for(member("contributor"))

    response = submit(contributor, issue, comment="Please look")

    [button] = [b for b in find_all(response.content, "button") if b.get("name") == "confirm"]
    assert " ".join(button.text.split()) == "Submit for review anyway"
    assert not StatusChange.objects.exists()
    confirmed = contributor.post(
        transition_url(issue, "submit"), {"comment": "Please look", "confirm": "yes"}, follow=True
    )
    assert admin_messages(confirmed) == ["“Submit for review” done: the issue is now in review."]
    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW


def test_scheduling_with_warnings_asks_first(chief):
    issue, _entry = draft(source_url="")

    response = client_for(chief).post(transition_url(issue, "schedule"))

    assert response.status_code == 200
    assert "Entries without a source link" in checklist_items(response)
    issue.refresh_from_db()
    assert issue.status == S.DRAFT


def test_the_publish_confirmation_shows_a_clear_checklist_too(chief):
    issue = issue_without_problems(status=S.IN_REVIEW)

    response = client_for(chief).post(transition_url(issue, "publish"))

    text = " ".join(page_text(response).split())
    assert "Pre-publish checklist" in text
    assert "Nothing to look at: images, summaries, sources and picks are in order." in text


def test_moves_back_to_draft_show_no_checklist(chief):
    issue = make_issue(status=S.IN_REVIEW, publish_at=None)
    make_entry(issue, summary="")

    response = client_for(chief).post(transition_url(issue, "request_changes"), follow=True)

    assert admin_messages(response) == ["“Request changes” done: the issue is now draft."]


def lost_image_issue(status=S.IN_REVIEW):
    issue, entry = draft(headline="Lost figure", image_alt="A figure")
    Issue.objects.filter(pk=issue.pk).update(status=status)
    entry.image.name = "entries/gone.png"  # the file is not in storage
    entry.save()
    issue.refresh_from_db()
    return issue


@pytest.mark.parametrize("name", ["schedule", "publish"])
def test_an_image_whose_file_is_gone_blocks_scheduling_and_publishing(chief, name):
    issue = lost_image_issue()

    response = client_for(chief).post(transition_url(issue, name), {"confirm": "yes"}, follow=True)

    assert admin_messages(response) == [BROKEN_PAGE]
    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW
    assert checklist_items(response)[
        "Image files are missing, so readers would see a broken image"
    ] == ["“Lost figure”"]


def test_an_image_whose_file_is_gone_blocks_the_operators_commands_too(chief):
    issue = lost_image_issue()

    with pytest.raises(TransitionError, match=BROKEN_PAGE):
        issue.apply_transition("publish", None)


def test_an_image_whose_file_is_gone_may_still_go_to_review(chief):
    issue = lost_image_issue(status=S.DRAFT)
    contributor = client_for(member("contributor"))

    response = submit(contributor, issue)
    assert "must be fixed before the issue is scheduled or published" in page_text(response)

    contributor.post(transition_url(issue, "submit"), {"confirm": "yes"})
    issue.refresh_from_db()
    assert issue.status == S.IN_REVIEW


# --- On the issue page -----------------------------------------------------------------------


def test_the_issue_page_says_how_many_things_to_look_at(chief):
    issue, _entry = draft(summary="", source_url="")

    response = client_for(chief).get(change_url(issue))

    text = " ".join(page_text(response).split())
    assert "Pre-publish checklist: 2 things to look at" in text
    assert set(checklist_items(response)) == {
        "Entries without a summary",
        "Entries without a source link",
    }


def test_the_issue_page_of_an_issue_without_problems_shows_no_checklist(chief):
    issue = issue_without_problems()

    response = client_for(chief).get(change_url(issue))

    assert "Pre-publish checklist" not in page_text(response)


def test_the_checklist_speaks_chinese_to_chinese_editors(chief):
    issue, _entry = draft(headline="无摘要", summary="")

    response = client_for(chief).post(
        transition_url(issue, "submit"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert checklist_items(response) == {"没有摘要的条目": ["“无摘要”"]}
    assert "仍然提交审核" in page_text(response)
