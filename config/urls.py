from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from digest import markdownx_views
from digest.urls import site_urlpatterns
from digest.views import sitemap

urlpatterns = [
    # Before the admin, whose last pattern catches every path under it.
    path(settings.ADMIN_URL, include("accounts.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("markdownx/markdownify/", markdownx_views.markdownify, name="markdownx_markdownify"),
    path("markdownx/upload/", markdownx_views.upload, name="markdownx_upload"),
    path("sitemap.xml", sitemap, name="sitemap"),
    *site_urlpatterns,
]
# The reader's pages: the URL alone decides the language. Chinese (LANGUAGE_CODE) at the
# unprefixed addresses, English under /en/ (config.middleware.LocaleMiddleware).
urlpatterns += i18n_patterns(path("", include("digest.urls")), prefix_default_language=False)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
