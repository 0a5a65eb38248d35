"""`make bench`: throughput and latency of Digest's reader pages against a static-file ceiling.

For each backend (SQLite; PostgreSQL + Redis) it prepares a large generated archive, runs the
production settings under gunicorn and loads each page with wrk, first with the page cache off
(every request builds the page from the database), then with the page cache on and warm. In
each pass a static copy of the 25-entry issue page, served by WhiteNoise from the same app
server, is the ceiling every page is compared with. SQL queries per page are counted
separately (django.test.Client). Results go to benchmarks/results/ (see benchmarks/README.md).
"""

import argparse
import json
import re
import shutil
import statistics
import subprocess
import time
from collections import Counter

import harness
from harness import RESULTS, ROOT, Server, log

from tests.processes import Varnish  # the project root is on the path (harness)

CEILING = "static ceiling"
SEARCH_PAGES = ("search 神经元", "search TensorFlow")
# The chart's labels stay ASCII: a machine without CJK fonts draws boxes instead.
CHART_LABELS = {"search 神经元": "search (Chinese)", "search TensorFlow": "search (English)"}
TARGET_CACHED = 0.8
TARGET_UNCACHED_ISSUE = 0.1
TARGET_QUERIES = 10
TARGET_SEARCH_P99_MS = 150
TARGET_RSS_MB = 150


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--backends", default="sqlite,postgres", help="Comma-separated: sqlite, postgres."
    )
    parser.add_argument("--issues", type=int, default=500, help="Issues in the archive (500).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated archive.")
    parser.add_argument("--duration", type=int, default=5, help="Seconds of each wrk run (5).")
    parser.add_argument(
        "--short-duration",
        type=int,
        default=2,
        help="Seconds of the shorter runs: the ceiling before each page, static copies of "
        "pages, search latency (2).",
    )
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (16).")
    parser.add_argument("--servers", type=int, default=1, help="App servers on PostgreSQL (1).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (2).")
    parser.add_argument(
        "--worker-class", default="gthread", choices=["gthread", "sync"], help="(gthread)"
    )
    parser.add_argument("--threads", type=int, default=4, help="Threads per gthread worker (4).")
    parser.add_argument("--port", type=int, default=8710, help="First app server port (8710).")
    parser.add_argument(
        "--size-matched",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="Also load a static copy of each page (same bytes) in the cached pass.",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="Only rewrite the table and chart from the last results JSON.",
    )
    parser.add_argument("--postgres-url", default=harness.DEFAULT_POSTGRES_URL)
    parser.add_argument("--redis-url", default=harness.DEFAULT_REDIS_URL)
    return parser.parse_args()


def balanced_connections(options):
    """Connections each gthread worker may hold: wrk's share per worker, so that the workers
    split wrk's keep-alive connections evenly. Without a limit, one worker now and then
    accepts most of them when wrk connects, and that run measures one worker, not two."""
    if options.worker_class != "gthread":
        return None
    return -(-options.connections // options.workers)


def load(ports, path, options, connections=None, duration=None):
    return harness.wrk(
        ports, path, connections or options.connections, duration or options.duration
    )


def summary(result):
    """The figures of one wrk run that go into the results."""
    latency = result["latency_us"]
    return {
        "rps": round(result["rps"], 1),
        "p50_ms": round(latency["p50"] / 1000, 2),
        "p99_ms": round(latency["p99"] / 1000, 2),
        "max_ms": round(latency["max"] / 1000, 2),
        "requests": result["requests"],
        "errors_status": result["errors"]["status"],
        "socket_errors": result["socket_errors"],
    }


def warm(ports, paths, workers):
    """Request each page until every worker has it cached (the cache may be per worker).
    With several app servers, only the first is warmed: the others must then answer from the
    shared cache (Redis). Returns, per page, the share of hits among the last answers."""
    hits = {}
    for name, path in paths.items():
        for _ in range(6 * workers):
            status, headers, _ = harness.fetch(path, ports[0])
            if status != 200:
                raise SystemExit(f"{path} answered {status} while warming the cache")
        # Every server is asked for the first one's host, as behind a load balancer.
        host = {"Host": f"{harness.HOST}:{ports[0]}"}
        seen = [
            harness.fetch(path, port, headers=host)[1].get("X-Cache")
            for port in ports
            for _ in range(4)
        ]
        hits[name] = round(seen.count("hit") / len(seen), 2)
    return hits


def check_pages(port, paths, ceiling_path, probe_bytes):
    sizes = {}
    for name, path in paths.items():
        status, _, body = harness.fetch(path, port)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        sizes[name] = len(body)
    status, headers, body = harness.fetch(ceiling_path, port)
    if status != 200:
        raise SystemExit(f"The ceiling {ceiling_path} answered {status}: is it in STATIC_ROOT?")
    sizes[CEILING] = len(body)
    issue_bytes = probe_bytes["issue (25 entries)"]
    if sizes[CEILING] != issue_bytes:
        log(f"  note: ceiling {sizes[CEILING]} bytes, issue page {issue_bytes} bytes")
    return sizes


def run_pass(backend, info, options, cached):
    """Load every page on fresh app servers; returns the pass's measurements."""
    env = backend.env(page_cache=cached)
    count = options.servers if backend.name == "postgres" else 1
    servers = [
        Server(
            env,
            options.port + i,
            options.workers,
            options.worker_class,
            options.threads,
            worker_connections=balanced_connections(options),
        )
        for i in range(count)
    ]
    label = "cached" if cached else "uncached"
    log(f"{backend.label}: {label} pass on {count} app server(s)")
    try:
        for server in servers:
            server.start()
        ports = [server.port for server in servers]
        paths, ceiling = info["paths"], info["ceiling"]
        sizes = check_pages(ports[0], paths, ceiling, info["bytes"])
        hits = warm(ports, paths, options.workers) if cached else {}
        pages, ceilings = {}, []
        for name, path in paths.items():
            # The ceiling is loaded between the pages, so that it sees the same machine load
            # over the pass as they do.
            ceilings.append(summary(load(ports, ceiling, options, duration=options.short_duration)))
            page = pages[name] = summary(load(ports, path, options))
            page["bytes"] = sizes[name]
            page["ceiling_rps"] = ceilings[-1]["rps"]
            log(
                f"  {name:20} {page['rps']:8.1f} req/s  p50 {page['p50_ms']:7.1f} ms"
                f"  p99 {page['p99_ms']:7.1f} ms  (ceiling before it {page['ceiling_rps']:7.1f})"
            )
        # Ratios against the median of the pass's ceiling runs: one short run now and then
        # comes out at a fraction of the others (a gthread worker keeping most of wrk's
        # keep-alive connections), and would make the page after it look several times
        # faster than the ceiling.
        ceiling_rps = statistics.median(c["rps"] for c in ceilings)
        for name, page in pages.items():
            page["ratio"] = round(page["rps"] / ceiling_rps, 3)
            log(f"  {name:20} ratio {page['ratio']:.3f} of the median ceiling {ceiling_rps:.1f}")
        light = {}
        if not cached:
            # Search latency without queueing: one connection per worker.
            for name in SEARCH_PAGES:
                light[name] = summary(
                    load(
                        ports,
                        paths[name],
                        options,
                        connections=options.workers,  # on each server
                        duration=options.short_duration,
                    )
                )
        matched = {}
        if cached and options.size_matched:
            for name, path in info["static_copies"].items():
                if 0.5 < sizes[name] / sizes[CEILING] < 2:
                    continue  # about the ceiling's size: the ceiling is its static copy
                matched[name] = summary(load(ports, path, options, duration=options.short_duration))
                pages[name]["size_matched_ratio"] = round(
                    pages[name]["rps"] / matched[name]["rps"], 3
                )
        rss = [size for server in servers for size in server.worker_rss_mb()]
        still_cached = {}
        if cached:
            for name, path in paths.items():
                still_cached[name] = harness.fetch(path, ports[0])[1].get("X-Cache")
    finally:
        for server in servers:
            server.stop()
    return {
        "servers": count,
        "pages": pages,
        "ceiling": {
            "runs": ceilings,
            "rps": round(statistics.median(c["rps"] for c in ceilings), 1),
            "min_rps": min(c["rps"] for c in ceilings),
            "max_rps": max(c["rps"] for c in ceilings),
            "p50_ms": statistics.median(c["p50_ms"] for c in ceilings),
            "p99_ms": statistics.median(c["p99_ms"] for c in ceilings),
            "errors_status": sum(c["errors_status"] for c in ceilings),
            "socket_errors": sum(c["socket_errors"] for c in ceilings),
            "bytes": sizes[CEILING],
        },
        "search_light": light,
        "size_matched_static": matched,
        "worker_rss_mb": rss,
        "warm_hit_ratio": hits,
        "x_cache_after_run": still_cached,
        "load_average": harness.load_average(),
    }


VARNISH_PAGES = ("home", "issue (25 entries)")


def run_varnish_pass(backend, info, options):
    """Varnish from Debian with the sample VCL (docs/deploy/varnish.vcl) in front of one app
    server that sends it purges: each page loaded through Varnish once it holds it, against the
    ceiling served by the app server itself; Varnish's own count of hits and misses."""
    if shutil.which("varnishd") is None:
        log("Varnish is not installed (apt-get install varnish): no pass through Varnish")
        return None
    varnish = Varnish(ROOT / "docs" / "deploy" / "varnish.vcl", options.port)
    env = {**backend.env(page_cache=True), "DIGEST_CDN_PURGE_URLS": varnish.url}
    server = Server(env, options.port, options.workers, options.worker_class, options.threads)
    log(f"{backend.label}: cached pass through Varnish")
    try:
        server.start()
        pages, ceilings = {}, []
        for name in VARNISH_PAGES:
            path = info["paths"][name]
            for _ in range(2):
                harness.fetch(path, varnish.port)
            ceilings.append(
                summary(
                    load([options.port], info["ceiling"], options, duration=options.short_duration)
                )
            )
            pages[name] = summary(
                load([varnish.port], path, options, duration=options.short_duration)
            )
        counters = json.loads(
            subprocess.run(  # noqa: S603 - the machine's varnishstat
                [
                    shutil.which("varnishstat") or "varnishstat",
                    "-n",
                    str(varnish.folder / "work"),
                    "-1",
                    "-j",
                    "-f",
                    "MAIN.cache_hit",
                    "-f",
                    "MAIN.cache_miss",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout  # fmt: skip
        )
    finally:
        server.stop()
        varnish.stop()
    counters = counters.get("counters", counters)  # varnishstat's JSON, 6.x or 7.x
    hits, misses = (counters[f"MAIN.cache_{name}"]["value"] for name in ("hit", "miss"))
    ceiling_rps = statistics.median(c["rps"] for c in ceilings)
    for name, page in pages.items():
        page["ratio"] = round(page["rps"] / ceiling_rps, 3)
        log(f"  {name:20} {page['rps']:8.1f} req/s through Varnish ({page['ratio']:.2f}× ceiling)")
    return {"pages": pages, "ceiling_rps": ceiling_rps, "hits": hits, "misses": misses}


def repeated_queries(queries):
    """The most repeated query shape (numbers replaced), for explaining an N+1."""
    shapes = Counter(re.sub(r"\b\d+\b", "N", sql) for sql in queries)
    shape, times = shapes.most_common(1)[0] if shapes else ("", 0)
    return times, shape


def evaluate_targets(results):
    """Each target: what was measured, whether it is met and, when not, why."""
    targets = []
    for name, backend in results["backends"].items():
        cached = backend["cached"]["pages"]
        low = {page: m["ratio"] for page, m in cached.items() if m["ratio"] < TARGET_CACHED}
        ratios = ", ".join(f"{page} {m['ratio']:.2f}" for page, m in cached.items())
        cpu = backend["cpu_ms"]
        why = ""
        if low:
            details = []
            for page in low:
                m = cached[page]
                matched = m.get("size_matched_ratio")
                details.append(
                    f"{page} ({m['bytes'] / 1024:.0f} KB"
                    + (f"; {matched:.2f}× a static copy of itself" if matched else "")
                    + ")"
                )
            hit = statistics.median(cpu["cached"].values())
            why = (
                "Below 0.8×: "
                + "; ".join(details)
                + f". In the app process a cache hit costs {hit:.2f} ms of CPU (median over "
                f"the pages) against {cpu['ceiling']:.2f} ms for the static file: Django's "
                "request handling and the middleware in front of the page cache, the cache "
                "read and rebuilding the response, where WhiteNoise answers from a file it "
                "indexed at start-up. Pages larger than the ceiling also move more bytes; "
                "the size-matched ratio compares each with a static copy of itself."
            )
        targets.append(
            {
                "target": f"Anonymous cached pages ≥ {TARGET_CACHED}× the ceiling ({name})",
                "measured": ratios,
                "met": not low,
                "why": why,
            }
        )
        issue = backend["uncached"]["pages"]["issue (25 entries)"]
        built = cpu["uncached"]["issue (25 entries)"]
        issue_sql = backend["queries"]["issue (25 entries)"]
        targets.append(
            {
                "target": f"Uncached issue page (25 entries) ≥ {TARGET_UNCACHED_ISSUE}× the "
                f"ceiling ({name})",
                "measured": f"{issue['ratio']:.3f}× ({issue['rps']:.1f} req/s against "
                f"{backend['uncached']['ceiling']['rps']:.0f})",
                "met": issue["ratio"] >= TARGET_UNCACHED_ISSUE,
                "why": ""
                if issue["ratio"] >= TARGET_UNCACHED_ISSUE
                else f"Building the page takes {built:.0f} ms of CPU in the app process "
                f"against {cpu['ceiling']:.2f} ms for serving the static file "
                f"({cpu['ceiling'] / built:.3f}×). Its {issue_sql['count']} SQL queries take "
                f"{issue_sql['sql_ms']:.0f} ms: the rest is Python — Django's request "
                "handling and middleware, the ORM building queries and model instances, the "
                "templates of the page around the issue's stored contents (digest.contents). "
                "See the profile in benchmarks/README.md.",
            }
        )
        counts = backend["queries"]
        over = {page: q["count"] for page, q in counts.items() if q["count"] > TARGET_QUERIES}
        why = ""
        if over:
            parts = []
            for page in over:
                times, shape = repeated_queries(counts[page]["queries"])
                short = shape if len(shape) < 160 else f"{shape[:60]} … {shape[-90:]}"
                parts.append(
                    f"{page}: {over[page]} queries, {times} of the same shape "
                    f"`{short}` (one per row: an N+1)"
                )
            why = "; ".join(parts)
        targets.append(
            {
                "target": f"Every reader page ≤ {TARGET_QUERIES} SQL queries ({name}, "
                f"{results['options']['issues']} issues)",
                "measured": ", ".join(f"{page} {q['count']}" for page, q in counts.items())
                + "; at the first view after a change, which renders and stores the issues' "
                "contents the page shows: "
                + ", ".join(
                    f"{page} {q['first_view_count']}"
                    for page, q in counts.items()
                    if q.get("first_view_count", q["count"]) != q["count"]
                ),
                "met": not over,
                "why": why,
            }
        )
        rss = max(backend["cached"]["worker_rss_mb"] + backend["uncached"]["worker_rss_mb"])
        targets.append(
            {
                "target": f"Resident memory per worker < {TARGET_RSS_MB} MB ({name})",
                "measured": f"at most {rss:.0f} MB",
                "met": rss < TARGET_RSS_MB,
                "why": ""
                if rss < TARGET_RSS_MB
                else "See the worker RSS per pass in results.json.",
            }
        )
        if name == "postgres":
            loaded = [backend["uncached"]["pages"][page]["p99_ms"] for page in SEARCH_PAGES]
            light = [backend["uncached"]["search_light"][page]["p99_ms"] for page in SEARCH_PAGES]
            connections = results["options"]["connections"] * backend["servers"]
            per_worker = connections / backend["workers_total"]
            met = max(light) < TARGET_SEARCH_P99_MS
            costs = "; ".join(
                f"{page}: {backend['queries'][page]['sql_ms']:.0f} ms in SQL, "
                f"{cpu['uncached'][page]:.0f} ms of CPU in the app"
                for page in SEARCH_PAGES
            )
            targets.append(
                {
                    "target": f"Search p99 < {TARGET_SEARCH_P99_MS} ms (PostgreSQL, large "
                    "archive, one connection per worker)",
                    "measured": f"{max(light):.0f} ms with one connection per worker; "
                    f"{max(loaded):.0f} ms with {connections} connections "
                    f"(~{per_worker:.0f} requests waiting per worker)",
                    "met": met,
                    "why": ""
                    if met
                    else f"One search costs {costs} (measured once, in-process). The SQL "
                    "filters every entry with LIKE '%term%' twice (the paginator's COUNT and "
                    "the page), then sorts all matches by rank; see benchmarks/README.md.",
                }
            )
    return targets


def fmt(value, digits=1):
    return "–" if value is None else f"{value:,.{digits}f}"


def write_markdown(results, path):
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {m['date']} by `make bench` (`benchmarks/run.py`), run time "
        f"{results['elapsed_s'] / 60:.1f} min.",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']} "
        f"(kernel {m['kernel']}); Python {m['python']}; {m['wrk']}.",
        "- Software: " + ", ".join(f"{k} {v}" for k, v in results["versions"].items()) + ".",
        f"- Load average (1, 5, 15 min) before the run: {results['load_before']}, after: "
        f"{results['load_after']}. wrk runs on the same machine as the app servers, and other "
        "work on the machine (test suites) competes for the same cores: figures are noisy.",
        f"- App server: gunicorn, {results['options']['workers']} workers "
        f"({results['options']['worker_class']}"
        + (
            f", {results['options']['threads']} threads"
            if results["options"]["worker_class"] == "gthread"
            else ""
        )
        + f"), production settings (DEBUG off). wrk: `-t2 -c{results['options']['connections']} "
        f"-d{results['options']['duration']}s --latency`"
        + (
            f"; with {results['options']['servers']} app servers, one wrk per server at the "
            "same time (connections add up), req/s summed, latency the worse of the servers."
            if results["options"]["servers"] > 1
            else "."
        ),
        f"- Archive: {results['options']['issues']} generated issues (`python "
        f"benchmarks/generate_archive.py --issues {results['options']['issues']} --seed "
        f"{results['options']['seed']}`), 15–25 entries each, ~2,000 tags.",
        "- Ceiling: a static copy of the uncached 25-entry issue page "
        "(`/static/bench/ceiling.html`, same bytes) served by WhiteNoise from the same app "
        f"server, loaded for {results['options'].get('short_duration', 3)} s before each "
        "page, so that the ceiling sees the same machine load over the pass as the pages: "
        "each page's ratio is against the median of the pass's ceiling runs (the table "
        "gives that median and the range).",
        "",
    ]
    for backend in results["backends"].values():
        lines += [
            f"## {backend['label']}"
            + (f", {backend['servers']} app servers" if backend["servers"] > 1 else ""),
            "",
            f"Archive {'reused from an earlier run' if backend['reused'] else 'generated'}. "
            f"Ceiling: {fmt(backend['uncached']['ceiling']['rps'])} req/s (uncached pass), "
            f"{fmt(backend['cached']['ceiling']['rps'])} req/s (cached pass); "
            f"{backend['cached']['ceiling']['bytes'] / 1024:.0f} KB.",
            "",
            "| page | pass | KB | req/s | p50 ms | p99 ms | × ceiling | SQL queries | "
            "app CPU ms/request | non-2xx/socket errors |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        cpu = backend["cpu_ms"]
        for page in backend["paths"]:
            for label in ("cached", "uncached"):
                p = backend[label]["pages"][page]
                queries = (
                    backend["cached_queries"][page]["count"]
                    if label == "cached"
                    else backend["queries"][page]["count"]
                )
                lines.append(
                    f"| {page} | {label} | {p['bytes'] / 1024:.0f} | {fmt(p['rps'])} | "
                    f"{fmt(p['p50_ms'])} | {fmt(p['p99_ms'])} | {fmt(p['ratio'], 3)} | "
                    f"{queries} | {fmt(cpu[label][page], 2)} | "
                    f"{p['errors_status']}/{p['socket_errors']} |"
                )
        for label in ("cached", "uncached"):
            c = backend[label]["ceiling"]
            lines.append(
                f"| {CEILING} | {label} pass | {c['bytes'] / 1024:.0f} | {fmt(c['rps'])} "
                f"({fmt(c['min_rps'], 0)}–{fmt(c['max_rps'], 0)}) | {fmt(c['p50_ms'])} | "
                f"{fmt(c['p99_ms'])} | 1 | 0 | {fmt(cpu['ceiling'], 2)} | "
                f"{c['errors_status']}/{c['socket_errors']} |"
            )
        lines.append("")
        matched = backend["cached"]["pages"]
        if any("size_matched_ratio" in p for p in matched.values()):
            lines.append(
                "Cached pages against a static copy of *the same page* (same bytes): "
                + ", ".join(
                    f"{page} {p['size_matched_ratio']:.2f}×"
                    for page, p in matched.items()
                    if "size_matched_ratio" in p
                )
                + "."
            )
            lines.append("")
        lines.append(
            "Other reader pages, SQL queries (page cache off): "
            + ", ".join(
                f"{page} {q['count']}"
                for page, q in backend["queries"].items()
                if page not in backend["paths"]
            )
            + "; app CPU ms/request, built from the database: "
            + ", ".join(
                f"{page} {fmt(ms, 1)}" for page, ms in backend["cpu_ms"]["other_pages"].items()
            )
            + "."
        )
        light = backend["uncached"]["search_light"]
        if light:
            lines.append("")
            lines.append(
                "Search with one connection per worker (no queueing), uncached: "
                + ", ".join(
                    f"{page} p50 {p['p50_ms']:.0f} ms, p99 {p['p99_ms']:.0f} ms, "
                    f"{p['rps']:.0f} req/s"
                    for page, p in light.items()
                )
                + "."
            )
        rss_c, rss_u = backend["cached"]["worker_rss_mb"], backend["uncached"]["worker_rss_mb"]
        hits = backend["cached"]["warm_hit_ratio"]
        lines += [
            "",
            f"Resident memory per worker after the load (MB): cached pass {rss_c}, "
            f"uncached pass {rss_u}.",
            "",
            "Cached pass: share of cache hits right after warming"
            + (
                " (warmed through the first app server only, read from all: the page cache "
                "is shared through Redis)"
                if backend["servers"] > 1
                else ""
            )
            + ": "
            + ", ".join(f"{page} {ratio:.0%}" for page, ratio in hits.items())
            + ". Load average at the end of the uncached pass: "
            f"{backend['uncached']['load_average']}, of the cached pass: "
            f"{backend['cached']['load_average']}.",
            "",
        ]
        varnish = backend.get("varnish")
        if varnish:
            total = varnish["hits"] + varnish["misses"]
            lines += [
                "Through Varnish (`docs/deploy/varnish.vcl`, one app server sending it purges): "
                + ", ".join(
                    f"{page} {p['rps']:,.1f} req/s ({p['ratio']:.2f}× the ceiling served by "
                    "the app server)"
                    for page, p in varnish["pages"].items()
                )
                + f"; Varnish answered {varnish['hits']:,} of {total:,} requests from its "
                f"cache ({varnish['hits'] / max(total, 1):.1%}).",
                "",
            ]
    lines += ["## Targets", "", "| target | measured | status |", "|---|---|---|"]
    for t in results["targets"]:
        lines.append(
            f"| {t['target']} | {t['measured']} | {'met' if t['met'] else '**NOT met**'} |"
        )
    not_met = [t for t in results["targets"] if not t["met"]]
    if not_met:
        lines += ["", "Why the targets not met are not met:", ""]
        lines += [f"- **{t['target']}**: {t['why']}" for t in not_met]
    lines += [
        "",
        f"![Throughput against the ceiling]({path.stem.replace('results', 'throughput')}.png)",
        "",
    ]
    path.write_text("\n".join(lines))


def write_chart(results, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    backends = results["backends"]
    fig, axes = plt.subplots(
        len(backends), 1, figsize=(11, 4.2 * len(backends)), squeeze=False, sharey=True
    )
    for ax, (_name, backend) in zip(axes[:, 0], backends.items(), strict=True):
        pages = list(backend["paths"])
        x = range(len(pages))
        width = 0.38
        for offset, label, colour in (
            (-width / 2, "cached", "#0b5cad"),
            (width / 2, "uncached", "#b45309"),
        ):
            values = [backend[label]["pages"][page]["ratio"] or 0 for page in pages]
            # A log axis cannot show 0: such a bar is drawn at the axis floor, labelled 0.
            shown = [max(value, 0.001) for value in values]
            bars = ax.bar([i + offset for i in x], shown, width, label=label, color=colour)
            ax.bar_label(
                bars, labels=[f"{v:.2f}" if v >= 0.01 else f"{v:.3f}" for v in values], fontsize=7
            )
        ax.axhline(
            TARGET_CACHED, color="#15803d", linestyle="--", linewidth=1, label="0.8: cached target"
        )
        ax.axhline(
            TARGET_UNCACHED_ISSUE,
            color="#6b21a8",
            linestyle=":",
            linewidth=1,
            label="0.1: uncached issue target",
        )
        ax.set_yscale("log")
        ax.set_ylim(0.001, 4)
        labels = [CHART_LABELS.get(page, page) for page in pages]
        ax.set_xticks(list(x), labels, rotation=15, ha="right", fontsize=8)
        ax.set_ylabel("throughput ÷ static ceiling")
        title = backend["label"] + (
            f", {backend['servers']} app servers" if backend["servers"] > 1 else ""
        )
        ax.set_title(f"{title}: ceiling {backend['cached']['ceiling']['rps']:.0f} req/s")
        ax.legend(loc="upper center", ncols=4, fontsize=8, frameon=False)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle(
        f"Digest reader pages vs a static file of the same size ({results['options']['issues']} "
        f"issues, gunicorn {results['options']['workers']} × {results['options']['worker_class']}, "
        f"{results['machine']['cores']} cores)",
        fontsize=10,
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_reports(results, suffix):
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"results{suffix}.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1)
    )
    write_chart(results, RESULTS / f"throughput{suffix}.png")
    write_markdown(results, RESULTS / f"results{suffix}.md")


def main():
    options = parse_args()
    suffix = f"-{options.servers}servers" if options.servers > 1 else ""
    if options.report_only:
        results = json.loads((RESULTS / f"results{suffix}.json").read_text())
        results["targets"] = evaluate_targets(results)
        write_reports(results, suffix)
        return
    harness.ensure_wrk()
    started = time.monotonic()
    names = [name.strip() for name in options.backends.split(",") if name.strip()]
    backends = harness.make_backends(names, options.postgres_url, options.redis_url)
    results = {
        "machine": harness.machine(),
        "load_before": harness.load_average(),
        "options": {
            key: getattr(options, key)
            for key in (
                "issues",
                "seed",
                "duration",
                "short_duration",
                "connections",
                "servers",
                "workers",
                "worker_class",
                "threads",
            )
        },
        "versions": {},
        "backends": {},
    }
    log(f"Load average before the run: {results['load_before']}")
    harness.collectstatic(backends[0].env())
    for backend in backends:
        reused = harness.prepare_archive(backend, options.issues, options.seed)
        env = backend.env(page_cache=False)
        if backend.redis_url:
            harness.probe(env, "clear-cache")  # no page cached by an earlier run (older code)
        results["versions"].update(harness.probe(env, "versions"))
        info = harness.probe(env, "pages", "--host", f"{harness.HOST}:{options.port}")
        log(
            f"{backend.label}: SQL queries per page: "
            + ", ".join(f"{page} {q['count']}" for page, q in info["queries"].items())
        )
        servers = options.servers if backend.name == "postgres" else 1
        entry = {
            "label": backend.label,
            "reused": reused,
            "servers": servers,
            "workers_total": servers * options.workers,
            "paths": info["paths"],
            "queries": info["queries"],
            "cached_queries": info["cached_queries"],
            "bytes": info["bytes"],
            "cpu_ms": info["cpu_ms"],
        }
        entry["uncached"] = run_pass(backend, info, options, cached=False)
        entry["cached"] = run_pass(backend, info, options, cached=True)
        entry["varnish"] = run_varnish_pass(backend, info, options)
        results["backends"][backend.name] = entry
    results["load_after"] = harness.load_average()
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    results["targets"] = evaluate_targets(results)
    write_reports(results, suffix)
    for target in results["targets"]:
        log(f"{'met    ' if target['met'] else 'NOT MET'} {target['target']}: {target['measured']}")
    log(
        f"Wrote benchmarks/results/results{suffix}.md, .json and throughput{suffix}.png. "
        f"Elapsed: {results['elapsed_s'] / 60:.1f} min."
    )


if __name__ == "__main__":
    main()
