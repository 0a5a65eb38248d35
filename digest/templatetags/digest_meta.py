"""Page metadata for sharing and search engines: canonical URLs, social cards, JSON-LD."""

from django import template
from django.conf import settings
from django.utils.html import json_script
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as an absolute URL on this site."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def share_image(context, contents):
    """The absolute address of the picture shown when an issue is shared (see
    `digest.link_previews.issue_picture`), from its contents (`digest.contents`)."""
    return context["request"].build_absolute_uri(contents.picture)


@register.simple_tag(takes_context=True)
def issue_structured_data(context, issue, contents, image_url):
    """JSON-LD describing an issue as a PublicationIssue of the digest (a Periodical), its
    entries from its contents (`digest.contents`)."""
    request = context["request"]
    published = issue.publication_date
    data = {
        "@context": "https://schema.org",
        "@type": "PublicationIssue",
        "name": str(issue.display_title),
        "issueNumber": f"{issue.year}-W{issue.week:02d}",
        "url": request.build_absolute_uri(issue.get_absolute_url()),
        "image": image_url,
        "datePublished": published.isoformat() if published else None,
        "dateModified": issue.modified_date.isoformat(),
        "description": issue.intro_text[:300],
        "inLanguage": contents.language,
        "isPartOf": {
            "@type": "Periodical",
            "name": settings.DIGEST_SITE_NAME,
            "url": request.build_absolute_uri("/"),
        },
        "hasPart": [
            {
                "@type": "Article",
                "headline": headline,
                "url": request.build_absolute_uri(path),
                **({"sameAs": source_link} if source_link else {}),
            }
            for headline, path, source_link in contents.parts
        ],
    }
    # json_script escapes <, > and & so the data cannot end the script element; only the type
    # attribute differs, which keeps the output as safe as json_script's own.
    ld_json = json_script(data).replace('type="application/json"', 'type="application/ld+json"', 1)
    return mark_safe(ld_json)  # noqa: S308
