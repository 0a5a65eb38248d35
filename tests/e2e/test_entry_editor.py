"""The compact entry editor of the issue form, in a real browser: rows folded to one line,
ordering by dragging and by the ↑ ↓ buttons within and across sections, ★ picks — all without
reloading the page, and saved with the issue."""

import io

from PIL import Image
from playwright.sync_api import expect

from digest.models import Issue
from tests.e2e.browsing import ENGLISH, LIVE_DB, log_in
from tests.factories import make_entry, make_issue, make_pick

pytestmark = LIVE_DB


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 90, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def headlines(page):
    return page.locator("#entries-group .entry-row:not(.empty-form) .entry-headline")


def test_entries_fold_reorder_and_become_picks_without_a_reload(new_context, editor_user):
    issue = make_issue(week=30, status=Issue.Status.DRAFT)
    first = make_entry(issue, "papers", headline="Paper one", position=1)
    second = make_entry(issue, "papers", headline="Paper two", position=2)
    article = make_entry(issue, "articles", headline="Article one", position=1)
    make_pick(issue, first, position=1, blurb="The first pick")
    page = new_context(locale=ENGLISH).new_page()
    log_in(page, editor_user, next_path=f"/admin/digest/issue/{issue.pk}/change/")
    page.evaluate("window.notReloaded = true")

    # Folded: one line each, in section and position order; a click opens a row.
    expect(headlines(page)).to_have_text(["Paper one", "Paper two", "Article one"])
    row = page.locator("#entries-group .entry-row", has_text="Paper two")
    expect(row.locator(".entry-body")).to_be_hidden()
    expect(row.locator(".entry-domain")).to_have_text("arxiv.org")
    row.locator(".entry-toggle").click()
    expect(row.locator(".entry-body")).to_be_visible()
    expect(row.locator(".entry-toggle")).to_have_attribute("aria-expanded", "true")
    row.locator(".entry-toggle").click()
    expect(row.locator(".entry-body")).to_be_hidden()

    # The saved pick shows its star and text; ★ on another row makes it a pick.
    expect(
        page.locator(".entry-row", has_text="Paper one").locator("input[name$=is_pick]")
    ).to_be_checked()
    article_row = page.locator("#entries-group .entry-row", has_text="Article one")
    article_row.locator(".entry-star").click()
    article_row.locator("input[name$=pick_blurb]").fill("Read this one")

    # Drag "Article one" above "Paper one": it moves to the papers section, first.
    article_row.locator(".entry-handle").drag_to(
        page.locator("#entries-group .entry-row", has_text="Paper one"),
        target_position={"x": 20, "y": 2},
    )
    expect(headlines(page)).to_have_text(["Article one", "Paper one", "Paper two"])
    expect(article_row.locator(".entry-section")).to_have_text("Machine Learning Papers")
    # The keyboard: "Paper two" up one place, then past the section's top is not possible.
    page.locator("#entries-group .entry-row", has_text="Paper two").locator(".entry-up").click()
    expect(headlines(page)).to_have_text(["Article one", "Paper two", "Paper one"])
    page.locator("#entries-group .entry-row", has_text="Paper one").locator(".entry-down").click()
    # At the end of the papers, ↓ moves it into the next section.
    expect(
        page.locator("#entries-group .entry-row", has_text="Paper one").locator(".entry-section")
    ).to_have_text("Technical Articles")
    assert page.evaluate("window.notReloaded") is True

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    order = [
        (entry.section.slug, entry.position, entry.headline)
        for entry in issue.entries.select_related("section").order_by(
            "section__position", "position"
        )
    ]
    assert order == [
        ("papers", 1, "Article one"),
        ("papers", 2, "Paper two"),
        ("articles", 1, "Paper one"),
    ]
    assert {pick.entry_id: pick.blurb for pick in issue.picks.all()} == {
        first.pk: "The first pick",
        article.pk: "Read this one",
    }
    assert second.pk not in issue.picks.values_list("entry_id", flat=True)


def test_a_form_sent_back_with_errors_keeps_the_order_the_stars_and_the_chosen_picture(
    new_context, editor_user
):
    issue = make_issue(week=31, status=Issue.Status.DRAFT)
    make_entry(issue, "papers", headline="Paper one", position=1)
    make_entry(issue, "papers", headline="Paper two", position=2)
    page = new_context(locale=ENGLISH).new_page()
    log_in(page, editor_user, next_path=f"/admin/digest/issue/{issue.pk}/change/")

    page.locator("#entries-1 .entry-up").click()
    page.locator("#entries-1 .entry-star").click()
    page.get_by_role("button", name="Add another Entry").click()
    new_row = page.locator("#entries-2")
    expect(new_row.locator("select[name$=section]")).to_have_value(
        page.locator("#id_entries-0-section").input_value()
    )
    new_row.locator("#id_entries-2-image").set_input_files(
        {"name": "chart.png", "mimeType": "image/png", "buffer": png()}
    )
    # No headline: the form comes back.
    page.locator("input[name=_continue]").click()

    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Entry 3: Headline: This field is required.")
    expect(headlines(page)).to_have_text(["Paper two", "Paper one", "New entry"])
    expect(page.locator("#id_entries-1-is_pick")).to_be_checked()
    expect(page.locator("#entries-2 .staged-image")).to_contain_text("chart.png")
    expect(page.locator("#entries-2 .entry-markers")).to_contain_text("image")
    expect(page.locator("#entries-0 .entry-body")).to_be_hidden()
    summary.get_by_role("link").first.click()
    expect(page.locator("#entries-2 .entry-body")).to_be_visible()

    page.locator("#id_entries-2-headline").fill("With a chart")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert [e.headline for e in issue.entries.order_by("position")] == [
        "Paper two",
        "Paper one",
        "With a chart",
    ]
    assert issue.entries.get(headline="With a chart").image.name.endswith(".png")
    assert [pick.entry.headline for pick in issue.picks.all()] == ["Paper two"]
