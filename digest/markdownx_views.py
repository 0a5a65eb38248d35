"""The Markdown editor's endpoints (live preview and image upload), for content editors only.

markdownx's own URLs accept anonymous requests; Digest routes the same paths here instead.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from . import permissions
from .markdown import markdown_problem, render_markdown, too_long_message
from .uploads import generated_name, reencoded_image


def content_editors_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.may_use_the_editor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def preview_max_bytes():
    """The largest body a preview request within the length limit can have: the text in
    UTF-8 (4 bytes a character at most), form-encoded (3 characters a byte at most), plus
    the CSRF token and the form's framing."""
    return settings.DIGEST_MARKDOWN_MAX_LENGTH * 12 + 4096


@require_POST
@content_editors_only
def markdownify(request):
    """The live preview: the text rendered, or (status 400/413) why it cannot be saved.

    markdownx shows whatever the answer holds in the preview pane, so the message is HTML.
    """
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > preview_max_bytes():
        return preview_refused(too_long_message(), status=413)
    text = request.POST.get("content", "")
    problem = markdown_problem(text)
    if problem:
        return preview_refused(problem, status=400)
    return HttpResponse(render_markdown(text))


def preview_refused(message, status):
    return HttpResponse(
        format_html('<p class="markdown-refused" role="alert">{}</p>', message), status=status
    )


class ImageUploadForm(forms.Form):
    image = forms.FileField()

    def clean_image(self):
        """The re-encoded picture of the upload (digest.uploads)."""
        return reencoded_image(self.cleaned_data["image"])


@require_POST
@content_editors_only
def upload(request):
    """Store an image dropped into a Markdown editor; answer with the Markdown to insert."""
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(form.errors, status=400)
    picture = form.cleaned_data["image"]
    name = default_storage.save(generated_name("uploads", None, picture.name), picture)
    return JsonResponse({"image_code": f"![]({default_storage.url(name)})"})
