"""The site's URLs plus its uploaded files, for the browser tests.

pytest-django's live server serves static files but not MEDIA_URL (config.urls adds that only
with DEBUG on), and the reader pages show uploaded entry images.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from config import urls as site_urls


def media(request, path):
    # MEDIA_ROOT is read per request: every test uploads to its own temporary folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")), media),
    *site_urls.urlpatterns,
]
handler500 = site_urls.handler500
