"""Counting what a person does in the browser, for journeys that promise a number of actions.

An action is a click (a drag counts as one), a field typed or chosen (a file chosen, a prompt
answered), or a page opened by its address. Full page loads are counted apart, whatever caused
them, so that a step can promise to need none. Each step can leave a screenshot in
test-artifacts/screenshots/<journey>/ (with DIGEST_DOCS_SCREENSHOTS=1 also a small copy in
docs/screenshots/<journey>/, which docs/editors.md shows).
"""

import os

from tests.e2e.browsing import ARTIFACTS, DOCS_SCREENSHOTS, save_small_copy


class Actions:
    def __init__(self, journey):
        self.clicks = self.fields = self.opened = self.loads = 0
        self.folder = ARTIFACTS / "screenshots" / journey
        self.folder.mkdir(parents=True, exist_ok=True)
        self.shots = 0

    @property
    def total(self):
        return self.clicks + self.fields + self.opened

    def __str__(self):
        return (
            f"{self.total} actions ({self.clicks} clicks, {self.fields} fields, "
            f"{self.opened} pages opened by address); {self.loads} full page loads"
        )

    def watch(self, page):
        """Count the full page loads of `page` (and of the tabs it opens)."""
        page.on("load", lambda _page: self._loaded())
        page.context.on("page", lambda tab: tab.on("load", lambda _page: self._loaded()))
        return page

    def _loaded(self):
        self.loads += 1

    def goto(self, page, path):
        self.opened += 1
        return page.goto(path)

    def click(self, locator, **options):
        self.clicks += 1
        locator.click(**options)

    def drag(self, source, target, **options):
        self.clicks += 1
        source.drag_to(target, **options)

    def fill(self, locator, text):
        self.fields += 1
        locator.fill(text)

    def select(self, locator, label):
        self.fields += 1
        locator.select_option(label=label)

    def choose_files(self, chooser, files):
        self.fields += 1
        chooser.set_files(files)

    def answer_next_prompt(self, page, text):
        """Answer the next prompt the page shows with `text` (typed by the person)."""

        def answer(dialog):
            self.fields += 1
            dialog.accept(text)

        page.once("dialog", answer)

    def screenshot(self, page, name):
        self.shots += 1
        shot = self.folder / f"{self.shots:02d}-{name}.png"
        page.screenshot(path=shot)
        if os.environ.get("DIGEST_DOCS_SCREENSHOTS"):
            docs = DOCS_SCREENSHOTS / self.folder.name
            docs.mkdir(parents=True, exist_ok=True)
            save_small_copy(shot, docs / shot.name, 640)
