"""Pictures in the Markdown editor, in a real browser, dropped or chosen with the "Insert an
image…" button: a picture is uploaded and inserted on a line of its own with the description
the editor gives when asked; a refused file (a PDF, a picture over the size limit) leaves the
text as it was and the reason is shown under the editor."""

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


def answer_prompts(page, answer):
    """Answer the page's prompts (the picture's description) with `answer`; None cancels."""
    asked = []

    def reply(dialog):
        asked.append(dialog.message)
        if answer is None:
            dialog.dismiss()
        else:
            dialog.accept(answer)

    page.on("dialog", reply)
    return asked


def test_a_dropped_picture_is_uploaded_and_inserted_on_its_own_line_with_its_description(
    new_context, editor_user
):
    page = open_entry_form(new_context, editor_user)
    asked = answer_prompts(page, "A red [square]")
    page.locator(SUMMARY).press("End")

    drop_file(page, SUMMARY, "figure.png", "image/png", png_bytes())

    expect(page.locator(SUMMARY)).to_have_value(
        re.compile(
            r"^Before the drop\.\n\n!\[A red \\\[square\\\]\]"
            r"\(/media/uploads/\d{4}/[0-9a-f]{32}\.png\)\n$"
        )
    )
    assert asked == ["Describe the image for readers who cannot see it (its alt text):"]
    expect(problem_shown(page)).to_have_count(0)


def test_the_insert_button_uploads_a_chosen_picture_between_paragraphs(new_context, editor_user):
    page = open_entry_form(new_context, editor_user)
    answer_prompts(page, "A chart of results")
    page.locator(SUMMARY).fill("First paragraph.\nSecond paragraph.")
    page.locator(SUMMARY).evaluate("editor => editor.setSelectionRange(17, 17)")

    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Insert an image…").click()
    chooser.value.set_files(
        {"name": "chart.png", "mimeType": "image/png", "buffer": bytes(png_bytes())}
    )

    expect(page.locator(SUMMARY)).to_have_value(
        re.compile(
            r"^First paragraph\.\n\n!\[A chart of results\]\(/media/uploads/\S+\.png\)\n\n"
            r"Second paragraph\.$"
        )
    )
    expect(page.locator(".markdownx-preview img")).to_have_attribute("alt", "A chart of results")


def test_cancelling_the_description_inserts_nothing(new_context, editor_user):
    page = open_entry_form(new_context, editor_user)
    asked = answer_prompts(page, None)

    with page.expect_response(lambda response: "markdownx" in response.url):
        drop_file(page, SUMMARY, "figure.png", "image/png", png_bytes())
    # The editor is dimmed while the picture is sent, until the answer is handled.
    page.wait_for_function(f"() => document.querySelector('{SUMMARY}').style.opacity === ''")

    assert len(asked) == 1
    expect(page.locator(SUMMARY)).to_have_value("Before the drop.")
