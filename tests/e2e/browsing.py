"""What the browser tests do in a page besides clicking: sign in, wait for images, run axe."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

AXE_SCRIPT = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}
# The password of the users the tests create.
PASSWORD = "pw"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Browser locales (Accept-Language): a Chinese reader, whose language is the site's default,
# and an English one.
CHINESE = "zh-CN"
ENGLISH = "en-US"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# One page of each kind readers see, on the demo archive.
READER_PAGES = {
    "home": "/",
    "issue": "/issues/2021/week-3/",
    "month-summary": "/issues/2020/11/",
    "year-archive": "/issues/2020/",
    "archive-index": "/issues/",
    "tags": "/tags/",
    "tag": "/tags/transformer/",
    "search": "/search/?q=Transformer",
    "not-found": "/issues/2030/week-1/",
}
# The live server thread reads the database: data must be committed, and the sections and
# groups that migrations created must survive the flush after each test.
LIVE_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(page, user, next_path="/admin/", password=PASSWORD):
    """Sign in through the admin's real login form, then land on `next_path`."""
    page.goto(f"/admin/login/?next={next_path}")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"**{next_path}")
    expect(page.locator("#user-tools")).to_contain_text(user.get_username())


def load_all_images(page):
    """Scroll through the page so lazy images load, then wait until every image has loaded
    (a broken image, e.g. an unserved upload, never does)."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
                window.scrollTo(0, y);
                await new Promise((done) => setTimeout(done, 50));
            }
            window.scrollTo(0, 0);
        }"""
    )
    page.wait_for_function(
        "Array.from(document.images).every((img) => img.complete && img.naturalWidth > 0)"
    )


def axe_violations(page):
    """axe-core's violations on the page as it is now (the context must bypass the CSP)."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate("async () => (await axe.run(document)).violations")


def describe(violations, examples=3):
    """A readable report of axe violations: rule, impact, help, and a few offending elements."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"- {violation['id']} ({violation['impact']}, {len(nodes)} element(s)): "
            f"{violation['help']} [{violation['helpUrl'].split('?')[0]}]"
        )
        for node in nodes[:examples]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            summary = " / ".join(node.get("failureSummary", "").splitlines()[1:])
            if summary:
                lines.append(f"      {summary.strip()}")
        if len(nodes) > examples:
            lines.append(f"    ... and {len(nodes) - examples} more")
    return "\n".join(lines)
