"""Importing the sample issue the product was specified from (week 47 of 2020, in Chinese).

The sample is the user's document and is not copied into the repository: it is read from the
shared seed folder beside it, and every expected value below is read from the sample's own
lines (by line number), so these tests state where things are, not what they say.
"""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from digest.issue_format import parse_document
from digest.models import Entry, Issue, Section
from tests.html_inspection import find_all

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
SAMPLE = SEED / "000_bb11664118d03395.txt"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not SAMPLE.is_file(),
        reason=f"the sample issue is not at {SAMPLE}: it is kept outside the repository",
    ),
]

# The sample's layout (1-based line numbers).
TITLE_LINE, SOURCE_LINE, INTRO_LINE = 1, 3, 5
PICK_LINES = [16, 17, 18]
SECTIONS = {30: "papers", 119: "articles", 149: "use-cases", 165: "other"}  # heading → slug
ENTRY_LINES = {
    30: [34, 43, 50, 63, 72, 81, 90, 99, 108],
    119: [123, 133, 137],
    149: [153],
    165: [169, 179],
}
# Entries with an original title on the line after the blank, and the link on the next one.
TITLED_ENTRIES = [34, 43, 50, 63, 72, 81, 90, 99, 108]
CARD_LINES = {50: 57, 123: 127, 137: 141, 153: 157, 169: 173, 179: 183}  # entry → card start
PICKED_ENTRIES = [90, 43, 137]  # the entries the three picks link to, in order
BROKEN_LINK_TEXT, BRACKET_URL, SPLIT_TITLE = 50, 72, 81
NO_LINK_AT_ALL, BOLD_HEADLINE = 133, 137
FOOTER_HEADING = 201


def sample_lines():
    return SAMPLE.read_text(encoding="utf-8").splitlines()


def line(number):
    return sample_lines()[number - 1]


def heading(number):
    return line(number).removeprefix("# ").strip().strip("*")


def link_target(text):
    return re.search(r"\]\((\S+?)\)", text)[1]


def import_sample(*options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_issue", str(SAMPLE), *options, stdout=out, stderr=err)
    return Issue.objects.get(year=2020, week=47), out.getvalue(), err.getvalue()


def entry_at(issue, headline_line):
    return issue.entries.get(headline=heading(headline_line))


def all_entry_lines():
    return [n for entries in ENTRY_LINES.values() for n in entries]


# --- The issue ---------------------------------------------------------------------------------


def test_title_gives_year_and_week_and_the_issue_is_a_draft():
    issue, out, err = import_sample()
    assert (issue.year, issue.week) == (2020, 47)
    assert issue.status == Issue.Status.DRAFT
    assert issue.title == ""  # the sample's title is the standard one
    assert "[1/1] 000_bb11664118d03395.txt … imported" in err
    assert "Imported: 1, skipped: 0, failed: 0" in out


def test_original_post_coverage_start_and_intro():
    issue, _out, _err = import_sample()
    assert issue.source_url == line(SOURCE_LINE).split("<")[1].rstrip(">")
    assert str(issue.coverage_start) == "2020-11-15"  # "(11 月 15 日~)"
    assert issue.intro == line(INTRO_LINE)


# --- Sections and entries ----------------------------------------------------------------------


def test_the_four_sections_are_matched_to_the_standard_ones():
    sections_before = Section.objects.count()
    issue, _out, _err = import_sample()
    grouped = issue.sections_with_entries()
    assert [section.slug for section, _entries in grouped] == list(SECTIONS.values())
    for (section, _entries), heading_line in zip(grouped, SECTIONS, strict=True):
        assert section.name_zh == re.sub(r"^\d+\.", "", heading(heading_line)).strip()
    assert Section.objects.count() == sections_before


def test_the_fifteen_entries_with_their_headlines_in_order():
    issue, _out, _err = import_sample()
    grouped = issue.sections_with_entries()
    assert issue.entries.count() == 15
    for (_section, entries), heading_line in zip(grouped, SECTIONS, strict=True):
        assert [e.headline for e in entries] == [heading(n) for n in ENTRY_LINES[heading_line]]


def test_original_titles_and_source_links():
    issue, _out, _err = import_sample()
    for headline_line in TITLED_ENTRIES:
        entry = entry_at(issue, headline_line)
        assert entry.original_title.startswith(line(headline_line + 2).strip())
        assert entry.source_url, headline_line
    untitled = set(all_entry_lines()) - set(TITLED_ENTRIES)
    for headline_line in untitled:
        entry = entry_at(issue, headline_line)
        assert (entry.original_title, entry.source_url) == ("", "")
    # The irregular ones (bracket URL, split title) have tests of their own below.
    for headline_line in set(TITLED_ENTRIES) - {BRACKET_URL, SPLIT_TITLE}:
        entry = entry_at(issue, headline_line)
        assert entry.source_url == link_target(line(headline_line + 3))
        assert entry.original_title == line(headline_line + 2).strip()


def test_link_whose_text_has_spaces_inside_the_url_uses_the_real_address():
    issue, _out, _err = import_sample()
    link_line = line(BROKEN_LINK_TEXT + 3)
    assert " " in link_line.split("](")[0]  # the irregularity is there
    entry = entry_at(issue, BROKEN_LINK_TEXT)
    assert entry.source_url == link_target(link_line)
    assert " " not in entry.source_url


def test_url_after_a_full_width_bracket_is_the_source_link():
    issue, _out, _err = import_sample()
    bracket_line = line(BRACKET_URL + 3)
    assert bracket_line.startswith("【") and "](" not in bracket_line
    entry = entry_at(issue, BRACKET_URL)
    assert entry.source_url == bracket_line.strip().removeprefix("【")
    assert entry.original_title == line(BRACKET_URL + 2).strip()


def test_original_title_split_around_its_link_is_joined():
    issue, _out, _err = import_sample()
    before, link_line = line(SPLIT_TITLE + 2).strip(), line(SPLIT_TITLE + 3)
    after = link_line.rsplit(")", 1)[1].strip()
    assert after  # the title goes on after the link
    entry = entry_at(issue, SPLIT_TITLE)
    assert entry.original_title == before + after
    assert entry.source_url == link_target(link_line)


def test_entry_without_any_link():
    issue, _out, _err = import_sample()
    entry = entry_at(issue, NO_LINK_AT_ALL)
    assert (entry.source_url, entry.original_title, entry.card_url) == ("", "", "")
    assert entry.summary == line(NO_LINK_AT_ALL + 2)


def test_bold_headline_loses_its_asterisks():
    assert line(BOLD_HEADLINE).startswith("# **")
    issue, _out, _err = import_sample()
    assert issue.entries.filter(headline=heading(BOLD_HEADLINE)).exists()
    assert not issue.entries.filter(headline__contains="**").exists()


def test_summaries_are_the_paragraphs_under_the_title_and_link():
    issue, _out, _err = import_sample()
    for headline_line in TITLED_ENTRIES:
        entry = entry_at(issue, headline_line)
        assert entry.summary == line(headline_line + 5)
    for headline_line in set(all_entry_lines()) - set(TITLED_ENTRIES):
        assert entry_at(issue, headline_line).summary == line(headline_line + 2)


def test_link_cards():
    issue, _out, _err = import_sample()
    assert issue.entries.exclude(card_url="").count() == len(CARD_LINES)
    for headline_line, card_line in CARD_LINES.items():
        entry = entry_at(issue, headline_line)
        start = line(card_line)
        assert entry.card_url == link_target(start)
        assert entry.card_title == start.split("[## ", 1)[1].strip()
        assert entry.card_description == line(card_line + 2).removeprefix("### ").strip()
        assert entry.card_site == line(card_line + 4).split("](")[0]


def test_trailing_spaces_are_dropped():
    card_end = line(CARD_LINES[50] + 4)
    assert card_end.endswith(" ")
    issue, _out, _err = import_sample()
    entry = entry_at(issue, 50)
    assert entry.card_site == card_end.split("](")[0]
    assert entry.card_url == link_target(card_end)
    for entry in issue.entries.all():
        for value in (entry.headline, entry.source_url, entry.summary, entry.card_site):
            assert value == value.strip()


def test_topics_navigation_separators_and_footer_are_not_entries():
    issue, _out, _err = import_sample()
    headlines = set(issue.entries.values_list("headline", flat=True))
    assert headlines == {heading(n) for n in all_entry_lines()}
    assert heading(FOOTER_HEADING) not in headlines
    footer_link = link_target(line(FOOTER_HEADING + 2))
    assert not issue.entries.filter(source_url=footer_link).exists()
    assert not issue.entries.filter(summary__contains="⇦").exists()


# --- Picks -------------------------------------------------------------------------------------


def test_the_three_picks_point_at_the_entries_they_link_to():
    issue, _out, _err = import_sample()
    picks = list(issue.picks.select_related("entry"))
    assert [pick.entry.headline for pick in picks] == [heading(n) for n in PICKED_ENTRIES]
    for pick, pick_line in zip(picks, PICK_LINES, strict=True):
        text = re.match(r"\*\s+\[(.+)\]\(", line(pick_line))[1]
        assert pick.text == text


def test_a_pick_whose_text_differs_from_its_headline_keeps_its_own_text():
    issue, _out, _err = import_sample()
    third = issue.picks.select_related("entry").get(position=3)
    assert third.blurb and third.blurb != third.entry.headline
    # Matched by link: the entry has no source link, its card has the pick's address.
    assert third.entry.card_url == link_target(line(PICK_LINES[2]))
    assert [pick.blurb for pick in issue.picks.all()][:2] == ["", ""]


# --- Images ------------------------------------------------------------------------------------


def image_names():
    return [re.search(r"\(img/(.+?)\)", text)[1] for text in sample_lines() if "](img/" in text]


def test_missing_images_are_listed_and_noted_on_their_entries(tmp_path):
    issue, out, _err = import_sample("--media-dir", str(tmp_path))
    names = image_names()
    assert len(names) == 7
    for name in names:
        assert name in out
    noted = sorted(issue.entries.exclude(missing_image="").values_list("missing_image", flat=True))
    assert noted == sorted(f"img/{name}" for name in names)
    assert not issue.entries.exclude(image="").exists()


def test_images_found_in_the_media_dir_become_the_entries_images(tmp_path):
    (tmp_path / "img").mkdir()
    for name in image_names():
        Image.new("RGB", (8, 8), (200, 30, 30)).save(tmp_path / "img" / name)
    issue, out, _err = import_sample("--media-dir", str(tmp_path))
    assert "not found" not in out
    with_images = issue.entries.exclude(image="")
    assert with_images.count() == 7
    assert not issue.entries.exclude(missing_image="").exists()
    first = entry_at(issue, 34)
    assert first.image.name.endswith(".png") and first.image.size > 0


def test_parser_reports_line_numbers_of_the_sample():
    parsed = parse_document(SAMPLE.read_text(encoding="utf-8"), SAMPLE.name)
    assert [section.line for section in parsed.sections] == list(SECTIONS)
    assert [entry.line for entry in parsed.entries] == all_entry_lines()
    assert [pick.line for pick in parsed.picks] == PICK_LINES
    assert parsed.warnings == []


# --- The issue page ----------------------------------------------------------------------------


def test_issue_page_reads_like_the_sample(client, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    issue, _out, _err = import_sample("--publish")
    response = client.get(reverse("digest:issue-detail", kwargs={"year": 2020, "week": 47}))
    assert response.status_code == 200
    html = response.content.decode()
    for heading_line in SECTIONS:
        assert re.sub(r"^\d+\.", "", heading(heading_line)).strip() in html
    for headline_line in all_entry_lines():
        assert heading(headline_line) in html
    for entry in Entry.objects.filter(issue=issue):
        if entry.source_url:
            assert entry.original_title in html
            assert any(a.get("href") == entry.source_url for a in find_all(html, "a"))
        if entry.card_url:
            assert entry.card_title in html
            assert entry.card_site in html
    # The picks come first, before the sections.
    picks_at = html.index('class="picks"')
    assert picks_at < html.index('class="issue-section"')
    for pick in issue.picks.all():
        assert pick.text in html[picks_at : html.index('class="issue-section"')]
