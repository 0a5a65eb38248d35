"""Exporting issues as Markdown and e-mail HTML, and reading the Markdown back (round trip)."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image

from digest.issue_format import (
    export_html,
    export_images,
    export_markdown,
    image_name,
    import_document,
    parse_document,
)
from digest.models import Issue
from tests.factories import make_entry, make_issue, make_pick
from tests.html_inspection import elements

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_bb11664118d03395.txt"
BASE_URL = "https://digest.example.org"


@pytest.fixture
def issue(settings):
    """Week 47 of 2020 with two sections, a card, tags, an image and two picks."""
    settings.DIGEST_WEEK_STARTS_ON = 6
    issue = make_issue(
        year=2020,
        week=47,
        source_url="https://blog.example.org/week47",
        intro="Papers I liked this week; see [the archive](/issues/).",
    )
    paper = make_entry(
        issue,
        "papers",
        tags=["NLP", "机器学习"],
        position=1,
        headline="Attention, once more",
        original_title="Attention Is Still All You Need",
        source_url="https://papers.example.org/abs/2011.00001",
        summary="First paragraph.\n\nSecond paragraph with **bold** text.",
        image_alt="The model",
    )
    paper.image.save("figure.png", png_file(), save=True)
    article = make_entry(
        issue,
        "articles",
        position=2,
        headline="Why trees beat nets on tables",
        original_title="",
        source_url="",
        summary="A blog post.",
        card_url="https://blog.example.com/trees",
        card_title="Trees and nets",
        card_description="Why they differ.",
        card_site="blog.example.com",
    )
    make_pick(issue, paper, 1)
    make_pick(issue, article, 2, blurb="Trees still win")
    return issue


def png_file():
    from django.core.files.base import ContentFile

    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), (10, 90, 170)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def snapshot(issue):
    """Everything an issue consists of, as comparable values (not ids or dates of saving)."""
    issue = Issue.objects.get(pk=issue.pk)
    return {
        "issue": (
            issue.year,
            issue.week,
            issue.title,
            issue.source_url,
            issue.intro,
            issue.coverage_start,
        ),
        "entries": [
            (
                section.slug,
                entry.headline,
                entry.original_title,
                entry.source_url,
                entry.summary,
                bool(entry.image),
                entry.image_alt,
                entry.missing_image,
                entry.card_url,
                entry.card_title,
                entry.card_description,
                entry.card_site,
                sorted(entry.tags.names()),
            )
            for section, entries in issue.sections_with_entries()
            for entry in entries
        ],
        "picks": [
            (pick.entry.headline, pick.blurb) for pick in issue.picks.select_related("entry")
        ],
    }


def round_trip(issue, folder, language=None):
    """Export the issue (and its images) and import the text back over it."""
    text = export_markdown(issue, language=language)
    export_images(issue, folder)
    missing = list(issue.entries.exclude(missing_image="").values_list("missing_image", flat=True))
    result = import_document(parse_document(text, "export.md"), replace=True, media_dir=folder)
    assert sorted(result.missing_images) == sorted(missing)
    return result.issue


# --- Markdown ----------------------------------------------------------------------------------


def figure_name(issue):
    return image_name(issue.entries.exclude(image="").get())


def test_markdown_export_in_chinese_follows_the_sample_structure(issue):
    text = export_markdown(issue, language="zh-hans")
    assert text.startswith("# 2020 年第 47 周\n\n> 原文：<https://blog.example.org/week47>\n")
    assert "\n(11 月 15 日~)\n\nPapers I liked this week" in text
    assert "\n# 主题\n\n1.  机器学习论文\n2.  技术文章\n" in text
    assert (
        "\n# —每周编辑精选\n\n"
        "*   [Attention, once more](https://papers.example.org/abs/2011.00001)\n"
        "*   [Trees still win](https://blog.example.com/trees)\n"
    ) in text
    assert text.count("\n# —过去的文章\n") == 2
    assert "\n# 1.机器学习论文\n\n— —\n" in text
    assert (
        "\n# Attention, once more\n\nAttention Is Still All You Need\n"
        "[https://papers.example.org/abs/2011.00001](https://papers.example.org/abs/2011.00001)\n"
        "\nFirst paragraph.\n\nSecond paragraph with **bold** text.\n\n标签: NLP, 机器学习\n\n"
        f"![The model](img/{figure_name(issue)})\n"
    ) in text
    assert (
        "[](https://blog.example.com/trees) [## Trees and nets\n\n### Why they differ.\n\n"
        "blog.example.com](https://blog.example.com/trees)\n"
    ) in text
    assert "\n# 2.技术文章\n" in text


def test_markdown_export_in_english(issue):
    text = export_markdown(issue, language="en")
    assert text.startswith("# Week 47, 2020\n\n> Original: <https://blog.example.org/week47>\n")
    assert "\n(15 November~)\n" in text
    assert "\n# Topics\n\n1.  Machine Learning Papers\n" in text
    assert "\n# — Weekly Editor's pickups\n" in text
    assert "\n# — Past Articles\n" in text
    assert "\n# 1. Machine Learning Papers\n" in text
    assert "\nTags: NLP, 机器学习\n" in text
    assert "Week 47 (this post)" in text


def test_markdown_export_uses_the_site_language_by_default(issue, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    assert export_markdown(issue).startswith("# 2020 年第 47 周")
    settings.LANGUAGE_CODE = "en"
    assert export_markdown(issue).startswith("# Week 47, 2020")


def test_an_intro_naming_its_coverage_start_is_written_as_it_is(issue):
    issue.intro = "What I read in week 47 (15 November~)."
    issue.save()
    text = export_markdown(issue, language="zh-hans")
    assert "(11 月 15 日~)" not in text
    assert "\nWhat I read in week 47 (15 November~).\n" in text


def test_navigation_links_only_published_neighbours(issue):
    make_issue(year=2020, week=46)
    make_issue(year=2020, week=48, status=Issue.Status.DRAFT)
    make_issue(year=2020, week=49)
    text = export_markdown(issue, language="en")
    previous = reverse("digest:issue-detail", kwargs={"year": 2020, "week": 46})
    following = reverse("digest:issue-detail", kwargs={"year": 2020, "week": 49})
    assert f"[Week 46]({previous}) ⇦ Week 47 (this post) ⇨ [Week 49]({following})" in text
    assert "Week 48" not in text
    month = reverse("digest:month-summary", kwargs={"year": 2020, "month": 10})
    make_issue(year=2020, week=43)
    assert f"[October 2020 summary]({month})" in export_markdown(issue, language="en")


# --- HTML --------------------------------------------------------------------------------------


def test_html_export_is_self_contained_with_absolute_links(issue):
    html = export_html(issue, language="en", base_url=BASE_URL)
    assert html.startswith("<!DOCTYPE html>")
    found = elements(html)
    assert not [e for e in found if e.tag in {"script", "link", "iframe", "form"}]
    addresses = [e.get("href") for e in found if e.tag == "a"]
    addresses += [e.get("src") for e in found if e.tag == "img"]
    assert addresses
    assert all(address.startswith(("https://", "http://")) for address in addresses), addresses
    assert f"{BASE_URL}/issues/" in addresses  # the intro's relative link, made absolute
    assert any(a.startswith(BASE_URL) and a.endswith(figure_name(issue)) for a in addresses)
    assert all("style" in e.attrs for e in found if e.tag in {"h1", "h2", "h3", "table"})
    for text in (
        "Week 47, 2020",
        "Attention, once more",
        "Attention Is Still All You Need",
        "Trees and nets",
        "Trees still win",
        "1. Machine Learning Papers",
        "<strong>bold</strong>",
    ):
        assert text in html


def test_html_export_needs_the_site_address(issue, settings):
    settings.DIGEST_SITE_URL = ""
    with pytest.raises(ValueError, match="site's address"):
        export_html(issue)
    settings.DIGEST_SITE_URL = BASE_URL
    assert f'href="{BASE_URL}/issues/2020/week-47/"' in export_html(issue)


# --- The command -------------------------------------------------------------------------------


def export(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_issue", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_command_writes_markdown_to_stdout(issue):
    out, _err = export(2020, 47, "--language", "en")
    assert out == export_markdown(issue, language="en")


def test_export_command_writes_a_file_with_its_images(issue, tmp_path):
    target = tmp_path / "out" / "week47.md"
    _out, err = export(2020, 47, "-o", target)
    assert target.read_text(encoding="utf-8") == export_markdown(issue)
    assert (tmp_path / "out" / "img" / figure_name(issue)).is_file()
    assert "and 1 image(s) to img/" in err


def test_export_command_writes_html(issue, tmp_path):
    target = tmp_path / "week47.html"
    export(2020, 47, "--format", "html", "--base-url", BASE_URL, "-o", target)
    assert "<!DOCTYPE html>" in target.read_text(encoding="utf-8")
    assert not (tmp_path / "img").exists()


def test_export_command_errors(issue, settings):
    settings.DIGEST_SITE_URL = ""
    with pytest.raises(CommandError, match="no issue for week 12 of 2020"):
        export(2020, 12)
    with pytest.raises(CommandError, match="pass --base-url or set DIGEST_SITE_URL"):
        export(2020, 47, "--format", "html")


def test_export_then_import_with_the_commands(issue, tmp_path):
    target = tmp_path / "week47.md"
    export(2020, 47, "-o", target)
    before = snapshot(issue)
    call_command(
        "import_issue", str(target), "--replace", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert snapshot(Issue.objects.get(year=2020, week=47)) == before


# --- Round trip --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_round_trip_of_a_built_issue(issue, tmp_path, language):
    before = snapshot(issue)
    assert snapshot(round_trip(issue, tmp_path, language)) == before


def test_round_trip_keeps_missing_images_custom_titles_and_anchor_picks(issue, tmp_path):
    entry = make_entry(
        issue,
        "other",
        position=3,
        headline="A note without any link",
        original_title="",
        source_url="",
        missing_image="img/lost.png",
        image_alt="Lost",
    )
    make_pick(issue, entry, 3, blurb="Something else entirely")
    issue.title = "Digest — Week 47, 2020"
    issue.save()
    before = snapshot(issue)
    assert "[Something else entirely](#a-note-without-any-link)" in export_markdown(issue)
    assert snapshot(round_trip(issue, tmp_path)) == before


@pytest.mark.skipif(not SAMPLE.is_file(), reason=f"the sample issue is not at {SAMPLE}")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_round_trip_of_the_sample(tmp_path, language):
    (tmp_path / "img").mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for name in re.findall(r"\(img/(.+?)\)", text):
        Image.new("RGB", (6, 6)).save(tmp_path / "img" / name)
    issue = import_document(parse_document(text, SAMPLE.name), media_dir=tmp_path).issue
    before = snapshot(issue)
    assert len(before["entries"]) == 15 and len(before["picks"]) == 3
    assert snapshot(round_trip(issue, tmp_path / "export", language)) == before


def test_round_trip_of_every_demo_issue(tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    issues = list(Issue.objects.all())
    assert issues
    for number, demo in enumerate(issues):
        before = snapshot(demo)
        again = round_trip(demo, tmp_path / str(number))
        assert snapshot(again) == before, demo


# --- The admin action --------------------------------------------------------------------------


def test_admin_action_downloads_one_issue_as_markdown(admin_client, issue):
    response = admin_client.post(
        reverse("admin:digest_issue_changelist"),
        {"action": "export_markdown", "_selected_action": [issue.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="digest-2020-w47.md"'
    assert response.content.decode() == export_markdown(issue)


def test_admin_action_downloads_several_issues_as_a_zip(admin_client, issue):
    other = make_issue(year=2020, week=48)
    make_entry(other, "papers")
    response = admin_client.post(
        reverse("admin:digest_issue_changelist"),
        {"action": "export_markdown", "_selected_action": [issue.pk, other.pk]},
    )
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["digest-2020-w47.md", "digest-2020-w48.md"]
    assert archive.read("digest-2020-w48.md").decode() == export_markdown(other)
