"""Read a weekly issue from Markdown, and write it into the database.

The format is the one the digest was first published in (see the sample issue), in Chinese or
in the English original's wording; section names may be anything, numbered in order:

    # 2020 年第 47 周                        | # Week 47, 2020        the title: year and week
    > 原文：<https://…>                      | > Original: <https://…>    the issue's source link
    Intro paragraphs, naming the coverage start "(11 月 15 日~)" | "(15 November~)"
    # 主题                                   | # Topics               the sections, as a list
    # —每周编辑精选                           | # — Weekly Editor's pickups
    *   [text](link)                         one line per pick; the link finds the entry
    # —过去的文章                             | # — Past Articles      navigation, ignored
    — — — —                                  separators, ignored
    # 1.机器学习论文                          | # 1. Machine Learning Papers    a section
    # Headline                               an entry (bold ** around it is dropped), then:
    Original title                           the original title, with its link on the next
    [https://…](https://…)                   line (or 【https://…, or a bare URL); title text
                                             may continue after the link
    Summary paragraphs (Markdown)
    标签: a, b                               | Tags: a, b             the entry's tags
    ![alt](img/file.png)                     the entry's image, looked up in the media folder
    [](https://…) [## Card title             a link card: title, description and site
    ### Card description
    site.example](https://…)
    # —过去的文章 again at the end: it and everything after it (the footer) are ignored.

The tags line is Digest's own addition so that an exported issue reads back with its tags;
documents from the old platform have none, and entries without the line get no tags. Tag
names are separated by commas (",", "，" or "、").

`parse_document` only reads text; `ImportPlan` looks at the database without writing, for
a dry run; `import_document` writes one issue in one transaction.
"""

import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import history, weeks
from .models import Entry, Issue, Pick, Section, TransitionError, issue_title
from .tags import clean_tag_name
from .uploads import image_format

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

# Headings are compared after dropping leading dashes, case and spacing (see `_heading_key`).
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
HEADING = re.compile(r"^(#{1,2})\s+(.*)$")
SECTION_HEADING = re.compile(r"^(?P<number>\d{1,2})\s*[.．、](?!\d)\s*(?P<name>\S.*)$")
SEPARATOR = re.compile(r"^\s*(?:(?:[—–-]\s*){2,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
FENCE = re.compile(r"^\s*(```|~~~)")
SOURCE_LINE = re.compile(
    r"^>\s*(?:原文|原帖|original(?: post)?|source|translated from)\s*[:：]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^\s*(?:[*+-]|\d{1,2}[.)、])\s+(?P<text>.+)$")
LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\(\s*<?(?P<url>[^)\s>]+)>?\s*\)(?P<rest>.*)$")
BRACKET_URL = re.compile(r"^【\s*(?P<url>https?://[^\s】]+)\s*】?(?P<rest>.*)$")
BARE_URL = re.compile(r"^<?(?P<url>https?://[^\s>]+)>?(?P<rest>.*)$")
IMAGE = re.compile(r'^!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<path>[^)\s>]+)>?(?:\s+"[^"]*")?\s*\)$')
CARD_START = re.compile(r"^\[\]\(\s*<?(?P<url>[^)\s>]*)>?\s*\)\s*\[##\s?(?P<rest>.*)$")
CARD_END = re.compile(r"^(?P<text>.*)\]\(\s*<?(?P<url>[^)\s>]+)>?\s*\)$")
TAGS_LINE = re.compile(r"^(?:标签|tags)\s*[:：]\s*(?P<tags>.*)$", re.IGNORECASE)
TAG_SEPARATORS = re.compile(r"[,，、]")
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# A link card spans a few lines; more than this without its closing "site](url)" is an error.
CARD_MAX_LINES = 8
PICK_MATCH_RATIO = 0.6


class ImportProblem(Exception):
    """A document that cannot be imported, with the file and line it was found at."""

    def __init__(self, message, line=None, source=None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.source = source

    def __str__(self):
        where = self.source or _("document")
        if self.line:
            where = _("%(file)s, line %(line)d") % {"file": where, "line": self.line}
        return f"{where}: {self.message}"


class ExistingIssue(ImportProblem):
    """The document's week already has an issue, and replacing it was not asked for."""

    def __init__(self, message, line=None, source=None, issue=None):
        super().__init__(message, line, source)
        self.issue = issue


# --- The parsed document -----------------------------------------------------------------------


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
        if self.entry is None or _squash(self.text) == _squash(self.entry.headline):
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


def _squash(text):
    return re.sub(r"\s+", " ", text or "").strip()


def _heading_key(text):
    text = _strip_emphasis(text).replace("’", "'")
    text = re.sub(r"^[\s—–\-]+", "", text).rstrip(":：").strip()
    return _squash(text).lower()


def _strip_emphasis(text):
    text = text.strip()
    for mark in ("**", "__", "*", "_"):
        if len(text) > 2 * len(mark) and text.startswith(mark) and text.endswith(mark):
            return text[len(mark) : -len(mark)].strip()
    return text


def _join_text(first, second):
    """Two pieces of one title: no space between CJK text, one space otherwise."""
    if not first or not second:
        return (first + second).strip()
    if CJK.match(first[-1]) or CJK.match(second[0]):
        return first.rstrip() + second.lstrip()
    return f"{first.rstrip()} {second.lstrip()}"


def _url_like(text):
    compact = re.sub(r"\s+", "", text)
    return compact == "" or compact.startswith(("http://", "https://", "www."))


def find_year_week(text):
    """(year, week) named by a title such as "2020 年第 47 周" or "Week 47, 2020", or None."""
    for pattern in TITLE_PATTERNS:
        match = pattern.search(text)
        if match:
            return int(match["year"]), int(match["week"])
    return None


def standard_titles(year, week):
    return {_squash(wording.title.format(year=year, week=week)) for wording in WORDING.values()}


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


# --- Parsing -----------------------------------------------------------------------------------


def parse_document(text, source_name="document"):
    """Read an issue from Markdown text; raises ImportProblem saying what is wrong, and where."""
    try:
        return _Parser(text, source_name).parse()
    except ImportProblem as problem:
        problem.source = problem.source or source_name
        raise


def read_document(data, source_name):
    """Decode an uploaded or stored document (bytes) to text, or raise ImportProblem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportProblem(
            _("cannot be read as UTF-8 text (byte %(position)d)") % {"position": error.start},
            source=source_name,
        ) from error
    return text


class _Parser:
    def __init__(self, text, source_name):
        self.source_name = source_name
        self.lines = [line.rstrip() for line in text.lstrip("\ufeff").splitlines()]
        self.topics = []
        self.sections = []
        self.picks = []
        self.warnings = []
        self.intro_lines = []
        self.source_url = ""
        self.source_line = None
        self.entry_lines = None  # the current entry's body: [(line number, text), ...]
        self.entry = None

    # The document is read line by line; `mode` says which part we are in.
    def parse(self):
        title_line, year, week, title = self._title()
        mode = "intro"
        in_fence = False
        card_start = None
        for number, line in enumerate(self.lines[title_line:], start=title_line + 1):
            if card_start is not None:
                self._collect(number, line, mode)
                if CARD_END.match(line.strip()):
                    card_start = None
                elif line.strip() and number - card_start > CARD_MAX_LINES:
                    raise ImportProblem(_card_not_closed(), card_start)
                continue
            if FENCE.match(line):
                in_fence = not in_fence
            if in_fence or FENCE.match(line):
                self._collect(number, line, mode)
                continue
            card = CARD_START.match(line.strip())
            if card and not CARD_END.match(card["rest"].strip()):
                card_start = number
                self._collect(number, line, mode)
                continue
            if SEPARATOR.match(line):
                mode = self._separator(mode)
                continue
            heading = HEADING.match(line)
            if heading:
                mode = self._heading(number, heading[2].strip(), mode)
                continue
            self._line(number, line, mode)
        if card_start is not None:
            raise ImportProblem(_card_not_closed(), card_start)
        self._end_entry()
        return self._result(title_line, year, week, title)

    def _title(self):
        first_heading = next(
            ((n, m) for n, line in enumerate(self.lines, 1) if (m := HEADING.match(line))),
            (None, None),
        )
        number, heading = first_heading
        found = find_year_week(heading[2]) if heading else None
        if not found:
            raise ImportProblem(
                _(
                    "no issue title with year and week (expected "
                    '"# 2020 年第 47 周" or "# Week 47, 2020")'
                ),
                number or 1,
            )
        year, week = found
        if not (1900 <= year <= 2999) or not weeks.week_exists(year, week):
            last = weeks.weeks_in_year(year) if 1 <= year <= 9999 else 52
            raise ImportProblem(
                _("%(year)d has no week %(week)d; its last ISO week is %(last)d")
                % {"year": year, "week": week, "last": last},
                number,
            )
        text = _strip_emphasis(heading[2])
        title = "" if _squash(text) in standard_titles(year, week) else text
        return number, year, week, title

    def _collect(self, number, line, mode):
        if mode == "entry":
            self.entry_lines.append((number, line))
        elif mode == "intro":
            self.intro_lines.append(line)

    def _separator(self, mode):
        if mode == "entry":
            self._end_entry()
            return "section"
        if mode in ("section", "footer"):
            return mode
        return "between"

    def _heading(self, number, text, mode):
        key = _heading_key(text)
        if mode in ("entry", "section"):
            self._end_entry()
        if key in NAVIGATION_HEADINGS:
            # Navigation after the sections starts the end matter: all of it is ignored.
            return "footer" if self.sections else "navigation"
        section = self._section_heading(number, text)
        if section:
            self.sections.append(section)
            return "section"
        if mode == "footer":
            return "footer"
        if not self.sections:
            if key in TOPICS_HEADINGS:
                return "topics"
            if key in PICKS_HEADINGS:
                return "picks"
            raise ImportProblem(
                _(
                    'the heading "%(heading)s" comes before the first numbered section '
                    '(expected a section such as "# 1. Machine Learning Papers")'
                )
                % {"heading": text},
                number,
            )
        headline = _strip_emphasis(text)
        if not headline:
            raise ImportProblem(_("an entry heading without a headline"), number)
        self.entry = ParsedEntry(headline=headline, line=number)
        self.entry_lines = []
        return "entry"

    def _section_heading(self, number, text):
        match = SECTION_HEADING.match(_strip_emphasis(text))
        if not match:
            return None
        name = _strip_emphasis(match["name"])
        expected = len(self.sections) + 1
        if int(match["number"]) != expected:
            return None
        if self.topics and _heading_key(name) not in self.topics:
            if self.sections:
                self.warnings.append(
                    _(
                        'line %(line)d: "%(heading)s" is numbered like a section but is not '
                        "in the topic list; it was read as an entry headline"
                    )
                    % {"line": number, "heading": text}
                )
                return None
            self.warnings.append(
                _('line %(line)d: section "%(name)s" is not in the topic list')
                % {"line": number, "name": name}
            )
        return ParsedSection(name=name, number=expected, line=number)

    def _line(self, number, line, mode):
        text = line.strip()
        if mode == "entry":
            self.entry_lines.append((number, line))
        elif mode == "intro":
            source = SOURCE_LINE.match(text)
            if source and not self.source_url:
                self.source_url = _first_url(source["rest"])
                self.source_line = number
            else:
                self.intro_lines.append(line)
        elif mode == "topics":
            item = LIST_ITEM.match(line)
            if item:
                self.topics.append(_heading_key(item["text"]))
        elif mode == "picks":
            item = LIST_ITEM.match(line)
            if item:
                self.picks.append(_pick(item["text"].strip(), number))
        elif mode == "section" and text:
            self.warnings.append(
                _("line %(line)d: text outside any entry was left out: %(text)s")
                % {"line": number, "text": text[:60]}
            )
        # Navigation, the footer and text between the parts are not content.

    def _end_entry(self):
        if self.entry is None:
            return
        _read_entry_body(self.entry, self.entry_lines, self.warnings)
        self.sections[-1].entries.append(self.entry)
        self.entry = self.entry_lines = None

    def _result(self, title_line, year, week, title):
        parsed = ParsedIssue(
            source_name=self.source_name,
            year=year,
            week=week,
            title=title,
            title_line=title_line,
            source_url=self.source_url,
            source_line=self.source_line,
            sections=self.sections,
            picks=self.picks,
            warnings=self.warnings,
        )
        parsed.intro, parsed.coverage_start = self._intro(year, week)
        if not parsed.entries:
            raise ImportProblem(
                _(
                    'no entries (expected numbered sections such as "# 1. Machine Learning '
                    'Papers", each with "# Headline" entries under it)'
                )
            )
        for section in parsed.sections:
            if not section.entries:
                parsed.warnings.append(
                    _('line %(line)d: section "%(name)s" has no entries')
                    % {"line": section.line, "name": section.name}
                )
        _match_picks(parsed)
        return parsed

    def _intro(self, year, week):
        """The intro text and the coverage start it names. A paragraph holding nothing but the
        coverage mark (as the exporter writes when the intro lacks one) is not intro text."""
        paragraphs = _paragraphs(self.intro_lines)
        mark_only = [p for p in paragraphs if find_coverage(p) and _is_coverage_mark(p)]
        intro = [p for p in paragraphs if p not in mark_only]
        coverage = None
        for text in [*mark_only, *intro]:
            found = find_coverage(text)
            if found:
                coverage = coverage_date(year, week, *found)
                if coverage is None:
                    self.warnings.append(
                        _("the coverage start %(text)s does not fit the week; it was ignored")
                        % {"text": text[:40]}
                    )
                break
        return "\n\n".join(intro), coverage


def _card_not_closed():
    return _('link card not closed (expected its last line to be like "site](https://…)")')


def _is_coverage_mark(paragraph):
    return any(not pattern.sub("", paragraph).strip() for pattern in COVERAGE_PATTERNS)


def _paragraphs(lines):
    paragraphs, current = [], []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current).strip())
            current = []
    return paragraphs


def _first_url(text):
    text = text.strip()
    for pattern in (LINK, BARE_URL):
        match = pattern.match(text)
        if match:
            return clean_url(match["url"])
    match = re.search(r"https?://\S+", text)
    return clean_url(match[0].rstrip(">)")) if match else ""


def _pick(text, line):
    link = LINK.match(text)
    if link and not link["rest"].strip():
        return ParsedPick(text=_strip_emphasis(link["text"]), url=link["url"].strip(), line=line)
    return ParsedPick(text=_strip_emphasis(text), url="", line=line)


def _tag_names(line, text):
    """The tag names of a tags line, cleaned as tags are stored (digest.tags)."""
    try:
        names = [clean_tag_name(name) for name in TAG_SEPARATORS.split(text)]
    except ValidationError as error:
        raise ImportProblem(" ".join(error.messages), line) from error
    return [name for name in names if name]


def _read_entry_body(entry, lines, warnings):
    """Fill an entry from the lines under its headline: title block, summary, tags, image, card."""
    blocks = _blocks(lines)
    if blocks and blocks[0][0] == "text":
        rest = _title_block(entry, blocks[0][1])
        if rest is not None:
            blocks[0] = ("text", rest) if rest else None
    summary = []
    for block in filter(None, blocks):
        kind, content = block
        if kind == "text":
            summary.append("\n".join(text for _number, text in content).strip())
        elif kind == "tags":
            entry.tags.extend(_tag_names(*content))
        elif kind == "image":
            number, match = content
            if entry.image:
                warnings.append(
                    _("line %(line)d: a second image of one entry was left out: %(path)s")
                    % {"line": number, "path": match["path"]}
                )
            else:
                entry.image, entry.image_alt = match["path"], match["alt"].strip()
                entry.image_line = number
        elif kind == "card":
            if entry.card:
                warnings.append(
                    _("line %(line)d: a second link card of one entry was left out")
                    % {"line": content[0][0]}
                )
            else:
                entry.card = _card(content)
    entry.summary = "\n\n".join(text for text in summary if text)


def _blocks(lines):
    """Group an entry's lines: ("text", [(n, line), ...]) paragraphs, images, tags, cards."""
    blocks, paragraph, card, in_fence = [], [], None, False

    def flush():
        if paragraph:
            blocks.append(("text", list(paragraph)))
            paragraph.clear()

    for number, line in lines:
        text = line.strip()
        if card is not None:
            card.append((number, line))
            if CARD_END.match(text):
                blocks.append(("card", card))
                card = None
            continue
        if FENCE.match(line):
            in_fence = not in_fence
            paragraph.append((number, line))
            continue
        if in_fence:
            paragraph.append((number, line))
            continue
        image = IMAGE.match(text)
        if image and not image["path"].startswith(("http://", "https://", "data:")):
            flush()
            blocks.append(("image", (number, image)))
        elif CARD_START.match(text):
            flush()
            card = [(number, line)]
            if CARD_END.match(CARD_START.match(text)["rest"].strip()):
                blocks.append(("card", card))
                card = None
        elif TAGS_LINE.match(text):
            flush()
            blocks.append(("tags", (number, TAGS_LINE.match(text)["tags"])))
        elif text:
            paragraph.append((number, line))
        else:
            flush()
    flush()
    return blocks


def _title_block(entry, paragraph):
    """Read the original title and link from the first paragraph under a headline.

    Returns None when the paragraph is not one (it is summary), else the lines left over.
    """
    texts = [text.strip() for _number, text in paragraph]
    for index, text in enumerate(texts[:3]):
        url, rest = _link_line(text)
        if url is None:
            continue
        before = ""
        for piece in texts[:index]:
            before = _join_text(before, piece)
        entry.original_title = _join_text(before, rest.strip())
        entry.source_url = url
        return paragraph[index + 1 :]
    if len(texts) == 1:
        link = LINK.match(texts[0])
        if link and not link["rest"].strip() and link["text"].strip():
            entry.original_title = link["text"].strip()
            entry.source_url = clean_url(link["url"])
            return []
    return None


def _link_line(text):
    """(url, text after it) when a line starts with the entry's link, else (None, None)."""
    link = LINK.match(text)
    if link and _url_like(link["text"]) and link["url"].startswith(("http://", "https://")):
        return clean_url(link["url"]), link["rest"]
    for pattern in (BRACKET_URL, BARE_URL):
        match = pattern.match(text)
        if match:
            return clean_url(match["url"]), match["rest"]
    return None, None


def _card(lines):
    number = lines[0][0]
    start = CARD_START.match(lines[0][1].strip())
    texts = [start["rest"].strip()] + [text.strip() for _n, text in lines[1:]]
    end = CARD_END.match(texts[-1])
    texts[-1] = end["text"].strip()
    title, rest = texts[0], [text for text in texts[1:] if text]
    if len(texts) == 1:
        title, rest = texts[0], []
    description = [text.lstrip("#").strip() for text in rest if text.startswith("###")]
    others = [text for text in rest if not text.startswith("###")]
    return ParsedCard(
        url=clean_url(start["url"] or end["url"]),
        title=title,
        description=" ".join(description + others[:-1]),
        site=others[-1] if others else "",
        line=number,
    )


def _match_picks(parsed):
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
    text = _squash(pick.text)
    exact = next((entry for entry in entries if _squash(entry.headline) == text), None)
    if exact or not text:
        return exact
    ratio, closest = max(
        ((difflib.SequenceMatcher(None, text, _squash(e.headline)).ratio(), e) for e in entries),
        key=lambda pair: pair[0],
    )
    return closest if ratio >= PICK_MATCH_RATIO else None


# --- Writing -----------------------------------------------------------------------------------


@dataclass
class SectionPlan:
    parsed: ParsedSection
    section: Section | None  # None: to be created

    @property
    def is_new(self):
        return self.section is None


@dataclass
class EntryPlan:
    """One entry of the document: the saved entry it updates (None: a new one) and its image."""

    parsed: ParsedEntry
    section_plan: SectionPlan
    current: Entry | None
    image: object = None  # a file to store (Path or uploaded file); None: keep or leave none
    remove_image: bool = False
    missing_image: str = ""

    def values(self):
        """The entry's text fields as the document gives them."""
        item, card = self.parsed, self.parsed.card
        return {
            "headline": item.headline,
            "original_title": item.original_title,
            "source_url": item.source_url,
            "summary": item.summary,
            "image_alt": item.image_alt,
            "missing_image": self.missing_image,
            "card_url": card.url if card else "",
            "card_title": card.title if card else "",
            "card_description": card.description if card else "",
            "card_site": card.site if card else "",
        }

    def changed_fields(self):
        """The names of the fields updating the saved entry changes ([] for a new entry)."""
        entry = self.current
        if entry is None:
            return []
        names = [name for name, value in self.values().items() if getattr(entry, name) != value]
        section = self.section_plan.section
        if section is None or section.pk != entry.section_id:
            names.append("section")
        if _tag_key(self.parsed.tags) != _tag_key(tag.name for tag in entry.tag_list):
            names.append("tags")
        if self.image is not None or self.remove_image:
            names.append("image")
        return [str(Entry._meta.get_field(name).verbose_name) for name in names]


def _tag_key(names):
    # Tags are matched without regard to case (TAGGIT_CASE_INSENSITIVE).
    return sorted({name.casefold() for name in names})


def match_entries(parsed_entries, current):
    """{id(parsed entry): the saved entry it updates}: paired by source link, then by headline,
    then by anchor; each saved entry at most once, in the document's order."""
    free = list(current)
    matches = {}
    keys = [
        (lambda item: normalize_url(item.source_url), lambda e: normalize_url(e.source_url)),
        (lambda item: _squash(item.headline).casefold(), lambda e: _squash(e.headline).casefold()),
        (lambda item: item.anchor, lambda e: e.slug),
    ]
    for parsed_key, saved_key in keys:
        for item in parsed_entries:
            key = parsed_key(item)
            if id(item) in matches or not key:
                continue
            entry = next((e for e in free if saved_key(e) == key), None)
            if entry is not None:
                matches[id(item)] = entry
                free.remove(entry)
    return matches


class ImportPlan:
    """What importing a parsed document does, worked out from the database without writing.

    A week without an issue gets a new one. With `replace`, the week's issue is updated in
    place: its entries are paired with the document's (`match_entries`) and updated, added or
    removed; `changes` says what changes, one line each. Raises ExistingIssue when the week
    already has an issue and `replace` is false. `for_update` locks the issue (for writing).
    """

    def __init__(
        self, parsed, *, replace=False, media_dir=None, images=None, for_update=False, user=None
    ):
        self.parsed = parsed
        self.replace = replace
        existing = Issue.objects.filter(year=parsed.year, week=parsed.week)
        self.existing = (existing.select_for_update() if for_update else existing).first()
        if self.existing is not None and not replace:
            raise ExistingIssue(
                _(
                    "%(issue)s (week %(week)d of %(year)d) already exists; it is only updated "
                    "on request (--replace), or left as it is with --skip-existing"
                )
                % {"issue": self.existing, "week": parsed.week, "year": parsed.year},
                parsed.title_line,
                parsed.source_name,
                self.existing,
            )
        self.coverage_start = parsed.coverage_start or weeks.default_coverage_start(
            parsed.year, parsed.week
        )
        self.sections = self._match_sections()
        self._check_new_sections(user)
        self.images = {}  # entry image path -> file found for it
        self.missing_images = []
        self.warnings = list(parsed.warnings)
        current = self._current_entries()
        matches = match_entries(parsed.entries, current)
        self.entries = []
        for section_plan in self.sections:
            for item in section_plan.parsed.entries:
                entry_plan = EntryPlan(item, section_plan, matches.get(id(item)))
                self._plan_image(entry_plan, media_dir, images)
                self.entries.append(entry_plan)
        updated = {entry.pk for entry in matches.values()}
        self.removed = [entry for entry in current if entry.pk not in updated]
        self.changes = self._changes(current) if self.existing is not None else []

    def _current_entries(self):
        """The existing issue's entries in reading order, with their tags."""
        if self.existing is None:
            return []
        entries = self.existing.entries.select_related("section").with_tags()
        return sorted(entries, key=lambda e: (e.section.position, e.section_id, e.position, e.pk))

    def _match_sections(self):
        known = list(Section.objects.all())
        plans = []
        for parsed_section in self.parsed.sections:
            if not parsed_section.entries:
                continue
            key = _heading_key(parsed_section.name)
            section = next(
                (s for s in known if key in (_heading_key(s.name_en), _heading_key(s.name_zh))),
                None,
            )
            plans.append(SectionPlan(parsed_section, section))
        return plans

    def _plan_image(self, entry_plan, media_dir, images):
        item, current = entry_plan.parsed, entry_plan.current
        has_image = current is not None and bool(current.image)
        if not item.image:
            entry_plan.remove_image = has_image
            return
        found = find_image(item.image, media_dir, images)
        if isinstance(found, str):
            self.warnings.append(found)
            found = None
        if found is None:
            # An image named but not given leaves an updated entry's picture as it is.
            if not has_image:
                entry_plan.missing_image = item.image
                self.missing_images.append(item.image)
            return
        self.images[item.image] = found
        if not (has_image and _same_bytes(current.image, found)):
            entry_plan.image = found

    def _changes(self, current):
        """What updating the existing issue changes, one line each."""
        issue, parsed = self.existing, self.parsed
        changes = []
        if issue.title != parsed.title:
            changes.append(
                _("title: “%(old)s” → “%(new)s”")
                % {
                    "old": issue.display_title,
                    "new": parsed.title or issue_title(parsed.year, parsed.week),
                }
            )
        for name, new in (
            ("source_url", parsed.source_url),
            ("coverage_start", self.coverage_start),
        ):
            old = getattr(issue, name)
            if old != new:
                changes.append(
                    _("%(field)s: %(old)s → %(new)s")
                    % {
                        "field": Issue._meta.get_field(name).verbose_name,
                        "old": old or "—",
                        "new": new or "—",
                    }
                )
        if issue.intro != parsed.intro:
            changes.append(_("intro changed"))
        for entry_plan in self.entries:
            old = entry_plan.current
            if old is None:
                changes.append(
                    _("entry added: %(headline)s") % {"headline": entry_plan.parsed.headline}
                )
            elif fields := entry_plan.changed_fields():
                headline = old.headline
                if headline != entry_plan.parsed.headline:
                    headline = f"{headline} → {entry_plan.parsed.headline}"
                changes.append(
                    _("entry changed: %(headline)s (%(fields)s)")
                    % {"headline": headline, "fields": ", ".join(fields)}
                )
        for entry in self.removed:
            changes.append(_("entry removed: %(headline)s") % {"headline": entry.headline})
        kept = [e.current.pk for e in self.entries if e.current is not None]
        if [entry.pk for entry in current if entry.pk in kept] != kept:
            changes.append(_("the order of the entries changed"))
        changes += self._pick_changes()
        return changes

    def _pick_changes(self):
        saved = list(self.existing.picks.select_related("entry"))
        plans = {id(entry_plan.parsed): entry_plan for entry_plan in self.entries}
        new = [
            (getattr(plans[id(pick.entry)].current, "pk", None), pick.blurb[:300])
            for pick in self.parsed.picks
        ]
        if [(pick.entry_id, pick.blurb) for pick in saved] == new:
            return []
        return [
            _("editor's picks: %(old)s → %(new)s")
            % {
                "old": "; ".join(pick.text for pick in saved) or "—",
                "new": "; ".join(pick.blurb or pick.entry.headline for pick in self.parsed.picks)
                or "—",
            }
        ]

    def _check_new_sections(self, user):
        """Only people who may add sections create them by importing (`user` None: the
        command line, run by the site's operators)."""
        new = [plan.parsed for plan in self.sections if plan.is_new]
        if new and user is not None and not user.has_perm("digest.add_section"):
            raise ImportProblem(
                _(
                    "the section “%(name)s” does not exist, and you may not create sections: "
                    "use an existing section's name or ask an editor to add it"
                )
                % {"name": new[0].name},
                new[0].line,
                self.parsed.source_name,
            )

    @property
    def entry_count(self):
        return len(self.parsed.entries)

    @property
    def new_sections(self):
        return [plan.parsed.name for plan in self.sections if plan.is_new]

    def summary(self):
        """The dry run: the issue, its sections, the number of entries, the picks, and for an
        existing issue what updating it changes."""
        parsed = self.parsed
        lines = [
            _("%(file)s: %(title)s (%(year)d, week %(week)d)")
            % {
                "file": parsed.source_name,
                "title": parsed.title
                or WORDING["en"].title.format(year=parsed.year, week=parsed.week),
                "year": parsed.year,
                "week": parsed.week,
            }
        ]
        if self.existing is not None:
            lines.append(
                "  "
                + _(
                    "replaces the existing issue %(issue)s in place: it stays %(status)s, with "
                    "its dates and address"
                )
                % {
                    "issue": self.existing,
                    "status": self.existing.get_status_display().lower(),
                }
            )
            lines.append("  " + _("changes: %(count)d") % {"count": len(self.changes)})
            lines += [f"    {change}" for change in self.changes]
        lines.append(
            "  " + _("coverage starts: %(date)s") % {"date": self.coverage_start.isoformat()}
        )
        if parsed.source_url:
            lines.append("  " + _("original post: %(url)s") % {"url": parsed.source_url})
        lines.append("  " + _("sections: %(count)d") % {"count": len(self.sections)})
        for plan in self.sections:
            lines.append(
                "    "
                + _("%(number)d. %(name)s → %(target)s: %(count)d entries")
                % {
                    "number": plan.parsed.number,
                    "name": plan.parsed.name,
                    "target": _("new section") if plan.is_new else plan.section.name_en,
                    "count": len(plan.parsed.entries),
                }
            )
        lines.append("  " + _("entries: %(count)d") % {"count": self.entry_count})
        lines.append("  " + _("picks: %(count)d") % {"count": len(parsed.picks)})
        for position, pick in enumerate(parsed.picks, start=1):
            lines.append(f"    {position}. {pick.text} → {pick.entry.headline}")
        if parsed.images:
            lines.append(
                "  "
                + _("images: %(found)d found, %(missing)d missing")
                % {"found": len(self.images), "missing": len(self.missing_images)}
            )
        for name in self.missing_images:
            lines.append("    " + _("missing image: %(name)s") % {"name": name})
        for warning in self.warnings:
            lines.append("  " + _("warning: %(text)s") % {"text": warning})
        return "\n".join(lines)


@dataclass
class ImportResult:
    issue: Issue
    entry_count: int
    pick_count: int
    sections_created: list
    missing_images: list
    warnings: list
    replaced: bool  # an existing issue was updated in place
    changes: list  # what updating it changed (`ImportPlan.changes`)


def find_image(path, media_dir=None, images=None):
    """The file an image reference names: from `images` ({file name: file}) or under
    `media_dir`, as written or by its bare name. None when missing; a warning text when the
    file is there but is not a picture."""
    name = PurePosixPath(path).name
    found = images.get(name) if images and name else None
    if found is None and media_dir is not None and name:
        root = Path(media_dir).resolve()
        candidates = ((root / path).resolve(), (root / name).resolve())
        found = next((c for c in candidates if c.is_relative_to(root) and c.is_file()), None)
    if found is None:
        return None
    problem = _image_problem(found)
    if problem:
        return _("%(name)s was left out: %(problem)s") % {"name": path, "problem": problem}
    return found


def _image_problem(found):
    """Why a file cannot be an entry's image (the rules of uploaded images), or None."""
    try:
        if isinstance(found, Path):
            with found.open("rb") as handle:
                image_format(File(handle))
        else:
            image_format(found)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _same_bytes(stored, found):
    """Whether an entry's stored image holds exactly the bytes of a found file."""
    try:
        with stored.open("rb") as handle:
            saved = handle.read()
    except OSError:
        return False
    if isinstance(found, Path):
        return saved == found.read_bytes()
    found.seek(0)
    given = found.read()
    found.seek(0)
    return saved == given


def aware(moment):
    """A datetime with a time zone; naive ones are read in the site's time zone."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def import_document(
    parsed,
    *,
    replace=False,
    status=Issue.Status.DRAFT,
    publish_at=None,
    media_dir=None,
    images=None,
    user=None,
    expected_version=None,
):
    """Write the parsed issue, all of it or nothing, and record it in the issue's history.

    A week without an issue gets a new one, as a draft. With `replace`, the week's existing
    issue keeps its id, status, publish times and address: its title, intro, entries, picks
    and tags are updated in place to match the document, and the version before stays in
    the history, restorable (`ImportResult.changes` says what changed). `user` (None: the
    operator, from a management command) must be allowed to edit that issue;
    `expected_version` refuses the import if the issue changed since its dry run was shown.

    `status` published or scheduled moves the issue on through the workflow
    (`Issue.apply_transition`). Published is dated at `publish_at` (a past time) when given,
    else at the week's publication slot when that has passed (the back catalogue), else now.
    Scheduled goes live at `publish_at`; a time already past publishes the issue as of that
    time. An issue that already is in the requested state keeps its dates.
    """
    stored_files = []
    try:
        with transaction.atomic():
            plan = ImportPlan(
                parsed,
                replace=replace,
                media_dir=media_dir,
                images=images,
                for_update=True,
                user=user,
            )
            if plan.existing is None and expected_version is not None:
                raise _changed_since_dry_run(parsed)
            if plan.existing is None:
                result = _create(plan, stored_files)
                comment = _("Imported from %(file)s") % {"file": parsed.source_name}
            else:
                _check_may_update(plan, user, expected_version)
                result = _update(plan, user, stored_files)
                comment = _("Re-imported from %(file)s") % {"file": parsed.source_name}
                if result.changes:
                    comment += ": " + "; ".join(result.changes)
            _move_on(result, parsed, status, aware(publish_at), user, comment)
            history.record_version(result.issue, user, comment)
    except IntegrityError as error:
        _delete_files(stored_files)
        existing = Issue.objects.filter(year=parsed.year, week=parsed.week).first()
        if existing is None:
            raise
        raise ExistingIssue(
            _("week %(week)d of %(year)d was created by someone else meanwhile")
            % {"week": parsed.week, "year": parsed.year},
            parsed.title_line,
            parsed.source_name,
            existing,
        ) from error
    except BaseException:
        _delete_files(stored_files)
        raise
    return result


def _changed_since_dry_run(parsed):
    return ImportProblem(
        _(
            "the issue of week %(week)d of %(year)d changed after the summary was shown; "
            "check the file again to see what the import would change now"
        )
        % {"week": parsed.week, "year": parsed.year},
        parsed.title_line,
        parsed.source_name,
    )


def _check_may_update(plan, user, expected_version):
    issue = plan.existing
    if user is not None and not issue.can_be_edited_by(user):
        raise ImportProblem(
            _("%(issue)s is %(status)s, and you may not change it")
            % {"issue": issue, "status": issue.get_status_display().lower()},
            plan.parsed.title_line,
            plan.parsed.source_name,
        )
    if expected_version is not None and issue.version != expected_version:
        raise _changed_since_dry_run(plan.parsed)


def _create(plan, stored_files):
    parsed = plan.parsed
    issue = Issue(
        year=parsed.year,
        week=parsed.week,
        title=parsed.title,
        coverage_start=plan.coverage_start,
        source_url=parsed.source_url,
        intro=parsed.intro,
        status=Issue.Status.DRAFT,
    )
    _validate(issue, parsed.title_line, parsed, exclude=None)
    issue.save()
    return _write_contents(plan, issue, stored_files)


def _update(plan, user, stored_files):
    """Bring the existing issue's content in line with the document, keeping its identity."""
    parsed, issue = plan.parsed, plan.existing
    history.record_unless_recorded(
        issue, user, _("Before the re-import from %(file)s") % {"file": parsed.source_name}
    )
    issue.picks.all().delete()
    # Their stored images stay: an earlier version may be restored.
    Entry.objects.filter(pk__in=[entry.pk for entry in plan.removed]).delete()
    issue.title = parsed.title
    issue.coverage_start = plan.coverage_start
    issue.source_url = parsed.source_url
    issue.intro = parsed.intro
    _validate(issue, parsed.title_line, parsed, exclude=None)
    issue.save()
    return _write_contents(plan, issue, stored_files)


def _write_contents(plan, issue, stored_files):
    """Write the entries (new or updated) and the picks of the issue."""
    parsed = plan.parsed
    sections_created = {}
    entries = {}
    for position, entry_plan in enumerate(plan.entries, start=1):
        section = entry_plan.section_plan.section
        if section is None:
            key = _heading_key(entry_plan.section_plan.parsed.name)
            if key not in sections_created:
                sections_created[key] = _create_section(entry_plan.section_plan.parsed)
            section = sections_created[key]
        entry = _write_entry(issue, section, position, entry_plan, parsed, stored_files)
        entries[id(entry_plan.parsed)] = entry
    for number, pick in enumerate(parsed.picks, start=1):
        Pick.objects.create(
            issue=issue, entry=entries[id(pick.entry)], position=number, blurb=pick.blurb[:300]
        )
    issue.refresh_from_db()
    return ImportResult(
        issue=issue,
        entry_count=len(plan.entries),
        pick_count=len(parsed.picks),
        sections_created=list(sections_created.values()),
        missing_images=list(plan.missing_images),
        warnings=list(plan.warnings),
        replaced=plan.existing is not None,
        changes=list(plan.changes),
    )


def _move_on(result, parsed, status, publish_at, user, comment):
    """Take the imported issue to the requested state, through the workflow."""
    issue = result.issue
    if status == Issue.Status.DRAFT:
        return
    now = timezone.now()
    if status == Issue.Status.SCHEDULED:
        if publish_at is None:
            raise ValueError("A scheduled import needs publish_at.")
        if publish_at <= now:
            status = Issue.Status.PUBLISHED
            result.warnings.append(
                _("the publish time has passed: the issue is published as of that time")
            )
    if issue.status == status:
        result.warnings.append(
            _("the issue already was %(status)s; its dates are kept")
            % {"status": issue.get_status_display().lower()}
        )
        return
    if status == Issue.Status.PUBLISHED and publish_at is None:
        # An issue of the back catalogue went out at its week's slot, not at its import.
        slot = weeks.publication_time(issue.year, issue.week)
        publish_at = slot if slot <= now else None
    name = "schedule" if status == Issue.Status.SCHEDULED else "publish"
    try:
        issue.apply_transition(name, user, comment, publish_at=publish_at)
    except TransitionError as error:
        raise ImportProblem(str(error), parsed.title_line, parsed.source_name) from error


def _create_section(parsed_section):
    name = parsed_section.name[:100]
    base = slugify(name)[:90] or "section"
    slug, n = base, 2
    while Section.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    last = Section.objects.aggregate(last=Max("position"))["last"] or 0
    # One name serves both languages until an editor translates it.
    return Section.objects.create(name_en=name, name_zh=name, slug=slug, position=last + 1)


def _write_entry(issue, section, position, entry_plan, parsed, stored_files):
    item = entry_plan.parsed
    entry = entry_plan.current or Entry(issue=issue)
    for name, value in entry_plan.values().items():
        setattr(entry, name, value)
    entry.section, entry.position = section, position
    if entry_plan.remove_image:
        # The file stays: an earlier version may be restored.
        entry.image = ""
    _validate(entry, item.line, parsed, exclude=["issue", "image"])
    found = entry_plan.image
    if found is not None:
        name = PurePosixPath(item.image).name
        if isinstance(found, Path):
            with found.open("rb") as handle:
                entry.image.save(name, File(handle), save=False)
        else:
            found.seek(0)
            entry.image.save(name, File(found), save=False)
        stored_files.append(entry.image.name)
    entry.save()
    if entry_plan.current is not None:
        if _tag_key(item.tags) != _tag_key(tag.name for tag in entry.tag_list):
            entry.tags.set(item.tags)
    elif item.tags:
        entry.tags.add(*item.tags)
    return entry


def _validate(instance, line, parsed, exclude):
    """Model validation, reported as an ImportProblem at the document line it comes from."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = []
        for name, messages in error.message_dict.items():
            text = " ".join(messages)
            if name != NON_FIELD_ERRORS:
                text = f"{instance._meta.get_field(name).verbose_name}: {text}"
            problems.append(text)
        if "source_url" in error.message_dict and isinstance(instance, Issue):
            line = parsed.source_line or line
        raise ImportProblem("; ".join(problems), line, parsed.source_name) from error


def _delete_files(names):
    for name in names:
        default_storage.delete(name)
