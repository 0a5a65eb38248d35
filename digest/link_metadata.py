"""What a link says about itself: arXiv's metadata of a paper, or a web page's link card.

`metadata_for(link)` is what the entry editor's "fill from a link" asks for. It fetches on the
server through `digest.link_fetch`, so the fetch never becomes a way into the server's own
network (public addresses only, checked at every redirect, one deadline, size cap); only HTML
pages (XML from arXiv's API) are read. Results are kept in the cache, so the same link (the
same arXiv paper, whatever form of its link) is fetched once.
"""

import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit
from xml.etree import ElementTree

from django.conf import settings
from django.utils.translation import gettext as _

# LinkMetadataError is raised by both modules; callers catch it from here.
from .link_fetch import LinkMetadataError, cached, fetch, split_url

MAX_LINK_LENGTH = 2000
HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("application/atom+xml", "application/xml", "text/xml")
ARXIV_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org"}
# New-style identifiers (2011.12345, 0704.0001, optionally v2) and old-style ones (cs/0112017,
# math.GT/0309136).
ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
ARXIV_BARE = re.compile(rf"(?i:arxiv:)?\s*({ARXIV_ID})")
ARXIV_PATH = re.compile(rf"/(?:abs|pdf|html)/({ARXIV_ID})(?:\.pdf)?/?")
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
# The longest value each entry field holds (digest.models.Entry).
FIELD_LENGTHS = {
    "original_title": 500,
    "source_url": 1000,
    "authors": 1000,
    "card_url": 1000,
    "card_title": 300,
    "card_description": 1000,
    "card_site": 200,
    "card_image": 1000,
}


@dataclass(frozen=True)
class LinkMetadata:
    """What can be known from a link, named as the entry's fields; "" where nothing is known."""

    original_title: str = ""
    source_url: str = ""
    summary: str = ""
    authors: str = ""
    card_url: str = ""
    card_title: str = ""
    card_description: str = ""
    card_site: str = ""
    card_image: str = ""
    # Where it came from ("arXiv" or the page's site), for the message shown to the editor.
    origin: str = ""

    def fields(self):
        """{entry field: value} for the editor's form."""
        values = asdict(self)
        del values["origin"]
        return values


def metadata_for(link):
    """The `LinkMetadata` of `link` (an arXiv link or identifier, or any http/https page).

    Raises LinkMetadataError saying why when the link is refused or cannot be read. Answers
    come from the cache when the same paper or page was read before.
    """
    link = (link or "").strip()
    if not link:
        raise LinkMetadataError(_("Paste a link first."))
    if len(link) > MAX_LINK_LENGTH:
        raise LinkMetadataError(_("The link is too long."))
    paper = arxiv_id(link)
    if paper is not None:
        return cached(f"arxiv:{paper}", lambda: arxiv_metadata(paper))
    url = urlunsplit(split_url(link)._replace(fragment=""))
    return cached(f"page:{url}", lambda: page_metadata(url))


# --- arXiv -----------------------------------------------------------------------------------


def arxiv_id(link):
    """The arXiv identifier, without version, of an arXiv link (abs, pdf or html page, any
    version) or of a bare identifier ("2011.12345v2", "arXiv:cs/0112017"); None otherwise."""
    link = link.strip()
    bare = ARXIV_BARE.fullmatch(link)
    if bare:
        return _without_version(bare.group(1))
    try:
        parts = urlsplit(link if "//" in link else f"//{link}")
    except ValueError:
        return None
    if (parts.hostname or "") not in ARXIV_HOSTS:
        return None
    path = ARXIV_PATH.fullmatch(parts.path)
    return _without_version(path.group(1)) if path else None


def source_key(link):
    """What two links to the same source have in common: the arXiv paper (any version, abs or
    pdf), else the address without scheme, "www.", fragment and trailing slash."""
    paper = arxiv_id(link)
    if paper is not None:
        return f"arxiv:{paper}"
    try:
        parts = urlsplit(link.strip())
    except ValueError:
        return link.strip()
    host = (parts.hostname or "").removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


def _without_version(identifier):
    return re.sub(r"v\d+$", "", identifier)


def arxiv_abs_url(identifier):
    """The canonical address of a paper's abstract page."""
    return f"https://arxiv.org/abs/{identifier}"


def arxiv_metadata(identifier):
    """Title, authors, abstract and canonical link of an arXiv paper, from arXiv's API."""
    query = urlencode({"id_list": identifier, "max_results": 1})
    response = fetch(f"{settings.DIGEST_ARXIV_API_URL}?{query}", XML_TYPES)
    # No document type, no entities: nothing in the answer can expand or reach other files.
    if b"<!DOCTYPE" in response.body or b"<!ENTITY" in response.body:
        raise LinkMetadataError(_("arXiv's answer could not be read."))
    try:
        feed = ElementTree.fromstring(response.body)  # noqa: S314 (no DTD, see above)
    except ElementTree.ParseError as error:
        raise LinkMetadataError(_("arXiv's answer could not be read.")) from error
    paper = feed.find("atom:entry", ATOM)
    title = _text(paper, "atom:title") if paper is not None else ""
    if not title or "/api/errors" in _text(paper, "atom:id"):
        raise LinkMetadataError(_("arXiv has no paper %(id)s.") % {"id": identifier})
    authors = ", ".join(_text(author, "atom:name") for author in paper.findall("atom:author", ATOM))
    return _limited(
        LinkMetadata(
            original_title=title,
            source_url=arxiv_abs_url(identifier),
            summary=_text(paper, "atom:summary"),
            authors=authors,
            origin="arXiv",
        )
    )


def _text(element, path):
    found = element.find(path, ATOM)
    return _clean(found.text) if found is not None and found.text else ""


# --- Web pages -------------------------------------------------------------------------------


def page_metadata(url):
    """The link card of a web page: title, description, site name and image, from its
    OpenGraph and Twitter tags, else its <title> and meta description."""
    response = fetch(url, HTML_TYPES)
    head = PageHead.read(response.text())
    site = head.first("og:site_name", "application-name") or _site_name(response.url)
    title = head.first("og:title", "twitter:title", "citation_title") or head.title
    canonical = _http_url(response.url, head.canonical or head.first("og:url")) or response.url
    image = head.first("og:image:secure_url", "og:image", "twitter:image", "twitter:image:src")
    return _limited(
        LinkMetadata(
            original_title=title,
            source_url=canonical,
            authors=", ".join(head.all("citation_author")) or head.first("author"),
            card_url=canonical,
            card_title=title,
            card_description=head.first("og:description", "twitter:description", "description"),
            card_site=site,
            card_image=_http_url(response.url, image),
            origin=site,
        )
    )


class PageHead(HTMLParser):
    """The metadata of an HTML page: <title>, <meta> tags by name or property, canonical link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.canonical = ""
        self.meta = {}
        self._in_title = False
        self._title_parts = []

    @classmethod
    def read(cls, html):
        head = cls()
        head.feed(html)
        head.close()
        head.title = _clean("".join(head._title_parts))
        return head

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "title" and not self._title_parts:
            self._in_title = True
        elif tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            if key and attributes.get("content"):
                self.meta.setdefault(key, []).append(_clean(attributes["content"]))
        elif tag == "link" and "canonical" in attributes.get("rel", "").lower().split():
            self.canonical = self.canonical or attributes.get("href", "").strip()

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self._title_parts.append(data)

    def first(self, *keys):
        """The first non-empty value of the first of `keys` the page has."""
        for key in keys:
            if self.meta.get(key):
                return self.meta[key][0]
        return ""

    def all(self, key):
        return self.meta.get(key, [])


def _site_name(url):
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _http_url(base, link):
    """`link` made absolute against `base`, if it is an http or https address; else ""."""
    if not link:
        return ""
    try:
        absolute = urljoin(base, link.strip())
        return absolute if urlsplit(absolute).scheme in ("http", "https") else ""
    except ValueError:
        return ""


def _clean(text):
    return " ".join(text.split())


def _limited(metadata):
    """Cut values to what the entry's fields hold."""
    values = {
        name: value[: FIELD_LENGTHS[name]] if name in FIELD_LENGTHS else value
        for name, value in asdict(metadata).items()
    }
    return LinkMetadata(**values)
