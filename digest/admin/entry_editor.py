"""The server side of the issue form's compact entry editor (`static/digest/admin/entry-editor.js`).

- Each entry row carries a ★ (`is_pick`) and the pick's text (`pick_blurb`): ticking it makes
  the entry one of the issue's picks when the form is saved, unticking it removes the pick, on
  saved and unsaved rows alike. The issue's pick limit (`Issue.check_pick_count`) is checked
  over the whole form: the pick rows and the ★ of the entry rows together.
- A new row left without a position goes to the end of its section.
- A form sent back with errors keeps the pictures chosen in its rows: each one waits in a
  temporary folder of the user's own, named by a signed token in the row's hidden
  `staged_image` field, and is saved with the entry when the form is saved (browsers cannot
  fill a file input again). Only pictures the form accepted wait, at most `STAGING_MAX_AGE`
  and `STAGING_MAX_FILES` a user, and only their user's form can use them.
- `error_summary` lists every faulty field and row, for the list at the top of the form.
"""

import re
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path, PurePosixPath

from django import forms
from django.conf import settings
from django.core import signing
from django.core.files import File
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Entry, Issue, Pick

STAGING_SALT = "digest.entry-image"
STAGING_MAX_AGE = 2 * 60 * 60  # seconds a chosen picture waits for the form to be saved
STAGING_MAX_FILES = 30  # pictures a user's forms keep at once; older ones are removed


# --- Pictures chosen in a form sent back with errors -------------------------------------------


def _staging_root():
    return Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir()) / "digest-entry-images"


def _file_name(upload):
    return PurePosixPath(upload.name.replace("\\", "/")).name[:100] or "image"


def stage_image(upload, user):
    """Keep an uploaded picture for the next submission of the form; returns its token."""
    _remove_stale(_staging_root())
    key = uuid.uuid4().hex
    folder = _staging_root() / str(user.pk)
    folder.mkdir(parents=True, exist_ok=True)
    waiting = sorted(folder.iterdir(), key=lambda path: path.stat().st_mtime, reverse=True)
    for path in waiting[STAGING_MAX_FILES - 1 :]:
        path.unlink(missing_ok=True)
    upload.seek(0)
    with (folder / key).open("wb") as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
    return signing.dumps({"key": key, "name": _file_name(upload)}, salt=STAGING_SALT)


def staged_image(token, user):
    """(path, file name) of a picture `user` chose earlier, or None when the token is forged,
    expired or someone else's, or the file is gone."""
    try:
        data = signing.loads(token, salt=STAGING_SALT, max_age=STAGING_MAX_AGE)
    except signing.BadSignature:
        return None
    if user is None or not re.fullmatch(r"[0-9a-f]{32}", str(data.get("key", ""))):
        return None
    path = _staging_root() / str(user.pk) / data["key"]
    return (path, str(data.get("name") or "image")) if path.is_file() else None


def _remove_stale(root):
    if not root.is_dir():
        return
    limit = time.time() - STAGING_MAX_AGE
    for path in root.glob("*/*"):
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


class StagedImageInput(forms.HiddenInput):
    """The token of a kept picture, with a line saying which file waits to be saved."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.file_name = ""

    def render(self, name, value, attrs=None, renderer=None):
        hidden = super().render(name, value, attrs, renderer)
        if not (value and self.file_name):
            return hidden
        return format_html(
            '{}<p class="help staged-image">{}</p>',
            hidden,
            _(
                "The picture you chose, “%(name)s”, is kept and will be saved with the entry; "
                "choose another file only to replace it."
            )
            % {"name": self.file_name},
        )


# --- The entry row's form ----------------------------------------------------------------------


def deleted(formset, form):
    """Whether the row `form` of `formset` is to be deleted on saving."""
    return formset.can_delete and bool(
        getattr(form, "cleaned_data", {}).get(forms.formsets.DELETION_FIELD_NAME)
    )


class EntryForm(forms.ModelForm):
    is_pick = forms.BooleanField(label=_("Pick"), required=False)
    pick_blurb = forms.CharField(
        label=_("Pick text"), max_length=Pick._meta.get_field("blurb").max_length, required=False
    )
    staged_image = forms.CharField(widget=StagedImageInput, required=False)

    class Meta:
        model = Entry
        fields = ["headline", "slug"]  # the admin classes choose the fields they show

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pick_blurb"].widget.attrs.update(
            {"aria-label": _("Pick text"), "placeholder": _("Pick text (the headline if empty)")}
        )
        if "position" in self.fields:
            # Left empty, a new entry goes to the end of its section (EntryFormSet.clean).
            self.fields["position"].required = False
            if self.instance.pk is None:
                self.fields["position"].initial = None
        self.pick = self._pick_of(self.instance)
        if self.pick is not None:
            self.fields["is_pick"].initial = True
            self.fields["pick_blurb"].initial = self.pick.blurb
        self.kept_image = None
        if self.is_bound:
            kept = staged_image(self.data.get(self.add_prefix("staged_image"), ""), user)
            if kept is not None:
                self.kept_image = kept
                self.fields["staged_image"].widget.file_name = kept[1]

    @staticmethod
    def _pick_of(entry):
        if entry.pk is None:
            return None
        # Prefetched by EntryInline.get_queryset.
        return next((pick for pick in entry.picks.all() if pick.issue_id == entry.issue_id), None)

    def clean_slug(self):
        # An empty anchor is made from the headline when the entry is saved. None, unlike "",
        # keeps two new entries of one form from counting as duplicate anchors.
        return self.cleaned_data["slug"] or None

    def clean_position(self):
        position = self.cleaned_data.get("position")
        self.position_left_empty = position is None
        return 0 if position is None else position

    def clean(self):
        cleaned_data = super().clean()
        kept = self.kept_image is not None and "image" in self.fields
        chosen_now = self.files.get(self.add_prefix("image"))
        # Unless a new file was chosen or the image cleared: the one kept from the form sent back.
        if kept and not chosen_now and cleaned_data.get("image") is not False:
            path, name = self.kept_image
            cleaned_data["image"] = File(path.open("rb"), name=name)
        return cleaned_data

    @property
    def wants_pick(self):
        """True or False when the ★ was changed in this form, None when left as it was."""
        if "is_pick" not in self.changed_data:
            return None
        return bool(self.cleaned_data.get("is_pick"))


class EntryFormSet(forms.BaseInlineFormSet):
    """The issue's entry rows: positions of new rows, the pick limit over the whole form."""

    def __init__(self, *args, siblings=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The other formsets of the same issue form, by prefix (the pick rows).
        self.siblings = siblings if siblings is not None else {}
        self.siblings[self.prefix] = self

    def clean(self):
        super().clean()
        kept = [
            form for form in self.forms if hasattr(form, "cleaned_data") and not deleted(self, form)
        ]
        self._place_new_rows(kept)
        if not any(form.errors for form in self.forms):
            Issue.check_pick_count(self.pick_count_after_save(kept))

    @staticmethod
    def _place_new_rows(forms_kept):
        last = defaultdict(int)
        for form in forms_kept:
            if not getattr(form, "position_left_empty", False):
                section = form.cleaned_data.get("section")
                last[section] = max(last[section], form.cleaned_data.get("position") or 0)
        for form in forms_kept:
            if getattr(form, "position_left_empty", False):
                section = form.cleaned_data.get("section")
                last[section] += 1
                form.cleaned_data["position"] = form.instance.position = last[section]

    def pick_count_after_save(self, forms_kept):
        """How many picks the issue has once the form is saved."""
        picked = set()  # saved entries' pks, or the forms of new entries
        pick_rows = self.siblings.get("picks")
        if pick_rows is not None:
            for form in pick_rows.forms:
                data = getattr(form, "cleaned_data", None)
                if data and data.get("entry") and not deleted(pick_rows, form):
                    picked.add(data["entry"].pk)
        elif self.instance.pk is not None:
            picked.update(self.instance.picks.values_list("entry_id", flat=True))
        for form in self.forms:
            if form.instance.pk is not None and form not in forms_kept:
                picked.discard(form.instance.pk)  # deleted with its entry
        for form in forms_kept:
            key = form.instance.pk or form
            if form.wants_pick is True:
                picked.add(key)
            elif form.wants_pick is False:
                picked.discard(key)
        return len(picked)


def save_picks(issue, entry_formset):
    """Create and remove the picks the ★ of the saved entry rows asked for, and save the pick
    texts edited in the rows. New picks come after the issue's other picks."""
    for form in entry_formset.forms:
        entry = form.instance
        if not hasattr(form, "cleaned_data") or entry.pk is None or deleted(entry_formset, form):
            continue
        wanted = form.wants_pick
        blurb = form.cleaned_data.get("pick_blurb", "")
        pick = issue.picks.filter(entry=entry).first()
        if wanted is False:
            if pick is not None:
                pick.delete()
        elif wanted is True and pick is None:
            last = max(issue.picks.values_list("position", flat=True), default=0)
            Pick.objects.create(issue=issue, entry=entry, position=last + 1, blurb=blurb)
        elif pick is not None and "pick_blurb" in form.changed_data:
            pick.blurb = blurb
            pick.save()


def forget_kept_images(entry_formset):
    """Once the form is saved: the kept pictures are stored with their entries."""
    for form in entry_formset.forms:
        kept = getattr(form, "kept_image", None)
        if kept is not None:
            image = form.cleaned_data.get("image") if hasattr(form, "cleaned_data") else None
            if hasattr(image, "close"):
                image.close()
            kept[0].unlink(missing_ok=True)


def keep_chosen_images(entry_formset, user):
    """Before the form goes back with errors: keep each picture chosen in a row (and not
    refused itself) so that the editor need not choose it again."""
    data = None
    for form in entry_formset.forms:
        upload = form.files.get(form.add_prefix("image"))
        if not upload or form.errors.get("image"):
            continue
        if data is None:
            data = entry_formset.data.copy()
        data[form.add_prefix("staged_image")] = stage_image(upload, user)
        form.fields["staged_image"].widget.file_name = _file_name(upload)
    if data is not None:
        entry_formset.data = data
        for form in entry_formset.forms:
            form.data = data


# --- The list of errors at the top of the form -------------------------------------------------


def error_summary(form, inline_admin_formsets):
    """[(link, text)] naming each faulty field of the issue and each faulty inline row."""
    items = []
    for name, errors in form.errors.items():
        if name == "__all__" or name not in form.fields:
            continue
        label = form.fields[name].label or name
        items.append((f"#id_{name}", f"{label}: {' '.join(errors)}"))
    for inline in inline_admin_formsets:
        formset = inline.formset
        noun = formset.model._meta.verbose_name
        for problem in formset.non_form_errors():
            items.append((f"#{formset.prefix}-group", str(problem)))
        for index, row in enumerate(formset.forms):
            if not row.errors:
                continue
            title = row.data.get(row.add_prefix("headline")) if row.is_bound else ""
            what = format_html(
                "{} {}{}",
                str(noun).capitalize(),
                index + 1,
                f" “{title}”" if title else "",
            )
            messages = [
                f"{row.fields[name].label if name in row.fields else ''}: {' '.join(errors)}"
                if name != "__all__"
                else " ".join(errors)
                for name, errors in row.errors.items()
            ]
            items.append((f"#{formset.prefix}-{index}", f"{what}: {'; '.join(messages)}"))
    return items
