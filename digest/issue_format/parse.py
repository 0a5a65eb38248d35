"""Reading an issue document: `parse_document` turns Markdown text into a ParsedIssue, or
raises ImportProblem saying what is wrong and on which line. It only reads text."""

import re

from django.utils.translation import gettext as _

from .. import weeks
from .entry_body import BARE_URL, CARD_END, CARD_START, FENCE, LINK, read_entry_body
from .parsed import ParsedEntry, ParsedIssue, ParsedPick, ParsedSection, clean_url, match_picks
from .problems import ImportProblem
from .wording import (
    COVERAGE_PATTERNS,
    NAVIGATION_HEADINGS,
    PICKS_HEADINGS,
    TOPICS_HEADINGS,
    coverage_date,
    find_coverage,
    find_year_week,
    heading_key,
    squash,
    standard_titles,
    strip_emphasis,
)

HEADING = re.compile(r"^(#{1,2})\s+(.*)$")
SECTION_HEADING = re.compile(r"^(?P<number>\d{1,2})\s*[.．、](?!\d)\s*(?P<name>\S.*)$")
SEPARATOR = re.compile(r"^\s*(?:(?:[—–-]\s*){2,}|(?:\*\s*){3,}|(?:_\s*){3,})$")


SOURCE_LINE = re.compile(
    r"^>\s*(?:原文|原帖|original(?: post)?|source|translated from)\s*[:：]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^\s*(?:[*+-]|\d{1,2}[.)、])\s+(?P<text>.+)$")


# A link card spans a few lines; more than this without its closing "site](url)" is an error.
CARD_MAX_LINES = 8


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
        text = strip_emphasis(heading[2])
        title = "" if squash(text) in standard_titles(year, week) else text
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
        key = heading_key(text)
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
        headline = strip_emphasis(text)
        if not headline:
            raise ImportProblem(_("an entry heading without a headline"), number)
        self.entry = ParsedEntry(headline=headline, line=number)
        self.entry_lines = []
        return "entry"

    def _section_heading(self, number, text):
        match = SECTION_HEADING.match(strip_emphasis(text))
        if not match:
            return None
        name = strip_emphasis(match["name"])
        expected = len(self.sections) + 1
        if int(match["number"]) != expected:
            return None
        if self.topics and heading_key(name) not in self.topics:
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
                self.topics.append(heading_key(item["text"]))
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
        read_entry_body(self.entry, self.entry_lines, self.warnings)
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
        match_picks(parsed)
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
        return ParsedPick(text=strip_emphasis(link["text"]), url=link["url"].strip(), line=line)
    return ParsedPick(text=strip_emphasis(text), url="", line=line)
