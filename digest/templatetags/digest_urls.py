"""URLs that pages build many times over."""

from django import template

from digest import source_links
from digest.links import cached_reverse

register = template.Library()


@register.filter
def tag_url(tag):
    """The tag page's URL, reversed once per slug (see digest.links)."""
    return cached_reverse("digest:tag-detail", tag.slug)


@register.filter
def link_text(url):
    """A bare link as readers read it: no tracking query, scheme or "www.", decoded."""
    return source_links.link_text(url)
