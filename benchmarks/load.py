"""`make load`: the site under steady load while an editor works, then a burst test.

On the large generated archive on PostgreSQL + Redis (its own database, `digest_load`), with
gunicorn as in `make bench`:

1. Steady load: wrk keeps 64 connections busy for 60 seconds over a mix of reader URLs
   (benchmarks/load_mix.lua cycles through them) while benchmarks/editor.py publishes,
   unpublishes, schedules and edits issues about once a second. Required: zero 5xx responses
   and zero socket errors (connect, read, write, timeout).
2. Burst: the connection count steps up (16 … 512, ~8 s each, no editor) and req/s and p99
   latency are recorded, to show where latency degrades.

Results: benchmarks/results/load.md, load.json and burst.png. `make bench` runs the steady load
alone for 20 s (`--steady-only --duration 20`) into load-steady.md and load-steady.json.
"""

import argparse
import json
import subprocess
import time
from urllib.parse import quote, unquote

import harness
from harness import BENCH, PYTHON, RESULTS, WORK, Server, log

TIMEOUT = "10s"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--editor-interval", type=float, default=1.0)
    parser.add_argument("--burst", default="16,32,64,128,256,512")
    parser.add_argument("--burst-duration", type=int, default=8)
    parser.add_argument(
        "--steady-only",
        action="store_true",
        help="Only the steady load with the editor (make bench): results in load-steady.md.",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8740)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/digest_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="Only rewrite load.md and burst.png from the last load.json.",
    )
    return parser.parse_args()


def reader_paths(env):
    """The URL mix: the home page, recent issues (those the editor changes) and older ones,
    monthly summaries, a year, the archive, tags, searches and the feed."""
    script = """
import json
from collections import Counter
from django.urls import reverse
from digest.models import Issue, visible_tags
issues = list(Issue.objects.visible().order_by("-year", "-week")[:200])
recent, older = issues[:12], issues[12::24]
tags = visible_tags().order_by("-entry_count", "name")
paths = ["/", "/", "/"]
paths += [issue.get_absolute_url() for issue in recent + older]
paths += sorted({issue.month.get_absolute_url() for issue in recent})
paths += [reverse("digest:year-archive", args=[issues[min(60, len(issues) - 1)].year])]
paths += [reverse("digest:archive-index")]
paths += [reverse("digest:tag-detail", args=[tag.slug]) for tag in tags[:3]]
paths += [reverse("digest:tag-detail", args=[tags[min(200, len(tags) - 1)].slug])]
paths += [reverse("digest:tag-index")]
paths += ["/search/?q=%E7%A5%9E%E7%BB%8F%E5%85%83", "/search/?q=TensorFlow"]
paths += ["/search/?q=U-Net", "/search/?q=%E5%85%83%E5%AD%A6%E4%B9%A0"]
paths += [reverse("digest:feed-issues-atom")]
print(json.dumps(paths))
"""
    output = harness.run([PYTHON, "manage.py", "shell", "--no-imports", "-c", script], env)
    return [quote(path, safe="/?=&%-") for path in json.loads(output.strip().splitlines()[-1])]


def steady_load(server, paths_file, options, env):
    """64 connections for 60 s over the mix, with the editor working in parallel."""
    editor = subprocess.Popen(  # noqa: S603 - our own script
        [
            str(PYTHON),
            str(BENCH / "editor.py"),
            "--duration",
            str(options.duration),
            "--interval",
            str(options.editor_interval),
        ],
        cwd=harness.ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    result = harness.wrk(
        [server.port],
        "/",
        options.connections,
        options.duration,
        threads=2,
        timeout=TIMEOUT,
        script=BENCH / "load_mix.lua",
        args=["--", str(paths_file)],
    )
    out, err = editor.communicate(timeout=120)
    if editor.returncode != 0:
        raise SystemExit(f"The editor failed:\n{err}")
    return result, json.loads(out)


def server_times(access_log, start, end):
    """Per URL, from the access log lines between two offsets: requests, page cache misses,
    statuses and the time the app server took (ms)."""
    with access_log.open("rb") as log:
        log.seek(start)
        lines = log.read(end - start).decode(errors="replace").splitlines()
    urls = {}
    for line in lines:
        parts = line.strip().split("|")
        if len(parts) != 5:
            continue
        path, query, status, micros, cache = parts
        url = urls.setdefault(path + (f"?{query}" if query else ""), [])
        url.append((int(status), int(micros) / 1000, cache))

    def median(values):
        values = sorted(values)
        return round(values[len(values) // 2], 1) if values else None

    summary = {}
    for url, rows in urls.items():
        summary[url] = {
            "requests": len(rows),
            # A stale copy served while one request rebuilds the page, or the copy it built
            # served to a request that waited for it, is not a rebuild.
            "misses": sum(1 for _, _, cache in rows if cache not in ("hit", "stale", "waited")),
            "stale": sum(1 for _, _, cache in rows if cache == "stale"),
            "waited": sum(1 for _, _, cache in rows if cache == "waited"),
            "5xx": sum(1 for status, _, _ in rows if status >= 500),
            "hit_median_ms": median(ms for _, ms, cache in rows if cache == "hit"),
            "miss_median_ms": median(
                ms for _, ms, cache in rows if cache not in ("hit", "stale", "waited")
            ),
            "max_ms": round(max(ms for _, ms, _ in rows), 1),
        }
    return summary


def burst(server, paths_file, options):
    steps = []
    for connections in [int(n) for n in options.burst.split(",")]:
        result = harness.wrk(
            [server.port],
            "/",
            connections,
            options.burst_duration,
            threads=2,
            timeout=TIMEOUT,
            script=BENCH / "load_mix.lua",
            args=["--", str(paths_file)],
        )
        step = {
            "connections": connections,
            "rps": round(result["rps"], 1),
            "p50_ms": round(result["latency_us"]["p50"] / 1000, 1),
            "p99_ms": round(result["latency_us"]["p99"] / 1000, 1),
            "max_ms": round(result["latency_us"]["max"] / 1000, 1),
            "status": result["status"],
            "socket_errors": result["socket_errors"],
            "errors": result["errors"],
        }
        log(
            f"  {connections:4} connections: {step['rps']:8.1f} req/s, p50 {step['p50_ms']:.0f} ms,"
            f" p99 {step['p99_ms']:.0f} ms, 5xx {step['status']['5xx']}, "
            f"socket errors {step['socket_errors']}"
        )
        steps.append(step)
    return steps


def degradation(steps):
    """Where adding connections stops adding throughput and only adds latency."""
    best = max(step["rps"] for step in steps)
    knee = next(step for step in steps if step["rps"] >= 0.9 * best)
    first = steps[0]
    worse = next((s for s in steps if s["p99_ms"] > 2 * max(first["p99_ms"], 1)), None)
    return {
        "max_rps": best,
        "saturated_at": knee["connections"],
        "p99_doubles_at": worse["connections"] if worse else None,
        "first_errors_at": next(
            (s["connections"] for s in steps if s["socket_errors"] or s["status"]["5xx"]), None
        ),
    }


def fmt(value):
    return "–" if value is None else f"{value:,.0f}"


def write_chart(steps, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    connections = [s["connections"] for s in steps]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    ax.plot(connections, [s["rps"] for s in steps], "o-", color="#0b5cad", label="req/s")
    ax.set_xscale("log", base=2)
    ax.set_xticks(connections, [str(c) for c in connections])
    ax.set_xlabel("concurrent connections")
    ax.set_ylabel("requests/s", color="#0b5cad")
    ax.set_ylim(bottom=0)
    other = ax.twinx()
    other.plot(connections, [s["p99_ms"] for s in steps], "s--", color="#b45309", label="p99")
    other.plot(connections, [s["p50_ms"] for s in steps], "^:", color="#6b21a8", label="p50")
    other.set_ylabel("latency, ms", color="#b45309")
    other.set_ylim(bottom=0)
    lines = ax.get_legend_handles_labels()
    more = other.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], loc="center left", fontsize=8)
    ax.set_title("Burst: reader URL mix on PostgreSQL + Redis, page cache on", fontsize=10)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_markdown(results, path):
    m, s, e = results["machine"], results["steady"], results["editor"]
    status, errors = s["status"], s["errors"]
    ok_5xx = status["5xx"] == 0
    ok_socket = s["socket_errors"] == 0
    o = results["options"]
    lines = [
        "# Load test results",
        "",
        f"Measured {m['date']} by `make load` (`benchmarks/load.py`), run time "
        f"{results['elapsed_s'] / 60:.1f} min.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}; "
        f"Python {m['python']}; {m['wrk']}. Load average before: {results['load_before']}, "
        f"after: {results['load_after']} (wrk, the editor, PostgreSQL and Redis share the "
        "machine with the app server).",
        f"- Archive: {o['issues']} generated issues on PostgreSQL + Redis (database of its own). "
        f"App server: gunicorn, {o['workers']} workers ({o['worker_class']}"
        + (f", {o['threads']} threads" if o["worker_class"] == "gthread" else "")
        + "), production settings, page cache on.",
        f"- Reader mix: {len(results['paths'])} URLs cycled by `benchmarks/load_mix.lua` (home, "
        "recent and older issues, monthly summaries, a year, the archive, tags, the tag index, "
        "four searches, the Atom feed). wrk timeout "
        f"{TIMEOUT}.",
        "",
        f"## Steady load: {o['connections']} connections for {o['duration']} s, editor working",
        "",
        "| | |",
        "|---|---|",
        f"| requests | {s['requests']:,} ({s['rps']:.1f} req/s) |",
        f"| latency p50 / p99 / max | {s['latency_us']['p50'] / 1000:.0f} / "
        f"{s['latency_us']['p99'] / 1000:.0f} / {s['latency_us']['max'] / 1000:.0f} ms |",
        f"| responses 2xx / 3xx / 4xx / 5xx | {status['2xx']:,} / {status['3xx']:,} / "
        f"{status['4xx']:,} / **{status['5xx']}** |",
        f"| socket errors connect / read / write / timeout | {errors['connect']} / "
        f"{errors['read']} / {errors['write']} / {errors['timeout']} |",
        f"| editor changes | {', '.join(f'{k} {v}' for k, v in e['changes'].items())} "
        f"({e['steps']} steps in {e['seconds']} s; errors: {len(e['errors'])}) |",
        f"| fresh page after the last edit | {results['fresh']} |",
        f"| worker resident memory after the load | {results['worker_rss_mb']} MB |",
        "",
        f"- Zero 5xx: **{'met' if ok_5xx else 'NOT met'}** ({status['5xx']}).",
        f"- Zero socket errors: **{'met' if ok_socket else 'NOT met'}** ({s['socket_errors']}).",
        "- 4xx responses are expected: an issue the editor has unpublished answers 404 "
        "until it is published again.",
    ]
    per_url = results["per_url"]
    logged = sum(row["requests"] for row in per_url.values())
    misses = sum(row["misses"] for row in per_url.values())
    changes = sum(e["changes"].values())
    stale = sum(row["stale"] for row in per_url.values())
    waited = sum(row.get("waited", 0) for row in per_url.values())
    if logged:
        ratio = misses / logged
        lines += [
            f"- Page cache misses: {misses:,} of {logged:,} requests ({ratio:.2%}; under 1%: "
            f"**{'met' if ratio < 0.01 else 'NOT met'}**). Each of the editor's {changes} "
            "changes makes stale only the pages that show what changed (the scopes of "
            "`digest/triggers.py`); the other pages stay cached.",
            f"- Stampede guard: {stale:,} requests got the previous copy of an edited page "
            f"(`X-Cache: stale`) while one request rebuilt it, and {waited:,} waited for the "
            "copy being built of a page whose content was unpublished or deleted "
            "(`X-Cache: waited`; such pages are never served stale).",
        ]
    if not (ok_5xx and ok_socket):
        slow = sorted(per_url.items(), key=lambda item: -(item[1]["miss_median_ms"] or 0))[:3]
        lines += [
            "- Why the errors: with the cache emptied about every "
            f"{o['duration'] / max(changes, 1):.1f} s, the two workers need more time to "
            "rebuild the pages than the editor leaves between changes; requests queue until "
            f"some wait longer than wrk's {TIMEOUT} timeout. Slowest pages to build: "
            + ", ".join(
                f"`{unquote(url)}` {fmt(row['miss_median_ms'])} ms (median of a miss)"
                for url, row in slow
            )
            + ".",
        ]
    if e["errors"]:
        lines += ["", "Editor errors:", ""] + [f"- {error}" for error in e["errors"][:10]]
    slowest = sorted(
        results["per_url"].items(), key=lambda item: -(item[1]["miss_median_ms"] or 0)
    )[:12]
    lines += [
        "",
        "Server time per URL during the steady load (gunicorn access log: the time a worker "
        "spent on the request, not the wait before it), most expensive to build first:",
        "",
        "| URL | requests | page cache misses | median ms, hit | median ms, miss | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| `{unquote(url)}` | {row['requests']} | {row['misses']} | "
        f"{fmt(row['hit_median_ms'])} | {fmt(row['miss_median_ms'])} | {row['max_ms']:,.0f} |"
        for url, row in slowest
    ]
    if not results["burst"]:
        path.write_text("\n".join([*lines, ""]))
        return
    d = results["degradation"]
    lines += [
        "",
        f"## Burst: {results['options']['burst']} connections, "
        f"{results['options']['burst_duration']} s each (no editor)",
        "",
        "| connections | req/s | p50 ms | p99 ms | max ms | 5xx | socket errors |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for step in results["burst"]:
        lines.append(
            f"| {step['connections']} | {step['rps']:,.1f} | {step['p50_ms']:,.0f} | "
            f"{step['p99_ms']:,.0f} | {step['max_ms']:,.0f} | {step['status']['5xx']} | "
            f"{step['socket_errors']} |"
        )
    lines += [
        "",
        f"Throughput reaches 90 % of its maximum ({d['max_rps']:,.0f} req/s) at "
        f"{d['saturated_at']} connections: from there on the two workers are busy all the "
        "time, and more connections only wait longer (latency grows in proportion to the "
        "connections, as Little's law says for a saturated server). "
        + (
            f"p99 is more than twice its value at {results['burst'][0]['connections']} "
            f"connections from {d['p99_doubles_at']} connections on. "
            if d["p99_doubles_at"]
            else ""
        )
        + (
            f"The first errors (5xx or socket) appear at {d['first_errors_at']} connections."
            if d["first_errors_at"]
            else "No 5xx and no socket errors at any step."
        ),
        "",
        "![Burst: throughput and latency against connections](burst.png)",
        "",
    ]
    path.write_text("\n".join(lines))


def main():
    options = parse_args()
    if options.report_only:
        results = json.loads((RESULTS / "load.json").read_text())
        write_chart(results["burst"], RESULTS / "burst.png")
        write_markdown(results, RESULTS / "load.md")
        return
    harness.ensure_wrk()
    started = time.monotonic()
    backend = harness.Backend(
        "postgres",
        "PostgreSQL + Redis (load)",
        options.postgres_url,
        options.redis_url,
        marker="postgres-load",
    )
    load_before = harness.load_average()
    log(f"Load average before the run: {load_before}")
    harness.collectstatic(backend.env())
    harness.prepare_archive(backend, options.issues, options.seed)
    env = backend.env(page_cache=True)
    harness.probe(env, "clear-cache")  # no page cached by an earlier run (older code)
    paths = reader_paths(env)
    paths_file = WORK / "load-paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    access_log = WORK / "load-access.log"
    access_log.write_text("")
    server = Server(
        env,
        options.port,
        options.workers,
        options.worker_class,
        options.threads,
        access_log=access_log,
    )
    server.start()
    try:
        for path in paths:  # warm the page cache, as a site that has been up for a while
            harness.fetch(path, server.port)
        log(
            f"Steady load: {options.connections} connections, {options.duration} s, "
            f"{len(paths)} URLs, editor every {options.editor_interval} s"
        )
        start = access_log.stat().st_size
        steady, editor = steady_load(server, paths_file, options, env)
        per_url = server_times(access_log, start, access_log.stat().st_size)
        log(
            f"  {steady['requests']} requests, {steady['rps']:.1f} req/s, status {steady['status']}"
            f", socket errors {steady['socket_errors']}, editor {editor['changes']}"
        )
        fresh = "not checked"
        if editor.get("last_edit"):
            last = editor["last_edit"]
            status, _, body = harness.fetch(last["url"], server.port)
            fresh = (
                "yes: the issue page shows the last edited headline"
                if status == 200 and last["text"].encode() in body
                else f"NO (status {status}; last edit not on the page)"
            )
        rss = server.worker_rss_mb()
        steps = []
        if not options.steady_only:
            time.sleep(4)  # let an issue the editor scheduled go live, then warm the cache again
            for path in paths:
                harness.fetch(path, server.port)
            log(f"Burst: {options.burst} connections, {options.burst_duration} s each")
            steps = burst(server, paths_file, options)
    finally:
        server.stop()
    results = {
        "machine": harness.machine(),
        "options": vars(options),
        "paths": paths,
        "load_before": load_before,
        "load_after": harness.load_average(),
        "steady": steady,
        "per_url": per_url,
        "editor": editor,
        "fresh": fresh,
        "worker_rss_mb": rss,
        "burst": steps,
        "degradation": degradation(steps) if steps else None,
    }
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "load-steady" if options.steady_only else "load"
    (RESULTS / f"{name}.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    if steps:
        write_chart(steps, RESULTS / "burst.png")
    write_markdown(results, RESULTS / f"{name}.md")
    ok = steady["status"]["5xx"] == 0 and steady["socket_errors"] == 0
    log(
        f"Steady load: {'zero 5xx and zero socket errors' if ok else 'ERRORS'}; "
        f"wrote benchmarks/results/{name}.md and {name}.json. "
        f"Elapsed: {results['elapsed_s'] / 60:.1f} min."
    )


if __name__ == "__main__":
    main()
