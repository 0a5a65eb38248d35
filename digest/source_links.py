"""Links to the sources an issue cites, shown clean.

Editors paste links as they find them, often with a tracking query: ``utm_*`` from
newsletters, ``fbclid`` from social sites, Medium's ``?source=collection_archive---------23---``.
Readers are sent to the same page without it: the known tracking parameters are dropped from
both the link and its text, every other parameter (an arXiv version, a search query) is kept.
The stored link is left as the editor gave it, so re-importing a document still pairs its
entries with the saved ones by link.
"""

import functools
from urllib.parse import unquote, urlsplit, urlunsplit

# Parameters that only tell the linked site where a reader came from.
TRACKING_PARAMETERS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url", "spm",
}  # fmt: skip
TRACKING_PREFIXES = ("utm_",)
MEDIUM_HOSTS = ("medium.com", "towardsdatascience.com")


def _on_medium(host):
    return any(host == name or host.endswith(f".{name}") for name in MEDIUM_HOSTS)


def _is_tracking(parameter, host):
    name, _, value = parameter.partition("=")
    name = unquote(name).lower()
    if name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES):
        return True
    # Medium, also on a publication's own domain, marks links as source=<list>---------<n>---.
    return name == "source" and (_on_medium(host) or "---" in value)


@functools.lru_cache(maxsize=4096)
def without_tracking(url):
    """`url` without known tracking parameters, the others kept byte for byte; anything that
    is not an http(s) URL as is."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https") or not parts.query:
        return url
    host = (parts.hostname or "").lower()
    parameters = parts.query.split("&")
    kept = [parameter for parameter in parameters if not _is_tracking(parameter, host)]
    if len(kept) == len(parameters):
        return url
    return urlunsplit(parts._replace(query="&".join(kept)))


@functools.lru_cache(maxsize=4096)
def link_text(url, limit=80):
    """How a bare link reads on a page: without tracking, scheme and "www.", decoded, at most
    `limit` characters."""
    clean = without_tracking(url)
    parts = urlsplit(clean)
    if parts.scheme not in ("http", "https"):
        return clean[:limit]
    host = parts.netloc.removeprefix("www.")
    text = unquote(host + parts.path.rstrip("/") + (f"?{parts.query}" if parts.query else ""))
    return text if len(text) <= limit else text[: limit - 1] + "…"
