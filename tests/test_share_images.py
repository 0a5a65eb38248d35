"""The picture a shared link shows: drawn for each issue when it is published or scheduled,
drawn again when what it shows changes while readers can see it, in the issue's language; and
what each page (issue, month, year, tag) tells link previews and search engines."""

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from PIL import Image

from digest import share_images
from digest.models import Issue, Pick
from tests.admin_forms import entry_row, pick_row, post_issue_form
from tests.discovery_pages import SITE, fetch, head, meta
from tests.factories import future, make_entry, make_issue, make_pick
from tests.html_inspection import elements
from tests.workflow_fixtures import change_url, client_for, member, transition_url

pytestmark = pytest.mark.django_db

S = Issue.Status
ISSUE = "/issues/2020/week-47/"
needs_chinese_font = pytest.mark.skipif(
    share_images.find_cjk_font() is None, reason="no font with Chinese glyphs is installed"
)


@pytest.fixture
def chief(db):
    return member("editor", "chief")


@pytest.fixture(autouse=True)
def fonts_found_afresh():
    """Each test looks for fonts under its own settings."""
    share_images.find_cjk_font.cache_clear()
    yield
    share_images.find_cjk_font.cache_clear()


@pytest.fixture
def no_chinese_font(settings, monkeypatch):
    """A machine without any font that has Chinese glyphs (and without fontconfig)."""
    settings.DIGEST_SHARE_IMAGE_FONT = ""
    monkeypatch.setattr(share_images.shutil, "which", lambda name: None)
    monkeypatch.setattr(share_images, "KNOWN_FONTS", ())


def chinese_issue(status=S.IN_REVIEW, **fields):
    issue = make_issue(year=2020, week=47, status=status, **fields)
    paper = make_entry(issue, "papers", headline="通过指明文本描述的位置来优化文本到图像的生成")
    article = make_entry(issue, "articles", headline="为什么决策树系统的方法常常优于神经网络？")
    make_pick(issue, paper, position=1)
    make_pick(issue, article, position=2, blurb="决策树与神经网络")
    return issue


def english_issue(status=S.IN_REVIEW, **fields):
    issue = make_issue(year=2020, week=47, status=status, **fields)
    paper = make_entry(issue, "papers", headline="Attention Is All You Need")
    make_pick(issue, paper)
    return issue


def publish(chief, issue):
    response = client_for(chief).post(transition_url(issue, "publish"), {"confirm": "yes"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == S.PUBLISHED


def picture(issue):
    issue.refresh_from_db()
    assert issue.share_image, "the issue has no share image"
    with default_storage.open(issue.share_image.name) as stored:
        return Image.open(io.BytesIO(stored.read()))


def structured_data(html):
    [script] = [
        element
        for element in elements(html)
        if element.tag == "script" and element.get("type") == "application/ld+json"
    ]
    return json.loads(script.text)


# --- Drawn on publication ------------------------------------------------------------------


@needs_chinese_font
def test_publishing_an_issue_draws_its_share_image(client, chief):
    issue = chinese_issue()
    publish(chief, issue)

    image = picture(issue)

    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert issue.share_image.name.startswith("share/2020-w47-")
    html = fetch(client, ISSUE)
    assert meta(html, property="og:image") == f"{SITE}{issue.share_image.url}"
    assert meta(html, name="twitter:image") == f"{SITE}{issue.share_image.url}"
    assert structured_data(html)["image"] == f"{SITE}{issue.share_image.url}"


def test_scheduling_an_issue_draws_its_share_image_before_it_goes_out(chief):
    issue = english_issue(publish_at=future())

    client_for(chief).post(transition_url(issue, "schedule"), {"confirm": "yes"})

    issue.refresh_from_db()
    assert issue.status == S.SCHEDULED
    assert picture(issue).size == (1200, 630)


def test_scheduled_publication_draws_a_missing_share_image(chief):
    issue = english_issue(status=S.SCHEDULED, publish_at=future(days=-1))
    assert not issue.share_image

    call_command("publish_scheduled", verbosity=0)

    assert picture(issue).size == (1200, 630)


def test_a_draft_gets_no_share_image(chief):
    issue = english_issue(status=S.DRAFT)

    response = post_issue_form(client_for(chief), change_url(issue), title="A draft")

    assert response.status_code == 302
    issue.refresh_from_db()
    assert not issue.share_image
    assert not default_storage.exists("share") or not default_storage.listdir("share")[1]


# --- Drawn again when what it shows changes -------------------------------------------------


def test_changing_a_published_issues_picks_draws_a_new_image_and_removes_the_old(client, chief):
    issue = english_issue()
    publish(chief, issue)
    first = issue.share_image.name
    pick = Pick.objects.get(issue=issue)

    response = post_issue_form(
        client_for(chief),
        change_url(issue),
        entries=[entry_row(entry) for entry in issue.entries.all()],
        picks=[pick_row(pick, blurb="The paper that started it all")],
    )

    assert response.status_code == 302, response.content[:2000]
    issue.refresh_from_db()
    assert issue.share_image.name != first
    assert default_storage.exists(issue.share_image.name)
    assert not default_storage.exists(first)
    assert meta(fetch(client, ISSUE), property="og:image") == f"{SITE}{issue.share_image.url}"


def test_saving_a_published_issue_unchanged_keeps_its_image(chief):
    issue = english_issue()
    publish(chief, issue)
    first = issue.share_image.name

    assert issue.refresh_share_image() is False

    issue.refresh_from_db()
    assert issue.share_image.name == first


def test_an_image_is_drawn_again_when_its_file_is_lost(chief):
    issue = english_issue()
    publish(chief, issue)
    default_storage.delete(issue.share_image.name)

    assert issue.refresh_share_image() is True

    assert default_storage.exists(issue.share_image.name)


def test_deleting_an_issue_removes_its_share_image(chief):
    issue = english_issue()
    publish(chief, issue)
    name = issue.share_image.name

    issue.delete()

    assert not default_storage.exists(name)


# --- The issue's own language ------------------------------------------------------------


@pytest.mark.parametrize("reader_language", ["zh-hans", "en"])
def test_share_image_speaks_the_issues_language_whoever_publishes_it(
    chief, settings, monkeypatch, reader_language
):
    """A Chinese issue's picture is in Chinese even when the editor works in English."""
    settings.LANGUAGE_CODE = reader_language
    issue = chinese_issue()
    drawn = []
    original = share_images.draw

    def spy(*words):
        drawn.append(words)
        return original(*words)

    monkeypatch.setattr(share_images, "draw", spy)
    publish(chief, issue)

    [(title, coverage, heading, picks)] = drawn
    assert (title, heading) == ("2020 年第 47 周", "每周编辑精选")
    assert coverage.endswith("日")
    assert picks == ["通过指明文本描述的位置来优化文本到图像的生成", "决策树与神经网络"]


@needs_chinese_font
def test_chinese_text_is_drawn_with_real_glyphs():
    path, index = share_images.find_cjk_font()

    assert share_images._draws_chinese(path, index)


@needs_chinese_font
def test_the_configured_font_comes_first(settings):
    path, index = share_images.find_cjk_font()
    settings.DIGEST_SHARE_IMAGE_FONT = path
    share_images.find_cjk_font.cache_clear()

    assert share_images.find_cjk_font()[0] == path


def test_a_configured_font_without_chinese_glyphs_is_passed_over(settings, no_chinese_font):
    latin_only = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    settings.DIGEST_SHARE_IMAGE_FONT = latin_only

    assert share_images.find_cjk_font() is None


def test_without_a_chinese_font_chinese_issues_keep_a_fallback_picture(
    client, chief, no_chinese_font, caplog
):
    issue = chinese_issue()

    publish(chief, issue)

    issue.refresh_from_db()
    assert not issue.share_image
    assert "No font with Chinese characters" in caplog.text
    html = fetch(client, ISSUE)
    assert meta(html, property="og:image") == f"{SITE}/static/digest/img/share-default.png"


def test_without_a_chinese_font_english_issues_are_drawn_with_pillows_font(chief, no_chinese_font):
    issue = english_issue()

    publish(chief, issue)

    assert picture(issue).size == (1200, 630)


# --- What every page tells link previews ----------------------------------------------------


@pytest.fixture
def archive(chief):
    """Two published Chinese issues of November 2020, with share images."""
    older = make_issue(year=2020, week=46, status=S.IN_REVIEW)
    paper = make_entry(older, "papers", tags=["机器学习"], headline="让视频中的人说一种不同的语言")
    make_pick(older, paper)
    publish(chief, older)
    newer = chinese_issue()
    newer.entries.first().tags.add("机器学习")
    publish(chief, newer)
    return older, newer


PAGES = {
    "month": ("/issues/2020/11/", "November 2020 summary"),
    "year": ("/issues/2020/", "Issues of 2020"),
    "tag": ("/tags/机器学习/", "Tag: 机器学习"),
}


@pytest.mark.parametrize(("url", "title"), PAGES.values(), ids=PAGES.keys())
def test_month_year_and_tag_pages_describe_themselves(client, archive, url, title):
    html = fetch(client, url)

    assert meta(html, property="og:title") == title
    assert meta(html, name="twitter:title") == title
    description = meta(html, name="description")
    assert description == meta(html, property="og:description")
    assert "A weekly digest of hand-picked" not in description
    [canonical] = head(html, "link", rel="canonical")
    assert meta(html, property="og:url") == canonical.get("href")


def test_month_page_names_the_months_picks(client, archive):
    description = meta(fetch(client, "/issues/2020/11/"), name="description")

    assert description.startswith("Editor's picks of November 2020: ")
    assert "让视频中的人说一种不同的语言" in description
    assert "决策树与神经网络" in description


def test_year_page_counts_its_issues(client, archive):
    description = meta(fetch(client, "/issues/2020/"), name="description")

    assert description.startswith("2 weekly issues of hand-picked")
    assert "2020" in description


def test_tag_page_names_its_newest_entries(client, archive):
    description = meta(fetch(client, "/tags/机器学习/"), name="description")

    assert description.startswith("2 entries tagged “机器学习”, newest first: ")
    assert "通过指明文本描述的位置" in description


@needs_chinese_font
@pytest.mark.parametrize("url", ["/issues/2020/11/", "/issues/2020/", "/tags/机器学习/"])
def test_month_year_and_tag_pages_share_their_newest_issues_picture(client, archive, url):
    older, newer = archive
    newer.refresh_from_db()

    html = fetch(client, url)

    assert meta(html, property="og:image") == f"{SITE}{newer.share_image.url}"
    assert meta(html, name="twitter:card") == "summary_large_image"


def test_pages_describe_themselves_in_chinese(client, archive, settings):
    settings.LANGUAGE_CODE = "zh-hans"

    month = fetch(client, "/issues/2020/11/")
    year = fetch(client, "/issues/2020/")

    assert meta(month, property="og:title") == "2020 年 11 月汇总"
    assert meta(month, name="description").startswith("2020 年 11 月的编辑精选：")
    assert meta(year, property="og:title") == "2020 年各期"


def test_issue_structured_data_names_the_content_language(client, archive):
    data = structured_data(fetch(client, ISSUE))

    assert data["inLanguage"] == "zh-Hans"
    assert data["image"].startswith(f"{SITE}/")


# --- The content version's triggers survive the new column ---------------------------------


def test_adding_the_share_image_column_kept_the_issue_tables_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'digest_issue' AND name LIKE 'digest_content_changed%'"
            )
            assert cursor.fetchone()[0] == 3
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'digest_content_changed' "
                "AND tgrelid = 'digest_issue'::regclass"
            )
            assert cursor.fetchone()[0] == 1


def test_a_command_draws_the_pictures_of_issues_changed_outside_the_admin(chief):
    published = english_issue()
    publish(chief, published)
    Issue.objects.filter(pk=published.pk).update(title="Renamed in a shell")
    scheduled = make_issue(year=2020, week=48, status=S.SCHEDULED, publish_at=future())
    make_pick(scheduled, make_entry(scheduled, headline="Coming soon"))
    draft = make_issue(year=2020, week=49, status=S.DRAFT)
    old_name = Issue.objects.get(pk=published.pk).share_image.name
    out = io.StringIO()

    call_command("draw_share_images", stdout=out)

    assert out.getvalue().strip() == "Share images: 2 drawn, of 2 issues."
    published.refresh_from_db()
    assert published.share_image.name != old_name
    assert picture(scheduled).size == (1200, 630)
    draft.refresh_from_db()
    assert not draft.share_image
