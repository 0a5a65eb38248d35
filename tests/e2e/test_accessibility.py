"""Accessibility in a real browser: axe-core finds no serious or critical problem (and no
colour contrast problem) on any reader page — in both languages, at phone and desktop widths,
in light and dark colours — on the admin home, or on the admin's issue form and its
confirmation pages, and every link of an issue page is reachable, visibly, with the keyboard
alone."""

import pytest

from digest import history
from digest.models import Issue
from tests.e2e.browsing import (
    CHINESE,
    ENGLISH,
    LIVE_DB,
    READER_PAGES,
    SERIOUS,
    SIZES,
    axe_violations,
    describe,
    keep_measurements,
    log_in,
    reader_path,
)
from tests.factories import make_entry, make_issue

pytestmark = LIVE_DB


def serious(violations):
    """The violations that fail a page: serious or critical ones, and any colour contrast."""
    return [v for v in violations if v["impact"] in SERIOUS or v["id"] == "color-contrast"]


# Each width and each colour scheme twice, each language twice: four runs over every page.
READER_SETTINGS = [
    (CHINESE, "desktop", "light"),
    (CHINESE, "phone", "dark"),
    (ENGLISH, "phone", "light"),
    (ENGLISH, "desktop", "dark"),
]


@pytest.mark.parametrize(("locale", "size", "scheme"), READER_SETTINGS)
def test_reader_pages_have_no_serious_accessibility_violations(
    new_context, demo_archive, locale, size, scheme
):
    page = new_context(
        locale=locale, color_scheme=scheme, bypass_csp=True, **SIZES[size]
    ).new_page()
    found, counts = {}, {}
    for name, path in READER_PAGES.items():
        path = reader_path(path, locale)
        response = page.goto(path)
        assert response.status == (404 if name == "not-found" else 200), path
        violations = axe_violations(page)
        counts[name] = {v["id"]: len(v["nodes"]) for v in violations}
        if serious(violations):
            found[f"{name} ({path})"] = describe(serious(violations))
    keep_measurements(f"axe-{locale}-{size}-{scheme}", counts)
    assert not found, "axe-core violations:\n" + "\n".join(
        f"{page_name}:\n{report}" for page_name, report in found.items()
    )


def test_admin_issue_form_has_no_serious_accessibility_violations(
    new_context, demo_archive, editor_user
):
    page = new_context(locale=ENGLISH, bypass_csp=True).new_page()
    issue = Issue.objects.get(year=2021, week=3)
    log_in(page, editor_user, next_path=f"/admin/digest/issue/{issue.pk}/change/")
    found = {}
    draft = make_issue(week=30, status=Issue.Status.DRAFT)
    make_entry(draft)
    version = history.versions_of(issue.pk).first()
    for name, path in [
        ("change form", f"/admin/digest/issue/{issue.pk}/change/"),
        ("add form, with a new entry row", "/admin/digest/issue/add/"),
        ("restore, with what it changes", f"/admin/digest/issue/versions/{version.pk}/restore/"),
        ("publish now, asking to confirm", f"/admin/digest/issue/{draft.pk}/change/"),
        ("submit, with the pre-publish checklist", f"/admin/digest/issue/{draft.pk}/change/"),
        ("admin home, with what waits", "/admin/"),
    ]:
        page.goto(path)
        if name.startswith("add"):
            page.get_by_role("button", name="Add another Entry").click()
        for move in ("publish", "submit"):
            if name.startswith(move):
                page.locator(f"button.workflow-{move}").click()
                page.locator("button[name=confirm]").wait_for()
        violations = serious(axe_violations(page))
        if violations:
            found[f"{name} ({path})"] = describe(violations)
    assert not found, "axe-core violations:\n" + "\n".join(
        f"{form}:\n{report}" for form, report in found.items()
    )


def test_keyboard_reaches_every_link_of_an_issue_page_and_shows_where_it_is(page, demo_archive):
    page.goto(READER_PAGES["issue"])
    links = page.evaluate(
        """() => Array.from(document.querySelectorAll("a[href]"))
            .map((link, index) => ({index, text: link.textContent.trim(), href: link.href,
                                    shown: link.getClientRects().length > 0
                                           && getComputedStyle(link).visibility !== "hidden"}))
            .filter((link) => link.shown)"""
    )
    reached, unmarked = set(), []
    for _ in range(3 * len(links) + 50):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                return {
                    tag: element.tagName,
                    index: Array.from(document.querySelectorAll("a[href]")).indexOf(element),
                    text: (element.textContent || element.name || "").trim().slice(0, 60),
                    outline: style.outlineStyle === "none" || style.outlineWidth === "0px"
                        ? "none" : `${style.outlineStyle} ${style.outlineWidth}`,
                    shadow: style.boxShadow,
                };
            }"""
        )
        if focused["tag"] == "BODY":
            break  # past the last focusable element, focus left the page
        reached.add(focused["index"])
        if focused["outline"] == "none" and focused["shadow"] == "none":
            unmarked.append(f"<{focused['tag'].lower()}> {focused['text']!r}")
    else:
        pytest.fail("Tab never took the focus past the end of the page")
    missed = [
        f"{link['text']!r} → {link['href']}" for link in links if link["index"] not in reached
    ]
    assert not missed, "links the keyboard never reaches:\n" + "\n".join(missed)
    assert not unmarked, "focused without a visible outline:\n" + "\n".join(unmarked)
