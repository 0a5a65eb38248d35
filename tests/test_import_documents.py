"""Importing documents in the sample's shape: English and Chinese, irregular and broken ones,
replacing, dry runs, images, folders and the status an import gives."""

import datetime
import io
import shutil
import zoneinfo
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from PIL import Image

from digest import history
from digest.issue_format import ImportProblem, import_document, parse_document
from digest.models import Issue, Section, StatusChange
from tests.factories import make_issue

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
ENGLISH = FIXTURES / "week10-2021.en.md"
CHINESE = FIXTURES / "week12-2021.zh.md"


def run(*args):
    """Run import_issue; (stdout, stderr). CommandError propagates."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_issue", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    """Run import_issue expecting it to fail; (error message, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_issue", *map(str, args), stdout=out, stderr=err)
    return str(failure.value), out.getvalue(), err.getvalue()


def write(folder, name, text):
    path = Path(folder) / name
    path.write_text(text, encoding="utf-8")
    return path


def headlines(issue):
    return [
        entry.headline for _section, entries in issue.sections_with_entries() for entry in entries
    ]


MINIMAL = """# Week 10, 2021

# 1. Machine Learning Papers

# A first entry

A First Paper
[https://papers.example.org/abs/1](https://papers.example.org/abs/1)

Its summary.
"""


# --- English ------------------------------------------------------------------------------------


def test_english_document_is_read_with_its_issue_fields(tmp_path):
    run(ENGLISH, "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=10)
    assert issue.source_url == "https://blog.example.org/digest/week10-2021"
    assert issue.coverage_start == datetime.date(2021, 3, 7)  # "(7 March~)"
    assert issue.intro.startswith("Here are the papers and articles")
    assert issue.title == ""


def test_english_document_sections_and_entries_in_order(tmp_path):
    run(ENGLISH, "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=10)
    sections = [section.slug for section, _entries in issue.sections_with_entries()]
    assert sections == ["papers", "articles", "research-tools"]
    assert headlines(issue) == [
        "Counting sheep in low light with a single camera",
        "Teaching a robot arm to fold towels by watching people do it",
        "Pruning a network before it has seen any data",
        "A benchmark for weather forecasting models",
        "A field guide to tidy experiment logs",
        "Why your validation loss goes up while accuracy improves",
        "A notebook extension that records every cell you run",
    ]


def test_irregular_links_and_titles_in_english(tmp_path):
    run(ENGLISH, "--media-dir", tmp_path)
    entries = {e.headline: e for e in Issue.objects.get(year=2021, week=10).entries.all()}
    broken = entries["Teaching a robot arm to fold towels by watching people do it"]
    assert broken.source_url == "https://papers.example.org/abs/2103.00202"
    split = entries["Pruning a network before it has seen any data"]
    assert split.original_title == "Pruning at Initialisation Without Looking at the Data"
    assert split.source_url == "https://papers.example.org/abs/2103.00303"
    assert split.summary.endswith("two image benchmarks.")  # trailing spaces dropped
    bracket = entries["A benchmark for weather forecasting models"]
    assert bracket.source_url == "https://papers.example.org/abs/2103.00404"
    assert bracket.original_title.startswith("WeatherBench Lite")
    no_link = entries["Why your validation loss goes up while accuracy improves"]
    assert (no_link.source_url, no_link.original_title, no_link.card_url) == ("", "", "")
    assert no_link.summary.startswith("A short explanation")


def test_link_card_and_bold_headline_in_english(tmp_path):
    run(ENGLISH, "--media-dir", tmp_path)
    entry = Issue.objects.get(year=2021, week=10).entries.get(
        headline="A field guide to tidy experiment logs"
    )
    assert entry.card_url == "https://notes.example.com/tidy-experiment-logs"
    assert entry.card_title == "Tidy experiment logs"
    assert entry.card_description == "How to find last month's best run in under a minute."
    assert entry.card_site == "notes.example.com"
    assert entry.source_url == ""


def test_a_new_section_name_creates_a_section_after_the_others(tmp_path):
    last = Section.objects.order_by("-position").first().position
    out, _err = run(ENGLISH, "--media-dir", tmp_path)
    section = Section.objects.get(slug="research-tools")
    assert (section.name_en, section.name_zh) == ("Research Tools", "Research Tools")
    assert section.position == last + 1
    assert "new section: Research Tools" in out


def test_tags_line_gives_the_entry_its_tags(tmp_path):
    run(ENGLISH, "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=10)
    tool = issue.entries.get(section__slug="research-tools")
    assert sorted(tool.tags.names()) == ["reproducibility", "tooling"]
    assert tool.summary.startswith("The extension keeps a log")
    assert not issue.entries.exclude(pk=tool.pk).filter(tags__isnull=False).exists()


def test_picks_by_link_by_card_link_and_by_close_headline(tmp_path):
    run(ENGLISH, "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=10)
    picks = list(issue.picks.select_related("entry"))
    assert [pick.entry.headline for pick in picks] == [
        "Counting sheep in low light with a single camera",
        "A field guide to tidy experiment logs",
        "Teaching a robot arm to fold towels by watching people do it",
    ]
    assert [pick.blurb for pick in picks] == [
        "",
        "",
        "Teaching a robot arm to fold towels by watching",
    ]


def test_navigation_repeated_at_the_end_and_the_footer_are_ignored(tmp_path):
    run(ENGLISH, "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=10)
    assert issue.entries.count() == 7
    assert not issue.entries.filter(headline__contains="Mastodon").exists()
    assert not issue.entries.filter(summary__contains="summary").exists()


# --- Chinese ------------------------------------------------------------------------------------


def test_chinese_document(tmp_path):
    out, _err = run(CHINESE, "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=12)
    assert issue.coverage_start == datetime.date(2021, 3, 21)  # "(3 月 21 日~)"
    assert issue.source_url == "https://blog.example.org/digest/week12-2021"
    grouped = issue.sections_with_entries()
    assert [section.slug for section, _e in grouped][:2] == ["papers", "articles"]
    assert grouped[2][0].name_zh == "数据集"
    assert len(headlines(issue)) == 4
    building = issue.entries.get(headline="只用几张照片重建整栋建筑")
    assert building.original_title == "稀疏视角下的建筑三维重建"  # split around its link
    assert building.image_alt == "屋顶的重建结果"
    assert building.missing_image == "img/roof.png"
    assert "roof.png" in out
    deep = issue.entries.get(headline="图神经网络为什么很难加深")
    assert sorted(deep.tags.names()) == ["图神经网络", "理论"]
    assert "标签" not in deep.summary
    picks = list(issue.picks.select_related("entry"))
    assert [pick.entry for pick in picks] == [building, deep]
    assert picks[1].blurb == "图神经网络为什么难以加深？"


def test_sections_are_matched_by_either_name_ignoring_case_and_numbering():
    text = MINIMAL.replace("# 1. Machine Learning Papers", "#  1 .  MACHINE learning papers ")
    parsed = parse_document(text, "caps.md")
    result = import_document(parsed)
    assert result.issue.entries.get().section.slug == "papers"
    assert result.sections_created == []
    chinese = MINIMAL.replace("Week 10, 2021", "Week 11, 2021").replace(
        "1. Machine Learning Papers", "1.技术文章"
    )
    result = import_document(parse_document(chinese, "zh.md"))
    assert result.issue.entries.get().section.slug == "articles"


def test_coverage_start_in_a_week_that_begins_in_the_previous_year():
    text = MINIMAL.replace("# Week 10, 2021", "# Week 1, 2021\n\nThe week (27 December~).")
    parsed = parse_document(text, "new-year.md")
    assert parsed.coverage_start == datetime.date(2020, 12, 27)


def test_a_custom_title_naming_the_week_is_kept():
    text = MINIMAL.replace("# Week 10, 2021", "# Akira's ML News — Week 10, 2021")
    result = import_document(parse_document(text, "custom.md"))
    assert (result.issue.year, result.issue.week) == (2021, 10)
    assert result.issue.title == "Akira's ML News — Week 10, 2021"


# --- Broken input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Just some notes.\n",
            'notes.md, line 1: no issue title with year and week (expected "# 2020 年第 47 周" '
            'or "# Week 47, 2020")',
        ),
        (
            "\n# Weekly notes\n\n# 1. Papers\n",
            "notes.md, line 2: no issue title with year and week",
        ),
        ("# Week 53, 2021\n", "notes.md, line 1: 2021 has no week 53; its last ISO week is 52"),
        ("# 2021 年第 0 周\n", "notes.md, line 1: 2021 has no week 0"),
        (
            "# Week 10, 2021\n\nAn intro and nothing else.\n",
            'notes.md: no entries (expected numbered sections such as "# 1. Machine Learning '
            'Papers", each with "# Headline" entries under it)',
        ),
        (
            "# Week 10, 2021\n\n# 1. Papers\n\n— —\n",
            "notes.md: no entries",
        ),
        (
            "# Week 10, 2021\n\n# Something else\n\n" + MINIMAL.split("\n", 1)[1],
            'notes.md, line 3: the heading "Something else" comes before the first numbered '
            "section",
        ),
        (
            MINIMAL + "\n[](https://x.example.org) [## A card\n\n### never closed\n",
            "notes.md, line 12: link card not closed",
        ),
        (
            MINIMAL.replace(
                "# 1. Machine",
                "# — Past Articles\n\n# Topics\n\n# Editor's picks\n\n"
                "* [Nothing](https://nowhere.example.org)\n\n# 1. Machine",
            ),
            'notes.md, line 9: the editor\'s pick "Nothing" matches no entry of the issue',
        ),
        (
            MINIMAL.replace(
                "# 1. Machine",
                "# Editor's picks\n\n* [A first entry](https://papers.example.org/abs/1)\n"
                "* [A first entry](https://papers.example.org/abs/1/)\n\n# 1. Machine",
            ),
            'notes.md, line 6: the editor\'s pick "A first entry" points at the same entry as '
            "the pick on line 5",
        ),
    ],
)
def test_broken_documents_are_refused_with_file_and_line(text, message):
    with pytest.raises(ImportProblem) as problem:
        parse_document(text, "notes.md")
    assert str(problem.value).startswith(message)


def test_invalid_link_is_refused_at_the_entry_line():
    text = MINIMAL.replace(
        "Its summary.", "Its summary.\n\n[](notalink) [## Card\n\nsite](notalink)"
    )
    with pytest.raises(ImportProblem) as problem:
        import_document(parse_document(text, "bad-card.md"))
    assert str(problem.value) == "bad-card.md, line 5: card link: Enter a valid URL."


def test_a_broken_file_exits_non_zero_naming_the_file_and_changes_nothing(tmp_path):
    path = write(tmp_path, "week47.md", "# Weekly notes\n\nNothing here.\n")
    message, out, err = run_failing(path)
    assert message == "1 of 1 file(s) failed."
    assert "week47.md, line 1: no issue title with year and week" in out
    assert "[1/1] week47.md … failed" in err
    assert not Issue.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.md"
    path.write_bytes("# Week 10, 2021\n\ncafé".encode("latin-1"))
    _message, out, _err = run_failing(path)
    assert "latin1.md: cannot be read as UTF-8 text" in out


def test_nothing_is_kept_when_a_late_entry_fails(tmp_path, media_root):
    sections_before = Section.objects.count()
    (tmp_path / "img").mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "img" / "sheep-density-map.png")
    broken = ENGLISH.read_text(encoding="utf-8").replace(
        "https://tools.example.net/cell-recorder)", "not-a-link)"
    )
    path = write(tmp_path, "week10.md", broken)
    _message, out, _err = run_failing(path)
    assert "card link: Enter a valid URL." in out
    assert not Issue.objects.exists()
    assert Section.objects.count() == sections_before  # "Research Tools" was not kept
    media = Path(media_root)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


# --- Existing weeks and --replace ----------------------------------------------------------------


def test_an_existing_week_fails_naming_replace_and_is_left_as_it_is(tmp_path):
    existing = make_issue(year=2021, week=10, intro="Written by hand.")
    message, out, err = run_failing(ENGLISH, "--media-dir", tmp_path)
    assert message == "1 of 1 file(s) failed."
    assert "[1/1] week10-2021.en.md … failed" in err
    assert "Imported: 0, skipped: 0, failed: 1" in out
    assert "already exists; it is only updated on request (--replace)" in out
    existing.refresh_from_db()
    assert existing.intro == "Written by hand."
    assert not existing.entries.exists()


def test_skip_existing_leaves_an_existing_week_and_exits_zero(tmp_path):
    existing = make_issue(year=2021, week=10, intro="Written by hand.")
    shutil.copy(ENGLISH, tmp_path / "a-week10.md")
    shutil.copy(CHINESE, tmp_path / "b-week12.md")
    out, err = run(tmp_path, "--skip-existing")
    assert err.splitlines() == ["[1/2] a-week10.md … skipped", "[2/2] b-week12.md … imported"]
    assert "Imported: 1, skipped: 1, failed: 0" in out
    existing.refresh_from_db()
    assert existing.intro == "Written by hand."
    assert Issue.objects.filter(year=2021, week=12).exists()


def test_replace_and_skip_existing_are_exclusive():
    with pytest.raises(CommandError, match="not allowed with argument"):
        run(ENGLISH, "--replace", "--skip-existing")


def test_replace_updates_the_existing_issue_in_place(tmp_path):
    existing = make_issue(year=2021, week=10, intro="Written by hand.")
    out, _err = run(ENGLISH, "--replace", "--media-dir", tmp_path)
    assert "updated in place" in out
    assert "intro changed" in out
    issue = Issue.objects.get(year=2021, week=10)
    assert issue.pk == existing.pk
    assert issue.entries.count() == 7
    assert issue.status == Issue.Status.PUBLISHED  # as it was
    # The version before the import stays in the history, restorable.
    comments = [v.revision.get_comment() for v in history.versions_of(issue.pk)]
    assert comments[-1] == "Before the re-import from week10-2021.en.md"
    assert comments[0].startswith("Re-imported from week10-2021.en.md: ")


def test_importing_the_same_file_twice_with_replace_gives_the_same_issue(tmp_path):
    run(ENGLISH, "--media-dir", tmp_path)
    first = headlines(Issue.objects.get(year=2021, week=10))
    run(ENGLISH, "--replace", "--media-dir", tmp_path)
    assert headlines(Issue.objects.get(year=2021, week=10)) == first
    assert Issue.objects.count() == 1


# --- Dry run ------------------------------------------------------------------------------------


def test_dry_run_prints_what_would_be_created_and_writes_nothing(tmp_path):
    sections_before = Section.objects.count()
    out, err = run(ENGLISH, "--dry-run", "--media-dir", tmp_path)
    assert not Issue.objects.exists()
    assert Section.objects.count() == sections_before
    assert "week10-2021.en.md: Week 10, 2021 (2021, week 10)" in out
    assert "coverage starts: 2021-03-07" in out
    assert "1. Machine Learning Papers → Machine Learning Papers: 4 entries" in out
    assert "3. Research Tools → new section: 1 entries" in out
    assert "entries: 7" in out
    assert "picks: 3" in out
    assert "Teaching a robot arm to fold towels by watching → Teaching a robot arm" in out
    assert "missing image: img/pruning-curve.png" in out
    assert "Would import: 1, skipped: 0, failed: 0" in out
    assert "… would be imported" in err


def test_dry_run_of_an_existing_week_says_it_would_be_replaced(tmp_path):
    make_issue(year=2021, week=10)
    out, _err = run(ENGLISH, "--dry-run", "--replace", "--media-dir", tmp_path)
    assert "replaces the existing issue Week 10, 2021" in out
    assert Issue.objects.get(year=2021, week=10).entries.count() == 0


# --- Images -------------------------------------------------------------------------------------


def png(path, colour=(30, 120, 200)):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (16, 10), colour).save(path)
    return path


def test_images_are_stored_from_the_media_dir_and_missing_ones_listed(tmp_path, media_root):
    png(tmp_path / "img" / "sheep-density-map.png")
    out, _err = run(ENGLISH, "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=10)
    sheep = issue.entries.get(headline__startswith="Counting sheep")
    assert sheep.image.name.startswith("entries/")
    assert (Path(media_root) / sheep.image.name).is_file()
    assert sheep.missing_image == ""
    pruning = issue.entries.get(headline__startswith="Pruning")
    assert not pruning.image
    assert pruning.missing_image == "img/pruning-curve.png"
    assert "1 image(s) not found: img/pruning-curve.png" in out


def test_images_are_found_beside_the_file_without_media_dir(tmp_path):
    shutil.copy(ENGLISH, tmp_path / ENGLISH.name)
    png(tmp_path / "img" / "sheep-density-map.png")
    png(tmp_path / "img" / "pruning-curve.png")
    out, _err = run(tmp_path / ENGLISH.name)
    assert "not found" not in out
    assert Issue.objects.get(year=2021, week=10).entries.exclude(image="").count() == 2


def test_a_file_that_is_not_a_picture_is_left_out_with_a_warning(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "sheep-density-map.png").write_text("not a picture")
    out, _err = run(ENGLISH, "--media-dir", tmp_path)
    sheep = Issue.objects.get(year=2021, week=10).entries.get(headline__startswith="Counting")
    assert not sheep.image
    assert sheep.missing_image == "img/sheep-density-map.png"
    assert "img/sheep-density-map.png was left out: This file is not an image" in out


def test_image_paths_cannot_leave_the_media_dir(tmp_path):
    png(tmp_path / "secret.png")
    media = tmp_path / "media-dir"
    media.mkdir()
    text = MINIMAL.replace("Its summary.", "Its summary.\n\n![](../secret.png)")
    result = import_document(parse_document(text, "escape.md"), media_dir=media)
    assert result.missing_images == ["../secret.png"]
    assert not result.issue.entries.get().image


# --- Folders ------------------------------------------------------------------------------------


def test_a_folder_is_imported_file_by_file_with_progress_and_summary(tmp_path):
    shutil.copy(ENGLISH, tmp_path / "a-week10.md")
    shutil.copy(CHINESE, tmp_path / "b-week12.md")
    write(tmp_path, "c-broken.md", "# Week 60, 2021\n")
    write(tmp_path, "notes.pdf", "ignored: not a document")
    message, out, err = run_failing(tmp_path)
    assert message == "1 of 3 file(s) failed."
    assert err.splitlines() == [
        "[1/3] a-week10.md … imported",
        "[2/3] b-week12.md … imported",
        "[3/3] c-broken.md … failed",
    ]
    assert "Imported: 2, skipped: 0, failed: 1" in out
    assert "failed: c-broken.md, line 1: 2021 has no week 60" in out
    assert sorted(Issue.objects.values_list("week", flat=True)) == [10, 12]


# --- Status -------------------------------------------------------------------------------------


def test_without_options_the_issue_is_a_draft_without_status_changes(tmp_path):
    run(ENGLISH, "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=10)
    assert issue.status == Issue.Status.DRAFT
    assert issue.publish_at is None
    assert not StatusChange.objects.exists()
    assert history.versions_of(issue.pk).first().revision.get_comment() == (
        "Imported from week10-2021.en.md"
    )


def test_publish_dates_a_past_week_at_its_slot_and_records_the_change(tmp_path):
    run(ENGLISH, "--publish", "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=10)
    assert issue.status == Issue.Status.PUBLISHED
    assert issue.is_visible
    # Week 10 of 2021 went out at its slot: Sunday 14 March 2021, 09:00 in Tokyo.
    slot = datetime.datetime(2021, 3, 14, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo"))
    assert issue.published_at == issue.publish_at == slot
    change = issue.status_changes.get()
    assert (change.from_status, change.to_status) == ("draft", "published")
    assert change.actor is None
    assert change.comment == "Imported from week10-2021.en.md"


def test_publish_at_schedules_in_the_site_time_zone(tmp_path, settings):
    later = timezone.localdate() + datetime.timedelta(days=30)
    run(ENGLISH, "--publish-at", f"{later.isoformat()}T09:00", "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=10)
    assert issue.status == Issue.Status.SCHEDULED
    expected = datetime.datetime.combine(
        later, datetime.time(9), tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
    )
    assert issue.publish_at == expected
    assert not issue.is_visible
    assert issue.status_changes.get().to_status == "scheduled"


def test_publish_at_with_a_zone_and_in_the_past_publishes_as_of_then(tmp_path):
    out, _err = run(ENGLISH, "--publish-at", "2021-03-14T09:00+00:00", "--media-dir", tmp_path)
    issue = Issue.objects.get(year=2021, week=10)
    assert issue.status == Issue.Status.PUBLISHED
    assert issue.published_at == datetime.datetime(2021, 3, 14, 9, tzinfo=datetime.UTC)
    assert "the publish time has passed" in out


def test_publish_options_are_exclusive_and_checked():
    with pytest.raises(CommandError, match="not allowed with argument"):
        run(ENGLISH, "--publish", "--publish-at", "2030-01-01T09:00")
    with pytest.raises(CommandError, match="is not an ISO date and time"):
        run(ENGLISH, "--publish-at", "next tuesday")
    with pytest.raises(CommandError, match="no such file or folder"):
        run(FIXTURES / "missing.md")


def test_import_document_records_the_importing_user(django_user_model):
    user = django_user_model.objects.create_user("importer", "i@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="publish_issue"))
    result = import_document(
        parse_document(MINIMAL, "mini.md"), status=Issue.Status.PUBLISHED, user=user
    )
    assert result.issue.status_changes.get().actor == user
    assert history.versions_of(result.issue.pk).first().revision.user == user
