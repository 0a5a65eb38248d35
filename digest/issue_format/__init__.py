"""The weekly issue document format: read an issue from Markdown and write it into the
database, or write an issue back out as Markdown or e-mail HTML.

The format is the one the digest was first published in (see the sample issue), in Chinese or
in the English original's wording; section names may be anything, numbered in order:

    # 2020 年第 47 周                        | # Week 47, 2020        the title: year and week
    > 原文：<https://…>                      | > Original: <https://…>    the issue's source link
    Intro paragraphs, naming the coverage start "(11 月 15 日~)" | "(15 November~)"
    # 主题                                   | # Topics               the sections, as a list
    # —每周编辑精选                           | # — Weekly Editor's pickups
    *   [text](link)                         one line per pick; the link finds the entry
    # —过去的文章                             | # — Past Articles      navigation, ignored
    — — — —                                  separators, ignored
    # 1.机器学习论文                          | # 1. Machine Learning Papers    a section
    # Headline                               an entry (bold ** around it is dropped), then:
    Original title                           the original title, with its link on the next
    [https://…](https://…)                   line (or 【https://…, or a bare URL); title text
                                             may continue after the link
    Summary paragraphs (Markdown)
    标签: a, b                               | Tags: a, b             the entry's tags
    ![alt](img/file.png)                     the entry's image, looked up in the media folder
    [](https://…) [## Card title             a link card: title, description and site
    ### Card description
    site.example](https://…)
    # —过去的文章 again at the end: it and everything after it (the footer) are ignored.

The tags line is Digest's own addition so that an exported issue reads back with its tags;
documents from the old platform have none, and entries without the line get no tags. Tag
names are separated by commas (",", "，" or "、").

`parse_document` (parse.py) only reads text; `ImportPlan` (plan.py) looks at the database
without writing, for a dry run; `import_document` (write.py) writes one issue in one
transaction; export.py writes an issue back out in this format, or as e-mail HTML. The
format's fixed words in both languages are in wording.py.
"""

from .export import LANGUAGES, export_html, export_images, export_markdown, image_name
from .parse import parse_document, read_document
from .parsed import ParsedCard, ParsedEntry, ParsedIssue, ParsedPick, ParsedSection
from .plan import EntryPlan, ImportPlan, SectionPlan, match_entries
from .problems import ExistingIssue, ImportProblem
from .wording import WORDING, Wording
from .write import ImportResult, aware, import_document

__all__ = [
    "LANGUAGES",
    "WORDING",
    "EntryPlan",
    "ExistingIssue",
    "ImportPlan",
    "ImportProblem",
    "ImportResult",
    "ParsedCard",
    "ParsedEntry",
    "ParsedIssue",
    "ParsedPick",
    "ParsedSection",
    "SectionPlan",
    "Wording",
    "aware",
    "export_html",
    "export_images",
    "export_markdown",
    "image_name",
    "import_document",
    "match_entries",
    "parse_document",
    "read_document",
]
