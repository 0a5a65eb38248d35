"""How long the Markdown renderer takes on the worst texts an editor may save or preview.

    .venv/bin/python benchmarks/markdown_worst_cases.py [--seconds 60] [--old] [--out FILE]

1. Known pathological inputs (unclosed links and images, deep nesting, long runs of
   delimiters, nested raw HTML), each repeated up to the length limit of a Markdown field
   (`DIGEST_MARKDOWN_MAX_LENGTH`), rendered by `digest.markdown.render_markdown` — the
   markdown-it-py parse and the nh3 sanitizing together — and checked by `markdown_problem`.
2. A random search for slow texts for `--seconds`: texts of the maximal length built from
   pieces that make Markdown parsers backtrack; the slowest ones are kept and mutated.

With `--old`, the same known inputs at their sizes from the issue are run through
Python-Markdown with the extensions Digest used before (for the before/after comparison;
minutes, as that renderer is quadratic on them). Writes a Markdown report to `--out`
(default: benchmarks/results/markdown-worst-cases.md).
"""

import argparse
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.utils import translation  # noqa: E402

from digest.markdown import markdown_problem, render_markdown  # noqa: E402

# Pieces that make Markdown parsers scan ahead or backtrack: unclosed link and image brackets,
# link destinations and titles, emphasis delimiters, code spans, autolinks, raw HTML, entities,
# references, list and quote markers, table pipes.
PIECES = [
    "[", "]", "![", "](", "(", ")", "[a](", "![a](", "[a]", "[a]:", "<", ">", "<a ", "<div>",
    "</div>", "<b>", "<p>", "<table>", "<li>", "*", "**", "_", "__", "~~", "`", "``", "&#",
    "&amp;", "\\", "\n", "\n\n", "- ", "> ", "1. ", "    ", "|", "|-", '"', "'", "http://x",
    "a", " ",
]  # fmt: skip


def repeated(piece, length):
    return (piece * (length // len(piece) + 1))[:length]


def nested_list(length):
    lines, depth = [], 0
    while sum(map(len, lines)) < length:
        lines.append("  " * depth + "- x\n")
        depth += 1
    return "".join(lines)[:length]


def known_inputs(length):
    """{name: text} of the known worst inputs, each `length` characters long."""
    return {
        '"![" repeated': repeated("![", length),
        '"[a](" repeated': repeated("[a](", length),
        '"[" repeated': repeated("[", length),
        '"![a](" repeated': repeated("![a](", length),
        '"[a]:" repeated': repeated("[a]: <", length),
        "list nested as deep as the length allows": nested_list(length),
        '"> " repeated (quotes in quotes)': repeated("> ", length),
        '<div markdown="1"> nested': repeated('<div markdown="1">\n', length),
        "<div> nested (raw HTML)": repeated("<div>", length),
        "<b><p> misnested (raw HTML)": repeated("<b><p>", length),
        "<a> unclosed (raw HTML)": repeated("<a>", length),
        "<table> nested (raw HTML)": repeated("<table><tr><td>", length),
        '"*a " repeated': repeated("*a ", length),
        '"**" repeated': repeated("**", length),
        '"`" then "``" (code spans)': repeated("`", length // 2) + repeated("``", length // 2),
        '"&#" repeated': repeated("&#", length),
        "table of many columns": ("|a" * (length // 6) + "\n" + "|-" * (length // 6) + "\n")[
            :length
        ],
    }


def timed(function, text):
    start = time.perf_counter()
    try:
        function(text)
        outcome = "rendered"
    except RecursionError:
        outcome = "RecursionError"
    return time.perf_counter() - start, outcome


def search(length, seconds, seed=1):
    """Random texts of `length` built from PIECES; returns [(seconds, text)], slowest first."""
    rng = random.Random(seed)
    slowest = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if slowest and rng.random() < 0.5:
            # Mutate one of the slowest: repeat one of its windows, the way slow inputs repeat.
            text = rng.choice(slowest)[1]
            start = rng.randrange(len(text))
            window = text[start : start + rng.randint(1, 12)]
            text = repeated(window, length) if rng.random() < 0.5 else text
        else:
            chosen = [rng.choice(PIECES) for _ in range(rng.randint(1, 4))]
            text = repeated("".join(chosen), length)
        duration, _outcome = timed(render_markdown, text)
        slowest = sorted([*slowest, (duration, text)], key=lambda pair: -pair[0])[:8]
    return slowest


def old_renderer():
    import markdown

    def render(text):
        return markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")

    return render


OLD_INPUTS = {
    '"![" * 8000 (16,000 characters)': "![" * 8000,
    '"[a](" * 20000 (80,000 characters)': "[a](" * 20000,
    "list nested 300 deep": "".join("    " * i + "- x\n" for i in range(300)),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--old", action="store_true")
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/markdown-worst-cases.md"))
    args = parser.parse_args()
    translation.activate("en")
    limit = settings.DIGEST_MARKDOWN_MAX_LENGTH
    lines = [
        "# Markdown rendering: the worst inputs",
        "",
        f"`benchmarks/markdown_worst_cases.py --seconds {args.seconds:g}"
        f"{' --old' if args.old else ''}` on {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the start (other work on the machine slows every "
        f"number down). Length limit of a Markdown field and of a preview request: "
        f"{limit:,} characters.",
        "",
        "## Known pathological inputs at the length limit (render_markdown: parse + sanitize)",
        "",
        "| input | seconds | saved? |",
        "|---|---:|---|",
    ]
    worst = 0.0
    for name, text in known_inputs(limit).items():
        duration, outcome = timed(render_markdown, text)
        worst = max(worst, duration)
        problem = markdown_problem(text)
        verdict = "yes" if problem is None else f"refused: {problem}"
        print(f"{duration:8.3f} s  {outcome:14}  {name}", flush=True)
        lines.append(f"| {name} | {duration:.3f} | {verdict} |")
    lines += ["", f"Slowest known input: **{worst:.3f} s**.", ""]
    if args.seconds > 0:
        slowest = search(limit, args.seconds)
        lines += [
            f"## Random search for {args.seconds:g} s (texts of {limit:,} characters)",
            "",
            "| seconds | text starts with |",
            "|---:|---|",
        ]
        for duration, text in slowest:
            shown = repr(text[:40]).replace("|", "\\|")
            print(f"{duration:8.3f} s  search  {shown}", flush=True)
            lines.append(f"| {duration:.3f} | `{shown}` |")
        lines.append("")
    if args.old:
        render = old_renderer()
        lines += [
            "## Before: Python-Markdown (extra, sane_lists) on the inputs of the issue",
            "",
            "| input | seconds | outcome |",
            "|---|---:|---|",
        ]
        for name, text in OLD_INPUTS.items():
            duration, outcome = timed(render, text)
            print(f"{duration:8.3f} s  {outcome:14}  old: {name}", flush=True)
            lines.append(f"| {name} | {duration:.2f} | {outcome} |")
            new_duration, new_outcome = timed(render_markdown, text)
            if markdown_problem(text):
                new_outcome += ", and refused on saving and in the preview (over the limits)"
            lines.append(f"| same, now (render_markdown) | {new_duration:.3f} | {new_outcome} |")
        lines.append("")
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
