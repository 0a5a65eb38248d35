from django.conf import settings
from django.utils import translation

from . import links
from .cache import page_parameters
from .languages import bcp47

LANGUAGE_NAMES = {"zh-hans": "中文", "en": "English"}


def site(request):
    """What every page's frame needs: the site's name, the page's canonical address, and its
    address in each language (the language switch and the hreflang alternates)."""
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
    }
