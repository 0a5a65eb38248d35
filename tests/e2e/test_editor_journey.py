"""An editor prepares next-but-one week's issue in the admin, in a real browser, schedules it,
previews it, and readers see it exactly when it goes live."""

import datetime

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from digest.models import Issue
from tests.e2e.browsing import ENGLISH, LIVE_DB, log_in

pytestmark = LIVE_DB

ENTRIES = [
    # headline, section, summary typed in the Markdown editor, what its preview shows in bold
    ("Sparse attention at scale", "Machine Learning Papers", "**bold words 1**", "bold words 1"),
    ("A guide to evals", "Technical Articles", "Read **bold words 2**.", "bold words 2"),
    ("Robots that fold laundry", "Other Topics", "*Fun*: **bold words 3**", "bold words 3"),
]


def markdown_preview(page, textarea):
    """The live preview that markdownx shows next to `textarea`."""
    return page.locator(".markdownx", has=page.locator(textarea)).locator(".markdownx-preview")


def two_weeks_ahead():
    """(ISO year, ISO week) of the week after next: an issue nobody has planned yet."""
    iso = (timezone.localdate() + datetime.timedelta(weeks=2)).isocalendar()
    return iso.year, iso.week


def test_editor_writes_schedules_and_previews_an_issue_that_goes_live_on_time(
    new_context, editor_user
):
    year, week = two_weeks_ahead()
    title = f"Week {week}, {year}"
    issue_path = f"/issues/{year}/week-{week}/"
    # The site's time (Asia/Tokyo) as the editor types it; whole minutes, a little ahead.
    publish_at = timezone.localtime().replace(second=0, microsecond=0) + datetime.timedelta(
        minutes=10
    )

    editor = new_context(locale=ENGLISH).new_page()
    log_in(editor, editor_user, next_path="/admin/digest/issue/add/")

    # The issue: its week, an intro written in Markdown, and when it should go out.
    editor.fill("#id_year", str(year))
    editor.fill("#id_week", str(week))
    editor.locator("#id_intro").press_sequentially("This week: **bold intro**.")
    expect(markdown_preview(editor, "#id_intro").locator("strong")).to_have_text("bold intro")
    editor.fill("#id_publish_at_0", publish_at.strftime("%Y-%m-%d"))
    editor.fill("#id_publish_at_1", publish_at.strftime("%H:%M:%S"))

    # Entries in rows added with "Add another Entry": each row's Markdown preview works.
    add_entry = editor.get_by_role("button", name="Add another Entry")
    for index, (headline, section, summary, bold) in enumerate(ENTRIES):
        add_entry.click()
        row = editor.locator(f"#entries-{index}")
        expect(row).to_be_visible()
        row.locator(f"#id_entries-{index}-section").select_option(label=section)
        row.locator(f"#id_entries-{index}-position").fill(str(index + 1))
        row.locator(f"#id_entries-{index}-headline").fill(headline)
        row.locator(f"#id_entries-{index}-summary").press_sequentially(summary)
        preview = markdown_preview(editor, f"#id_entries-{index}-summary")
        expect(preview.locator("strong")).to_have_text(bold)
        assert f"<strong>{bold}</strong>" in preview.inner_html()
    editor.fill("#id_entries-0-tags", "AI, 人工智能")
    # The earlier rows' previews still answer after more rows were added.
    editor.locator("#id_entries-0-summary").press_sequentially(" and **more**")
    expect(markdown_preview(editor, "#id_entries-0-summary").locator("strong")).to_have_text(
        ["bold words 1", "more"]
    )
    editor.locator("input[name=_continue]").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("was added successfully")
    issue = Issue.objects.get(year=year, week=week)
    assert issue.entries.count() == 3
    first_entry = issue.entries.get(position=1)
    assert sorted(tag.name for tag in first_entry.tags.all()) == ["AI", "人工智能"]

    # Picks: the pick row offers the saved entries.
    editor.get_by_role("button", name="Add another Pick").click()
    entry_choice = editor.locator("#id_picks-0-entry")
    expect(entry_choice.locator("option")).to_have_text(
        ["---------", *(headline for headline, *_ in ENTRIES)]
    )
    entry_choice.select_option(label=ENTRIES[0][0])
    editor.fill("#id_picks-0-position", "1")
    editor.fill("#id_picks-0-blurb", "Our favourite this week")
    editor.locator("input[name=_continue]").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert [pick.entry.headline for pick in issue.picks.all()] == [ENTRIES[0][0]]

    # Unsaved typing disables the status buttons (they act on the saved issue).
    buttons = editor.locator(".workflow-actions button")
    for button in buttons.all():
        expect(button).to_be_enabled()
    editor.locator("#id_title").press_sequentially("Unsaved")
    for button in buttons.all():
        expect(button).to_be_disabled()
    expect(editor.locator(".workflow-dirty")).to_be_visible()

    # Reopened without the unsaved change: schedule it for the chosen time.
    editor.goto(f"/admin/digest/issue/{issue.pk}/change/")
    schedule = editor.locator("button.workflow-schedule")
    expect(schedule).to_be_enabled()
    expect(schedule).to_contain_text(f"Schedule for {publish_at:%a %-d %b}")
    expect(schedule).to_contain_text(f"{publish_at:%H:%M} (Asia/Tokyo)")
    schedule.click()
    # One pick where issues usually have three: the pre-publish checklist asks first.
    expect(editor.locator(".checklist")).to_contain_text("Fewer picks than usual")
    editor.locator("button[name=confirm]").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("the issue is now scheduled")
    expect(editor.locator(".workflow-state")).to_contain_text("Not visible to readers")

    # The editor's preview of the scheduled issue, in a new tab.
    with editor.context.expect_page() as new_tab:
        editor.get_by_role("link", name="Preview").click()
    preview = new_tab.value
    preview.wait_for_load_state()
    expect(preview.locator(".preview-banner")).to_contain_text("Preview — not published")
    expect(preview.locator("h1")).to_have_text(title)
    expect(preview.locator(".picks a")).to_have_text(["Our favourite this week"])

    # A reader cannot see it before its time...
    reader = new_context(locale=ENGLISH).new_page()
    response = reader.goto(issue_path)
    assert response.status == 404
    expect(reader.locator("h1")).to_have_text("Page not found")

    # ...and sees it, without a preview banner, once its time has come.
    with time_machine.travel(publish_at + datetime.timedelta(minutes=1), tick=True):
        response = reader.goto(issue_path)
        assert response.status == 200
        expect(reader.locator("h1")).to_have_text(title)
        expect(reader.locator(".preview-banner")).to_have_count(0)
        expect(reader.locator(".entry-headline")).to_contain_text(
            [headline for headline, *_ in ENTRIES]
        )
        expect(reader.locator(".entry-summary strong").first).to_have_text("bold words 1")
        expect(reader.locator(".tag-list a")).to_have_count(2)
        assert sorted(reader.locator(".tag-list a").all_inner_texts()) == ["AI", "人工智能"]
        reader.goto("/")
        expect(reader.locator("h1.issue-title")).to_have_text(title)
        editor.reload()
        expect(editor.locator(".workflow-state strong")).to_have_text("Visible to readers")
