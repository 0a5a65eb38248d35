"""URLs that pages build many times over."""

import functools

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()


@functools.lru_cache(maxsize=8192)
def _tag_url(slug, script_prefix):
    return reverse("digest:tag-detail", args=[slug])


@register.filter
def tag_url(tag):
    """The tag page's URL. An issue page links dozens of tags; reversing each one costs more
    than the rest of the tag's markup, so the answers are remembered (per script prefix)."""
    return _tag_url(tag.slug, get_script_prefix())
