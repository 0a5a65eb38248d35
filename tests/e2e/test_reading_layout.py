"""What a reader sees, measured in Chromium on a phone (390 px) and a desktop (1280 × 800), in
light and dark colours and on paper: where the first entry of an issue starts, that nothing
moves while any page is read (layout shift), where the contents and the copy-link buttons sit,
that Chinese is never slanted, that a missing figure leaves a visible note, and what printing
leaves out and adds. The figures go to test-artifacts/measurements/."""

import pytest
from playwright.sync_api import expect

from digest.models import Entry
from tests.e2e.browsing import (
    DESKTOP,
    LIVE_DB,
    PHONE,
    READER_PAGES,
    SCHEMES,
    SIZES,
    LatePictures,
    keep_measurements,
)

pytestmark = LIVE_DB

ISSUE = READER_PAGES["issue"]
# Google's threshold of a "good" cumulative layout shift is 0.1; pages must stay under half.
MAX_LAYOUT_SHIFT = 0.05

BOX = """(element) => {
    const box = element.getBoundingClientRect();
    return {top: box.top + window.scrollY, bottom: box.bottom + window.scrollY,
            left: box.left, right: box.right, height: box.height};
}"""


def box(locator):
    """Where an element is on the page (top and bottom from the page's top), in CSS pixels."""
    return locator.evaluate(BOX)


@pytest.mark.parametrize("size", SIZES)
def test_first_entry_of_an_issue_starts_within_the_first_screen(new_context, demo_archive, size):
    options = SIZES[size]
    page = new_context(**options).new_page()
    page.goto(ISSUE)

    entry = box(page.locator("article.entry").first)
    headline = box(page.locator("article.entry .entry-headline").first)
    screen = options["viewport"]["height"]
    keep_measurements(
        f"first-entry-{size}",
        {"entry top": round(entry["top"]), "headline bottom": round(headline["bottom"]),
         "screen height": screen},
    )  # fmt: skip
    assert headline["bottom"] <= screen, (
        f"the first headline ends {headline['bottom']:.0f} px down, below the {screen} px screen"
    )


@pytest.mark.parametrize("size", SIZES)
def test_nothing_moves_while_a_reader_scrolls_through_any_page(new_context, demo_archive, size):
    context = new_context(**SIZES[size])
    pictures = LatePictures(context)
    page = context.new_page()

    shifts = {}
    for name, path in READER_PAGES.items():
        shifts[name] = round(pictures.layout_shift_while_scrolling(page, path), 4)

    keep_measurements(f"layout-shift-{size}", shifts)
    moving = {name: shift for name, shift in shifts.items() if shift >= MAX_LAYOUT_SHIFT}
    assert not moving, f"layout shift of {MAX_LAYOUT_SHIFT} or more while scrolling: {moving}"


def test_contents_are_folded_on_a_phone(new_context, demo_archive):
    page = new_context(**PHONE).new_page()
    page.goto(ISSUE)

    contents = page.locator(".toc-details")
    expect(contents).not_to_have_attribute("open", "")
    first_link = contents.locator("ol a").first
    expect(first_link).to_be_hidden()
    assert box(contents)["height"] < 60
    contents.locator("summary").click()
    expect(first_link).to_be_visible()


def test_contents_stay_beside_the_text_on_a_desktop(new_context, demo_archive):
    page = new_context(**DESKTOP).new_page()
    page.goto(ISSUE)

    contents = page.locator(".toc-details")
    expect(contents).to_have_attribute("open", "")
    expect(contents.locator("ol a").first).to_be_in_viewport()
    text = box(page.locator("article.entry").first)
    assert box(contents)["left"] >= text["right"], "the contents sit to the right of the text"
    page.locator("article.entry").last.scroll_into_view_if_needed()
    expect(contents.locator("summary")).to_be_in_viewport()


@pytest.mark.parametrize("size", SIZES)
def test_copy_link_buttons_share_the_source_line(new_context, demo_archive, size):
    page = new_context(**SIZES[size]).new_page()
    page.goto(ISSUE)

    lines = page.locator("article.entry").evaluate_all(
        """(entries) => entries.map((entry) => {
            const copy = entry.querySelector(".copy-link");
            const button = copy.getBoundingClientRect();
            const source = entry.querySelector(".entry-source").getBoundingClientRect();
            return {id: entry.id, visible: button.height > 0 && !copy.hidden,
                    sameLine: button.top < source.top + 24 && button.bottom > source.top};
        })"""
    )
    assert lines and all(line["visible"] for line in lines), lines
    alone = [line["id"] for line in lines if not line["sameLine"]]
    assert not alone, f"copy-link buttons on a line of their own: {alone}"


def test_chinese_text_is_never_slanted(page, demo_archive):
    page.goto(ISSUE)

    styles = page.evaluate(
        """() => {
            const emphasis = document.createElement("em");
            emphasis.textContent = "强调";
            document.querySelector(".entry-summary").append(emphasis);
            return {
                original: getComputedStyle(document.querySelector(".entry-original")).fontStyle,
                emphasis: getComputedStyle(emphasis).fontStyle,
            };
        }"""
    )

    assert styles == {"original": "normal", "emphasis": "normal"}


def test_a_figure_that_was_not_imported_leaves_a_visible_note(page, demo_archive):
    entry = Entry.objects.filter(issue__year=2021, issue__week=3).exclude(image="").first()
    Entry.objects.filter(pk=entry.pk).update(
        image="", image_width=None, image_height=None, missing_image="img/figure-1.png"
    )

    page.goto(ISSUE)

    note = page.locator(f"article.entry[id='{entry.slug}'] .entry-image-missing")
    expect(note).to_be_visible()
    expect(note).to_contain_text("图片暂缺")
    assert box(note)["height"] >= 40


@pytest.mark.parametrize("scheme", SCHEMES)
def test_colours_follow_the_readers_preference(new_context, demo_archive, scheme):
    page = new_context(color_scheme=scheme).new_page()
    page.goto(ISSUE)

    lightness = page.evaluate(
        """() => {
            // Relative luminance (WCAG) of an element's computed colour property.
            const luminance = (element, property) => {
                const [r, g, b] = getComputedStyle(element)[property].match(/\\d+/g)
                    .map((c) => Number(c) / 255)
                    .map((c) => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            return {background: luminance(document.body, "backgroundColor"),
                    text: luminance(document.body, "color")};
        }"""
    )

    if scheme == "dark":
        assert lightness["background"] < 0.05 < 0.5 < lightness["text"], lightness
    else:
        assert lightness["text"] < 0.05 < 0.9 < lightness["background"], lightness


@pytest.mark.parametrize("scheme", SCHEMES)
def test_printing_leaves_out_navigation_and_buttons_and_prints_where_links_lead(
    new_context, demo_archive, scheme
):
    page = new_context(color_scheme=scheme).new_page()
    page.emulate_media(media="print")
    page.goto(ISSUE)

    for selector in (".site-nav", ".site-search", ".language-switch", ".copy-link", ".toc",
                     ".week-nav", ".issue-nav", ".site-footer"):  # fmt: skip
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    source = page.locator(".entry-link").first
    printed_after = source.evaluate("(link) => getComputedStyle(link, '::after').content")
    assert source.get_attribute("href") in printed_after
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(255, 255, 255)", "paper stays white whatever the screen prefers"
    assert page.pdf(format="A4").startswith(b"%PDF")
