"""What the entry editor asks the server while an editor writes: a link's metadata, to fill
the entry from its source link, and existing tags matching what is typed.

Both are admin views (`EntryAdmin.get_urls`): signed-in staff only, CSRF-checked, never
cached, and only for people who may write content.
"""

from functools import wraps

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import link_metadata, permissions
from ..tags import matching_tags


def content_editors_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.may_use_the_editor(request.user):
            return JsonResponse(
                {"ok": False, "message": _("You may not edit entries.")}, status=403
            )
        return view(request, *args, **kwargs)

    return wrapper


@content_editors_only
def fill_from_link(request):
    """What the link in the form field `url` says about itself, named as the entry's fields:
    {"ok": true, "fields": {...}, "message": ...}, or {"ok": false, "message": ...} with 400."""
    if request.method != "POST":
        return JsonResponse(
            {"ok": False, "message": _("Send the link in a POST request.")},
            status=405,
            headers={"Allow": "POST"},
        )
    try:
        metadata = link_metadata.metadata_for(request.POST.get("url", ""))
    except link_metadata.LinkMetadataError as error:
        return JsonResponse({"ok": False, "message": str(error)}, status=400)
    return JsonResponse(
        {
            "ok": True,
            "fields": metadata.fields(),
            "message": _("Read from %(origin)s: “%(title)s”.")
            % {"origin": metadata.origin, "title": metadata.original_title or metadata.source_url},
        }
    )


@require_GET
@content_editors_only
def tag_suggestions(request):
    """{"tags": [names of existing tags matching the query parameter `q`]}."""
    return JsonResponse({"tags": matching_tags(request.GET.get("q", ""))})
