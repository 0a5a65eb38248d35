"""Reading pages the way search engines, feed readers and link previews do: the <head>."""

from urllib.parse import urljoin

from tests.html_inspection import elements

SITE = "http://testserver"


def in_language(path, language):
    """The address of the reader's page `path` (of the default language) in `language`: the
    default language unprefixed, the other under its prefix ("/zh-hans/…" when the tests'
    default is English)."""
    from django.conf import settings

    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


def fetch(client, url, **kwargs):
    """The page's HTML, after checking that it was served."""
    response = client.get(url, **kwargs)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


def head(html, tag, **attrs):
    """The `tag` elements inside <head> whose attributes equal `attrs` (``class_`` for class)."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
    return [
        element
        for element in elements(html)
        if element.tag == tag
        and element.inside("head")
        and all(element.attrs.get(name) == value for name, value in wanted.items())
    ]


def meta(html, **attrs):
    """The content of the one <meta> in <head> with `attrs` (name=... or property=...)."""
    found = head(html, "meta", **attrs)
    assert len(found) == 1, f"expected one <meta {attrs}>, found {len(found)}"
    return found[0].get("content")


def absolute(href):
    """`href` as an absolute URL on the test site."""
    return urljoin(f"{SITE}/", href)


def feed_links(html, content_type):
    """The absolute targets of the <link rel="alternate" type=content_type> of the page."""
    return [
        absolute(link.get("href"))
        for link in head(html, "link", rel="alternate", type=content_type)
    ]
