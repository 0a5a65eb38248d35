"""Screenshots of every kind of reader page at phone and desktop widths, and of the issue page
in dark colours, saved as test artifacts (test-artifacts/screenshots/<page>-<width>.png). The
pages must fit the width.

With DIGEST_DOCS_SCREENSHOTS=1 the run also refreshes the small copies in docs/screenshots/
that the README shows (viewport only, 256 colours).
"""

import os

import pytest
from PIL import Image

from tests.e2e.browsing import (
    ARTIFACTS,
    DOCS_SCREENSHOTS,
    LIVE_DB,
    READER_PAGES,
    SIZES,
    load_all_images,
    save_small_copy,
)

pytestmark = LIVE_DB

PAGES = {name: path for name, path in READER_PAGES.items() if name != "not-found"}


@pytest.mark.parametrize("size", SIZES)
def test_every_reader_page_type_is_photographed_and_fits_the_screen(
    new_context, demo_archive, size
):
    options = SIZES[size]
    width = options["viewport"]["width"]
    light = new_context(**options).new_page()
    dark = new_context(color_scheme="dark", **options).new_page()
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    update_docs = bool(os.environ.get("DIGEST_DOCS_SCREENSHOTS"))
    too_wide = {}
    shots = [(name, path, light) for name, path in PAGES.items()]
    shots.append(("issue-dark", READER_PAGES["issue"], dark))
    for name, path, page in shots:
        response = page.goto(path)
        assert response.status == 200, path
        load_all_images(page)
        shot = folder / f"{name}-{width}.png"
        page.screenshot(path=shot, full_page=True, timeout=60_000)
        with Image.open(shot) as image:
            assert image.width == width * options.get("device_scale_factor", 1)
        page_width = page.evaluate("document.documentElement.scrollWidth")
        if page_width > width:
            too_wide[name] = page_width
        if update_docs:
            if name == "home":
                # Its top is the latest issue, as on the issue page: show what only home has.
                page.locator("#recent-heading").scroll_into_view_if_needed()
            viewport_shot = folder / f"{name}-{width}-viewport.png"
            page.screenshot(path=viewport_shot)
            DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            save_small_copy(viewport_shot, DOCS_SCREENSHOTS / f"{name}-{size}.png", width)
    assert not too_wide, f"pages wider than the {width}px screen: {too_wide}"
