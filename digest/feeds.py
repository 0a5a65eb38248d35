"""Feeds: the whole digest (Atom and RSS 2.0, each item a complete issue) and entry feeds per
tag and per section. All items come from the visible querysets; a tag or section without
visible entries has no feed (404), so a feed never names what only drafts use.

Every feed is valid Atom (RFC 4287) or RSS 2.0: it is written in the language of its content
(told from the text, `digest.languages`) and says so as a BCP 47 tag; the site is the author
of the feed and of each entry; ids are permanent addresses; dates are the publication dates;
links and images are absolute.
"""

import copy
import re
from collections import Counter

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from .contents import entry_feed_html, feed_contents
from .languages import django_language, site_language
from .models import Entry, Issue, Section, visible_tags
from .scopes import SECTIONS, VISIBILITY, depends_on, entries_listed

ISSUES_IN_FEED = 10
ENTRIES_IN_FEED = 50
RELATIVE_URL = re.compile(r'(href|src)="/(?!/)')


def absolute_html(html, base_url):
    """Make the site-relative links and images of some HTML absolute, for feed readers."""
    return RELATIVE_URL.sub(lambda m: f'{m.group(1)}="{base_url}/', str(html))


class FullContentAtomFeed(Atom1Feed):
    """Atom with the item's whole HTML in <content>, as feed readers expect, and the item's
    own language where it is not the feed's."""

    def item_attributes(self, item):
        language = item.get("language")
        if language and language != self.feed["language"]:
            return {"xml:lang": language}
        return {}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class DigestFeed(Feed):
    """What every feed of the site shares.

    Django serves every request with the same feed object, so each request works on a copy
    holding that request's site address, items and language.
    """

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)
        feed.base_url = request.build_absolute_uri("/").rstrip("/")
        response = super(DigestFeed, feed).__call__(request, *args, **kwargs)
        response["Content-Language"] = feed.language
        return response

    def get_feed(self, obj, request):
        self.item_list = list(self.visible_items(obj))
        languages = Counter(self.item_language(item) for item in self.item_list)
        languages.pop(None, None)
        self.language = languages.most_common(1)[0][0] if languages else site_language()
        shown = self.shows(obj)
        if shown is not None:
            depends_on(request, *shown)
        # Titles and headings are written in the language of the content they frame.
        with translation.override(django_language(self.language)):
            return super().get_feed(obj, request)

    def visible_items(self, obj):
        raise NotImplementedError

    def shows(self, obj):
        """The scopes of what the feed of `obj` shows, its items known (digest.scopes), or None
        for everything."""
        return None

    def item_language(self, item):
        return item.content_language

    def items(self, obj):
        return self.item_list

    def feed_guid(self, obj):
        return self.absolute(self._get_dynamic_attr("feed_url", obj))

    def absolute(self, path):
        return f"{self.base_url}{path}"

    def author_name(self):
        return settings.DIGEST_SITE_NAME

    def author_link(self):
        return self.absolute(reverse("digest:home"))

    item_author_name = author_name
    item_author_link = author_link

    def item_extra_kwargs(self, item):
        return {"language": self.item_language(item)}


class IssueRssFeed(DigestFeed):
    """Every visible issue, newest first; each item is the whole issue."""

    feed_type = Rss201rev2Feed
    issues_html = None  # {issue id: HTML}, for the request being served

    def title(self):
        return settings.DIGEST_SITE_NAME

    def description(self):
        return _("A weekly digest of hand-picked machine-learning papers and articles.")

    def link(self):
        return reverse("digest:home")

    def feed_url(self):
        return reverse("digest:feed-issues-rss")

    def visible_items(self, obj):
        return Issue.objects.visible().with_headlines()[:ISSUES_IN_FEED]

    def shows(self, obj):
        # The newest issues, each in full (digest.contents.scopes_of).
        return [VISIBILITY, SECTIONS, *self.item_list]

    def item_title(self, issue):
        return issue.display_title

    def issue_html(self, issue):
        """The issue as feed readers show it, rendered once per language (digest.contents)."""
        if self.issues_html is None:
            self.issues_html = feed_contents(self.item_list)
        return absolute_html(self.issues_html.get(issue.pk, ""), self.base_url)

    def item_description(self, issue):
        return self.issue_html(issue)

    def item_pubdate(self, issue):
        return issue.publication_date

    def item_updateddate(self, issue):
        return issue.modified_date

    def item_guid(self, issue):
        return self.absolute(issue.get_absolute_url())

    item_guid_is_permalink = True


class IssueAtomFeed(IssueRssFeed):
    feed_type = FullContentAtomFeed

    def feed_url(self):
        return reverse("digest:feed-issues-atom")

    def subtitle(self):
        return self.description()

    def item_description(self, issue):
        return absolute_html(issue.intro_html, self.base_url) or None

    def item_extra_kwargs(self, issue):
        return {**super().item_extra_kwargs(issue), "content_html": self.issue_html(issue)}


class EntryFeed(DigestFeed):
    """Base of the per-tag and per-section Atom feeds of entries."""

    feed_type = FullContentAtomFeed
    entries_html = None  # {entry id: HTML}, for the request being served

    def entries(self, obj):
        raise NotImplementedError

    def visible_items(self, obj):
        return self.entries(obj).visible().for_display().newest_first()[:ENTRIES_IN_FEED]

    def shows(self, obj):
        # As on a tag's page: the tag or section, its entries' issues, the sections.
        return entries_listed(obj, self.item_list)

    def item_title(self, entry):
        return entry.headline

    def item_link(self, entry):
        return entry.get_absolute_url()

    def item_guid(self, entry):
        return self.absolute(entry.get_absolute_url())

    def item_description(self, entry):
        return absolute_html(entry.summary_html, self.base_url) or None

    def item_extra_kwargs(self, entry):
        if self.entries_html is None:
            self.entries_html = entry_feed_html(self.item_list)
        html = self.entries_html.get(entry.pk, "")
        return {
            **super().item_extra_kwargs(entry),
            "content_html": absolute_html(html, self.base_url),
        }

    def item_pubdate(self, entry):
        return entry.issue.publication_date

    def item_updateddate(self, entry):
        return entry.issue.modified_date

    def item_categories(self, entry):
        return [tag.name for tag in entry.tag_list]


class TagFeed(EntryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(visible_tags(), slug=slug)

    def entries(self, tag):
        return Entry.objects.filter(tags=tag)

    def title(self, tag):
        return _("%(site)s: entries tagged “%(tag)s”") % {
            "site": settings.DIGEST_SITE_NAME,
            "tag": tag.name,
        }

    def description(self, tag):
        return self.title(tag)

    def link(self, tag):
        return reverse("digest:tag-detail", args=[tag.slug])

    def feed_url(self, tag):
        return reverse("digest:feed-tag", args=[tag.slug])


class SectionFeed(EntryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section.objects.with_visible_entries(), slug=slug)

    def entries(self, section):
        return Entry.objects.filter(section=section)

    def title(self, section):
        return _("%(site)s: %(section)s") % {
            "site": settings.DIGEST_SITE_NAME,
            "section": section.name,
        }

    def description(self, section):
        return self.title(section)

    def link(self, section):
        return reverse("digest:home")

    def feed_url(self, section):
        return reverse("digest:feed-section", args=[section.slug])
