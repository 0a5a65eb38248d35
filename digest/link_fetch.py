"""Fetching a link from the server without it becoming a way into the server's own network.

`fetch(url, content_types)` is the one place the server fetches an address an editor gave
(for `digest.link_metadata`):

- only http and https, on host names or public addresses; every address a host name resolves
  to must be public (not private, loopback, link-local, multicast, reserved or unspecified),
  and the connection is made to the address that was checked, so a DNS answer that changes
  between the check and the connection (DNS rebinding) reaches nothing new;
- every redirect is checked the same way, at most `MAX_REDIRECTS` of them;
- the whole fetch, redirects included, has one deadline (`DIGEST_LINK_FETCH_TIMEOUT`);
- a response larger than `DIGEST_LINK_FETCH_MAX_BYTES` is refused, and only answers of the
  types asked for are read.

`cached(key, read)` keeps what was read in the cache, so the same link is fetched once. Test
settings may allow loopback addresses, for local fake servers; no environment variable can
(see config/settings).
"""

import codecs
import hashlib
import http.client
import ipaddress
import re
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

MAX_REDIRECTS = 5
CACHE_SECONDS = 24 * 60 * 60
# What stays as it is when a link's path and query are percent-encoded (as browsers do).
URL_SAFE = "!#$%&'()*+,/:;=?@[]~"


class LinkMetadataError(Exception):
    """Why a link's metadata could not be read, in words an editor understands."""


def split_url(url):
    try:
        return urlsplit(url)
    except ValueError as error:  # e.g. an unclosed [IPv6 address
        raise LinkMetadataError(_("This is not a valid link.")) from error


def cached(key, read):
    """What `read()` returns, kept in the cache under `key` for `CACHE_SECONDS`."""
    cache_key = "digest:link-metadata:" + hashlib.sha256(key.encode()).hexdigest()
    found = cache.get(cache_key)
    if found is not None:
        return found
    metadata = read()
    cache.set(cache_key, metadata, CACHE_SECONDS)
    return metadata


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
    parts = split_url(url)
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
