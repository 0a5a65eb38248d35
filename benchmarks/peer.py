"""Digest's issue page against a peer: Wagtail, installed from PyPI into a virtualenv of its own
as a user would install it, serving the same issue (benchmarks/wagtail_peer/).

Both sites run with production-like settings on SQLite, with no page cache; each builds its
issue page for the sample issue (15 entries in 4 sections, 3 picks) and the CPU time of one
request inside the app process is measured the same way (benchmarks/wsgi_timing.py: the WSGI
app called as gunicorn calls it), for each site in turn, five times, so that both see the same
machine. The target of issue "Internet scale": Digest in at most half Wagtail's time.

    peer.py [--document SAMPLE] [--wagtail wagtail==8.0.1] [--turns 5]

Writes results/peer.md and results/peer.json. The first run creates the virtualenv
(benchmarks/work/peer/wagtail-venv, about a minute); later runs reuse it.
"""

import argparse
import json
import os
import statistics
import sys
import venv
from pathlib import Path

import harness
from harness import HOST, RESULTS, ROOT

HERE = Path(__file__).resolve().parent
WORK = harness.WORK / "peer"
SAMPLE = ROOT.parent / "shared" / "seed" / "000_bb11664118d03395.txt"
WAGTAIL = "wagtail==8.0.1"


def run(*command, env=None):
    return harness.run(command, env if env is not None else os.environ.copy())


def prepare_digest(document):
    """Import the sample into a new database; its page and what it shows (for Wagtail)."""
    (WORK / "digest.sqlite3").unlink(missing_ok=True)
    backend = harness.Backend("peer", "SQLite", f"sqlite:///{WORK / 'digest.sqlite3'}")
    env = backend.env(page_cache=False)
    harness.collectstatic(env)
    harness.manage(env, "migrate", "-v0")
    harness.manage(env, "import_issue", "--publish", str(document))
    command = (sys.executable, str(Path(__file__)), "--digest-side")
    return command, env, last_json(run(*command, "describe", env=env))


def digest_side(mode):
    """In a Digest process: describe the issue page, or measure it (see `prepare_digest`)."""
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
    if mode == "measure":
        return print(json.dumps({"cpu_ms": median_cpu_ms(app, HOST, path, rounds=3)}))
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
    return print(json.dumps({**result, "content": content}, ensure_ascii=False))


def prepare_wagtail(content, requirement):
    """Wagtail installed, its site built with `content`; its page's description."""
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
    command = (str(python), str(HERE / "wagtail_peer" / "site.py"))
    return command, env, last_json(run(*command, "build", str(WORK), str(issue_file), env=env))


def last_json(output):
    return json.loads(output.strip().splitlines()[-1])


def measure_in_turn(digest, wagtail, pairs):
    """CPU ms per request of each site, measured in turn `pairs` times (each measurement the
    median of 3 rounds of 40 requests in a new process), so that both see the same machine."""
    times = {"digest": [], "wagtail": []}
    for _ in range(pairs):
        for name, (command, env) in (("digest", digest), ("wagtail", wagtail)):
            times[name].append(last_json(run(*command, "measure", str(WORK), env=env))["cpu_ms"])
    return times


def write_results(digest, wagtail, times):
    digest["cpu_ms"] = statistics.median(times["digest"])
    wagtail["cpu_ms"] = statistics.median(times["wagtail"])
    ratio = round(
        statistics.median(d / w for d, w in zip(times["digest"], times["wagtail"], strict=True)), 2
    )
    target = round(wagtail["cpu_ms"] / 2, 2)
    met = "met" if ratio <= 0.5 else "NOT met"
    results = {"digest": digest, "wagtail": wagtail, "times": times, "ratio": ratio}
    (RESULTS / "peer.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    lines = [
        "# Issue page against Wagtail (benchmarks/peer.py)",
        "",
        f"The sample issue ({digest['entries']} entries) built in-process, page cache off, "
        "production-like settings, SQLite. CPU time per request, measured for each site in "
        f"turn {len(times['digest'])} times (each the median of 3 rounds of 40 requests); the "
        "medians, and the median of the ratios of each turn.",
        "",
        "| site | CPU ms per request | SQL queries | bytes |",
        "|---|---:|---:|---:|",
        f"| Digest | {digest['cpu_ms']} | {digest['queries']} | {digest['bytes']:,} |",
        f"| Wagtail {wagtail['version']} | {wagtail['cpu_ms']} | {wagtail['queries']} "
        f"| {wagtail['bytes']:,} |",
        "",
        f"Digest / Wagtail: **{ratio}×** (turn by turn: "
        + ", ".join(
            f"{d:.1f}/{w:.1f}" for d, w in zip(times["digest"], times["wagtail"], strict=True)
        )
        + f" ms). Target: at most half Wagtail's time (≤ {target} ms): **{met}**.",
        "",
    ]
    (RESULTS / "peer.md").write_text("\n".join(lines))
    print("\n".join(lines))


def main():
    if sys.argv[1:2] == ["--digest-side"]:
        return digest_side(sys.argv[2])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--document", type=Path, default=SAMPLE)
    parser.add_argument("--wagtail", default=WAGTAIL, help="what pip installs for the peer")
    parser.add_argument("--turns", type=int, default=5, help="measurements of each site")
    options = parser.parse_args()
    if not options.document.is_file():
        print(f"No sample issue at {options.document}: the comparison with Wagtail is not run "
              "(name the document with --document).")  # fmt: skip
        return None
    WORK.mkdir(parents=True, exist_ok=True)
    digest_command, digest_env, digest = prepare_digest(options.document)
    wagtail_command, wagtail_env, wagtail = prepare_wagtail(digest.pop("content"), options.wagtail)
    times = measure_in_turn(
        (digest_command, digest_env), (wagtail_command, wagtail_env), options.turns
    )
    write_results(digest, wagtail, times)
    return None


if __name__ == "__main__":
    main()
