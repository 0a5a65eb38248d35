"""The one Markdown renderer: every Markdown field and the editor's live preview go through it.

It is the only place in Digest that marks HTML as safe. Python-Markdown turns the text into
HTML, then nh3 keeps only an allow-list of tags, attributes and URL schemes, so raw HTML an
editor (or an imported document) writes can never run script on a page.
"""

from urllib.parse import urljoin

import markdown as markdown_lib
import nh3
from django.db import models
from django.utils.safestring import mark_safe

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
MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]


def render_markdown(text, base_url=None):
    """Return sanitized HTML for Markdown `text`; safe to insert into any page.

    With `base_url`, relative links and images point at absolute addresses (for e-mail).
    """
    if not text:
        return mark_safe("")  # noqa: S308
    html = markdown_lib.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
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


class RenderedHTMLField(models.TextField):
    """Holds `render_markdown` output; reads it back as safe HTML so templates need no |safe."""

    def from_db_value(self, value, expression, connection):
        return value if value is None else mark_safe(value)  # noqa: S308 - rendered above
