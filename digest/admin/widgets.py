"""How the admin shows and edits values: the Markdown editor with its picture uploads, the
tags input with suggestions (`EDITOR_WIDGETS`, for every admin with such fields), and times
as editors read them, in the site's time zone (`local_time`)."""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget
from taggit.managers import TaggableManager

from ..tags import TagSuggestionsWidget


class MarkdownEditor(AdminMarkdownxWidget):
    """markdownx's editor, with its picture uploads done by the script
    static/digest/admin/markdownx-uploads.js, which shows why a file was refused instead of
    writing an error into the text."""

    def get_context(self, name, value, attrs):
        limit = settings.DIGEST_UPLOAD_MAX_BYTES
        attrs = {
            **(attrs or {}),
            "data-upload-max-bytes": limit,
            "data-upload-too-large": gettext("The image is larger than %(limit)s MB.")
            % {"limit": f"{limit / (1024 * 1024):g}"},
            "data-upload-failed": gettext("The file could not be uploaded; try again."),
            "data-upload-button": gettext("Insert an image…"),
            "data-upload-alt-prompt": gettext(
                "Describe the image for readers who cannot see it (its alt text):"
            ),
        }
        return super().get_context(name, value, attrs)

    class Media:
        js = ["digest/admin/markdownx-uploads.js"]


EDITOR_WIDGETS = {
    MarkdownxField: {"widget": MarkdownEditor},
    # Tags inputs suggest existing tags while the editor types (digest.tags).
    TaggableManager: {"widget": TagSuggestionsWidget},
}


def local_time(value):
    """A datetime as editors read it: in the site's time zone, with the zone named."""
    if value is None:
        return "—"
    return "{} ({})".format(
        date_format(timezone.localtime(value), "DATETIME_FORMAT"),
        timezone.get_current_timezone_name(),
    )
