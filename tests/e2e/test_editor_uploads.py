"""Dropping files into the Markdown editor, in a real browser: a picture is uploaded and its
Markdown inserted; a refused file (a PDF, a picture over the size limit) leaves the text as it
was and the reason is shown under the editor."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

from tests.e2e.browsing import ENGLISH, LIVE_DB, log_in

pytestmark = LIVE_DB

SUMMARY = "#id_summary"


def png_bytes(size=(8, 8)):
    """A PNG as a list of byte values; stored uncompressed, so it takes about 3 bytes a pixel."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG", compress_level=0)
    return list(buffer.getvalue())


def drop_file(page, selector, name, mime, data):
    """Drop a file with `data` (a list of byte values) on the element, as a user would."""
    transfer = page.evaluate_handle(
        """([name, mime, data]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(data)], name, { type: mime }));
            return transfer;
        }""",
        [name, mime, data],
    )
    page.dispatch_event(selector, "drop", {"dataTransfer": transfer})


def open_entry_form(new_context, editor_user):
    page = new_context(locale=ENGLISH).new_page()
    log_in(page, editor_user, next_path="/admin/digest/entry/add/")
    page.locator(SUMMARY).fill("Before the drop.")
    return page


def problem_shown(page):
    return page.locator(".markdownx .markdownx-upload-error")


def test_a_dropped_pdf_is_refused_with_its_reason_and_the_text_is_untouched(
    new_context, editor_user
):
    page = open_entry_form(new_context, editor_user)

    drop_file(page, SUMMARY, "paper.pdf", "application/pdf", list(b"%PDF-1.4\n%%EOF\n"))

    expect(problem_shown(page)).to_contain_text("This file is not an image that can be shown")
    expect(page.locator(SUMMARY)).to_have_value("Before the drop.")


def test_a_picture_over_the_size_limit_is_refused_before_it_is_sent(
    new_context, editor_user, settings
):
    settings.DIGEST_UPLOAD_MAX_BYTES = 512 * 1024
    page = open_entry_form(new_context, editor_user)

    drop_file(page, SUMMARY, "big.png", "image/png", png_bytes((500, 500)))

    expect(problem_shown(page)).to_have_text("The image is larger than 0.5 MB.")
    expect(page.locator(SUMMARY)).to_have_value("Before the drop.")


def test_a_dropped_picture_is_uploaded_and_its_markdown_inserted(new_context, editor_user):
    page = open_entry_form(new_context, editor_user)
    page.locator(SUMMARY).press("End")

    drop_file(page, SUMMARY, "figure.png", "image/png", png_bytes())

    expect(page.locator(SUMMARY)).to_have_value(
        re.compile(r"^Before the drop\.!\[\]\(/media/uploads/\d{4}/[0-9a-f]{32}\.png\)$")
    )
    expect(problem_shown(page)).to_have_count(0)
