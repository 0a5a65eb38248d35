"""The Markdown editor's endpoints (live preview and image upload), for content editors only.

markdownx's own URLs accept anonymous requests; Digest routes the same paths here instead.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.views.decorators.http import require_POST
from markdownx.views import ImageUploadView

from .markdown import render_markdown

CONTENT_EDIT_PERMISSIONS = ("digest.add_issue", "digest.change_issue", "digest.change_entry")


def may_edit_content(user):
    return (
        user.is_active
        and user.is_staff
        and any(user.has_perm(perm) for perm in CONTENT_EDIT_PERMISSIONS)
    )


def content_editors_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_edit_content(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@content_editors_only
def markdownify(request):
    return HttpResponse(render_markdown(request.POST.get("content", "")))


upload = require_POST(content_editors_only(ImageUploadView.as_view()))
