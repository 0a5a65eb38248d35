"""URLs that pages build many times over."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from digest import source_links
from digest.links import cached_reverse

from .digest_language import lang_attr

register = template.Library()


@register.filter
def tag_url(tag):
    """The tag page's URL, reversed once per slug (see digest.links)."""
    return cached_reverse("digest:tag-detail", tag.slug)


@register.filter
def link_text(url):
    """A bare link as readers read it: no tracking query, scheme or "www.", decoded."""
    return source_links.link_text(url)


@register.simple_tag
def tag_cloud(tags):
    """The tag index's list items, for `tags` annotated with their `entry_count`: each tag's
    link and its count of entries. Made here, with the standard library's escaping, rather
    than in a template loop, which costs several times as much for the thousands of tags of
    a grown archive."""
    items = []
    for name, slug, count in tags.values_list("name", "slug", "entry_count"):
        link = f'<a href="{escape(cached_reverse("digest:tag-detail", slug))}"{lang_attr(name)}>'
        items.append(f'<li>{link}{escape(name)}</a> <span class="muted">{count:d}</span></li>')
    return mark_safe("\n".join(items))  # noqa: S308 - every value escaped above
