"""Project-wide HTTP middleware."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header (Django's SecurityMiddleware has no setting for it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
