"""The parsed document: an issue, its sections, entries, link cards and editor's picks, as
read from the text; and how each pick finds the entry it points at."""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

from .problems import ImportProblem
from .wording import squash

PICK_MATCH_RATIO = 0.6


@dataclass
class ParsedCard:
    url: str
    title: str
    description: str
    site: str
    line: int


@dataclass
class ParsedEntry:
    headline: str
    line: int
    original_title: str = ""
    source_url: str = ""
    summary: str = ""
    image: str = ""
    image_alt: str = ""
    image_line: int | None = None
    card: ParsedCard | None = None
    tags: list = field(default_factory=list)

    @property
    def links(self):
        """Normalised links that point at this entry: its source and its card."""
        return {normalize_url(url) for url in (self.source_url, self.card and self.card.url) if url}

    @property
    def anchor(self):
        return slugify(self.headline, allow_unicode=True)


@dataclass
class ParsedSection:
    name: str
    number: int
    line: int
    entries: list = field(default_factory=list)


@dataclass
class ParsedPick:
    text: str
    url: str
    line: int
    entry: ParsedEntry | None = None

    @property
    def blurb(self):
        """The pick's own text, kept only where it differs from the entry's headline."""
        if self.entry is None or squash(self.text) == squash(self.entry.headline):
            return ""
        return self.text


@dataclass
class ParsedIssue:
    source_name: str
    year: int
    week: int
    title: str
    title_line: int
    source_url: str = ""
    source_line: int | None = None
    intro: str = ""
    coverage_start: datetime.date | None = None
    sections: list = field(default_factory=list)
    picks: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def entries(self):
        return [entry for section in self.sections for entry in section.entries]

    @property
    def images(self):
        return [entry.image for entry in self.entries if entry.image]


def clean_url(url):
    """A link as stored: without the spaces a broken export leaves inside it."""
    return re.sub(r"\s+", "", url or "").strip("<>")


def normalize_url(url):
    """A link as compared between picks and entries: cleaned, without a trailing slash."""
    return clean_url(url).rstrip("/")


def match_picks(parsed):
    """Point each pick at its entry: by link first, then by headline (exact, then closest)."""
    entries = parsed.entries
    taken = {}
    for pick in parsed.picks:
        entry = _entry_for_pick(pick, entries)
        if entry is None:
            raise ImportProblem(
                _('the editor\'s pick "%(text)s" matches no entry of the issue (by link or '
                  "headline)") % {"text": pick.text},
                pick.line,
            )  # fmt: skip
        if id(entry) in taken:
            raise ImportProblem(
                _('the editor\'s pick "%(text)s" points at the same entry as the pick on line '
                  "%(other)d") % {"text": pick.text, "other": taken[id(entry)]},
                pick.line,
            )  # fmt: skip
        taken[id(entry)] = pick.line
        pick.entry = entry


def _entry_for_pick(pick, entries):
    if pick.url.startswith("#"):
        anchor = pick.url[1:]
        match = next((entry for entry in entries if entry.anchor == anchor), None)
        if match:
            return match
    elif pick.url:
        url = normalize_url(pick.url)
        match = next((entry for entry in entries if url in entry.links), None)
        if match:
            return match
    text = squash(pick.text)
    exact = next((entry for entry in entries if squash(entry.headline) == text), None)
    if exact or not text:
        return exact
    ratio, closest = max(
        ((difflib.SequenceMatcher(None, text, squash(e.headline)).ratio(), e) for e in entries),
        key=lambda pair: pair[0],
    )
    return closest if ratio >= PICK_MATCH_RATIO else None
