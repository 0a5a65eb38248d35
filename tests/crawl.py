"""Crawl the reader side of the site like a visitor clicking every link, for leak checks.

Every page a reader can reach is fetched once: starting from the given URLs, each same-site
link is followed (admin, static files and the language switch excepted), redirects included.
HTML pages are read for <a href> and <link rel="alternate"> (feeds); other text responses
(feeds, sitemap, robots.txt) for the absolute URLs of this site they mention. So new reader
pages are crawled as soon as something links to them.
"""

import contextlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urldefrag, urljoin, urlsplit

from django.urls import NoReverseMatch, reverse
from taggit.models import Tag

from digest.models import Issue
from tests.html_inspection import elements

SITE = "http://testserver"
SITE_HOSTS = {"testserver"}
# Not reader pages, or (the language switch) the same pages again: crawl once per language.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/markdownx/", "/language/")
MAX_PAGES = 200
REDIRECTS = {301, 302, 303, 307, 308}
ABSOLUTE_URL = re.compile(r"https?://testserver[^\s\"'<>]*")


@dataclass
class Page:
    url: str
    status_code: int
    content_type: str
    text: str

    @property
    def text_without_request(self):
        """The text without the page echoing its own address or query (a canonical link, a
        search box): what the page tells the reader beyond what the reader asked for."""
        text = self.text
        split = urlsplit(self.url)
        echoes = {self.url, unquote(self.url), split.path, unquote(split.path)}
        echoes |= {value for _name, value in parse_qsl(split.query) if value}
        for echo in sorted(echoes, key=len, reverse=True):
            text = text.replace(echo, "")
        return text


def crawl(client, start_urls=("/",), max_pages=MAX_PAGES):
    """Fetch `start_urls` and every reader page linked from them, at most `max_pages` pages.

    Returns the fetched `Page`s in crawl order.
    """
    queue = list(dict.fromkeys(start_urls))
    seen = set(queue)
    pages = []
    while queue and len(pages) < max_pages:
        url = queue.pop(0)
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        text = response.content.decode(errors="replace")
        pages.append(Page(url, response.status_code, content_type, text))
        if response.status_code in REDIRECTS:
            targets = [response["Location"]]
        elif content_type.startswith("text/html"):
            targets = links(text)
        else:
            targets = ABSOLUTE_URL.findall(text)
        for target in targets:
            path = same_site_path(url, target)
            if path is not None and path not in seen:
                seen.add(path)
                queue.append(path)
    return pages


def links(html):
    """The targets of the <a> elements and <link rel="alternate"> elements of `html`."""
    return [
        element.get("href")
        for element in elements(html)
        if element.tag == "a" or (element.tag == "link" and element.get("rel") == "alternate")
    ]


def same_site_path(base, href):
    """The path (and query) `href` on page `base` leads to, or None when it leaves the reader
    side: another site, another scheme, the admin, static files."""
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    target = urlsplit(urljoin(f"{SITE}{base}", urldefrag(href).url))
    if target.scheme not in ("http", "https") or target.hostname not in SITE_HOSTS:
        return None
    if target.path.startswith(SKIPPED_PREFIXES):
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def reader_urls():
    """Every reader URL the database could give rise to, whether or not a reader may see it:
    home, the archive and tag indexes, each issue's year, month and week page, each tag's
    page, and the site-wide documents (sitemap, robots.txt) where the site has them."""
    urls = [reverse("digest:home"), reverse("digest:archive-index"), reverse("digest:tag-index")]
    for name in ("sitemap", "robots"):
        with contextlib.suppress(NoReverseMatch):  # documents the site may not have yet
            urls.append(reverse(name))
    for issue in Issue.objects.order_by("year", "week"):
        urls += [
            reverse("digest:year-archive", args=[issue.year]),
            issue.month.get_absolute_url(),
            issue.get_absolute_url(),
        ]
    urls += [reverse("digest:tag-detail", args=[tag.slug]) for tag in Tag.objects.order_by("pk")]
    return list(dict.fromkeys(urls))


def public_urls(issue):
    """Every public page, feed and document a published `issue` with entries and tags shows
    up on: home, archive, year, month and issue pages, tag pages and feeds, section feeds,
    the issue feeds, search, the sitemap and robots.txt."""
    urls = [
        reverse("digest:home"),
        issue.get_absolute_url(),
        reverse("digest:archive-index"),
        reverse("digest:year-archive", args=[issue.year]),
        issue.month.get_absolute_url(),
        reverse("digest:tag-index"),
        f"{reverse('digest:search')}?q=entry",
        reverse("digest:feed-issues-atom"),
        reverse("digest:feed-issues-rss"),
        reverse("sitemap"),
        reverse("robots"),
    ]
    for entry in issue.entries.prefetch_related("tags").select_related("section"):
        urls.append(reverse("digest:feed-section", args=[entry.section.slug]))
        for tag in entry.tags.all():
            urls += [
                reverse("digest:tag-detail", args=[tag.slug]),
                reverse("digest:feed-tag", args=[tag.slug]),
                f"{reverse('digest:search')}?q=entry&tag={tag.slug}",
            ]
    return list(dict.fromkeys(urls))
