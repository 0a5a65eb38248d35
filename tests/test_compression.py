"""Pages and feeds travel compressed in the documented production setup: nginx, with the
compression settings of docs/deploy/nginx-compression.conf, in front of gunicorn running
Digest with its production settings. Every reader page and feed comes out gzip- or
brotli-encoded to a client that accepts it, byte for byte the page the app built, and plain to
one that does not."""

import gzip
import re
import urllib.request
from pathlib import Path

import brotli
import pytest
from django.db import connection

from tests.processes import (
    BROTLI_MODULE,
    COMPRESSION,
    NGINX,
    PROD_SETTINGS,
    ROOT,
    AppServer,
    Nginx,
    clean_environment,
    collect_static,
    manage,
    migrated_sqlite_database,
)

NGINX_SAMPLE = ROOT / "docs" / "deploy" / "nginx.conf"

# Every kind of response the app sends in a text type, with that type.
PAGES = {
    "home": ("/", "text/html"),
    "issue": ("/issues/2020/week-47/", "text/html"),
    "month": ("/issues/2020/11/", "text/html"),
    "search": ("/search/?q=学习", "text/html"),
    "Atom feed": ("/feeds/issues.atom", "application/atom+xml"),
    "RSS feed": ("/feeds/issues.rss", "application/rss+xml"),
    "tag feed": ("/tags/计算机视觉/feed/", "application/atom+xml"),
    "sitemap": ("/sitemap.xml", "application/xml"),
}
SMALLEST_COMPRESSED = 256  # bytes: gzip_min_length, brotli_min_length
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}


def directive_values(name):
    """The values the compression settings give one directive."""
    text = re.sub(r"#.*", "", COMPRESSION.read_text())
    found = re.search(rf"^\s*{name}\s+([^;]*);", text, re.MULTILINE)
    assert found, f"{COMPRESSION.name} does not set {name}"
    return found.group(1).split()


# --- The documented configuration ----------------------------------------------------------


def test_the_sample_nginx_configuration_includes_the_compression_settings():
    sample = NGINX_SAMPLE.read_text()

    assert "include /etc/nginx/snippets/digest-compression.conf;" in sample


@pytest.mark.parametrize("encoding", ["gzip", "brotli"])
def test_compression_covers_every_text_type_the_app_sends(encoding):
    assert directive_values(encoding) == ["on"]
    types = set(directive_values(f"{encoding}_types"))
    # text/html is compressed whenever compression is on; nginx warns when it is listed.
    sent = {content_type for _url, content_type in PAGES.values()} | {"text/plain"}
    sent -= {"text/html"}
    assert sent <= types, f"not compressed: {sent - types}"
    assert "application/json" in types and "text/css" in types


def test_compressed_responses_vary_by_accepted_encoding():
    assert directive_values("gzip_vary") == ["on"]
    # Also behind a CDN or another proxy that says Via.
    assert directive_values("gzip_proxied") == ["any"]


# --- nginx in front of gunicorn ------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if connection.vendor != "sqlite":
        pytest.skip("the proxy runs once, with the SQLite test run")
    if not Path(NGINX).is_file() or not BROTLI_MODULE.is_file():
        pytest.skip("needs nginx and its brotli module (apt-get install nginx-light "
                    "libnginx-mod-http-brotli-filter; `make test` installs them)")  # fmt: skip
    folder = tmp_path_factory.mktemp("proxied-site")
    env = clean_environment(
        **PROD_SETTINGS,
        DATABASE_URL=migrated_sqlite_database(folder),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
    )
    env["DJANGO_STATIC_ROOT"] = collect_static()
    manage("load_demo", env=env)
    app = AppServer(env)
    proxy = Nginx(folder, app.port)
    yield proxy
    proxy.stop()
    app.stop()


@pytest.mark.parametrize(("url", "content_type"), PAGES.values(), ids=PAGES.keys())
@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_pages_and_feeds_arrive_compressed(site, url, content_type, encoding):
    plain_headers, plain = site.get(url)
    headers, body = site.get(url, **{"Accept-Encoding": encoding})

    assert headers["Content-Type"].startswith(content_type)
    assert headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in headers["Vary"]
    assert DECODE[encoding](body) == plain
    assert plain_headers["Content-Encoding"] is None
    if len(plain) > 4000:
        assert len(body) < len(plain) / 2, f"{url}: {len(plain)} → {len(body)} bytes"


def test_tiny_responses_are_sent_as_they_are(site):
    headers, body = site.get("/robots.txt", **{"Accept-Encoding": "gzip, br"})

    assert len(body) < SMALLEST_COMPRESSED
    assert headers["Content-Encoding"] is None


def test_brotli_is_preferred_when_a_browser_accepts_both(site):
    headers, body = site.get("/issues/2020/week-47/", **{"Accept-Encoding": "gzip, deflate, br"})

    assert headers["Content-Encoding"] == "br"


def test_a_compressed_page_is_still_revalidated_without_sending_it_again(site):
    headers, _ = site.get("/issues/2020/week-47/", **{"Accept-Encoding": "gzip"})
    assert headers["ETag"]

    request = urllib.request.Request(  # noqa: S310 - a local test server
        f"http://127.0.0.1:{site.port}/issues/2020/week-47/",
        headers={"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]},
    )
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=20)  # noqa: S310

    assert answer.value.code == 304
