"""Reader URLs: the ones pages build many times over, reversed once; and the same page's
address in each language.

An issue page links its own address once per entry (anchors, picks) and dozens of tag pages;
reversing each link costs more than the rest of its markup. A URL depends only on the route,
its arguments, the language (English pages live under /en/) and the script prefix, so the
answers are remembered per language and script prefix.
"""

import functools

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, get_script_prefix, resolve, reverse
from django.utils import translation


@functools.lru_cache(maxsize=8192)
def _reverse(name, args, language, script_prefix):
    return reverse(name, args=args)


def cached_reverse(name, *args):
    return _reverse(name, args, translation.get_language(), get_script_prefix())


def page_in_language(match, language):
    """The path of the page `match` (a ResolverMatch, or None) in `language`: the same page
    under that language's prefix, or that language's home page when it is no reader page."""
    with translation.override(language):
        if match is not None and match.namespace == "digest":
            try:
                return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                pass
        return reverse("digest:home")


def resolve_reader_path(path):
    """The ResolverMatch of a reader's path in any language ("/en/issues/"), or None."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            return resolve(path)
        except Resolver404:
            return None


def alternates(request, query=""):
    """(language, path) of the page of `request` in every language of the site, the
    page's own language included; `query` ("q=gan") is kept on each, not on the home pages
    that stand in for a page not found."""
    match = getattr(request, "resolver_match", None)
    suffix = f"?{query}" if query and match is not None else ""
    return [(code, page_in_language(match, code) + suffix) for code, _name in settings.LANGUAGES]
