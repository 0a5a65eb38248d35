"""Hostile and harmless files for the upload tests, built in memory.

Every hostile file is one a browser could be tricked into running as a page or script, one
the site does not accept (formats outside the allow-list), or one that is too big to handle.
"""

import io
import random
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


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


def hostile_files():
    """{case: (file name, content type, bytes)} of every file the site must refuse."""
    png = picture("PNG")
    return {
        "svg-script": ("drawing.svg", "image/svg+xml", SVG_WITH_SCRIPT),
        "svg-onload": ("drawing.svg", "image/svg+xml", SVG_WITH_ONLOAD),
        "svg-javascript-href": ("drawing.svg", "image/svg+xml", SVG_WITH_JAVASCRIPT_LINK),
        "svg-named-png": ("drawing.png", "image/png", SVG_WITH_ONLOAD),
        "html-named-png": ("page.png", "image/png", HTML_PAGE),
        "png-html-polyglot": ("figure.png", "image/png", png + b"\n" + HTML_PAGE),
        "png-script-polyglot": ("figure.png", "image/png", png + b"<script>alert(1)</script>"),
        "gif-comment-script": (
            "anim.gif",
            "image/gif",
            picture("GIF", comment=b"<script>alert(1)</script>"),
        ),
        "text-as-png": ("figure.png", "image/png", b"Just some words, not a picture at all.\n"),
        "bmp": ("figure.bmp", "image/bmp", picture("BMP")),
        "bmp-named-png": ("figure.png", "image/png", picture("BMP")),
        "tiff": ("figure.tiff", "image/tiff", picture("TIFF")),
        "tiff-named-jpg": ("figure.jpg", "image/jpeg", picture("TIFF")),
        "decompression-bomb": ("bomb.png", "image/png", decompression_bomb_png()),
        "truncated-png": ("figure.png", "image/png", noise_png((64, 64))[:6000]),
    }


def upload(name, content_type, data):
    return SimpleUploadedFile(name, data, content_type=content_type)


ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
