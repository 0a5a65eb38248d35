"""URLs that pages build many times over."""

from django import template

from digest.links import cached_reverse

register = template.Library()


@register.filter
def tag_url(tag):
    """The tag page's URL, reversed once per slug (see digest.links)."""
    return cached_reverse("digest:tag-detail", tag.slug)
