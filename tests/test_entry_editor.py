"""The issue form's entry rows on the server: the ★ makes and removes picks within the issue's
pick limit, new rows go to the end of their section, a form sent back with errors lists them at
the top and keeps the pictures chosen in its rows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from digest.admin import entry_editor
from digest.models import Issue
from tests.admin_forms import entry_row, form_fields, issue_form_data, pick_row, post_issue_form
from tests.factories import make_entry, make_issue, make_pick, section
from tests.html_inspection import find_all
from tests.workflow_fixtures import change_url, client_for, member, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(db):
    return client_for(member("editor"))


@pytest.fixture
def draft():
    """A draft with two papers (positions 1 and 4) and an article; the first paper is a pick."""
    issue = make_issue(week=30, status=Issue.Status.DRAFT)
    first = make_entry(issue, "papers", headline="Paper one", position=1)
    make_entry(issue, "papers", headline="Paper two", position=4)
    make_entry(issue, "articles", headline="Article one", position=2)
    make_pick(issue, first, position=1, blurb="The first pick")
    return issue


@pytest.fixture
def staging_folder(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads" / "digest-entry-images"


def saved_rows(issue):
    return [entry_row(entry) for entry in issue.entries.order_by("section__position", "position")]


def post(client, issue, entries, picks=None, **fields):
    if picks is None:
        picks = [pick_row(pick) for pick in issue.picks.all()]
    return post_issue_form(
        client, change_url(issue), issue.year, issue.week, entries=entries, picks=picks, **fields
    )


def picks_of(issue):
    return {pick.entry.headline: pick.blurb for pick in issue.picks.select_related("entry")}


def png_upload(name="figure.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), (200, 100, 0)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


# --- ★ picks -----------------------------------------------------------------------------------


def test_the_star_of_a_new_entry_row_makes_it_a_pick_with_its_text(editor_client, draft):
    rows = [
        *saved_rows(draft),
        entry_row(
            section=section("other").pk,
            headline="Fresh news",
            is_pick="on",
            pick_blurb="Don't miss",
        ),
    ]

    response = post(editor_client, draft, rows)

    assert response.status_code == 302
    assert picks_of(draft) == {"Paper one": "The first pick", "Fresh news": "Don't miss"}
    assert [pick.entry.headline for pick in draft.picks.order_by("position")] == [
        "Paper one",
        "Fresh news",
    ]


def test_the_star_of_a_saved_entry_makes_and_removes_picks(editor_client, draft):
    rows = saved_rows(draft)
    rows[0].update(is_pick="", pick_blurb="")  # Paper one: no longer a pick
    rows[1].update(is_pick="on", pick_blurb="Now picked")  # Paper two

    assert post(editor_client, draft, rows).status_code == 302

    assert picks_of(draft) == {"Paper two": "Now picked"}


def test_the_pick_text_is_edited_in_the_entry_row(editor_client, draft):
    rows = saved_rows(draft)
    rows[0]["pick_blurb"] = "A better teaser"

    assert post(editor_client, draft, rows).status_code == 302

    assert picks_of(draft) == {"Paper one": "A better teaser"}


def test_more_picks_than_the_limit_are_refused_and_nothing_is_saved(editor_client, draft, settings):
    settings.DIGEST_PICK_LIMIT = 2
    rows = saved_rows(draft)
    rows[1]["is_pick"] = "on"
    rows[2]["is_pick"] = "on"

    response = post(editor_client, draft, rows)

    assert response.status_code == 200
    assert "An issue has at most 2 picks; this one would have 3." in page_text(response)
    assert picks_of(draft) == {"Paper one": "The first pick"}


def test_the_limit_counts_the_pick_rows_and_the_stars_together(editor_client, draft, settings):
    settings.DIGEST_PICK_LIMIT = 2
    paper_two, article = draft.entries.exclude(headline="Paper one").order_by("section__position")
    rows = saved_rows(draft)
    rows[1]["is_pick"] = "on"
    picks = [
        *(pick_row(pick) for pick in draft.picks.all()),
        pick_row(entry=article.pk, position=3),
    ]

    response = post(editor_client, draft, rows, picks=picks)

    assert response.status_code == 200
    assert "An issue has at most 2 picks; this one would have 3." in page_text(response)
    # Within the limit once a pick row is deleted in the same form.
    picks[0]["DELETE"] = "on"
    assert post(editor_client, draft, rows, picks=picks).status_code == 302
    assert picks_of(draft) == {"Paper two": "", "Article one": ""}


# --- Positions ---------------------------------------------------------------------------------


def test_a_new_entry_without_a_position_goes_to_the_end_of_its_section(editor_client, draft):
    rows = [
        *saved_rows(draft),
        entry_row(section=section("papers").pk, position="", headline="New paper"),
        entry_row(section=section("articles").pk, position="", headline="New article"),
        entry_row(section=section("papers").pk, position="", headline="Newer paper"),
    ]

    assert post(editor_client, draft, rows).status_code == 302

    positions = dict(draft.entries.values_list("headline", "position"))
    assert positions["New paper"] == 5
    assert positions["Newer paper"] == 6
    assert positions["New article"] == 3


def test_a_new_entry_row_offers_no_position_of_its_own(editor_client, draft):
    response = editor_client.get(change_url(draft))

    template_row = find_all(response.content, "input", name="entries-__prefix__-position")
    assert template_row and not template_row[0].get("value")


# --- Sent back with errors ---------------------------------------------------------------------


def test_the_error_summary_links_to_each_faulty_row(editor_client, draft):
    rows = saved_rows(draft)
    rows[1]["headline"] = ""
    rows.append(entry_row(headline="No section given"))

    response = post(editor_client, draft, rows, title="x" * 201)

    assert response.status_code == 200
    summary = page_text(response).split('class="module error-summary"')[1].split("</div>")[0]
    assert "Nothing was saved: 3 places need a correction" in summary
    assert '<a href="#id_title">' in summary
    assert '<a href="#entries-1">Entry 2: Headline: This field is required.</a>' in summary
    assert (
        '<a href="#entries-3">Entry 4 “No section given”: Section: This field is required.'
        in summary
    )
    # The rows they link to.
    assert 'id="entries-1"' in page_text(response)
    assert 'id="entries-3"' in page_text(response)


def test_a_chosen_picture_is_kept_when_the_form_comes_back_with_errors(
    editor_client, draft, staging_folder
):
    url = change_url(draft)
    page = editor_client.get(url)
    data = {
        name: value
        for name, value in form_fields(page.content, "issue_form").items()
        if not name.startswith(("picks-", "entries-"))
    }
    rows = [
        *saved_rows(draft),
        entry_row(section=section("other").pk, headline="With a picture", image_alt="A chart"),
        entry_row(section=section("other").pk, headline=""),  # the error
    ]
    data.update(
        issue_form_data(
            draft.year, draft.week, entries=rows, picks=[pick_row(p) for p in draft.picks.all()]
        )
    )

    response = editor_client.post(url, {**data, "entries-3-image": png_upload("chart.png")})

    assert response.status_code == 200
    text = page_text(response)
    assert "The picture you chose, “chart.png”, is kept and will be saved with the entry" in text
    token = find_all(response.content, "input", name="entries-3-staged_image")[0].get("value")
    assert token
    assert [path for path in staging_folder.rglob("*") if path.is_file()]

    # Corrected and saved again, without choosing the file again.
    data["entries-4-headline"] = "Fixed"
    data["entries-3-staged_image"] = token
    assert editor_client.post(url, data).status_code == 302
    entry = draft.entries.get(headline="With a picture")
    assert entry.image.name.endswith(".png")
    assert (entry.image_width, entry.image_height) == (12, 8)
    # Stored with the entry, it no longer waits.
    assert not [path for path in staging_folder.rglob("*") if path.is_file()]


def test_a_forged_picture_token_is_ignored(editor_client, draft, staging_folder):
    rows = [
        *saved_rows(draft),
        entry_row(section=section("other").pk, headline="No picture", staged_image="forged:1"),
    ]

    assert post(editor_client, draft, rows).status_code == 302

    assert not draft.entries.get(headline="No picture").image


def test_someone_elses_picture_token_is_ignored(editor_client, draft, staging_folder):
    other_client = client_for(member("editor", username="other-editor"))
    rows = [*saved_rows(draft), entry_row(section=section("other").pk, headline="")]
    url = change_url(draft)
    page = other_client.get(url)
    data = {
        name: value
        for name, value in form_fields(page.content, "issue_form").items()
        if not name.startswith(("picks-", "entries-"))
    }
    data.update(
        issue_form_data(
            draft.year, draft.week, entries=rows, picks=[pick_row(p) for p in draft.picks.all()]
        )
    )
    response = other_client.post(url, {**data, "entries-3-image": png_upload()})
    token = find_all(response.content, "input", name="entries-3-staged_image")[0].get("value")
    assert token

    rows[-1].update(headline="Mine", staged_image=token)
    assert post(editor_client, draft, rows).status_code == 302

    assert not draft.entries.get(headline="Mine").image


def test_who_may_only_look_sees_the_picks_but_no_star_to_click(draft):
    draft.status = Issue.Status.IN_REVIEW
    draft.save()
    contributor = client_for(member("contributor"))

    response = contributor.get(change_url(draft))

    assert response.status_code == 200
    assert not find_all(response.content, "input", name="entries-0-is_pick")
    assert not find_all(response.content, "button", class_="entry-up")
    stars = find_all(response.content, "span", class_="entry-star entry-star-static")
    assert len(stars) == 1  # Paper one, the issue's pick


def test_a_user_keeps_a_bounded_number_of_pictures_waiting(
    staging_folder, monkeypatch, django_user_model
):
    monkeypatch.setattr(entry_editor, "STAGING_MAX_FILES", 2)
    user = django_user_model.objects.create_user("someone")
    tokens = [entry_editor.stage_image(png_upload(f"{n}.png"), user) for n in range(3)]

    assert len([path for path in staging_folder.rglob("*") if path.is_file()]) == 2
    assert entry_editor.staged_image(tokens[0], user) is None
    assert entry_editor.staged_image(tokens[2], user)[1] == "2.png"


def test_the_issue_form_asks_the_database_as_often_for_many_entries_as_for_few(
    editor_client, draft
):
    # Each row's section choices and tags come from queries made once for all the rows.
    editor_client.get(change_url(draft))  # what a first request reads and keeps
    with CaptureQueriesContext(connection) as few:
        assert editor_client.get(change_url(draft)).status_code == 200
    for n in range(10):
        make_entry(draft, "articles", headline=f"Another article {n}", tags=["nlp", f"t{n}"])
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(change_url(draft))
    assert "Another article 9" in page_text(response)
    assert len(many) == len(few)
