"""Django-side helper of benchmarks/run.py, run with the project's Python in the benchmark's
environment (settings, DATABASE_URL, REDIS_URL). Prints one JSON document on stdout.

    probe.py count                   issues in the database (null when it is not migrated)
    probe.py pages --host H          the benchmark's URLs, SQL queries per reader page
                                     (anonymous; page cache off, and a cache hit), and the
                                     uncached issue page written into STATIC_ROOT as the
                                     static ceiling (bench/ceiling.html)
    probe.py versions                versions of Django, gunicorn, PostgreSQL and Redis
    probe.py clear-cache             empty the cache (the benchmark's own Redis database)
    probe.py create-database URL     drop and create the PostgreSQL database of URL
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CEILING = "bench/ceiling.html"
sys.path.insert(0, str(ROOT))

from wsgi_timing import wsgi_get  # noqa: E402 (beside this file)


def setup_django():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
    django.setup()


def count():
    setup_django()
    from django.db import DatabaseError

    from digest.models import Issue

    try:
        return {"issues": Issue.objects.count()}
    except DatabaseError:
        return {"issues": None}


def bench_paths():
    """The pages the benchmark loads: a 25-entry issue (not the newest, which the home page
    shows), its month, a full year, the most used tag, two searches and the Atom feed."""
    from django.db.models import Count
    from django.urls import reverse

    from digest.models import Issue, visible_tags

    visible = Issue.objects.visible()
    newest = visible.first()
    issue = (
        visible.annotate(entry_count=Count("entries"))
        .filter(entry_count=25)
        .exclude(pk=newest.pk)
        .first()
    ) or newest
    years = {row["year"]: row["issues"] for row in visible.year_counts()}
    full_years = [year for year, n in years.items() if n >= 52]
    year = max(full_years) if full_years else issue.year
    tag = visible_tags().order_by("-entry_count", "name").first()
    month = issue.month
    return {
        "home": reverse("digest:home"),
        "issue (25 entries)": issue.get_absolute_url(),
        "month summary": month.get_absolute_url(),
        "year archive": reverse("digest:year-archive", args=[year]),
        "tag": reverse("digest:tag-detail", args=[tag.slug]),
        "search 神经元": reverse("digest:search") + "?q=" + quote("神经元"),
        "search TensorFlow": reverse("digest:search") + "?q=TensorFlow",
        "Atom feed": reverse("digest:feed-issues-atom"),
    }


def other_reader_paths(tag_path):
    """Reader pages and feeds not loaded by wrk, whose queries are counted too."""
    from django.urls import reverse

    from digest.models import Section

    section = Section.objects.order_by("position").first()
    return {
        "archive index": reverse("digest:archive-index"),
        "tag index": reverse("digest:tag-index"),
        "RSS feed": reverse("digest:feed-issues-rss"),
        "tag feed": tag_path + "feed/",
        "section feed": reverse("digest:feed-section", args=[section.slug]),
        "sitemap": reverse("sitemap"),
    }


def pages(host):
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    paths = bench_paths()
    counted = {**paths, **other_reader_paths(paths["tag"])}
    client = Client(HTTP_HOST=host)

    def measure(path):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        timings.append(sum(float(query["time"]) for query in captured.captured_queries))
        return response, [query["sql"] for query in captured.captured_queries]

    timings = []

    uncached, cached, sizes, static_copies = {}, {}, {}, {}
    with override_settings(PAGE_CACHE_ENABLED=False):
        measure(paths["home"])  # first request: connection, translations, template loading
        for name, path in counted.items():
            # The first view after a change renders and stores the issues' contents it shows
            # (digest.contents); readers get the page as the second view builds it.
            _response, first_view = measure(path)
            response, queries = measure(path)
            uncached[name] = {
                "count": len(queries),
                "first_view_count": len(first_view),
                "sql_ms": round(1000 * timings[-1], 1),
                "queries": queries,
            }
            sizes[name] = len(response.content)
            if name in paths:
                # The same bytes as a static file: the ceiling of a page of this size.
                static_copies[name] = f"bench/page-{list(paths).index(name) + 1}.html"
                write(Path(settings.STATIC_ROOT) / static_copies[name], response.content)
            if name == "issue (25 entries)":
                write(Path(settings.STATIC_ROOT) / CEILING, response.content)
    with override_settings(PAGE_CACHE_ENABLED=True):
        for name, path in paths.items():
            measure(path)  # stores the page
            response, queries = measure(path)
            cached[name] = {"count": len(queries), "hit": response.get("X-Cache") == "hit"}
    return {
        **cpu_per_request(
            host, paths, settings.STATIC_URL + CEILING, others=other_reader_paths(paths["tag"])
        ),
        "paths": paths,
        "ceiling": settings.STATIC_URL + CEILING,
        "static_copies": {name: settings.STATIC_URL + path for name, path in static_copies.items()},
        "queries": uncached,
        "cached_queries": cached,
        "bytes": sizes,
    }


def cpu_per_request(host, paths, ceiling, others):
    """CPU time of one request in the app process (ms), called as gunicorn calls the WSGI
    app: each page built from the database, each page from the page cache, the static
    ceiling, and the `others` (pages not loaded by wrk) built from the database. Unlike
    req/s, hardly disturbed by other work on the machine."""
    from django.core.wsgi import get_wsgi_application
    from django.test.utils import override_settings

    app = get_wsgi_application()  # a new handler: WhiteNoise sees the files just written

    def cpu_ms(path, times):
        wsgi_get(app, host, path)
        started = time.process_time()
        for _ in range(times):
            wsgi_get(app, host, path)
        return round(1000 * (time.process_time() - started) / times, 3)

    with override_settings(PAGE_CACHE_ENABLED=False):
        uncached = {name: cpu_ms(path, 3) for name, path in paths.items()}
        other_pages = {name: cpu_ms(path, 3) for name, path in others.items()}
    with override_settings(PAGE_CACHE_ENABLED=True):
        cached = {name: cpu_ms(path, 50) for name, path in paths.items()}
    ceiling_ms = cpu_ms(ceiling, 50)
    return {
        "cpu_ms": {
            "uncached": uncached,
            "cached": cached,
            "ceiling": ceiling_ms,
            "other_pages": other_pages,
        }
    }


def clear_cache():
    """Empty the cache: pages cached by an earlier run were built by the code of then (the
    page cache is keyed by content version, not by code version)."""
    setup_django()
    from django.conf import settings
    from django.core.cache import cache

    cache.clear()
    return {"cleared": settings.REDIS_URL or "local memory"}


def write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def versions():
    setup_django()
    import django
    import gunicorn
    from django.conf import settings
    from django.db import connection

    result = {"django": django.get_version(), "gunicorn": gunicorn.__version__}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            result["postgresql"] = cursor.fetchone()[0]
    else:
        import sqlite3

        result["sqlite"] = sqlite3.sqlite_version
    if settings.REDIS_URL:
        import redis

        result["redis"] = redis.Redis.from_url(settings.REDIS_URL).info("server")["redis_version"]
    return result


def create_database(url):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # UTF-8, so that pg_trgm makes trigrams of Chinese characters (see migration 0004).
        conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        # As docs/deploy/README.md recommends for SSD storage.
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
        ctype = conn.execute(
            "SELECT datctype FROM pg_database WHERE datname = %s", [name]
        ).fetchone()[0]
    return {"database": name, "ctype": ctype}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("count")
    pages_parser = commands.add_parser("pages")
    pages_parser.add_argument("--host", required=True)
    commands.add_parser("versions")
    commands.add_parser("clear-cache")
    create = commands.add_parser("create-database")
    create.add_argument("url")
    args = parser.parse_args()
    if args.command == "count":
        result = count()
    elif args.command == "pages":
        result = pages(args.host)
    elif args.command == "versions":
        result = versions()
    elif args.command == "clear-cache":
        result = clear_cache()
    else:
        result = create_database(args.url)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
