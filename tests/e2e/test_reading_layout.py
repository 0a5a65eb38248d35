"""What a reader sees, measured in Chromium on a phone (390 × 844) and a desktop (1280 × 800), in
light and dark colours and on paper: where the first entry of an issue starts and where the
contents and copy-link buttons sit, that nothing moves while any page is read (layout shift),
that Chinese is never slanted, that a missing figure leaves a visible note, and what printing
leaves out and adds. The figures go to test-artifacts/measurements/.

Each test loads the demo archive anew, which costs more than most checks: checks of the same
page share a test.
"""

import pytest
from playwright.sync_api import expect

from digest.models import Entry
from tests.e2e.browsing import (
    LIVE_DB,
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
# Relative luminance (WCAG) of a computed colour, 0 (black) to 1 (white).
LUMINANCE = """(colour) => {
    const [r, g, b] = colour.match(/\\d+/g).slice(0, 3)
        .map((c) => Number(c) / 255)
        .map((c) => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def box(locator):
    """Where an element is on the page (top and bottom from the page's top), in CSS pixels."""
    return locator.evaluate(BOX)


def luminance(page, selector, property_name):
    colour = page.locator(selector).first.evaluate(
        "(element, name) => getComputedStyle(element)[name]", property_name
    )
    return page.evaluate(LUMINANCE, colour)


def copy_links_off_the_source_line(page):
    """The anchors of entries whose copy-link button is hidden or not on the source line."""
    lines = page.locator("article.entry").evaluate_all(
        """(entries) => entries.map((entry) => {
            const copy = entry.querySelector(".copy-link");
            const button = copy.getBoundingClientRect();
            const source = entry.querySelector(".entry-source").getBoundingClientRect();
            return {id: entry.id, shown: button.height > 0 && !copy.hidden,
                    sameLine: button.top < source.top + 24 && button.bottom > source.top};
        })"""
    )
    assert lines
    return [line["id"] for line in lines if not (line["shown"] and line["sameLine"])]


@pytest.mark.parametrize("size", SIZES)
def test_an_issue_starts_its_entries_on_the_first_screen_with_the_contents_out_of_the_way(
    new_context, demo_archive, size
):
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

    contents = page.locator(".toc-details")
    first_link = contents.locator("ol a").first
    if size == "phone":
        # Folded: one line until the reader opens it.
        expect(contents).not_to_have_attribute("open", "")
        expect(first_link).to_be_hidden()
        assert box(contents)["height"] < 60
        contents.locator("summary").click()
        expect(first_link).to_be_visible()
    else:
        # Open beside the text, and still there at the last entry.
        expect(contents).to_have_attribute("open", "")
        expect(first_link).to_be_in_viewport()
        assert box(contents)["left"] >= box(page.locator("article.entry").first)["right"]
        page.locator("article.entry").last.scroll_into_view_if_needed()
        expect(contents.locator("summary")).to_be_in_viewport()

    alone = copy_links_off_the_source_line(page)
    assert not alone, f"copy-link buttons hidden or on a line of their own: {alone}"


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


def test_chinese_stays_upright_and_a_missing_figure_leaves_a_visible_note(page, demo_archive):
    entry = Entry.objects.filter(issue__year=2021, issue__week=3).exclude(image="").first()
    Entry.objects.filter(pk=entry.pk).update(
        image="", image_width=None, image_height=None, missing_image="img/figure-1.png"
    )

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
    note = page.locator(f"article.entry[id='{entry.slug}'] .entry-image-missing")
    expect(note).to_be_visible()
    expect(note).to_contain_text("图片暂缺")
    assert box(note)["height"] >= 40


@pytest.mark.parametrize("scheme", SCHEMES)
def test_screen_colours_follow_the_reader_and_paper_gets_the_text_and_where_links_lead(
    new_context, demo_archive, scheme
):
    page = new_context(color_scheme=scheme).new_page()
    page.goto(ISSUE)

    background = luminance(page, "body", "backgroundColor")
    text = luminance(page, "body", "color")
    if scheme == "dark":
        assert background < 0.05 and text > 0.5, (background, text)
    else:
        assert background > 0.9 and text < 0.05, (background, text)

    page.emulate_media(media="print")
    for selector in (".site-nav", ".site-search", ".language-switch", ".copy-link", ".toc",
                     ".week-nav", ".issue-nav", ".site-footer"):  # fmt: skip
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    source = page.locator(".entry-link").first
    printed_after = source.evaluate("(link) => getComputedStyle(link, '::after').content")
    assert source.get_attribute("href") in printed_after
    assert luminance(page, "body", "backgroundColor") == 1, "paper stays white"
    assert luminance(page, "body", "color") == 0, "and the text black"
    assert page.pdf(format="A4").startswith(b"%PDF")
