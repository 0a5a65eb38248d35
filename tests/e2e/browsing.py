"""What the browser tests do in a page besides clicking: sign in, wait for images, run axe,
measure layout shift, keep the figures they measure."""

import contextlib
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

AXE_SCRIPT = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}
# The password of the users the tests create.
PASSWORD = "pw"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# The small copies the README and the editors' guide show; DIGEST_DOCS_SCREENSHOTS=1 refreshes them.
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Browser locales (Accept-Language): a Chinese reader, whose language is the site's default,
# and an English one. Readers' pages take their language from the URL alone (English under
# /en/, `reader_path`); the admin follows the browser's.
CHINESE = "zh-CN"
ENGLISH = "en-US"


def reader_path(path, locale):
    """The address of the reader's page `path` for a reader whose browser has `locale`."""
    return f"/en{path}" if locale == ENGLISH else path


PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
# Colour schemes a reader's system may prefer (prefers-color-scheme).
SCHEMES = ["light", "dark"]
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


def staff_member(django_user_model, username, role):
    """A staff member called `username` in the role group `role`, signing in with PASSWORD."""
    user = django_user_model.objects.create_user(
        username, f"{username}@example.com", PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=role))
    return user


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


# Records every layout shift the reader did not cause (PerformanceObserver "layout-shift").
RECORD_LAYOUT_SHIFTS = """
window.layoutShifts = [];
new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) {
        if (!shift.hadRecentInput) {
            window.layoutShifts.push(shift.value);
        }
    }
}).observe({type: "layout-shift", buffered: true});
"""
PICTURES_SCROLLED_TO = """() => Array.from(document.images)
    .filter((image) => {
        const box = image.getBoundingClientRect();
        return box.bottom >= 0 && box.top <= window.innerHeight / 2;
    })
    .map((image) => image.src)"""


class LatePictures:
    """Holds every uploaded picture back until it reaches the upper half of the screen, as a
    slow connection would, so that a picture without a size moves the text below it, in front
    of the reader (a layout shift), every time rather than by chance."""

    def __init__(self, context):
        self.held = []
        context.add_init_script(RECORD_LAYOUT_SHIFTS)
        context.route("**/media/**", self.hold)

    def hold(self, route):
        self.held.append(route)

    def release(self, page=None):
        """Let the held pictures in the upper half of the screen arrive (all without `page`)."""
        on_screen = None if page is None else set(page.evaluate(PICTURES_SCROLLED_TO))
        for route in list(self.held):
            if on_screen is None or route.request.url in on_screen:
                self.held.remove(route)
                with contextlib.suppress(PlaywrightError):  # its page may be gone
                    route.continue_()

    def layout_shift_while_scrolling(self, page, path):
        """Open `path`, scroll it from top to bottom half a screen at a time as a reader does,
        pictures arriving once on screen, and return the sum of every layout shift (at least
        the page's cumulative layout shift)."""
        page.goto(path, wait_until="domcontentloaded")
        step = page.viewport_size["height"] // 2
        y = 0
        while y < page.evaluate("document.documentElement.scrollHeight"):
            page.evaluate("(y) => window.scrollTo(0, y)", y)
            page.wait_for_timeout(50)  # the browser asks for the pictures coming near
            self.release(page)
            page.wait_for_timeout(100)  # they arrive and are laid out
            y += step
        self.release()
        page.wait_for_timeout(300)
        return page.evaluate("window.layoutShifts.reduce((sum, value) => sum + value, 0)")


def keep_measurements(name, figures):
    """Save what a test measured as test-artifacts/measurements/<name>.json (for reports)."""
    folder = ARTIFACTS / "measurements"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")


def save_small_copy(png_path, target, width):
    """A copy for the docs: `width` pixels wide, 256 colours, optimized."""
    from PIL import Image

    with Image.open(png_path) as image:
        image = image.convert("RGB")
        if image.width != width:
            image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
