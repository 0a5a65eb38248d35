"""Hostile and harmless files for the upload tests, built in memory.

Every hostile file is one a browser could be tricked into running as a page or script, one
the site does not accept (formats outside the allow-list), or one that is too big to handle.
"""

import io
import random
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin


def picture(fmt, size=(8, 8), color=(200, 30, 30), **save_options):
    """The bytes of a small, plain picture in Pillow format `fmt`."""
    buffer = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    Image.new(mode, size, color if mode == "RGB" else 1).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def noise_png(size):
    """A PNG that does not compress: random pixels (seeded, so the same bytes every run)."""
    width, height = size
    pixels = random.Random(width * 100_003 + height).randbytes(width * height * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb_png(side=100_000):
    """A few hundred bytes claiming `side` × `side` pixels: opening it in full would need
    gigabytes of memory."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * (side // 8 + 1) * 64)  # the first rows only
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
SVG_WITH_ONLOAD = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
    b'<rect width="10" height="10"/></svg>'
)
SVG_WITH_JAVASCRIPT_LINK = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    b'<a xlink:href="javascript:alert(1)"><text x="1" y="9">click</text></a></svg>'
)
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


PDF_DOCUMENT = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> "
    b">> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def hostile_files():
    """{case: (file name, content type, bytes)} of every file the site must refuse: not a
    picture at all, a format outside the allow-list, broken, or too big to open."""
    return {
        "svg-script": ("drawing.svg", "image/svg+xml", SVG_WITH_SCRIPT),
        "svg-onload": ("drawing.svg", "image/svg+xml", SVG_WITH_ONLOAD),
        "svg-javascript-href": ("drawing.svg", "image/svg+xml", SVG_WITH_JAVASCRIPT_LINK),
        "svg-named-png": ("drawing.png", "image/png", SVG_WITH_ONLOAD),
        "html-named-png": ("page.png", "image/png", HTML_PAGE),
        "pdf": ("paper.pdf", "application/pdf", PDF_DOCUMENT),
        "pdf-named-png": ("paper.png", "image/png", PDF_DOCUMENT),
        "text-as-png": ("figure.png", "image/png", b"Just some words, not a picture at all.\n"),
        "bmp": ("figure.bmp", "image/bmp", picture("BMP")),
        "bmp-named-png": ("figure.png", "image/png", picture("BMP")),
        "tiff": ("figure.tiff", "image/tiff", picture("TIFF")),
        "tiff-named-jpg": ("figure.jpg", "image/jpeg", picture("TIFF")),
        "decompression-bomb": ("bomb.png", "image/png", decompression_bomb_png()),
        "truncated-png": ("figure.png", "image/png", noise_png((64, 64))[:6000]),
    }


def _png_with_text(key, text):
    """A plain PNG carrying `text` in a tEXt chunk (metadata browsers never show)."""
    info = PngImagePlugin.PngInfo()
    info.add_text(key, text)
    return picture("PNG", pnginfo=info)


def _jpeg_with_metadata(markup):
    """A JPEG with `markup` in its comment and in EXIF (description, GPS position)."""
    exif = Image.Exif()
    exif[0x010E] = markup.decode()  # ImageDescription
    exif[0x8825] = {1: "N", 2: (35.0, 39.0, 29.0), 3: "E", 4: (139.0, 44.0, 28.0)}  # GPS
    return picture("JPEG", exif=exif, comment=markup)


# Markup a browser would run if it ever read the file as a page, in the forms a byte-string
# scan misses: other elements, entity-encoded, UTF-16.
PICTURE_PAYLOADS = {
    "img-onerror": b"<img src=x onerror=alert(document.cookie)>",
    "object": b'<object data="https://evil.example/x.swf"></object>',
    "meta-refresh": b'<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "entity-iframe": b"&lt;iframe src=https://evil.example/&gt;",
    "utf16-script": "<script>alert(1)</script>".encode("utf-16-le"),
    "script": b"<script>alert(1)</script>",
    "html-page": HTML_PAGE,
}


def disguised_pictures():
    """{case: (file name, content type, bytes, payload)}: real pictures carrying markup in
    their metadata or after their end. They are accepted, and stored without the markup."""
    png, payload = picture("PNG"), PICTURE_PAYLOADS
    cases = {
        "png-text-img-onerror": (
            "PNG",
            _png_with_text("Comment", payload["img-onerror"].decode()),
            payload["img-onerror"],
        ),
        "png-text-object": (
            "PNG",
            _png_with_text("Title", payload["object"].decode()),
            payload["object"],
        ),
        "png-meta-refresh-appended": (
            "PNG",
            png + payload["meta-refresh"],
            payload["meta-refresh"],
        ),
        "png-entity-iframe-appended": (
            "PNG",
            png + payload["entity-iframe"],
            payload["entity-iframe"],
        ),
        "png-utf16-script-appended": (
            "PNG",
            png + payload["utf16-script"],
            payload["utf16-script"],
        ),
        "png-html-polyglot": ("PNG", png + b"\n" + HTML_PAGE, HTML_PAGE),
        "gif-comment-script": (
            "GIF",
            picture("GIF", comment=payload["script"]),
            payload["script"],
        ),
        "jpeg-exif-and-comment": (
            "JPEG",
            _jpeg_with_metadata(payload["img-onerror"]),
            payload["img-onerror"],
        ),
        "webp-xmp": ("WEBP", picture("WEBP", xmp=payload["script"]), payload["script"]),
    }
    return {
        case: (f"figure.{ACCEPTED_FORMATS[fmt]}", CONTENT_TYPES[fmt], data, markup)
        for case, (fmt, data, markup) in cases.items()
    }


def pixels(data):
    """The RGBA pixels of a picture's first frame, to compare pictures by what they show."""
    with Image.open(io.BytesIO(data)) as image:
        return image.convert("RGBA").tobytes(), image.size


def upload(name, content_type, data):
    return SimpleUploadedFile(name, data, content_type=content_type)


ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
