"""The weekly job in a real browser, with its actions counted.

A contributor creates the issue of the week after next from the publication calendar, writes
six entries filled from their links (arXiv papers from a local stand-in of arXiv's API, articles
from a local page with OpenGraph tags), orders them, makes three of them picks with ★, inserts
a picture with its description, saves and submits for review. An editor finds the issue on the
admin home, shares a preview link, previews, schedules, and checks the calendar. Readers see
the issue exactly when it goes live.

Ordering and picking happen in the page, without a page load. The whole job needs fewer than
60 actions (clicks, fields typed or chosen, pages opened by address): 52 when this was written.
The same job on the editor before the compact entry editor took 85 by the same count (every
field typed, picks added after a first save); the issue that asked for it counted about 118.
"""

import datetime
import io

import pytest
import time_machine
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from accounts.roles import CONTRIBUTOR
from digest.models import Issue
from tests.e2e.actions import Actions
from tests.e2e.browsing import ENGLISH, LIVE_DB, PASSWORD, staff_member
from tests.fake_web import FakeWeb

pytestmark = LIVE_DB

MAX_ACTIONS = 60

OPENGRAPH_PAGE = """<!doctype html><html><head><title>{title} | Example Engineering</title>
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">
<meta property="og:site_name" content="Example Engineering">
</head><body><p>Text</p></body></html>"""

# (section, source: arXiv number or page path, headline the contributor types)
ENTRIES = [
    ("Machine Learning Papers", "2401.00001", "稀疏注意力的规模化"),
    ("Machine Learning Papers", "2401.00002", "更小的模型，更好的推理"),
    ("Technical Articles", "/blog/evals", "如何评估大模型"),
    ("Technical Articles", "/blog/serving", "在线推理服务的经验"),
    ("Other Topics", "2401.00003", "会叠衣服的机器人"),
    ("Other Topics", "2401.00004", "芯片与能耗"),
]
PAPERS = {
    "2401.00001": ("Sparse Attention at Scale", "We scale **sparse** attention."),
    "2401.00002": ("Small Models Reason Better", "Smaller models, better reasoning."),
    "2401.00003": ("Robots That Fold Laundry", "A robot folds laundry."),
    "2401.00004": ("Chips and Energy", "What chips cost in energy."),
}
PAGES = {
    "/blog/evals": ("A Guide to Evals", "How to evaluate language models."),
    "/blog/serving": ("Serving Models Online", "Lessons from serving models."),
}


def two_weeks_ahead():
    """(ISO year, ISO week) of the week after next: an issue nobody has planned yet."""
    iso = (timezone.localdate() + datetime.timedelta(weeks=2)).isocalendar()
    return iso.year, iso.week


def png_file():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(buffer, format="PNG")
    return {"name": "results.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


@pytest.fixture
def web(settings):
    """A local arXiv API and a blog with OpenGraph tags."""
    with FakeWeb() as web:
        settings.DIGEST_ARXIV_API_URL = web.arxiv_api_url
        for number, (title, abstract) in PAPERS.items():
            web.paper(number, title, abstract=abstract)
        for path, (title, description) in PAGES.items():
            web.page(path, OPENGRAPH_PAGE.format(title=title, description=description))
        yield web


@pytest.fixture
def contributor(django_user_model):
    return staff_member(django_user_model, "contributor", CONTRIBUTOR)


def sign_in(actions, page, user, next_path):
    actions.goto(page, f"/admin/login/?next={next_path}")
    actions.fill(page.locator("#id_username"), user.get_username())
    actions.fill(page.locator("#id_password"), PASSWORD)
    actions.click(page.locator("input[type=submit]"))
    page.wait_for_url(f"**{next_path}")


def entry_rows(page):
    return page.locator("#entries-group .entry-row:not(.empty-form)")


def test_the_weekly_job_takes_fewer_than_60_actions(
    new_context, web, contributor, editor_user, settings
):
    year, week = two_weeks_ahead()
    title = f"Week {week}, {year}"
    actions = Actions("editor-journey")

    # --- The contributor ---------------------------------------------------------------------
    page = actions.watch(new_context(locale=ENGLISH).new_page())
    sign_in(actions, page, contributor, "/admin/digest/issue/calendar/")
    actions.screenshot(page, "calendar")
    row = page.locator("table.calendar tr", has_text=f"{year}, week {week}")
    actions.click(row.get_by_role("button", name="Create draft"))
    expect(page.locator(".messagelist .success")).to_contain_text("Draft created")
    issue = Issue.objects.get(year=year, week=week)
    assert issue.publish_at is not None  # the weekly slot, filled in by the calendar

    actions.fill(page.locator("#id_intro"), "This week: **sparse attention** and evals.")
    expect(page.locator(".markdownx-preview strong").first).to_have_text("sparse attention")

    for index, (section, source, headline) in enumerate(ENTRIES):
        actions.click(page.get_by_role("button", name="Add another Entry"))
        row = page.locator(f"#entries-{index}")
        select = row.locator(f"#id_entries-{index}-section")
        if select.input_value() != select.locator("option", has_text=section).get_attribute(
            "value"
        ):
            actions.select(select, section)
        link = f"https://arxiv.org/abs/{source}" if source[0].isdigit() else web.url(source)
        actions.fill(row.locator(f"#id_entries-{index}-source_url"), link)
        actions.fill(row.locator(f"#id_entries-{index}-headline"), headline)
        original = PAPERS.get(source, PAGES.get(source))[0]
        expect(row.locator(f"#id_entries-{index}-original_title")).to_have_value(original)
        if source in PAGES:
            expect(row.locator(f"#id_entries-{index}-card_description")).to_have_value(
                PAGES[source][1]
            )
            actions.fill(row.locator(f"#id_entries-{index}-summary"), PAGES[source][1])
        else:
            expect(row.locator(f"#id_entries-{index}-source_url")).to_have_value(
                f"https://arxiv.org/abs/{source}"
            )
            expect(row.locator(f"#id_entries-{index}-summary")).to_have_value(PAPERS[source][1])
        if index == 0:
            actions.fill(row.locator("#id_entries-0-tags"), "Attention, 人工智能")
    # Adding an entry folded the others: one line each.
    expect(page.locator("#entries-0 .entry-body")).to_be_hidden()
    expect(page.locator("#entries-0 .entry-domain")).to_have_text("arxiv.org")
    expect(page.locator("#entries-0 .entry-tags")).to_have_text("Attention, 人工智能")
    actions.screenshot(page, "six-entries-folded")

    # A picture in the first summary, with its description.
    first = page.locator("#entries-0")
    actions.click(first.locator(".entry-toggle"))
    actions.answer_next_prompt(page, "Attention cost against sequence length")
    with page.expect_file_chooser() as chooser:
        actions.click(first.get_by_role("button", name="Insert an image…"))
    actions.choose_files(chooser.value, png_file())
    expect(first.locator(".markdownx-preview img")).to_have_attribute(
        "alt", "Attention cost against sequence length"
    )
    actions.click(first.locator(".entry-toggle"))
    actions.screenshot(page, "picture-inserted")

    # Ordering and picks, in the page: no page load.
    loads = actions.loads
    page.evaluate("window.stillTheSamePage = true")
    second_paper = page.locator("#entries-1")
    actions.drag(
        second_paper.locator(".entry-handle"),
        page.locator("#entries-0"),
        target_position={"x": 20, "y": 2},
    )
    actions.click(page.locator("#entries-3").locator(".entry-up"))
    expect(entry_rows(page).locator(".entry-headline")).to_have_text(
        [ENTRIES[i][2] for i in (1, 0, 3, 2, 4, 5)]
    )
    for index in (1, 2, 4):
        actions.click(page.locator(f"#entries-{index}").locator(".entry-star"))
    actions.fill(page.locator("#id_entries-1-pick_blurb"), "小模型也能推理")
    expect(page.locator(".entry-row.entry-is-pick")).to_have_count(3)
    assert actions.loads == loads
    assert page.evaluate("window.stillTheSamePage") is True
    actions.screenshot(page, "ordered-and-picked")

    actions.click(page.locator("input[name=_continue]"))
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    entries = list(issue.entries.order_by("section__position", "position"))
    assert [entry.headline for entry in entries] == [ENTRIES[i][2] for i in (1, 0, 3, 2, 4, 5)]
    assert sorted(pick.entry.headline for pick in issue.picks.all()) == sorted(
        ENTRIES[i][2] for i in (1, 2, 4)
    )
    assert issue.picks.get(entry__headline=ENTRIES[1][2]).blurb == "小模型也能推理"
    picture_entry = issue.entries.get(headline=ENTRIES[0][2])
    # On a line of its own (browsers send a textarea's new lines as CRLF).
    assert picture_entry.summary.replace("\r\n", "\n").startswith(
        "We scale **sparse** attention.\n\n![Attention cost against sequence length](/media/"
    )
    assert sorted(tag.name for tag in picture_entry.tags.all()) == ["Attention", "人工智能"]

    actions.click(page.locator("button.workflow-submit"))
    if page.locator("button[name=confirm]").count():
        actions.click(page.locator("button[name=confirm]"))
    expect(page.locator(".messagelist .success")).to_contain_text("in review")
    actions.screenshot(page, "submitted")

    # --- The editor --------------------------------------------------------------------------
    editor = actions.watch(new_context(locale=ENGLISH).new_page())
    sign_in(actions, editor, editor_user, "/admin/")
    waiting = editor.locator(".waiting-in-review")
    expect(waiting).to_contain_text(title)
    actions.screenshot(editor, "editor-home")
    actions.click(waiting.get_by_role("link", name=title))

    actions.click(editor.get_by_role("button", name="Create a preview link for a reviewer"))
    shared = editor.locator(".messagelist .success a").first.get_attribute("href")
    with editor.context.expect_page() as new_tab:
        actions.click(editor.get_by_role("link", name="Preview", exact=True))
    preview = new_tab.value
    preview.wait_for_load_state()
    expect(preview.locator(".preview-banner")).to_contain_text("Preview — not published")
    expect(preview.locator(".picks a")).to_have_count(3)
    expect(preview.locator(".entry-summary img")).to_have_attribute(
        "alt", "Attention cost against sequence length"
    )
    actions.screenshot(preview, "preview")
    preview.close()

    actions.click(editor.locator("button.workflow-schedule"))
    if editor.locator("button[name=confirm]").count():
        actions.click(editor.locator("button[name=confirm]"))
    expect(editor.locator(".messagelist .success")).to_contain_text("the issue is now scheduled")
    actions.screenshot(editor, "scheduled")
    actions.click(editor.get_by_role("link", name="Publication calendar"))
    expect(editor.locator("table.calendar tr", has_text=f"{year}, week {week}")).to_contain_text(
        "Scheduled"
    )
    actions.screenshot(editor, "calendar-scheduled")

    print(f"\nThe weekly job: {actions}")
    assert actions.total < MAX_ACTIONS, str(actions)

    # --- Readers: the reviewer's link now, everyone at the publication time --------------------
    reader = new_context(locale=ENGLISH).new_page()
    assert reader.goto(shared).status == 200
    issue.refresh_from_db()
    assert reader.goto(issue.get_absolute_url()).status == 404
    with time_machine.travel(issue.publish_at + datetime.timedelta(minutes=1), tick=True):
        assert reader.goto(issue.get_absolute_url()).status == 200
        expect(reader.locator(".preview-banner")).to_have_count(0)
        expect(reader.locator(".entry-headline")).to_have_count(6)
