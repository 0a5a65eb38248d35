"""The one Markdown renderer: every Markdown field and the editor's live preview go through it.

It is the only place in Digest that marks HTML as safe. markdown-it-py turns the text into
HTML (CommonMark, plus tables and ~~strikethrough~~), then nh3 keeps only an allow-list of
tags, attributes and URL schemes, so raw HTML an editor (or an imported document) writes can
never run script on a page.

markdown-it-py works in time proportional to the text's length and nests blocks at most
`MAX_NESTING` levels deep, so no text makes it slow or exhausts Python's stack; the limits
below (`validate_markdown`) bound the length and refuse nesting it would cut short, so what an
editor writes within them is rendered in full, in a bounded time.
"""

from urllib.parse import urljoin

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p",
    "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "code": {"class"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# markdown-it's own limit: blocks nested deeper are not parsed. Text reaching it is refused.
MAX_NESTING = 20
# The most lists that fit within one another under MAX_NESTING (each takes two levels).
MAX_LIST_DEPTH = (MAX_NESTING - 3) // 2

_markdown = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(
    ["table", "strikethrough"]
)


def render_markdown(text, base_url=None):
    """Return sanitized HTML for Markdown `text`; safe to insert into any page.

    With `base_url`, relative links and images point at absolute addresses (for e-mail).
    """
    if not text:
        return mark_safe("")  # noqa: S308
    html = _markdown.render(text).rstrip()
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_absolute_urls(base_url) if base_url else None,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 above


def _absolute_urls(base_url):
    def attribute_filter(tag, attribute, value):
        return urljoin(base_url, value) if attribute in ("href", "src") else value

    return attribute_filter


def markdown_problem(text):
    """Why `text` may not be saved or previewed as Markdown (too long, nested too deeply),
    as a message for the editor; None when it is within the limits."""
    if len(text) > settings.DIGEST_MARKDOWN_MAX_LENGTH:
        return too_long_message()
    if _deepest_level(_markdown.parse(text)) >= MAX_NESTING - 1:
        return _(
            "Lists, quotes or tables are nested too deeply here (at most %(depth)d lists "
            "within one another): flatten them."
        ) % {"depth": MAX_LIST_DEPTH}
    return None


def too_long_message():
    return _(
        "This text is longer than the %(limit)s characters a Markdown field holds: shorten "
        "it or split it."
    ) % {"limit": f"{settings.DIGEST_MARKDOWN_MAX_LENGTH:,}"}


def _deepest_level(tokens):
    return max((token.level for token in tokens), default=0)


def validate_markdown(text):
    """Model-field validator for Markdown fields: the limits of `markdown_problem`."""
    problem = markdown_problem(text or "")
    if problem:
        raise ValidationError(problem, code="markdown_limits")


class RenderedHTMLField(models.TextField):
    """Holds `render_markdown` output; reads it back as safe HTML so templates need no |safe."""

    def from_db_value(self, value, expression, connection):
        return value if value is None else mark_safe(value)  # noqa: S308 - rendered above
