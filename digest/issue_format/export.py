"""Write an issue back out: as Markdown in the shape the importer reads, or as e-mail HTML.

`export_markdown` writes the sample issue's structure (title, original post, intro with its
coverage start, topics, picks, navigation, numbered sections of entries with original title
and link, tags, image and link card, navigation again), in Chinese or English wording;
`import_document(parse_document(export_markdown(issue)))` gives the same issue back.
`export_html` gives a self-contained page for pasting into an e-mail newsletter: inline
styles, absolute links, no scripts. Both use only the issue and its published neighbours.
"""

import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from ..markdown import render_markdown
from ..models import Issue
from .wording import ENGLISH_MONTHS, WORDING, coverage_date, find_coverage, find_year_week

SEPARATOR = " ".join(["—"] * 30)
SHORT_SEPARATOR = "— —"
LANGUAGES = ("zh-hans", "en")


def wording_for(language=None):
    """The document words for a language code; the site's language when None."""
    language = (language or settings.LANGUAGE_CODE or "").lower()
    return WORDING["zh"] if language.startswith("zh") else WORDING["en"]


def image_name(entry):
    """The file name an entry's image has in an exported document's img/ folder."""
    if entry.image:
        return PurePosixPath(entry.image.name).name
    return ""


def image_path(entry):
    """The image reference an entry is exported with: its uploaded image, or the missing one."""
    if entry.image:
        return f"img/{image_name(entry)}"
    return entry.missing_image


def export_images(issue, folder):
    """Copy the uploaded images of an issue's entries to `folder`/img/, as the Markdown
    export refers to them; returns the paths written."""
    written = []
    target = Path(folder) / "img"
    for entry in issue.entries.exclude(image=""):
        target.mkdir(parents=True, exist_ok=True)
        path = target / image_name(entry)
        with entry.image.open("rb") as source, path.open("wb") as copy:
            shutil.copyfileobj(source, copy)
        written.append(path)
    return written


def _title(issue, words):
    # A custom title is kept when it still names the week, so that it reads back.
    if issue.title and find_year_week(issue.title) == (issue.year, issue.week):
        return issue.title
    return words.title.format(year=issue.year, week=issue.week)


def _coverage_mark(issue, words):
    start = issue.coverage_start
    return words.coverage.format(
        month=start.month, day=start.day, month_name=ENGLISH_MONTHS[start.month - 1]
    )


def _intro_paragraphs(issue, words):
    """The intro, preceded by the coverage mark unless the intro already names that date."""
    found = find_coverage(issue.intro or "")
    if found and coverage_date(issue.year, issue.week, *found) == issue.coverage_start:
        return [issue.intro.strip()]
    return [_coverage_mark(issue, words), *([issue.intro.strip()] if issue.intro else [])]


def _link(url, base_url):
    return urljoin(base_url, url) if base_url else url


def _navigation(issue, words, base_url):
    previous, following, recent_months, _since = Issue.objects.visible().neighbours(issue)
    parts = [
        f"[{words.week_link.format(week=other.week)}]({_link(other.get_absolute_url(), base_url)})"
        if other
        else ""
        for other in (previous, following)
    ]
    line = words.week_nav.format(
        previous=parts[0], this=words.this_week.format(week=issue.week), next=parts[1]
    ).strip()
    lines = [line]
    for month in recent_months:
        text = words.month_summary.format(
            year=month.year, month=month.month, month_name=ENGLISH_MONTHS[month.month - 1]
        )
        lines.append(f"[{text}]({_link(month.get_absolute_url(), base_url)})")
    return lines


def _section_name(section, words):
    return section.name_zh if words is WORDING["zh"] else section.name_en


def _pick_link(entry):
    return entry.source_url or entry.card_url or f"#{entry.slug}"


def _entry_lines(entry, words):
    lines = [f"# {entry.headline}", ""]
    if entry.source_url:
        if entry.original_title:
            lines.append(entry.original_title)
        lines += [f"[{entry.source_url}]({entry.source_url})", ""]
    elif entry.original_title:
        lines += [entry.original_title, ""]
    if entry.summary.strip():
        lines += [entry.summary.strip(), ""]
    tags = sorted(tag.name for tag in entry.tags.all())
    if tags:
        lines += [f"{words.tags}: {', '.join(tags)}", ""]
    if image_path(entry):
        lines += [f"![{entry.image_alt}]({image_path(entry)})", ""]
    card_url = entry.card_url or entry.source_url
    if entry.has_card and card_url:
        description = re.sub(r"\s+", " ", entry.card_description).strip()
        lines += [f"[]({card_url}) [## {entry.card_title}", ""]
        if description:
            lines += [f"### {description}", ""]
        lines += [f"{entry.card_site}]({card_url})", ""]
    return lines


def export_markdown(issue, language=None, base_url=None):
    """The issue as Markdown in the sample's structure, worded in `language` (the site's
    language when None: Chinese headings for zh-hans, English otherwise). Site links are
    relative unless `base_url` is given."""
    words = wording_for(language)
    sections = issue.sections_with_entries()
    lines = [f"# {_title(issue, words)}", ""]
    if issue.source_url:
        lines += [f"> {words.source}<{issue.source_url}>", ""]
    for paragraph in _intro_paragraphs(issue, words):
        lines += [paragraph, ""]
    if sections:
        lines += [f"# {words.topics}", ""]
        lines += [f"{n}.  {_section_name(s, words)}" for n, (s, _e) in enumerate(sections, 1)]
        lines.append("")
    picks = list(issue.picks.in_own_issue().select_related("entry"))
    if picks:
        lines += [f"# {words.picks}", ""]
        lines += [f"*   [{pick.text}]({_pick_link(pick.entry)})" for pick in picks]
        lines.append("")
    navigation = [f"# {words.past}", ""]
    for line in _navigation(issue, words, base_url):
        navigation += [line, ""]
    lines += [*navigation, SEPARATOR, ""]
    for number, (section, entries) in enumerate(sections, start=1):
        name = words.section.format(number=number, name=_section_name(section, words))
        lines += [f"# {name}", "", SHORT_SEPARATOR, ""]
        for entry in entries:
            lines += _entry_lines(entry, words)
        lines += [SEPARATOR, ""]
    lines += navigation
    return "\n".join(lines).rstrip() + "\n"


def export_html(issue, language=None, base_url=None):
    """The issue as one self-contained HTML document for an e-mail newsletter.

    Every link and image is absolute (made from `base_url`, default the DIGEST_SITE_URL
    setting), styles are inline and there is no script. ValueError without a site address.
    """
    base_url = base_url or getattr(settings, "DIGEST_SITE_URL", "")
    if not base_url:
        raise ValueError("HTML export needs the site's address (DIGEST_SITE_URL or base_url).")
    words = wording_for(language)
    language_code = "zh-hans" if words is WORDING["zh"] else "en"
    sections = [
        {
            "name": words.section.format(number=number, name=_section_name(section, words)),
            "entries": [
                {
                    "entry": entry,
                    "summary_html": render_markdown(entry.summary, base_url=base_url),
                    "image_url": urljoin(base_url, entry.image.url) if entry.image else "",
                    "url": urljoin(base_url, entry.get_absolute_url()),
                    "card_url": entry.card_url or entry.source_url,
                }
                for entry in entries
            ],
        }
        for number, (section, entries) in enumerate(issue.sections_with_entries(), start=1)
    ]
    picks = [
        {"text": pick.text, "url": urljoin(base_url, pick.entry.get_absolute_url())}
        for pick in issue.picks.in_own_issue().select_related("entry", "issue")
    ]
    with translation.override(language_code):
        return render_to_string(
            "digest/email/issue.html",
            {
                "issue": issue,
                "title": _title(issue, words),
                "words": words,
                "language_code": language_code,
                "coverage": _coverage_mark(issue, words),
                "intro_html": render_markdown(issue.intro, base_url=base_url),
                "issue_url": urljoin(base_url, issue.get_absolute_url()),
                "picks": picks,
                "sections": sections,
                "navigation": _html_navigation(issue, words, base_url),
            },
        )


def _html_navigation(issue, words, base_url):
    links = []
    previous, following, _months, _since = Issue.objects.visible().neighbours(issue)
    if previous:
        links.append(("⇦ " + words.week_link.format(week=previous.week), previous))
    if following:
        links.append((words.week_link.format(week=following.week) + " ⇨", following))
    return [(text, urljoin(base_url, other.get_absolute_url())) for text, other in links]
