"""The peer of the issue-page benchmark: a Wagtail site, as a user of Wagtail would build it,
showing the same issue as Digest's issue page — title, coverage, intro, editor's picks, a table
of contents and each entry with its link, original title, summary (rich text) and tags,
grouped in sections.

Run by benchmarks/peer.py with the Python of a virtualenv holding Wagtail from PyPI:

    site.py build WORK_FOLDER ISSUE.json   the site, in WORK_FOLDER; prints the page's size,
                                           queries and Wagtail's version as JSON
    site.py measure WORK_FOLDER            prints the page's CPU ms per request as JSON

ISSUE.json is what Digest shows of the issue (benchmarks/peer.py writes it). The site uses
Wagtail's own page serving (site lookup, routing, `Page.serve`) with production-like settings:
DEBUG off, the cached template loader, SQLite.
"""

import json
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
HOST = "peer.test"
PATH = "/week-47/"  # the issue page, a child of the site's home page


def configure(work):
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="peer-benchmark-only-0123456789abcdefghijklmnopqrstuvwxyz",  # noqa: S106
        ALLOWED_HOSTS=[HOST],
        ROOT_URLCONF="peer_urls",
        INSTALLED_APPS=[
            "peer",
            "wagtail.contrib.redirects",
            "wagtail.sites",
            "wagtail.users",
            "wagtail.snippets",
            "wagtail.documents",
            "wagtail.images",
            "wagtail.search",
            "wagtail.admin",
            "wagtail",
            "modelcluster",
            "taggit",
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
        ],
        MIDDLEWARE=[  # as `wagtail start` writes them
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "django.middleware.security.SecurityMiddleware",
            "wagtail.contrib.redirects.middleware.RedirectMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [str(HERE / "templates")],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(Path(work) / "wagtail.sqlite3"),
            }
        },
        # The peer's migrations are written by `makemigrations` into the work folder.
        MIGRATION_MODULES={"peer": "peer_migrations"},
        STATIC_URL="/static/",
        MEDIA_URL="/media/",
        MEDIA_ROOT=str(Path(work) / "media"),
        USE_TZ=True,
        LANGUAGE_CODE="zh-hans",
        WAGTAIL_SITE_NAME="Peer",
        WAGTAILADMIN_BASE_URL=f"http://{HOST}",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )


def build_site(issue):
    """The home page and the issue page under it, with the issue's picks and entries."""
    from django.core.management import call_command
    from peer.models import Entry, IssuePage, Pick
    from wagtail.models import Page, Site

    call_command("makemigrations", "peer", verbosity=0)
    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    home = root.get_children().first()
    page = IssuePage(
        title=issue["title"],
        slug=PATH.strip("/"),
        coverage=issue["coverage"],
        intro=issue["intro_html"],
    )
    for position, text in enumerate(issue["picks"]):
        page.picks.add(Pick(sort_order=position, text=text))
    for position, entry in enumerate(issue["entries"]):
        row = Entry(
            sort_order=position,
            section=entry["section"],
            headline=entry["headline"],
            original_title=entry["original_title"],
            source_url=entry["source_url"],
            summary=entry["summary_html"],
        )
        page.entries.add(row)
    home.add_child(instance=page)
    page.save_revision().publish()
    for row, entry in zip(page.entries.all(), issue["entries"], strict=True):
        row.tags.add(*entry["tags"])
    Site.objects.update(hostname=HOST, port=80, root_page=home)


def main():
    mode, work = sys.argv[1], sys.argv[2]
    sys.path[:0] = [str(HERE), str(HERE.parent), work]
    migrations = Path(work) / "peer_migrations"
    if mode == "build":
        if migrations.is_dir():
            shutil.rmtree(migrations)
        migrations.mkdir()
        (migrations / "__init__.py").touch()
    configure(work)
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wsgi_timing import median_cpu_ms, wsgi_get

    app = get_wsgi_application()
    if mode == "measure":
        return print(json.dumps({"cpu_ms": median_cpu_ms(app, HOST, PATH, rounds=3)}))
    build_site(json.loads(Path(sys.argv[3]).read_text()))
    path = PATH
    size = wsgi_get(app, HOST, path)
    with CaptureQueriesContext(connection) as queries:
        wsgi_get(app, HOST, path)
    import wagtail

    result = {"path": path, "bytes": size, "queries": len(queries)}
    return print(json.dumps({**result, "version": wagtail.__version__}))


if __name__ == "__main__":
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    main()
