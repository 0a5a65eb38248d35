"""Uploaded images: only raster pictures, within limits, stored under generated names.

An upload must open in Pillow as JPEG, PNG, WebP or GIF, stay under the size and pixel limits,
and carry no markup (an SVG, an HTML page or a "polyglot" file that is both a picture and a
page is refused). The stored file is named by a random UUID with the extension of the format
Pillow found, never by the name the browser sent.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Byte sequences that make a browser treat a file as a page or script when sniffing.
MARKUP_SIGNATURES = (
    b"<script",
    b"<html",
    b"<svg",
    b"<!doctype",
    b"<iframe",
    b"<?xml",
    b"<?php",
    b"<body",
    b"javascript:",
    b"onload=",
    b"onerror=",
)


def image_format(file):
    """The Pillow format name of an uploaded image, or raise ValidationError saying why not."""
    if file.size is not None and file.size > settings.DIGEST_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The image is larger than %(limit)s MB.")
            % {"limit": f"{settings.DIGEST_UPLOAD_MAX_BYTES / (1024 * 1024):g}"},
            code="too_large",
        )
    file.seek(0)
    data = file.read()
    file.seek(0)
    lowered = data.lower()
    if any(signature in lowered for signature in MARKUP_SIGNATURES):
        raise ValidationError(
            _("This file contains web page or script code; upload a plain JPEG, PNG, WebP or GIF."),
            code="markup",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not an image that can be shown: upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        ) from None
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted: upload a JPEG, PNG, WebP or GIF.")
            % {"format": image_format},
            code="format",
        )
    if width * height > settings.DIGEST_UPLOAD_MAX_PIXELS:
        raise ValidationError(
            _("The image has too many pixels (%(width)d × %(height)d).")
            % {"width": width, "height": height},
            code="too_many_pixels",
        )
    return image_format


def stored_image_size(field_file):
    """(width, height) in pixels of the image a model's image field holds, or (None, None)
    when it holds none or the file cannot be read (a file missing from the media folder must
    not stop a save)."""
    if not field_file:
        return None, None
    try:
        width, height = field_file.width, field_file.height
    except (OSError, ValueError, SyntaxError):
        return None, None
    return width, height


def validate_image_upload(file):
    """Model-field validator: checks newly uploaded files (stored ones were checked then)."""
    if getattr(file, "_committed", True):
        return
    image_format(file)


def generated_name(folder, file, filename=""):
    """`<folder>/<year>/<uuid>.<extension>`: the extension of the format Pillow finds in the
    file, or (when the file is not at hand) of an allowed `filename`, else "bin"."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    extension = {"jpeg": "jpg"}.get(extension, extension)
    if extension not in ALLOWED_FORMATS.values():
        extension = "bin"
    if file is not None:
        try:
            file.seek(0)
            with Image.open(file) as image:
                extension = ALLOWED_FORMATS.get(image.format, "bin")
            file.seek(0)
        except (UnidentifiedImageError, OSError, ValueError):
            extension = "bin"
    return f"{folder}/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"


@deconstructible
class GeneratedImageName:
    """upload_to callable for an image field: the browser's file name is never used."""

    def __init__(self, folder, field_name):
        self.folder = folder
        self.field_name = field_name

    def __call__(self, instance, filename):
        try:
            file = getattr(instance, self.field_name).file
        except ValueError:  # FieldFile.save(name, content): the content is not attached yet
            file = None
        return generated_name(self.folder, file, filename)

    def __eq__(self, other):
        return isinstance(other, GeneratedImageName) and (other.folder, other.field_name) == (
            self.folder,
            self.field_name,
        )
