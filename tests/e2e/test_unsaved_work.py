"""An editor's unsaved work in the issue form, in a real browser: leaving the page asks first,
the status buttons wait until the work is saved, and a save refused because someone else saved
meanwhile comes back with the editor's text, ready to be saved again."""

import re

import pytest
from playwright.sync_api import expect

from digest import history
from digest.models import Issue
from tests.e2e.browsing import ENGLISH, LIVE_DB, log_in
from tests.factories import make_entry, make_issue, make_pick

pytestmark = LIVE_DB

CHANGE_PAGE = re.compile(r"/admin/digest/issue/\d+/change/$")


@pytest.fixture
def issue(editor_user):
    issue = make_issue(week=47, status=Issue.Status.DRAFT, intro="Saved intro.")
    entry = make_entry(issue, headline="Saved headline", summary="Saved summary.")
    make_pick(issue, entry)
    history.record_version(Issue.objects.get(pk=issue.pk), editor_user, "Created.")
    return issue


@pytest.fixture
def editor(new_context, editor_user, issue):
    """The editor's page, on the issue's change form."""
    page = new_context(locale=ENGLISH).new_page()
    log_in(page, editor_user, next_path=f"/admin/digest/issue/{issue.pk}/change/")
    return page


class Dialogs:
    """Answers the page's dialogs (stay on the page, or leave) and remembers their kinds."""

    def __init__(self, page):
        self.kinds = []
        self.leave = False
        page.on("dialog", self.answer)

    def answer(self, dialog):
        self.kinds.append(dialog.type)
        if self.leave:
            dialog.accept()
        else:
            dialog.dismiss()


def status_buttons(page):
    return page.locator(".workflow-panel form button")


def expect_status_buttons(page, enabled):
    buttons = status_buttons(page)
    expect(buttons.first).to_be_visible()
    for button in buttons.all():
        if enabled:
            expect(button).to_be_enabled()
        else:
            expect(button).to_be_disabled()
    note = page.locator(".workflow-dirty")
    if enabled:
        expect(note).to_be_hidden()
    else:
        expect(note).to_be_visible()


def test_leaving_with_unsaved_text_asks_first_and_staying_keeps_it(editor):
    dialogs = Dialogs(editor)

    # Nothing typed: leaving does not ask.
    editor.get_by_role("link", name="Versions").click()
    expect(editor).to_have_url(re.compile(r"/versions/$"))
    editor.go_back()
    expect(editor).to_have_url(CHANGE_PAGE)
    assert dialogs.kinds == []

    editor.locator("#id_intro").press_sequentially(" And unsaved words.")
    expect_status_buttons(editor, enabled=False)
    editor.get_by_role("link", name="Versions").click()

    expect(editor).to_have_url(CHANGE_PAGE)
    assert dialogs.kinds == ["beforeunload"]
    expect(editor.locator("#id_intro")).to_have_value(re.compile("And unsaved words."))

    dialogs.leave = True
    editor.get_by_role("link", name="Versions").click()
    expect(editor).to_have_url(re.compile(r"/versions/$"))
    assert dialogs.kinds == ["beforeunload", "beforeunload"]


def test_an_entry_summary_counts_and_undoing_the_change_counts_too(editor):
    dialogs = Dialogs(editor)
    editor.locator("#entries-0 .entry-toggle").click()  # saved entries are folded to one line
    summary = editor.locator("#id_entries-0-summary")

    summary.fill("A different summary.")
    expect_status_buttons(editor, enabled=False)
    summary.fill("Saved summary.")
    expect_status_buttons(editor, enabled=True)

    editor.locator("#id_entries-0-DELETE").check()
    expect_status_buttons(editor, enabled=False)
    editor.get_by_role("link", name="Publication calendar").first.click()
    expect(editor).to_have_url(CHANGE_PAGE)
    assert dialogs.kinds == ["beforeunload"]


def test_saving_does_not_ask(editor, issue):
    dialogs = Dialogs(editor)

    editor.locator("#id_intro").fill("Saved again.")
    editor.locator("input[name=_continue]").click()

    expect(editor.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert dialogs.kinds == []
    expect_status_buttons(editor, enabled=True)
    assert Issue.objects.get(pk=issue.pk).intro == "Saved again."


def test_a_form_sent_back_with_errors_holds_unsaved_work(editor):
    dialogs = Dialogs(editor)
    editor.locator("#id_intro").fill("Typed, then refused.")
    editor.fill("#id_week", "60")
    editor.locator("input[name=_continue]").click()

    expect(editor.locator(".errornote").first).to_be_visible()
    expect(editor.locator("#id_intro")).to_have_value("Typed, then refused.")
    expect_status_buttons(editor, enabled=False)
    editor.locator("h1").click()  # any click: browsers ask before leaving only after one
    editor.get_by_role("link", name="Versions").click()

    expect(editor).to_have_url(CHANGE_PAGE)
    assert dialogs.kinds == ["beforeunload"]


def test_a_stale_save_comes_back_with_the_editors_text_and_saves_on_the_next_click(editor, issue):
    editor.locator("#id_intro").fill("My intro.")
    # Meanwhile someone else changes the title.
    other = Issue.objects.get(pk=issue.pk)
    other.title = "Someone else's title"
    other.save()
    history.record_version(other, None, "Changed Title.")

    editor.locator("input[name=_continue]").click()

    expect(editor.locator(".errorlist.nonfield")).to_contain_text("your changes were NOT saved")
    comparison = editor.locator("table.stale-comparison")
    expect(comparison).to_contain_text("My intro.")
    expect(comparison).to_contain_text("Someone else's title")
    expect(editor.locator("#id_intro")).to_have_value("My intro.")
    expect(editor.locator("#id_title")).to_have_value("Someone else's title")
    expect_status_buttons(editor, enabled=False)

    editor.locator("input[name=_continue]").click()

    expect(editor.locator(".messagelist .success")).to_contain_text("was changed successfully")
    saved = Issue.objects.get(pk=issue.pk)
    assert (saved.title, saved.intro) == ("Someone else's title", "My intro.")


def test_publish_now_asks_for_confirmation(new_context, editor_user):
    issue = make_issue(week=48, status=Issue.Status.DRAFT)
    make_entry(issue)
    editor = new_context(locale=ENGLISH).new_page()
    log_in(editor, editor_user, next_path=f"/admin/digest/issue/{issue.pk}/change/")

    editor.locator("button.workflow-publish").click()

    expect(editor.locator(".transition-confirmation")).to_contain_text(
        "Readers see the issue as soon as you confirm"
    )
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.DRAFT
    editor.locator("button[name=confirm]").click()
    expect(editor.locator(".messagelist .success")).to_contain_text("now published")
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.PUBLISHED
