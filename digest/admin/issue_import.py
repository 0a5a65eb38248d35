"""The admin's Markdown import page for issues, and the action exporting issues as Markdown.

Importing takes two steps: the upload shows what would be created, or what would change in
the week's existing issue (the dry run), then a confirmation writes it. Replacing keeps the
issue's identity, status and dates, and is offered only to those who may edit the issue.
Between the steps the upload waits in a temporary folder that only a signed token names, so
the images need not be chosen twice; the token also holds the version of the issue the
summary was made from, so a confirmation never applies to an issue that changed since. Only the
document and the pictures its entries use (checked as uploads are) wait there, in a folder of
the user's own, bounded in size (`DIGEST_IMPORT_STAGING_MAX_BYTES` a user: staging a new upload
removes the user's older ones beyond it) and removed after confirmation or `STAGING_MAX_AGE`.
"""

import io
import re
import shutil
import tempfile
import time
import uuid
import zipfile
from pathlib import Path, PurePosixPath

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions
from ..issue_format import (
    ExistingIssue,
    ImportPlan,
    ImportProblem,
    import_document,
    parse_document,
    read_document,
)
from ..issue_format import export_markdown as issue_markdown

DOCUMENT_SUFFIXES = {".md", ".markdown", ".txt"}
STAGING_SALT = "digest.admin-import"
# An issue's Markdown is some tens of kilobytes; a larger file is not an issue document.
DOCUMENT_MAX_BYTES = 1024 * 1024
STAGING_MAX_AGE = 2 * 60 * 60  # seconds an upload waits for its confirmation
TEMPLATE = "admin/digest/issue/import.html"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, list | tuple):
            return [clean_one(item, initial) for item in data]
        return [clean_one(data, initial)] if data else []


class ImportForm(forms.Form):
    document = forms.FileField(
        label=gettext_lazy("Markdown file"),
        help_text=gettext_lazy(
            'One issue in the digest\'s Markdown format: "# Week 47, 2020" or '
            '"# 2020 年第 47 周", then numbered sections of entries.'
        ),
    )
    images = MultipleFileField(
        label=gettext_lazy("Images"),
        required=False,
        help_text=gettext_lazy("The picture files its ![](img/…) lines refer to (optional)."),
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        if Path(document.name).suffix.lower() not in DOCUMENT_SUFFIXES:
            raise forms.ValidationError(_("Choose a Markdown file (.md)."))
        if document.size > DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(limit)s MB: it is not one issue's Markdown.")
                % {"limit": f"{DOCUMENT_MAX_BYTES / (1024 * 1024):g}"}
            )
        return document


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


def import_view(model_admin, request):
    """Upload → dry-run summary → confirmation, which creates the draft issue or updates the
    week's existing issue in place."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import from Markdown"),
    }
    _remove_stale(_staging_root())
    if request.method == "POST" and "token" in request.POST:
        return _confirm(model_admin, request, context)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document, images = form.cleaned_data["document"], form.cleaned_data["images"]
        try:
            parsed = parse_document(read_document(document.read(), document.name), document.name)
            plan = ImportPlan(
                parsed,
                replace=True,
                images={_file_name(image): image for image in images},
                user=request.user,
            )
            may_write = plan.existing is None or permissions.may_edit(request.user, plan.existing)
            token = _stage(document, plan, request.user) if may_write else None
        except ImportProblem as problem:
            form.add_error("document", str(problem))
        else:
            if may_write:
                context.update(plan=plan, confirm_form=ConfirmForm(initial={"token": token}))
                return TemplateResponse(request, TEMPLATE, context)
            form.add_error(
                "document",
                _("%(file)s: %(issue)s already exists and is %(status)s; you may not change it.")
                % {
                    "file": parsed.source_name,
                    "issue": plan.existing,
                    "status": plan.existing.get_status_display().lower(),
                },
            )
    return TemplateResponse(request, TEMPLATE, {**context, "form": form})


def _confirm(model_admin, request, context):
    form = ConfirmForm(request.POST)
    staged = _staged(form.cleaned_data["token"], request.user) if form.is_valid() else None
    if staged is None:
        messages.error(request, _("The upload has expired or is unknown; upload the file again."))
        return redirect("admin:digest_issue_import")
    folder, name, version = staged
    try:
        parsed = parse_document(read_document((folder / "document").read_bytes(), name), name)
        result = import_document(
            parsed,
            replace=version is not None,
            expected_version=version,
            media_dir=folder / "images",
            user=request.user,
        )
    except ImportProblem as problem:
        messages.error(
            request,
            _existing_message(problem) if isinstance(problem, ExistingIssue) else str(problem),
        )
        return redirect("admin:digest_issue_import")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    issue = result.issue
    if result.replaced:
        message = _("Updated from %(file)s: %(changes)s") % {
            "file": name,
            "changes": "; ".join(result.changes) or _("no changes"),
        }
        LogEntry.objects.log_actions(
            request.user.pk, [issue], CHANGE, change_message=message, single_object=True
        )
        messages.success(
            request,
            _("%(issue)s updated from %(file)s; it is still %(status)s. %(changes)s")
            % {
                "issue": issue,
                "file": name,
                "status": issue.get_status_display().lower(),
                "changes": "; ".join(result.changes) or _("Nothing changed."),
            },
        )
    else:
        LogEntry.objects.log_actions(
            request.user.pk,
            [issue],
            ADDITION,
            change_message=_("Imported from %(file)s") % {"file": name},
            single_object=True,
        )
        messages.success(
            request,
            _("Draft %(issue)s created from %(file)s: %(entries)d entries, %(picks)d picks.")
            % {
                "issue": issue,
                "file": name,
                "entries": result.entry_count,
                "picks": result.pick_count,
            },
        )
    if result.missing_images:
        messages.warning(
            request,
            _("Images not found (noted on their entries): %(names)s")
            % {"names": ", ".join(result.missing_images)},
        )
    for warning in result.warnings:
        messages.warning(request, warning)
    return redirect("admin:digest_issue_change", issue.pk)


def _existing_message(problem):
    return _(
        "%(file)s: %(issue)s was created by someone else meanwhile. Upload the file again to "
        "see what replacing it would change."
    ) % {"file": problem.source, "issue": problem.issue}


# --- The upload waiting for its confirmation ---------------------------------------------------


def _staging_root():
    return Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir()) / "digest-import"


def _file_name(upload):
    return PurePosixPath(upload.name.replace("\\", "/")).name


def _user_folder(user):
    return _staging_root() / str(user.pk)


def _stage(document, plan, user):
    """Keep the document and the pictures the plan uses in a fresh folder of the user's;
    returns the signed token naming it and the version of the issue it would replace. Raises
    ImportProblem when they are too large."""
    pictures = {_file_name(found): found for found in plan.images.values()}
    size = document.size + sum(picture.size for picture in pictures.values())
    limit = settings.DIGEST_IMPORT_STAGING_MAX_BYTES
    if size > limit:
        raise ImportProblem(
            _(
                "the document and its pictures (%(size)s MB) are more than the %(limit)s MB an "
                "import may hold: import fewer or smaller pictures, and add the others later"
            )
            % {"size": f"{size / (1024 * 1024):.1f}", "limit": f"{limit / (1024 * 1024):g}"},
            source=plan.parsed.source_name,
        )
    _make_room(_user_folder(user), limit - size)
    key = uuid.uuid4().hex
    folder = _user_folder(user) / key
    (folder / "images").mkdir(parents=True)
    document.seek(0)
    (folder / "document").write_bytes(document.read())
    for name, picture in pictures.items():
        if name in {"", ".", ".."}:
            continue
        picture.seek(0)
        with (folder / "images" / name).open("wb") as copy:
            for chunk in picture.chunks():
                copy.write(chunk)
    version = plan.existing.version if plan.existing is not None else None
    return signing.dumps(
        {"key": key, "name": _file_name(document), "version": version}, salt=STAGING_SALT
    )


def _make_room(user_folder, room):
    """Remove the user's oldest staged uploads until the others take at most `room` bytes."""
    if not user_folder.is_dir():
        return
    staged = sorted(
        (folder for folder in user_folder.iterdir() if folder.is_dir()),
        key=lambda folder: folder.stat().st_mtime,
        reverse=True,
    )
    kept = 0
    for folder in staged:
        kept += sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
        if kept > room:
            shutil.rmtree(folder, ignore_errors=True)


def _staged(token, user):
    """(folder, file name, version of the issue it replaces or None) of an upload `user`
    staged, or None when the token is forged, expired or someone else's."""
    try:
        data = signing.loads(token, salt=STAGING_SALT, max_age=STAGING_MAX_AGE)
    except signing.BadSignature:
        return None
    if not re.fullmatch(r"[0-9a-f]{32}", str(data.get("key", ""))):
        return None
    folder = _user_folder(user) / data["key"]
    if not (folder / "document").is_file():
        return None
    version = data.get("version")
    return folder, data.get("name") or "document.md", version if isinstance(version, int) else None


def _remove_stale(root):
    """Uploads never confirmed are removed once their token has expired."""
    if not root.is_dir():
        return
    limit = time.time() - STAGING_MAX_AGE
    for user_folder in root.iterdir():
        if not user_folder.is_dir():
            continue
        # <user>/<upload>/, or an upload staged directly under the root by earlier versions.
        uploads = user_folder.iterdir() if user_folder.name.isdigit() else [user_folder]
        for folder in uploads:
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)


# --- Export action -----------------------------------------------------------------------------


def _export_name(issue):
    return f"digest-{issue.year}-w{issue.week:02d}.md"


@admin.action(description=gettext_lazy("Export as Markdown"), permissions=["view"])
def export_markdown(model_admin, request, queryset):
    """Download the selected issues: one .md file, or a .zip of them for several."""
    issues = list(queryset.order_by("year", "week"))
    if len(issues) == 1:
        return HttpResponse(
            issue_markdown(issues[0]),
            content_type="text/markdown; charset=utf-8",
            headers={
                "Content-Disposition": content_disposition_header(True, _export_name(issues[0]))
            },
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for issue in issues:
            archive.writestr(_export_name(issue), issue_markdown(issue))
    return HttpResponse(
        buffer.getvalue(),
        content_type="application/zip",
        headers={"Content-Disposition": content_disposition_header(True, "digest-issues.zip")},
    )
