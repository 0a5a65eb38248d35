"""An issue's contents — its picks, table of contents, sections and entries — rendered to HTML
once per language and kept in the database (`IssueContents`), like an entry's `summary_html`.

Four kinds: the contents of the issue's page (with what the page's head says of them), the
issue as feeds show it, its week in the monthly summary, and its line with its picks in issue
lists; and, for tag pages, each entry's headline link and body (`EntryContents`). Pages show
the stored HTML and build only what surrounds it (the page's frame, the issue's header, its
neighbours) per request: the contents are most of the pages' work, and they change only when
the issue, one of its entries, picks or tags, a section or the deployed code changes. Each
stored rendering names the content versions it was made at (the tokens the database triggers
renew, digest.cache); a rendering whose versions are not the current ones is never shown: it
is rendered again, shown and stored. The versions are read before the content is, so a change
that lands in between leaves an older version on the new rendering, which is rendered again at
the next request — never the reverse.
"""

import logging
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from .cache import DEPLOY, NEVER_CHANGED, SECTIONS, scope_of, versions
from .link_previews import issue_picture
from .links import cached_reverse
from .models import (
    Entry,
    EntryContents,
    Issue,
    IssueContents,
    first_with_image,
    group_by_section,
)

logger = logging.getLogger(__name__)

PAGE_TEMPLATE = "digest/_issue_contents.html"
FEED_TEMPLATE = "digest/feeds/issue.html"
MONTH_TEMPLATE = "digest/_month_week.html"
MONTH_TOC_TEMPLATE = "digest/_month_week_toc.html"
SUMMARY_TEMPLATE = "digest/_issue_summary.html"
ENTRY_HEADLINE_TEMPLATE = "digest/_entry_headline.html"
ENTRY_BODY_TEMPLATE = "digest/_entry_body.html"
PAGE, FEED, MONTH, SUMMARY = IssueContents.Kind
LAZY = ' loading="lazy"'
# How stored issue renderings are told apart, and what storing one again replaces.
ISSUE_KEY, ISSUE_FIELDS = ["issue", "kind", "language"], ["versions", "html", "head"]


@dataclass(frozen=True)
class Contents:
    """What a page shows of an issue's contents: the HTML, and for the page's head the
    issue's language, its picture, its entries as [headline, path, source link] and its
    sections as [name, feed path]."""

    html: str
    language: str
    picture: str
    parts: list
    sections: list

    @classmethod
    def from_head(cls, html, head):
        return cls(mark_safe(html), **head)  # noqa: S308 - rendered by our own template


def scopes_of(issue):
    """The scopes of content versions (digest.cache) the contents of `issue` show."""
    return (scope_of(issue), SECTIONS, DEPLOY)


def versions_text(scopes, tokens):
    return " ".join(tokens.get(scope, NEVER_CHANGED)[0] or "-" for scope in scopes)


def current_versions_sql(issue):
    """The versions of everything the contents of `issue` show (`versions_text`) as an SQL
    expression: a stored rendering and the versions it must match are read in one query."""
    version = "COALESCE((SELECT token FROM digest_contentversion WHERE scope = %s), '-')"
    return RawSQL(" || ' ' || ".join([version] * 3), scopes_of(issue))  # noqa: S611 - parameters


def issue_contents(issue):
    """The contents of `issue` for its page, in the active language: the stored rendering
    when it is current, else a new one (stored for the next request)."""
    language = translation.get_language()
    stored = (
        IssueContents.objects.filter(
            issue=issue.pk, kind=PAGE, language=language, versions=current_versions_sql(issue)
        )
        .values_list("html", "head")
        .first()
    )
    if stored:
        return Contents.from_head(*stored)
    scopes = scopes_of(issue)
    at = versions_text(scopes, versions(scopes))  # before the content: see the docstring above
    issue_now = Issue.objects.with_contents().filter(pk=issue.pk).first()
    if issue_now is None:
        raise Http404("This issue was deleted.")  # a moment ago, by another request
    contents = render_for_page(issue_now)
    head = {
        "language": contents.language,
        "picture": contents.picture,
        "parts": contents.parts,
        "sections": contents.sections,
    }
    store(
        IssueContents,
        [
            IssueContents(
                issue=issue,
                kind=PAGE,
                language=language,
                versions=at,
                head=head,
                html=contents.html,
            )
        ],
        ISSUE_KEY,
        ISSUE_FIELDS,
    )
    return contents


def render_for_page(issue):
    """Render the contents of `issue` (prefetched `with_contents()`) for its page, in the
    active language."""
    entries = issue.entries_in_reading_order()
    sections = group_by_section(entries)
    html = render_to_string(
        PAGE_TEMPLATE,
        {
            "issue": issue,
            "picks": issue.picks.all(),
            "sections": sections,
            # The first picture of the page loads at once, the others when scrolled to.
            "first_image_entry": None if issue.cover_image else first_with_image(entries),
        },
    )
    return Contents(
        html=mark_safe(html),  # noqa: S308 - our own template's output
        language=issue.content_language,
        picture=issue_picture(issue),
        parts=[
            [entry.headline, entry.get_absolute_url(), entry.source_url and entry.source_link]
            for entry in issue.entries.all()
        ],
        sections=[
            [section.name, cached_reverse("digest:feed-section", section.slug)]
            for section, _entries in sections
        ],
    )


@dataclass(frozen=True)
class Week:
    """An issue as the monthly summary shows it: its section and its line in the contents."""

    html: str
    toc: str


def feed_contents(issues):
    """{issue id: the HTML feeds show of the issue, its links relative to the site} for each
    of `issues`, in the active language."""
    renderings = stored_renderings(issues, FEED, render_for_feed)
    return {pk: html for pk, (html, _head) in renderings.items()}


def render_for_feed(issue):
    context = {"issue": issue, "sections": issue.sections_with_entries()}
    return render_to_string(FEED_TEMPLATE, context), {}


def month_contents(issues):
    """The weeks of a monthly summary (`Week`), one for each of `issues`, in the active
    language. The page's first picture loads at once, the others when scrolled to."""
    renderings = stored_renderings(issues, MONTH, render_for_month)
    weeks, first_picture_seen = [], False
    for issue in issues:
        if issue.pk not in renderings:
            continue  # deleted since the page listed it
        html, head = renderings[issue.pk]
        if not first_picture_seen and LAZY in html:
            html, first_picture_seen = mark_safe(html.replace(LAZY, "", 1)), True  # noqa: S308
        weeks.append(Week(html, mark_safe(head["toc"])))  # noqa: S308 - our own template's
    return weeks


def render_for_month(issue):
    """The issue's section of a monthly summary, every picture lazy-loaded, and its line in
    the summary's contents."""
    context = {"issue": issue, "sections": issue.sections_with_entries(), "first_image_entry": None}
    toc = render_to_string(MONTH_TOC_TEMPLATE, context)
    return render_to_string(MONTH_TEMPLATE, context), {"toc": toc}


def summaries(issues):
    """The line of each of `issues` in issue lists, with its picks as a teaser (HTML), in
    the order of `issues` and the active language."""
    renderings = stored_renderings(issues, SUMMARY, render_summary, Issue.objects.with_picks())
    return [renderings[issue.pk][0] for issue in issues if issue.pk in renderings]


def render_summary(issue):
    return render_to_string(SUMMARY_TEMPLATE, {"issue": issue, "teaser": True}), {}


def stored_renderings(issues, kind, render, source=None):
    """{issue id: (HTML, head)} for each of `issues` (but one deleted meanwhile): stored
    renderings of that kind in the active language where current, new ones (stored) for the
    others, made by `render` from the issue as `source` gives it (by default prefetched
    `with_contents()`). A fixed number of queries, however many issues."""
    if not issues:
        return {}
    language = translation.get_language()
    scopes = {issue.pk: scopes_of(issue) for issue in issues}
    tokens = versions({scope for of_issue in scopes.values() for scope in of_issue})
    at = {pk: versions_text(of_issue, tokens) for pk, of_issue in scopes.items()}
    current = {
        pk: (html, head)
        for pk, made_at, html, head in IssueContents.objects.filter(
            issue__in=at, kind=kind, language=language
        ).values_list("issue", "versions", "html", "head")
        if made_at == at[pk]
    }
    # What is missing is read again, after the versions (see the docstring above).
    new = []
    source = Issue.objects.with_contents() if source is None else source
    for issue in source.filter(pk__in=set(at) - set(current)):
        html, head = render(issue)
        new.append(
            IssueContents(
                issue=issue,
                kind=kind,
                language=language,
                versions=at[issue.pk],
                html=html,
                head=head,
            )
        )
    store(IssueContents, new, ISSUE_KEY, ISSUE_FIELDS)
    current.update((row.issue_id, (row.html, row.head)) for row in new)
    return {pk: (mark_safe(html), head) for pk, (html, head) in current.items()}  # noqa: S308


@dataclass(frozen=True)
class EntryParts:
    """An entry as tag pages show it: its headline link, and what follows the headline."""

    headline: str
    body: str


def entry_parts(entries):
    """`EntryParts` for each of `entries` (of any issues), in their order and the active
    language: stored where current, rendered and stored for the others. Every picture is
    stored lazy-loaded; the first of the list loads at once. Four queries at most."""
    if not entries:
        return []
    language = translation.get_language()
    scopes = {entry.pk: (f"issue:{entry.issue_id}", DEPLOY) for entry in entries}
    tokens = versions({scope for of_entry in scopes.values() for scope in of_entry})
    at = {pk: versions_text(of_entry, tokens) for pk, of_entry in scopes.items()}
    current = {
        pk: EntryParts(headline, body)
        for pk, made_at, headline, body in EntryContents.objects.filter(
            entry__in=at, language=language
        ).values_list("entry", "versions", "headline", "body")
        if made_at == at[pk]
    }
    # What is missing is read again, after the versions (see the docstring above).
    new = []
    for entry in Entry.objects.for_display().filter(pk__in=set(at) - set(current)):
        context = {"entry": entry, "first_image_entry": None}
        parts = EntryParts(
            render_to_string(ENTRY_HEADLINE_TEMPLATE, context),
            render_to_string(ENTRY_BODY_TEMPLATE, context),
        )
        current[entry.pk] = parts
        new.append(
            EntryContents(entry=entry, language=language, versions=at[entry.pk], **parts.__dict__)
        )
    store(EntryContents, new, ["entry", "language"], ["versions", "headline", "body"])
    shown, first_picture_seen = [], False
    for entry in entries:
        parts = current.get(entry.pk, EntryParts("", ""))  # empty: deleted meanwhile
        body = parts.body
        if not first_picture_seen and LAZY in body:
            body, first_picture_seen = body.replace(LAZY, "", 1), True
        shown.append(EntryParts(mark_safe(parts.headline), mark_safe(body)))  # noqa: S308
    return shown


def store(model, renderings, unique_fields, update_fields):
    """Keep renderings for the next requests; a page is still served when they cannot be
    kept (a database busy with another writer, say)."""
    if not renderings:
        return
    try:
        with transaction.atomic():
            model.objects.bulk_create(
                renderings,
                update_conflicts=True,
                unique_fields=unique_fields,
                update_fields=update_fields,
            )
    except DatabaseError:
        logger.warning("Could not store %d renderings", len(renderings), exc_info=True)
