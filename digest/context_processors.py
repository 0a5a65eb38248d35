from django.conf import settings
from django.utils import translation

from . import links
from .cache import page_parameters
from .languages import bcp47

LANGUAGE_NAMES = {"zh-hans": "中文", "en": "English"}
# The pages every page's frame links to, by the name templates use (`site_urls.home`).
SITE_PAGES = {
    "home": "digest:home",
    "archive": "digest:archive-index",
    "tags": "digest:tag-index",
    "search": "digest:search",
    "atom": "digest:feed-issues-atom",
    "rss": "digest:feed-issues-rss",
}


def site(request):
    """What every page's frame needs: the site's name, the page's canonical address, its
    address in each language (the language switch and the hreflang alternates), and the
    addresses of the pages the frame links to (reversed once per language)."""
    current = translation.get_language()
    query = page_parameters(request)
    languages = [
        {
            "code": code,
            "tag": bcp47(code),
            "name": LANGUAGE_NAMES.get(code, code),
            "path": path,
            "url": request.build_absolute_uri(path),
            "current": code == current,
            "default": code == settings.LANGUAGE_CODE,
        }
        for code, path in links.alternates(request, query)
    ]
    return {
        "site_name": settings.DIGEST_SITE_NAME,
        "canonical_url": request.build_absolute_uri(request.path),
        "page_languages": languages,
        "site_urls": {key: links.cached_reverse(name) for key, name in SITE_PAGES.items()},
    }
