"""What a hostile or careless contributor types, pastes or imports, by the field it goes into.

The tests put each value where it belongs — tag names, headlines and other plain text,
Markdown — publish it and check that every public page and feed still answers. The pictures,
files and payloads of uploads live in tests/security_files.py, the script payloads of Markdown
in tests/test_markdown_sanitizing.py.
"""

# Names slugify leaves nothing of, and other names that are hard to put in a URL.
SYMBOL_TAG_NAMES = [
    "🤖", "？", "---", "!!!", "…", "★☆", "+++", "@#$%", "・", "—", "()", "''", "🇯🇵", "‍",
]  # fmt: skip
HARD_TAG_NAMES = [
    *SYMBOL_TAG_NAMES,
    "a\x0bb",  # a vertical tab inside
    "\x0bleading",
    "C++",
    "C#",
    "机器学习",
    "ÆØÅ",
    "x" * 100,
    "<script>alert(1)</script>",
    "../..",
    "%2F",
    "a/b",
    "\u202eevil",  # right-to-left override
    "tag_1",
]

# C0 control characters: what word processors, terminals and broken exports paste.
CONTROL_CHARACTERS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f"]
HOSTILE_HEADLINES = [
    "Soft\x0bline break from Word",
    "Page\x0cbreak",
    "Bell\x07 and escape\x1b[31m red",
    "NUL\x00inside",
    "Backspace\x08d",
    "\u2028Line separator\u2029",
    "Right-to-left \u202eevil",
    "Zero\u200bwidth",
    "Noncharacters \ufffe\uffff",
    "<script>alert(1)</script>",
    "&amp; &lt; entities",
]

# Markdown that made the old renderer slow (quadratic) or overflow Python's stack, and other
# texts that stress a parser; each is within the length limit unless named "over".
PATHOLOGICAL_MARKDOWN = {
    "unclosed images": "![" * 4000,
    "unclosed links": "[a](" * 2000,
    "open brackets": "[" * 9000,
    "lists nested 8 deep": "".join("  " * depth + f"- level {depth}\n" for depth in range(8)),
    "quotes nested 15 deep": "> " * 15 + "deep",
    'nested <div markdown="1">': '<div markdown="1">\n' * 300 + "x\n" + "</div>\n" * 300,
    "nested raw HTML": "<div>" * 1500,
    "misnested raw HTML": "<b><p>" * 1500,
    "emphasis runs": "*a " * 3000,
    "code span runs": "`" * 4000 + "``" * 2000,
    "entity runs": "&#" * 4500,
    "table of many columns": "|a" * 1000 + "\n" + "|-" * 1000 + "\n",
    "references": "[a]: <" * 1500,
    "control characters": "text\x0bwith\x00controls\x1b",
}
# Refused on saving and in the preview: longer than a Markdown field holds, nested deeper than
# the renderer goes.
REFUSED_MARKDOWN = {
    "16 KB of unclosed images": "![" * 8000,
    "80 KB of unclosed links": "[a](" * 20000,
    "lists nested 300 deep": "".join("    " * depth + "- x\n" for depth in range(300)),
    "lists nested 9 deep": "".join("  " * depth + f"- level {depth}\n" for depth in range(9)),
    "quotes nested 300 deep": "> " * 300 + "deep",
    "a 3 MB paste": "Lorem ipsum dolor sit amet. " * 110_000,
}
# Pieces that make Markdown parsers scan ahead or backtrack, to build texts from.
MARKDOWN_PIECES = [
    "[", "]", "![", "](", "(", ")", "[a](", "![a](", "[a]", "[a]:", "<", ">", "<a ", "<div>",
    "</div>", '<div markdown="1">', "<b>", "<p>", "<table>", "<li>", "*", "**", "_", "__", "~~",
    "`", "``", "```", "&#", "&amp;", "\\", "\n", "\n\n", "- ", "  - ", "> ", "1. ", "    ", "|",
    "|-", '"', "'", "http://x", "javascript:", "a", " ", "\x0b", "\x00",
]  # fmt: skip
