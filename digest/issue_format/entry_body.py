"""Reading the lines under an entry's headline: its original title and link, summary,
tags, image and link card."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..tags import clean_tag_name
from .parsed import ParsedCard, clean_url
from .problems import ImportProblem

FENCE = re.compile(r"^\s*(```|~~~)")


LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\(\s*<?(?P<url>[^)\s>]+)>?\s*\)(?P<rest>.*)$")
BRACKET_URL = re.compile(r"^【\s*(?P<url>https?://[^\s】]+)\s*】?(?P<rest>.*)$")
BARE_URL = re.compile(r"^<?(?P<url>https?://[^\s>]+)>?(?P<rest>.*)$")
IMAGE = re.compile(r'^!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<path>[^)\s>]+)>?(?:\s+"[^"]*")?\s*\)$')
CARD_START = re.compile(r"^\[\]\(\s*<?(?P<url>[^)\s>]*)>?\s*\)\s*\[##\s?(?P<rest>.*)$")
CARD_END = re.compile(r"^(?P<text>.*)\]\(\s*<?(?P<url>[^)\s>]+)>?\s*\)$")
TAGS_LINE = re.compile(r"^(?:标签|tags)\s*[:：]\s*(?P<tags>.*)$", re.IGNORECASE)
TAG_SEPARATORS = re.compile(r"[,，、]")
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _join_text(first, second):
    """Two pieces of one title: no space between CJK text, one space otherwise."""
    if not first or not second:
        return (first + second).strip()
    if CJK.match(first[-1]) or CJK.match(second[0]):
        return first.rstrip() + second.lstrip()
    return f"{first.rstrip()} {second.lstrip()}"


def _url_like(text):
    compact = re.sub(r"\s+", "", text)
    return compact == "" or compact.startswith(("http://", "https://", "www."))


def _tag_names(line, text):
    """The tag names of a tags line, cleaned as tags are stored (digest.tags)."""
    try:
        names = [clean_tag_name(name) for name in TAG_SEPARATORS.split(text)]
    except ValidationError as error:
        raise ImportProblem(" ".join(error.messages), line) from error
    return [name for name in names if name]


def read_entry_body(entry, lines, warnings):
    """Fill an entry from the lines under its headline: title block, summary, tags, image, card."""
    blocks = _blocks(lines)
    if blocks and blocks[0][0] == "text":
        rest = _title_block(entry, blocks[0][1])
        if rest is not None:
            blocks[0] = ("text", rest) if rest else None
    summary = []
    for block in filter(None, blocks):
        kind, content = block
        if kind == "text":
            summary.append("\n".join(text for _number, text in content).strip())
        elif kind == "tags":
            entry.tags.extend(_tag_names(*content))
        elif kind == "image":
            number, match = content
            if entry.image:
                warnings.append(
                    _("line %(line)d: a second image of one entry was left out: %(path)s")
                    % {"line": number, "path": match["path"]}
                )
            else:
                entry.image, entry.image_alt = match["path"], match["alt"].strip()
                entry.image_line = number
        elif kind == "card":
            if entry.card:
                warnings.append(
                    _("line %(line)d: a second link card of one entry was left out")
                    % {"line": content[0][0]}
                )
            else:
                entry.card = _card(content)
    entry.summary = "\n\n".join(text for text in summary if text)


def _blocks(lines):
    """Group an entry's lines: ("text", [(n, line), ...]) paragraphs, images, tags, cards."""
    blocks, paragraph, card, in_fence = [], [], None, False

    def flush():
        if paragraph:
            blocks.append(("text", list(paragraph)))
            paragraph.clear()

    for number, line in lines:
        text = line.strip()
        if card is not None:
            card.append((number, line))
            if CARD_END.match(text):
                blocks.append(("card", card))
                card = None
            continue
        if FENCE.match(line):
            in_fence = not in_fence
            paragraph.append((number, line))
            continue
        if in_fence:
            paragraph.append((number, line))
            continue
        image = IMAGE.match(text)
        if image and not image["path"].startswith(("http://", "https://", "data:")):
            flush()
            blocks.append(("image", (number, image)))
        elif CARD_START.match(text):
            flush()
            card = [(number, line)]
            if CARD_END.match(CARD_START.match(text)["rest"].strip()):
                blocks.append(("card", card))
                card = None
        elif TAGS_LINE.match(text):
            flush()
            blocks.append(("tags", (number, TAGS_LINE.match(text)["tags"])))
        elif text:
            paragraph.append((number, line))
        else:
            flush()
    flush()
    return blocks


def _title_block(entry, paragraph):
    """Read the original title and link from the first paragraph under a headline.

    Returns None when the paragraph is not one (it is summary), else the lines left over.
    """
    texts = [text.strip() for _number, text in paragraph]
    for index, text in enumerate(texts[:3]):
        url, rest = _link_line(text)
        if url is None:
            continue
        before = ""
        for piece in texts[:index]:
            before = _join_text(before, piece)
        entry.original_title = _join_text(before, rest.strip())
        entry.source_url = url
        return paragraph[index + 1 :]
    if len(texts) == 1:
        link = LINK.match(texts[0])
        if link and not link["rest"].strip() and link["text"].strip():
            entry.original_title = link["text"].strip()
            entry.source_url = clean_url(link["url"])
            return []
    return None


def _link_line(text):
    """(url, text after it) when a line starts with the entry's link, else (None, None)."""
    link = LINK.match(text)
    if link and _url_like(link["text"]) and link["url"].startswith(("http://", "https://")):
        return clean_url(link["url"]), link["rest"]
    for pattern in (BRACKET_URL, BARE_URL):
        match = pattern.match(text)
        if match:
            return clean_url(match["url"]), match["rest"]
    return None, None


def _card(lines):
    number = lines[0][0]
    start = CARD_START.match(lines[0][1].strip())
    texts = [start["rest"].strip()] + [text.strip() for _n, text in lines[1:]]
    end = CARD_END.match(texts[-1])
    texts[-1] = end["text"].strip()
    title, rest = texts[0], [text for text in texts[1:] if text]
    if len(texts) == 1:
        title, rest = texts[0], []
    description = [text.lstrip("#").strip() for text in rest if text.startswith("###")]
    others = [text for text in rest if not text.startswith("###")]
    return ParsedCard(
        url=clean_url(start["url"] or end["url"]),
        title=title,
        description=" ".join(description + others[:-1]),
        site=others[-1] if others else "",
        line=number,
    )
