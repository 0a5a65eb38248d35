"""Search of visible issues and entries, for Chinese and English alike.

Chinese has no spaces between words, so search does not split text into words: every term of
the query must occur as a substring of the entry's case-folded `search_text` (headline,
original title, summary, link card and tag names). On PostgreSQL trigram GIN indexes serve
these LIKE queries (migration 0004); SQLite runs the same query without an index. Entries
whose headline or original title contain the terms rank first.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Value, When
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import gettext as _

from .models import Entry, Issue

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
MIN_QUERY_LENGTH = 2
# Control characters, zero-width and direction marks, and the replacement character that
# invalid UTF-8 in the query string decodes to: never part of what a reader means.
INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufffd]"
)
SLUG = re.compile(r"[-\w]+")
QUOTES = "\"'“”‘’「」『』"


@dataclass
class SearchQuery:
    """A reader's query, cleaned: the terms to look for and what to tell the reader."""

    text: str = ""
    terms: list = field(default_factory=list)
    message: str = ""

    @classmethod
    def parse(cls, raw):
        text = unicodedata.normalize("NFKC", INVISIBLE.sub(" ", raw or ""))
        text = " ".join(text.split())
        if not text:
            return cls(message=_("Type a few words to search the archive."))
        message = ""
        if len(text) > MAX_QUERY_LENGTH:
            text = text[:MAX_QUERY_LENGTH].strip()
            message = _("Your search was long; only its first %(n)d characters were used.") % {
                "n": MAX_QUERY_LENGTH
            }
        terms = []
        for word in text.split():
            term = word.strip(QUOTES).casefold()
            if term and term not in terms:
                terms.append(term)
        if len(terms) > MAX_TERMS:
            terms = terms[:MAX_TERMS]
            message = _("Only the first %(n)d words were used.") % {"n": MAX_TERMS}
        if len("".join(terms)) < MIN_QUERY_LENGTH:
            return cls(text=text, message=_("Type at least two characters to search."))
        return cls(text=text, terms=terms, message=message)

    def __bool__(self):
        return bool(self.terms)


def search_entries(query, section=None, tag=None, year=None):
    """Visible entries containing every term, best matches first; `section` and `tag` are
    slugs (a value no slug can have matches nothing)."""
    if not query or any(value and not SLUG.fullmatch(value) for value in (section, tag)):
        return Entry.objects.none()
    entries = Entry.objects.visible()
    for term in query.terms:
        entries = entries.filter(search_text__contains=term)
    if section:
        entries = entries.filter(section__slug=section)
    if tag:
        entries = entries.filter(tags__slug=tag)
    if year:
        entries = entries.filter(issue__year=year)
    rank = Value(0)
    for term in query.terms:
        rank = rank + Case(
            When(headline__icontains=term, then=Value(3)),
            When(original_title__icontains=term, then=Value(2)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return (
        entries.for_display()
        .annotate(rank=rank)
        .order_by("-rank", "-issue__year", "-issue__week", "section__position", "position")
    )


def search_page(query, number, per_page, **filters):
    """The requested page of `search_entries` (`ContentQuerySet.page`, the archive's text
    scanned once), like Paginator.get_page: the first page when `number` is not a number, the
    last one when it is out of range."""
    entries = search_entries(query, **filters)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    page = entries.page(number, per_page, one_scan=True)
    if not page.object_list and number != 1:
        page = entries.page(page.paginator.num_pages, per_page, one_scan=True)
    return page


def search_issues(query, year=None):
    """Visible issues whose title or intro contain every term, newest first."""
    if not query:
        return Issue.objects.none()
    issues = Issue.objects.visible()
    for term in query.terms:
        issues = issues.filter(search_text__contains=term)
    if year:
        issues = issues.filter(year=year)
    return issues


def highlight(text, terms, width=160, is_html=False):
    """A snippet of `text` (plain, or HTML when `is_html`) around the first matched term,
    with the matched terms in <mark> and everything else escaped."""
    if is_html:
        text = html.unescape(strip_tags(text or ""))
    text = " ".join((text or "").split())
    if not terms:
        return text[:width]
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    first = pattern.search(text)
    start = 0 if first is None or first.start() < width // 3 else first.start() - width // 3
    snippet = text[start : start + width]
    pieces, position = [], 0
    for match in pattern.finditer(snippet):
        pieces.append(format_html("{}", snippet[position : match.start()]))
        pieces.append(format_html("<mark>{}</mark>", match.group()))
        position = match.end()
    pieces.append(format_html("{}", snippet[position:]))
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    return format_html("{}{}{}", prefix, format_html_join("", "{}", ((p,) for p in pieces)), suffix)
