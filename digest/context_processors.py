from django.conf import settings


def site(request):
    """What every page's frame needs: the site's name and the page's canonical address."""
    return {
        "site_name": settings.DIGEST_SITE_NAME,
        "canonical_url": request.build_absolute_uri(request.path),
    }
