"""An issue's contents — its picks, table of contents, sections and entries — rendered to HTML
once per language and kept in the database (`IssueContents`), like an entry's `summary_html`.

Four kinds: the contents of the issue's page (with what the page's head says of them), the
issue as feeds show it, its week in the monthly summary, and its line with its picks in issue
lists; and, for tag pages, each entry's headline link and body, and for the tag and section
feeds the entry as they show it (`EntryContents`). Pages show the stored HTML and build only
what surrounds it (the page's frame, the issue's header, its neighbours) per request: the
contents are most of the pages' work, and they change only when the issue, one of its entries,
picks or tags, a section or the deployed code changes. Each stored rendering names the content
versions it was made at (the tokens the database triggers renew, digest.cache); a rendering
whose versions are not the current ones is never shown: it is rendered again, shown and stored.
The versions are read before the content is, so a change that lands in between leaves an older
version on the new rendering, which is rendered again at the next request — never the reverse.
"""

import logging
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from .cache import NEVER_CHANGED, versions
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
from .scopes import DEPLOY, SECTIONS, scope_of

logger = logging.getLogger(__name__)

PAGE_TEMPLATE = "digest/_issue_contents.html"
FEED_TEMPLATE = "digest/feeds/issue.html"
MONTH_TEMPLATE = "digest/_month_week.html"
MONTH_TOC_TEMPLATE = "digest/_month_week_toc.html"
SUMMARY_TEMPLATE = "digest/_issue_summary.html"
ENTRY_HEADLINE_TEMPLATE = "digest/_entry_headline.html"
ENTRY_BODY_TEMPLATE = "digest/_entry_body.html"
ENTRY_FEED_TEMPLATE = "digest/feeds/entry.html"
PAGE, FEED, MONTH, SUMMARY = IssueContents.Kind
LAZY = ' loading="lazy"'


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
    when it is current (one query), else a new one (stored for the next request)."""
    row = (
        IssueContents.objects.filter(
            issue=issue.pk,
            kind=PAGE,
            language=translation.get_language(),
            versions=current_versions_sql(issue),
        )
        .values_list("html", "head")
        .first()
    )
    if not row:
        row = stored_renderings([issue], PAGE, render_for_page).get(issue.pk)
    if not row:
        raise Http404("This issue was deleted.")  # a moment ago, by another request
    return Contents.from_head(*row)


def render_for_page(issue):
    """Render the contents of `issue` (prefetched `with_contents()`) for its page, in the
    active language, with what the page's head says of them (`Contents`)."""
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
    head = {
        "language": issue.content_language,
        "picture": issue_picture(issue),
        "parts": [
            [entry.headline, entry.get_absolute_url(), entry.source_url and entry.source_link]
            for entry in issue.entries.all()
        ],
        "sections": [
            [section.name, cached_reverse("digest:feed-section", section.slug)]
            for section, _entries in sections
        ],
    }
    return {"html": html, "head": head}


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
    return {"html": render_to_string(FEED_TEMPLATE, context), "head": {}}


def month_contents(issues):
    """The weeks of a monthly summary (`Week`), one for each of `issues`, in the active
    language. The page's first picture loads at once, the others when scrolled to."""
    renderings = stored_renderings(issues, MONTH, render_for_month)
    shown = [renderings[issue.pk] for issue in issues if issue.pk in renderings]
    htmls = first_picture_at_once([html for html, _head in shown])
    return [
        Week(html, mark_safe(head["toc"]))  # noqa: S308 - our own template's
        for html, (_html, head) in zip(htmls, shown, strict=True)
    ]


def render_for_month(issue):
    """The issue's section of a monthly summary, every picture lazy-loaded, and its line in
    the summary's contents."""
    context = {"issue": issue, "sections": issue.sections_with_entries(), "first_image_entry": None}
    return {
        "html": render_to_string(MONTH_TEMPLATE, context),
        "head": {"toc": render_to_string(MONTH_TOC_TEMPLATE, context)},
    }


def summaries(issues):
    """The line of each of `issues` in issue lists, with its picks as a teaser (HTML), in
    the order of `issues` and the active language."""
    renderings = stored_renderings(issues, SUMMARY, render_summary, Issue.objects.with_picks())
    return [renderings[issue.pk][0] for issue in issues if issue.pk in renderings]


def render_summary(issue):
    context = {"issue": issue, "teaser": True}
    return {"html": render_to_string(SUMMARY_TEMPLATE, context), "head": {}}


def stored_renderings(issues, kind, render, source=None):
    """{issue id: (HTML, head)} for each of `issues` (but one deleted meanwhile): stored
    renderings of that kind in the active language where current, new ones (stored) for the
    others, made by `render` ({"html", "head"}) from the issue as `source` gives it (by
    default prefetched `with_contents()`). A fixed number of queries, however many issues."""
    renderings = stored(
        issues,
        IssueContents,
        scopes_of,
        Issue.objects.with_contents() if source is None else source,
        render,
        kind=kind,
    )
    return {
        pk: (mark_safe(rendering["html"]), rendering["head"])  # noqa: S308 - our templates'
        for pk, rendering in renderings.items()
    }


@dataclass(frozen=True)
class EntryParts:
    """An entry as tag pages show it: its headline link, and what follows the headline."""

    headline: str
    body: str


def entry_renderings(entries):
    """{entry id: its `EntryContents` fields} for each of `entries` (of any issues) in the
    active language: stored where current, rendered and stored for the others. Four queries
    at most."""
    return stored(
        entries,
        EntryContents,
        lambda entry: (f"issue:{entry.issue_id}", DEPLOY),
        Entry.objects.for_display(),
        render_entry,
    )


def entry_parts(entries):
    """`EntryParts` for each of `entries`, in their order (`entry_renderings`). Every
    picture is stored lazy-loaded; the first of the list loads at once."""
    renderings = entry_renderings(entries)
    empty = {"headline": "", "body": ""}  # an entry deleted meanwhile
    shown = [renderings.get(entry.pk, empty) for entry in entries]
    bodies = first_picture_at_once([parts["body"] for parts in shown])
    return [
        EntryParts(mark_safe(parts["headline"]), mark_safe(body))  # noqa: S308 - our templates'
        for parts, body in zip(shown, bodies, strict=True)
    ]


def entry_feed_html(entries):
    """{entry id: the HTML the tag and section feeds show of it, its links relative to the
    site} for each of `entries` (`entry_renderings`)."""
    return {pk: parts["feed"] for pk, parts in entry_renderings(entries).items()}


def render_entry(entry):
    context = {"entry": entry, "first_image_entry": None}
    return {
        "headline": render_to_string(ENTRY_HEADLINE_TEMPLATE, context),
        "body": render_to_string(ENTRY_BODY_TEMPLATE, context),
        "feed": render_to_string(ENTRY_FEED_TEMPLATE, {"entry": entry}),
    }


def first_picture_at_once(htmls):
    """`htmls` of one page, each with every picture lazy-loaded, but the page's first picture
    loading at once (as `first_with_image` decides on pages rendered whole)."""
    shown, seen = [], False
    for html in htmls:
        if not seen and LAZY in html:
            html, seen = mark_safe(html.replace(LAZY, "", 1)), True  # noqa: S308
        shown.append(html)
    return shown


def stored(owners, model, scopes_for, source, render, **identity):
    """{owner id: {field: value}} for each of `owners` (issues or entries) but one deleted
    meanwhile: the `model` rows of the active language (and `identity`) made at the current
    versions of `scopes_for(owner)`, and new renderings, `render(owner)` of the owner as
    `source` gives it, stored for the next requests. Four queries at most."""
    if not owners:
        return {}
    identity["language"] = translation.get_language()
    owner = model.owner_field
    scopes = {item.pk: scopes_for(item) for item in owners}
    tokens = versions({scope for of_owner in scopes.values() for scope in of_owner})
    at = {pk: versions_text(of_owner, tokens) for pk, of_owner in scopes.items()}
    fields = model.rendered_fields
    current = {
        row[owner]: {field: row[field] for field in fields}
        for row in model.objects.filter(**{f"{owner}__in": at}, **identity).values(
            owner, "versions", *fields
        )
        if row["versions"] == at[row[owner]]
    }
    # What is missing is read again, after the versions (see the module's docstring).
    new = []
    for item in source.filter(pk__in=set(at) - set(current)):
        current[item.pk] = render(item)
        new.append(model(**{owner: item}, **identity, versions=at[item.pk], **current[item.pk]))
    store(model, new)
    return current


def store(model, renderings):
    """Keep renderings for the next requests, replacing older ones of the same owner, kind
    and language; a page is still served when they cannot be kept (a database busy with
    another writer, say)."""
    if not renderings:
        return
    try:
        with transaction.atomic():
            model.objects.bulk_create(
                renderings,
                update_conflicts=True,
                unique_fields=model.identity_fields(),
                update_fields=["versions", *model.rendered_fields],
            )
    except DatabaseError:
        logger.warning("Could not store %d renderings", len(renderings), exc_info=True)
