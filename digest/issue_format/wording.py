"""The fixed words of the issue document format, in Chinese and English: the title, the
headings, the coverage mark and the month names, and how headings are compared."""

import datetime
import re
from dataclasses import dataclass

from .. import weeks

ENGLISH_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


@dataclass(frozen=True)
class Wording:
    """The fixed words of the document format in one language."""

    title: str
    source: str
    coverage: str
    topics: str
    picks: str
    past: str
    section: str
    tags: str
    week_link: str
    this_week: str
    week_nav: str
    month_summary: str


# The document's own words, not interface text: they are not translated through gettext, and the
# importer recognises both languages whatever the site's language is.
WORDING = {
    "zh": Wording(
        title="{year} 年第 {week} 周",
        source="原文：",
        coverage="({month} 月 {day} 日~)",
        topics="主题",
        picks="—每周编辑精选",
        past="—过去的文章",
        section="{number}.{name}",
        tags="标签",
        week_link="第 {week} 周",
        this_week="第 {week} 周(本帖)",
        week_nav="{previous} ⇦{this}⇨ {next}",
        month_summary="{year} 年 {month} 月汇总",
    ),
    "en": Wording(
        title="Week {week}, {year}",
        source="Original: ",
        coverage="({day} {month_name}~)",
        topics="Topics",
        picks="— Weekly Editor's pickups",
        past="— Past Articles",
        section="{number}. {name}",
        tags="Tags",
        week_link="Week {week}",
        this_week="Week {week} (this post)",
        week_nav="{previous} ⇦ {this} ⇨ {next}",
        month_summary="{month_name} {year} summary",
    ),
}

# Headings are compared after dropping leading dashes, case and spacing (see `heading_key`).
TOPICS_HEADINGS = {"主题", "目录", "topics", "topic", "contents"}
PICKS_HEADINGS = {
    "每周编辑精选", "编辑精选", "weekly editor's pickups", "weekly editor's picks",
    "editor's pickups", "editor's picks",
}  # fmt: skip
NAVIGATION_HEADINGS = {"过去的文章", "往期文章", "past articles", "previous articles"}

TITLE_PATTERNS = [
    re.compile(r"(?P<year>\d{4})\s*年\s*第\s*(?P<week>\d{1,2})\s*周"),
    re.compile(r"\bweek\s*(?P<week>\d{1,2})\s*(?:,|of)?\s*(?P<year>\d{4})\b", re.IGNORECASE),
]
COVERAGE_PATTERNS = [
    re.compile(r"[(（]\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日\s*[~～〜]\s*[)）]"),
    re.compile(r"[(（]\s*(?P<day>\d{1,2})\s+(?P<month_name>[A-Za-z]{3,9})\.?\s*[~～]\s*[)）]"),
    re.compile(r"[(（]\s*(?P<month_name>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})\s*[~～]\s*[)）]"),
]


def squash(text):
    return re.sub(r"\s+", " ", text or "").strip()


def heading_key(text):
    text = strip_emphasis(text).replace("’", "'")
    text = re.sub(r"^[\s—–\-]+", "", text).rstrip(":：").strip()
    return squash(text).lower()


def strip_emphasis(text):
    text = text.strip()
    for mark in ("**", "__", "*", "_"):
        if len(text) > 2 * len(mark) and text.startswith(mark) and text.endswith(mark):
            return text[len(mark) : -len(mark)].strip()
    return text


def find_year_week(text):
    """(year, week) named by a title such as "2020 年第 47 周" or "Week 47, 2020", or None."""
    for pattern in TITLE_PATTERNS:
        match = pattern.search(text)
        if match:
            return int(match["year"]), int(match["week"])
    return None


def standard_titles(year, week):
    return {squash(wording.title.format(year=year, week=week)) for wording in WORDING.values()}


def find_coverage(text):
    """(month, day) of a coverage mark such as "(11 月 15 日~)" or "(15 November~)", or None."""
    for pattern in COVERAGE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("month"):
            return int(groups["month"]), int(groups["day"])
        name = groups["month_name"].lower()
        for number, month in enumerate(ENGLISH_MONTHS, start=1):
            if month.lower().startswith(name) and len(name) >= 3:
                return number, int(groups["day"])
    return None


def coverage_date(year, week, month, day):
    """The date nearest the week's Monday with that month and day (covers New Year weeks)."""
    monday = weeks.monday_of(year, week)
    candidates = []
    for candidate_year in (year - 1, year, year + 1):
        try:
            candidates.append(datetime.date(candidate_year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    best = min(candidates, key=lambda date: abs((date - monday).days))
    return best if abs((best - monday).days) <= 14 else None
