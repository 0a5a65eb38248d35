"""The Markdown editor's endpoints (live preview and image upload), for content editors only.

markdownx's own URLs accept anonymous requests; Digest routes the same paths here instead.
"""

from functools import wraps

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from .markdown import render_markdown
from .uploads import generated_name, image_format

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


class ImageUploadForm(forms.Form):
    image = forms.FileField()

    def clean_image(self):
        image = self.cleaned_data["image"]
        image_format(image)
        return image


@require_POST
@content_editors_only
def upload(request):
    """Store an image dropped into a Markdown editor; answer with the Markdown to insert."""
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    image = form.cleaned_data["image"]
    name = default_storage.save(generated_name("uploads", image), image)
    return JsonResponse({"image_code": f"![]({default_storage.url(name)})"})
