"""Compare gunicorn worker classes on the benchmark archive (run `make bench` first).

    .venv/bin/python benchmarks/worker_classes.py [--backend postgres] [--rounds 2]

For sync workers and gthread workers with 1 and 4 threads (2 workers each): req/s of the static
ceiling, a cached page and two pages built from the database, with wrk -t2 -c16. The
configurations take turns, `--rounds` times, so that other work on the machine disturbs them
alike. Writes benchmarks/results/worker-classes.md.
"""

import argparse
import json
import statistics

import harness
from harness import RESULTS, Server, log

CONFIGS = [("sync", 1), ("gthread", 1), ("gthread", 4)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="postgres", choices=["sqlite", "postgres"])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=int, default=4)
    parser.add_argument("--port", type=int, default=8770)
    options = parser.parse_args()
    harness.ensure_wrk()
    backend = harness.make_backends([options.backend])[0]
    paths = json.loads((RESULTS / "results.json").read_text())["backends"][backend.name]["paths"]
    loads = {
        True: {"static ceiling": "/static/bench/ceiling.html", "cached issue": None},
        False: {"uncached issue": None, "uncached search": paths["search TensorFlow"]},
    }
    loads[True]["cached issue"] = loads[False]["uncached issue"] = paths["issue (25 entries)"]
    figures = {}
    for _ in range(options.rounds):
        for worker_class, threads in CONFIGS:
            name = worker_class + (f", {threads} thread(s)" if worker_class == "gthread" else "")
            row = figures.setdefault(name, {})
            for cached, pages in loads.items():
                server = Server(
                    backend.env(page_cache=cached), options.port, 2, worker_class, threads
                ).start()
                try:
                    for path in pages.values():
                        for _ in range(8):
                            harness.fetch(path, options.port)
                    for page, path in pages.items():
                        result = harness.wrk([options.port], path, 16, options.duration)
                        row.setdefault(page, []).append(result["rps"])
                finally:
                    server.stop()
            log(f"{name}: " + ", ".join(f"{p} {v[-1]:.0f}" for p, v in row.items()))
    pages = [page for group in loads.values() for page in group]
    lines = [
        "# gunicorn worker classes",
        "",
        f"`benchmarks/worker_classes.py`, {backend.label}, 2 workers, wrk -t2 -c16 "
        f"-d{options.duration}s, median req/s of {options.rounds} rounds taken in turns. "
        f"Load average after: {harness.load_average()}.",
        "",
        "| worker class | " + " | ".join(pages) + " |",
        "|---|" + "---:|" * len(pages),
    ]
    for name, row in figures.items():
        lines.append(
            f"| {name} | "
            + " | ".join(f"{statistics.median(row[page]):,.0f}" for page in pages)
            + " |"
        )
    (RESULTS / "worker-classes.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
