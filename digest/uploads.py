"""Uploaded images: only raster pictures, within limits, re-encoded, stored under generated names.

An upload must open in Pillow as JPEG, PNG, WebP or GIF and stay under the size and pixel
limits. It is then decoded and written again by Pillow in the same format: only the pixels
(every frame of an animation, with its timing) and the orientation survive. Whatever else the
file carried — metadata, comments, camera and location data, bytes after the picture, markup
of a "polyglot" that is both a picture and a page — is gone. The stored file is named by a
random UUID with the extension of its format, never by the name the browser sent.
"""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Pillow's errors for a file it cannot read as a picture (broken, truncated, too big to open).
UNREADABLE = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    Image.DecompressionBombError,
)
SAVE_OPTIONS = {
    "JPEG": {"quality": 90},
    "PNG": {},
    "WEBP": {"quality": 90},
    "GIF": {},
}


def not_an_image():
    return ValidationError(
        _("This file is not an image that can be shown: upload a JPEG, PNG, WebP or GIF."),
        code="not_an_image",
    )


def _opened(file):
    """The picture in `file`, opened but not decoded, after every check that needs no
    decoding: file size, format and number of pixels (of all frames together)."""
    if file.size is not None and file.size > settings.DIGEST_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The image is larger than %(limit)s MB.")
            % {"limit": f"{settings.DIGEST_UPLOAD_MAX_BYTES / (1024 * 1024):g}"},
            code="too_large",
        )
    file.seek(0)
    data = file.read(settings.DIGEST_UPLOAD_MAX_BYTES + 1)
    file.seek(0)
    if len(data) > settings.DIGEST_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The image is larger than %(limit)s MB.")
            % {"limit": f"{settings.DIGEST_UPLOAD_MAX_BYTES / (1024 * 1024):g}"},
            code="too_large",
        )
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        frames = getattr(image, "n_frames", 1)
    except UNREADABLE:
        raise not_an_image() from None
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted: upload a JPEG, PNG, WebP or GIF.")
            % {"format": image.format},
            code="format",
        )
    if width * height * frames > settings.DIGEST_UPLOAD_MAX_PIXELS:
        if frames == 1:
            message = _("The image has too many pixels (%(width)d × %(height)d).")
        else:
            message = _(
                "The animation has too many pixels (%(frames)d frames of %(width)d × %(height)d)."
            )
        raise ValidationError(
            message % {"width": width, "height": height, "frames": frames},
            code="too_many_pixels",
        )
    return image


def _plain_copy(frame):
    """A new image holding only `frame`'s pixels: no metadata, palette tricks or comments."""
    mode = "RGBA" if frame.has_transparency_data else "RGB"
    if frame.mode in ("1", "L", "I", "I;16", "F") and not frame.has_transparency_data:
        mode = "L"
    converted = frame.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _decoded_frames(image):
    """[(plain frame, duration in ms or None)], decoded; a still picture turned upright."""
    if getattr(image, "n_frames", 1) == 1:
        return [(_plain_copy(ImageOps.exif_transpose(image)), None)]
    frames = []
    for index in range(image.n_frames):
        image.seek(index)
        frames.append((_plain_copy(image), image.info.get("duration")))
    return frames


def reencoded_image(file):
    """The picture in `file` decoded and written again in its own format, as a ContentFile
    named "image.<extension>"; raises ValidationError saying why a file is not accepted."""
    image = _opened(file)
    image_format = image.format
    loop = image.info.get("loop")
    try:
        frames = _decoded_frames(image)
    except UNREADABLE:
        raise not_an_image() from None
    finally:
        image.close()
    first, _duration = frames[0]
    if image_format == "JPEG" and first.mode == "RGBA":
        frames = [(frame.convert("RGB"), duration) for frame, duration in frames]
        first = frames[0][0]
    options = dict(SAVE_OPTIONS[image_format])
    if len(frames) > 1:
        options.update(
            save_all=True,
            append_images=[frame for frame, _duration in frames[1:]],
            duration=[duration or 100 for _frame, duration in frames],
        )
        if loop is not None:
            options["loop"] = loop
    buffer = io.BytesIO()
    first.save(buffer, format=image_format, **options)
    return ContentFile(buffer.getvalue(), name=f"image.{ALLOWED_FORMATS[image_format]}")


def image_format(file):
    """The Pillow format name of an uploaded image, or raise ValidationError saying why not.

    Decodes the whole picture, so a broken or truncated file is refused here, not on saving.
    """
    image = _opened(file)
    try:
        image.load()
        for index in range(1, getattr(image, "n_frames", 1)):
            image.seek(index)
            image.load()
    except UNREADABLE:
        raise not_an_image() from None
    finally:
        image.close()
    return image.format


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


class ReencodedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store the re-encoded picture of `content`, never the uploaded bytes themselves."""
        picture = reencoded_image(content)
        super().save(picture.name, picture, save)


class ReencodedImageField(models.ImageField):
    """An image field that accepts pictures by the rules above and stores them re-encoded,
    whichever way they arrive (admin form, import, shell)."""

    attr_class = ReencodedImageFieldFile
    default_validators = [validate_image_upload]


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
    """upload_to callable for an image field: the browser's file name is never used.

    The name given is the re-encoded picture's ("image.png", see `ReencodedImageFieldFile`),
    so its extension is the format of the bytes stored. `field_name` is kept for the
    migrations that name it.
    """

    def __init__(self, folder, field_name):
        self.folder = folder
        self.field_name = field_name

    def __call__(self, instance, filename):
        return generated_name(self.folder, None, filename)

    def __eq__(self, other):
        return isinstance(other, GeneratedImageName) and (other.folder, other.field_name) == (
            self.folder,
            self.field_name,
        )
