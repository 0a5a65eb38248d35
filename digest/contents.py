"""An issue's contents — its picks, table of contents, sections and entries — rendered to HTML
once per language and kept in the database (`IssueContents`), like an entry's `summary_html`.

The issue page and the home page show the stored HTML and build only what surrounds it (the
page's frame, the issue's header and its neighbours) per request: the contents are most of the
page's work, and they change only when the issue, one of its entries, picks or tags, a section
or the deployed code changes. Each stored rendering names the content versions it was made at
(the tokens the database triggers renew, digest.cache); a rendering whose versions are not the
current ones is never shown: it is rendered again, shown and stored. The versions are read
before the content is, so a change that lands in between leaves an older version on the new
rendering, which is rendered again at the next request — never the reverse.
"""

import logging
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from .cache import DEPLOY, NEVER_CHANGED, SECTIONS, scope_of, versions
from .link_previews import issue_picture
from .models import Issue, IssueContents, first_with_image, group_by_section

logger = logging.getLogger(__name__)

TEMPLATE = "digest/_issue_contents.html"


@dataclass(frozen=True)
class Contents:
    """What a page shows of an issue's contents: the HTML, and for the page's head the
    issue's language, its picture, its entries as [headline, path, source link] and its
    sections as [name, slug]."""

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


def current_versions(issue):
    """The versions of everything the contents of `issue` show, as one string."""
    scopes = scopes_of(issue)
    tokens = versions(scopes)
    return " ".join(tokens.get(scope, NEVER_CHANGED)[0] or "-" for scope in scopes)


def current_versions_sql(issue):
    """`current_versions(issue)` as an SQL expression: the stored rendering and the versions
    it must match are read in one query, from the same snapshot."""
    version = "COALESCE((SELECT token FROM digest_contentversion WHERE scope = %s), '-')"
    return RawSQL(" || ' ' || ".join([version] * 3), scopes_of(issue))  # noqa: S611 - parameters


def issue_contents(issue):
    """The contents of `issue` in the active language: the stored rendering when it is
    current, else a new one (stored for the next request)."""
    language = translation.get_language()
    stored = (
        IssueContents.objects.filter(
            issue=issue.pk, language=language, versions=current_versions_sql(issue)
        )
        .values_list("html", "head")
        .first()
    )
    if stored:
        return Contents.from_head(*stored)
    at = current_versions(issue)  # before the content: see the module's docstring
    contents = render(issue)
    store(issue, language, at, contents)
    return contents


def render(issue):
    """Render the contents of `issue` from the database, in the active language."""
    issue = Issue.objects.with_contents().get(pk=issue.pk)
    entries = issue.entries_in_reading_order()
    sections = group_by_section(entries)
    html = render_to_string(
        TEMPLATE,
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
        sections=[[section.name, section.slug] for section, _entries in sections],
    )


def store(issue, language, at, contents):
    """Keep a rendering for the next requests; a page is still served when it cannot be kept
    (a database busy with another writer, say)."""
    head = {
        "language": contents.language,
        "picture": contents.picture,
        "parts": contents.parts,
        "sections": contents.sections,
    }
    row = IssueContents(
        issue_id=issue.pk, language=language, versions=at, html=str(contents.html), head=head
    )
    try:
        with transaction.atomic():
            IssueContents.objects.bulk_create(
                [row],
                update_conflicts=True,
                unique_fields=["issue", "language"],
                update_fields=["versions", "html", "head"],
            )
    except DatabaseError:
        logger.warning("Could not store the contents of issue %s", issue.pk, exc_info=True)
