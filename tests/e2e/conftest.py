"""Browser end-to-end tests: Playwright (Python) drives Debian's Chromium against the live server.

`make e2e` runs them; tests/conftest.py collects this folder only when DIGEST_E2E is set.
Every test gets fresh browser contexts (cookies, storage) and a transactional database that the
live server thread can see, reset after the test with the migration-created sections and groups
kept (serialized_rollback).
"""

import contextlib
import io
import os

import pytest
from django.core.management import call_command
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect, sync_playwright

from accounts.roles import EDITOR
from tests.e2e.browsing import CHINESE, DESKTOP, staff_member

# Playwright's sync API keeps an event loop in this thread, which Django would otherwise take
# for async code and refuse the test's own database queries.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

expect.set_options(timeout=10_000)


@pytest.fixture(autouse=True)
def chinese_site(settings):
    """In the browser the site keeps its real default language, Chinese (the test settings
    read in English); readers reach English under /en/."""
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture(autouse=True)
def served_media(settings):
    """The live server also serves uploaded files (entry images)."""
    settings.ROOT_URLCONF = "tests.e2e.urls"


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """new_context(locale=..., **options): a fresh browser context on the live server, closed
    after the test. An uncaught JavaScript error in any of its pages fails the test."""
    contexts, errors = [], []

    def make(locale=CHINESE, **options):
        options.setdefault("viewport", DESKTOP["viewport"])
        context = browser.new_context(base_url=live_server.url, locale=locale, **options)
        context.set_default_timeout(10_000)
        context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(error)))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        for open_page in context.pages:
            # Requests the page's scripts send after it loaded (Markdown previews, say) must
            # end before the test's database is emptied, or the flush finds a table locked.
            with contextlib.suppress(PlaywrightTimeoutError):
                open_page.wait_for_load_state("networkidle")
        context.close()
    assert not errors, f"JavaScript errors in the pages: {errors}"


@pytest.fixture
def page(new_context):
    """A page for a Chinese-speaking reader (the site's default language), desktop size."""
    return new_context().new_page()


@pytest.fixture
def demo_archive():
    """The demo archive: 12 published issues, 2020-W45 to 2021-W03, with images and tags."""
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def editor_user(django_user_model):
    """A staff member of the Editor group."""
    return staff_member(django_user_model, "editor", EDITOR)
