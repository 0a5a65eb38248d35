"""Error pages that must work while parts of the system are down."""

import logging
import sys

from django.db import DatabaseError
from django.http import HttpResponseServerError
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


@requires_csrf_token
def server_error(request):
    """500, or a friendly 503 when the database cannot be reached (it recovers by itself:
    connections are health-checked and reopened on the next request)."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        logger.error("Database unavailable: %s", error)
        response = HttpResponseServerError(loader.get_template("503.html").render())
        response.status_code = 503
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


def page_not_found(request, exception):
    """Django's 404 page, whose language links lead to each language's home page: what is not
    found has no address in the other language either."""
    request.resolver_match = None
    return defaults.page_not_found(request, exception)
