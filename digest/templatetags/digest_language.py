"""Marking content whose language is not the page's (`digest.languages`)."""

from django import template
from django.utils.html import format_html

from digest.languages import differs_from_page, language_of

register = template.Library()


@register.filter
def lang_attr(content):
    """` lang="zh-Hans"` for content in another language than the page, else nothing.

    `content` is an object that knows its `content_language` (an entry, an issue), or a text.
    """
    if hasattr(content, "content_language"):
        language = content.content_language
    else:
        language = language_of(content)
    if not differs_from_page(language):
        return ""
    return format_html(' lang="{}"', language)
