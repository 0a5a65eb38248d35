"""Project-wide HTTP middleware."""

from django.conf import settings
from django.middleware import locale
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header (Django's SecurityMiddleware has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def is_editors_path(path):
    """The admin and the Markdown editor's endpoints: pages in the editor's language."""
    return path.startswith((f"/{settings.ADMIN_URL}", "/markdownx/"))


class LocaleMiddleware(locale.LocaleMiddleware):
    """The language of a request.

    Readers' pages: from the URL alone (Chinese, LANGUAGE_CODE, at the unprefixed addresses,
    English under /en/; config/urls.py), so a URL always answers the same bytes and any HTTP
    cache in front may keep it. Editors' pages (admin, Markdown preview and uploads): the
    language cookie or the browser's Accept-Language, as Django does without language prefixes.
    """

    def process_request(self, request):
        if not is_editors_path(request.path_info):
            return super().process_request(request)
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if is_editors_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
        # Readers' pages depend on nothing but the URL: no Vary: Accept-Language.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
