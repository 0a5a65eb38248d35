"""What a link says about itself: arXiv's metadata of a paper, or a web page's link card.

`metadata_for(link)` is what the entry editor's "fill from a link" asks for. It fetches on the
server, so the fetch must never become a way into the server's own network:

- only http and https, on host names or public addresses; every address a host name resolves
  to must be public (not private, loopback, link-local, multicast, reserved or unspecified),
  and the connection is made to the address that was checked, so a DNS answer that changes
  between the check and the connection (DNS rebinding) reaches nothing new;
- every redirect is checked the same way, at most `MAX_REDIRECTS` of them;
- the whole fetch, redirects included, has one deadline (`DIGEST_LINK_FETCH_TIMEOUT`);
- a response larger than `DIGEST_LINK_FETCH_MAX_BYTES` is refused, and only HTML pages (XML
  from arXiv's API) are read.

Results are kept in the cache, so the same link (the same arXiv paper, whatever form of its
link) is fetched once. Test settings may allow loopback addresses, for local fake servers;
no environment variable can (see config/settings).
"""

import codecs
import hashlib
import http.client
import ipaddress
import re
import socket
import ssl
import time
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urljoin, urlsplit, urlunsplit
from xml.etree import ElementTree

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

MAX_REDIRECTS = 5
MAX_LINK_LENGTH = 2000
CACHE_SECONDS = 24 * 60 * 60
HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("application/atom+xml", "application/xml", "text/xml")
# What stays as it is when a link's path and query are percent-encoded (as browsers do).
URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
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


class LinkMetadataError(Exception):
    """Why a link's metadata could not be read, in words an editor understands."""


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
        return _cached(f"arxiv:{paper}", lambda: arxiv_metadata(paper))
    url = urlunsplit(_split(link)._replace(fragment=""))
    return _cached(f"page:{url}", lambda: page_metadata(url))


def _split(url):
    try:
        return urlsplit(url)
    except ValueError as error:  # e.g. an unclosed [IPv6 address
        raise LinkMetadataError(_("This is not a valid link.")) from error


def _cached(key, read):
    cache_key = "digest:link-metadata:" + hashlib.sha256(key.encode()).hexdigest()
    found = cache.get(cache_key)
    if found is not None:
        return found
    metadata = read()
    cache.set(cache_key, metadata, CACHE_SECONDS)
    return metadata


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


# --- Fetching safely -------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    content_type: str
    charset: str
    body: bytes

    def text(self):
        """The body decoded by the charset the server or the page declares, else UTF-8."""
        charset = self.charset or _declared_charset(self.body[:4096]) or "utf-8"
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = "utf-8"
        return self.body.decode(charset, errors="replace")


def _declared_charset(start):
    match = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", start, re.IGNORECASE)
    return match.group(1).decode("ascii") if match else ""


def fetch(url, content_types):
    """GET `url` and return its `Response`, following redirects, refusing any address that is
    not public, answers of other types than `content_types`, too large or too slow ones."""
    deadline = time.monotonic() + settings.DIGEST_LINK_FETCH_TIMEOUT
    for _redirect in range(MAX_REDIRECTS + 1):
        parts, address = checked_target(url)
        connection = None
        try:
            connection = _connection(parts, address, _remaining(deadline))
            response = _get(connection, parts)
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location", "")
                if not location:
                    raise LinkMetadataError(_("The page redirects without saying where to."))
                url = _redirect_target(url, location)
                continue
            if response.status != 200:
                raise LinkMetadataError(
                    _("The page answered with HTTP status %(status)s (%(reason)s).")
                    % {"status": response.status, "reason": response.reason}
                )
            content_type = response.headers.get_content_type()
            if content_type not in content_types:
                raise LinkMetadataError(
                    _("The link does not lead to a web page: it is “%(type)s”.")
                    % {"type": content_type}
                )
            body = _read_limited(connection, response, deadline)
            charset = response.headers.get_content_charset() or ""
            return Response(url=url, content_type=content_type, charset=charset, body=body)
        except TimeoutError as error:
            raise LinkMetadataError(_("The page took too long to answer.")) from error
        except ssl.SSLError as error:
            raise LinkMetadataError(
                _("A secure connection to %(host)s could not be made.") % {"host": parts.hostname}
            ) from error
        except (OSError, http.client.HTTPException) as error:
            raise LinkMetadataError(
                _("%(host)s could not be reached.") % {"host": parts.hostname}
            ) from error
        finally:
            if connection is not None:
                connection.close()
    raise LinkMetadataError(_("The link redirects too many times."))


def checked_target(url):
    """(parts of `url`, the address to connect to), once the URL and every address its host
    resolves to are allowed; else LinkMetadataError saying why."""
    parts = _split(url)
    if parts.scheme not in ("http", "https"):
        raise LinkMetadataError(_("Only http and https links can be read."))
    if not parts.hostname:
        raise LinkMetadataError(_("The link has no host name."))
    if parts.username or parts.password:
        raise LinkMetadataError(_("Links with a user name or password are not read."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:  # not a number, or out of range
        raise LinkMetadataError(_("The link's port is not valid.")) from error
    try:
        host = parts.hostname.encode("idna").decode("ascii")
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise LinkMetadataError(
            _("The host %(host)s was not found.") % {"host": parts.hostname}
        ) from error
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    if not addresses or any(not is_public(address) for address in addresses):
        raise LinkMetadataError(
            _("%(host)s is a private or local network address; only public pages can be read.")
            % {"host": parts.hostname}
        )
    return parts, (str(addresses[0]), port)


def is_public(address):
    """Whether the fetcher may connect to `address`: a public unicast address (test settings
    may add loopback, for local fake servers)."""
    if address.version == 6:
        # IPv4 addresses carried inside IPv6 ones are checked as what they reach.
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is not None:
            return is_public(embedded)
    if address.is_loopback and settings.DIGEST_LINK_FETCH_ALLOW_LOOPBACK:
        return True
    return address.is_global and not (
        address.is_multicast
        or address.is_reserved
        or address.is_link_local
        or address.is_loopback
        or address.is_private
        or address.is_unspecified
    )


class CheckedAddressConnection(http.client.HTTPConnection):
    """An HTTP connection to `host` made to an address checked beforehand, never resolved again;
    with `tls`, over TLS verified for `host`."""

    def __init__(self, host, port, address, timeout, tls=None):
        super().__init__(host, port, timeout=timeout)
        self.address = address
        self.tls = tls

    def connect(self):
        sock = socket.create_connection(self.address, self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host) if self.tls else sock
        # Kept for the deadline: http.client forgets `sock` once the response owns it.
        self.checked_socket = self.sock


def _redirect_target(url, location):
    try:
        return urljoin(url, location.strip())
    except ValueError as error:
        raise LinkMetadataError(_("The page redirects to a link that is not valid.")) from error


def _connection(parts, address, timeout):
    host = parts.hostname.encode("idna").decode("ascii")
    tls = ssl.create_default_context() if parts.scheme == "https" else None
    return CheckedAddressConnection(host, address[1], address, timeout, tls)


def _get(connection, parts):
    # Characters a request line cannot carry (a pasted Chinese path) are percent-encoded.
    path = quote(urlunsplit(("", "", parts.path or "/", parts.query, "")), safe=URL_SAFE)
    connection.request(
        "GET",
        path,
        headers={
            "User-Agent": f"{settings.DIGEST_SITE_NAME} link preview",
            "Accept": "text/html,application/xhtml+xml,application/atom+xml;q=0.9",
            "Accept-Encoding": "identity",
        },
    )
    return connection.getresponse()


def _read_limited(connection, response, deadline):
    limit = settings.DIGEST_LINK_FETCH_MAX_BYTES
    too_large = LinkMetadataError(
        _("The page is larger than %(size)s KB, so it is not read.") % {"size": limit // 1024}
    )
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    while True:
        # One deadline for everything: a server sending a byte at a time cannot hold us.
        connection.checked_socket.settimeout(_remaining(deadline))
        chunk = response.read1(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)


def _remaining(deadline):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError
    return remaining
