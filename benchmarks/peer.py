"""Digest's issue page against a peer: Wagtail, installed from PyPI into a virtualenv of its own
as a user would install it, serving the same issue (benchmarks/wagtail_peer/).

Both sites run with production-like settings on SQLite, with no page cache; each builds its
issue page for the sample issue (15 entries in 4 sections, 3 picks, tags) and the CPU time of
one request inside the app process is measured the same way (benchmarks/wsgi_timing.py: the
WSGI app called as gunicorn calls it, the median of 5 rounds of 40 requests). The target of
issue "Internet scale": Digest in at most half Wagtail's time.

    peer.py [--document SAMPLE] [--wagtail wagtail==8.0.1]

Writes results/peer.md and results/peer.json. The first run creates the virtualenv
(benchmarks/work/peer/wagtail-venv, about a minute); later runs reuse it.
"""

import argparse
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work" / "peer"
RESULTS = HERE / "results"
SAMPLE = ROOT.parent / "shared" / "seed" / "000_bb11664118d03395.txt"
WAGTAIL = "wagtail==8.0.1"
HOST = "digest.test"


def digest_environment():
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DIGEST_")) and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY="peer-benchmark-only-0123456789abcdefghijklmnopqrstuvwxyz",  # noqa: S106
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DIGEST_PAGE_CACHE="0",
        DATABASE_URL=f"sqlite:///{WORK / 'digest.sqlite3'}",
        DJANGO_STATIC_ROOT=str(WORK / "static"),
        DJANGO_MEDIA_ROOT=str(WORK / "media"),
    )
    return env


def run(*command, env=None):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def measure_digest(document):
    """Import the sample into a new database; time its page; what the page shows, for Wagtail."""
    (WORK / "digest.sqlite3").unlink(missing_ok=True)
    env = digest_environment()
    manage = (sys.executable, "manage.py")
    run(*manage, "collectstatic", "--noinput", "-v0", env=env)
    run(*manage, "migrate", "-v0", env=env)
    run(*manage, "import_issue", "--publish", str(document), env=env)
    output = run(sys.executable, str(Path(__file__)), "--digest-side", env=env)
    return json.loads(output.strip().splitlines()[-1])


def digest_side():
    """In the Digest process: the issue's time and content (see `measure_digest`)."""
    sys.path[:0] = [str(ROOT), str(HERE)]
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wsgi_timing import median_cpu_ms, wsgi_get

    from digest.models import Issue

    issue = Issue.objects.with_contents().get()
    path = issue.get_absolute_url()
    app = get_wsgi_application()
    size = wsgi_get(app, HOST, path)
    with CaptureQueriesContext(connection) as queries:
        wsgi_get(app, HOST, path)
    entries = issue.entries_in_reading_order()
    content = {
        "title": issue.display_title,
        "coverage": str(issue.coverage),
        "intro_html": issue.intro_html,
        "picks": [pick.text for pick in issue.picks.all()],
        "entries": [
            {
                "section": entry.section.name,
                "headline": entry.headline,
                "original_title": entry.original_title,
                "source_url": entry.source_url,
                "summary_html": entry.summary_html,
                "tags": [tag.name for tag in entry.tags.all()],
            }
            for entry in entries
        ],
    }
    result = {"path": path, "bytes": size, "queries": len(queries), "entries": len(entries)}
    result["cpu_ms"] = median_cpu_ms(app, HOST, path)
    print(json.dumps({**result, "content": content}, ensure_ascii=False))


def measure_wagtail(content, requirement):
    python = WORK / "wagtail-venv" / "bin" / "python"
    marker = WORK / "wagtail-venv" / "installed.txt"
    if not marker.is_file() or marker.read_text() != requirement:
        print(f"Installing {requirement} from PyPI into {python.parent.parent.relative_to(ROOT)}")
        venv.create(python.parent.parent, with_pip=True, clear=True)
        pip = (str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check")
        run(*pip, requirement)
        marker.write_text(requirement)
    issue_file = WORK / "issue.json"
    issue_file.write_text(json.dumps(content, ensure_ascii=False))
    (WORK / "wagtail.sqlite3").unlink(missing_ok=True)
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    site = HERE / "wagtail_peer" / "site.py"
    output = run(str(python), str(site), str(issue_file), str(WORK), env=env)
    return json.loads(output.strip().splitlines()[-1])


def write_results(digest, wagtail):
    ratio = round(digest["cpu_ms"] / wagtail["cpu_ms"], 2)
    target = round(wagtail["cpu_ms"] / 2, 2)
    met = "met" if digest["cpu_ms"] <= target else "NOT met"
    results = {"digest": digest, "wagtail": wagtail, "ratio": ratio, "target_ms": target}
    (RESULTS / "peer.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    lines = [
        "# Issue page against Wagtail (benchmarks/peer.py)",
        "",
        f"The sample issue ({digest['entries']} entries) built in-process, page cache off, "
        "production-like settings, SQLite; median CPU time per request of 5 × 40 requests.",
        "",
        "| site | CPU ms per request | SQL queries | bytes |",
        "|---|---:|---:|---:|",
        f"| Digest | {digest['cpu_ms']} | {digest['queries']} | {digest['bytes']:,} |",
        f"| Wagtail {wagtail['version']} | {wagtail['cpu_ms']} | {wagtail['queries']} "
        f"| {wagtail['bytes']:,} |",
        "",
        f"Digest / Wagtail: **{ratio}×**. Target: at most half Wagtail's time "
        f"(≤ {target} ms): **{met}**.",
        "",
    ]
    (RESULTS / "peer.md").write_text("\n".join(lines))
    print("\n".join(lines))


def main():
    if "--digest-side" in sys.argv:
        return digest_side()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--document", type=Path, default=SAMPLE)
    parser.add_argument("--wagtail", default=WAGTAIL, help="what pip installs for the peer")
    options = parser.parse_args()
    if not options.document.is_file():
        print(f"No sample issue at {options.document}: the comparison with Wagtail is not run "
              "(name the document with --document).")  # fmt: skip
        return None
    WORK.mkdir(parents=True, exist_ok=True)
    digest = measure_digest(options.document)
    content = digest.pop("content")
    wagtail = measure_wagtail(content, options.wagtail)
    write_results(digest, wagtail)
    return None


if __name__ == "__main__":
    main()
