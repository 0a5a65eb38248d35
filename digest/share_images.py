"""The picture a link preview shows for an issue: its title, the week it covers and the
editor's picks, drawn with Pillow into a 1200×630 PNG (the size social sites ask for).

Each picture is stored in the media folder under a name made from what it shows, so a changed
title or pick gets a new file and a page can never point to a picture of other content
(`Issue.refresh_share_image`). Chinese needs a font with CJK glyphs: the font named by
DIGEST_SHARE_IMAGE_FONT, else the one fontconfig picks for Chinese (`fc-match`), else a few
well-known locations; without one, pictures of Chinese text are not drawn at all (a page then
shares its cover, first figure or the site's picture) rather than drawn as empty boxes.
"""

import functools
import hashlib
import io
import logging
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont

from .languages import HAN_CHARACTER

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
FOLDER = "share"
# Raised whenever the drawing changes, so that every picture is drawn again.
DESIGN = 1
COLOURS = {"text": "#1f2933", "muted": "#52606d", "accent": "#0b5cad", "pick": "#fff8e1"}
PICKS_SHOWN = 3
INDENT = 36  # of a pick's text after its bullet
# Fonts with Chinese glyphs where Debian, Fedora, Arch and macOS install them.
KNOWN_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
)


def name_for(issue, words):
    """The storage name of the picture of `issue` showing `words`."""
    shown = "\n".join([str(DESIGN), settings.DIGEST_SITE_NAME, *words])
    digest = hashlib.sha256(shown.encode()).hexdigest()[:16]
    return f"{FOLDER}/{issue.year}-w{issue.week:02d}-{digest}.png"


def draw(title, coverage, picks_heading, picks):
    """The picture as PNG bytes, or None when no font can write its text."""
    words = [settings.DIGEST_SITE_NAME, title, coverage, picks_heading, *picks]
    fonts = Fonts.for_text(" ".join(words))
    if fonts is None:
        return None
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, WIDTH, 12), fill=COLOURS["accent"])
    site_font = fonts.size(32)
    canvas.text((MARGIN, 52), settings.DIGEST_SITE_NAME, font=site_font, fill=COLOURS["accent"])
    y = 104
    title_font = fonts.size(64)
    for line in wrap(title, title_font, WIDTH - 2 * MARGIN, lines=2):
        canvas.text((MARGIN, y), line, font=title_font, fill=COLOURS["text"])
        y += 80
    canvas.text((MARGIN, y + 12), coverage, font=fonts.size(32), fill=COLOURS["muted"])
    y += 84
    if picks:
        bottom = HEIGHT - 40
        canvas.rounded_rectangle(
            (MARGIN - 24, y, WIDTH - MARGIN + 24, bottom), radius=16, fill=COLOURS["pick"]
        )
        y += 24
        canvas.text((MARGIN, y), picks_heading, font=fonts.size(28), fill=COLOURS["muted"])
        y += 52
        pick_font, line_height = fonts.size(34), 48
        for pick in picks[:PICKS_SHOWN]:
            room = (bottom - 16 - y) // line_height
            if room < 1:
                break
            canvas.text((MARGIN, y), "•", font=pick_font, fill=COLOURS["accent"])
            for line in wrap(pick, pick_font, WIDTH - 2 * MARGIN - INDENT, lines=min(2, room)):
                canvas.text((MARGIN + INDENT, y), line, font=pick_font, fill=COLOURS["text"])
                y += line_height
            y += 8
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# A Latin word (kept whole when wrapping), a space, or any other single character (a CJK
# character may start a new line anywhere).
TOKEN = re.compile(r"[0-9A-Za-z\u00c0-\u024f'’.,:;!?()\-]+|\s+|.")
# Punctuation that may not begin a line; it stays at the end of the line before.
NO_LINE_START = set("，。、；：？！）」』”’》〉】…,.;:?!)")


def wrap(text, font, width, lines):
    """`text` broken into at most `lines` lines of at most `width` pixels; the last one ends
    with "…" when the text goes on."""
    result, line = [], ""
    for token in TOKEN.findall(text):
        fits = font.getlength(line + token) <= width
        if fits or not line or token in NO_LINE_START:
            line += token
            continue
        result.append(line.rstrip())
        line = token.lstrip()
        if len(result) == lines:
            break
    else:
        result.append(line.rstrip())
        return [one for one in result if one]
    last = result[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    result[-1] = last.rstrip() + "…"
    return result


class Fonts:
    """One typeface at the sizes a picture uses."""

    def __init__(self, path=None, index=0):
        self.path, self.index = path, index

    @classmethod
    def for_text(cls, text):
        """Fonts that can write `text`: a CJK font when one is found; else Pillow's own font,
        which has Latin letters only, or None when the text has Chinese characters."""
        found = find_cjk_font()
        if found:
            return cls(*found)
        if HAN_CHARACTER.search(text):
            logger.warning(
                "No font with Chinese characters was found (set DIGEST_SHARE_IMAGE_FONT, or "
                "install fonts-noto-cjk): share images of Chinese issues are not drawn."
            )
            return None
        return cls()

    def size(self, points):
        return _font(self.path, self.index, points)


@functools.lru_cache(maxsize=32)
def _font(path, index, points):
    if path is None:
        return ImageFont.load_default(points)
    return ImageFont.truetype(path, points, index=index)


@functools.lru_cache(maxsize=1)
def find_cjk_font():
    """(path, face index) of a bold-ish font with Simplified Chinese glyphs, or None."""
    configured = settings.DIGEST_SHARE_IMAGE_FONT
    candidates = [(configured, None)] if configured else []
    candidates += _fontconfig_choices()
    candidates += [(path, None) for path in KNOWN_FONTS]
    for path, index in candidates:
        if path and Path(path).is_file():
            face = index if index is not None else _simplified_chinese_face(path)
            if face is not None and _draws_chinese(path, face):
                return path, face
    return None


def _fontconfig_choices():
    """The fonts fontconfig picks for Simplified Chinese, bold first, as (path, index)."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return []
    choices = []
    for pattern in ("sans-serif:lang=zh-cn:weight=bold", "sans-serif:lang=zh-cn"):
        try:
            found = subprocess.run(  # noqa: S603 (a fixed program and pattern)
                [fc_match, "--format=%{file}\t%{index}", pattern],
                capture_output=True,
                text=True,
                timeout=5,
                check=True,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        path, _, index = found.partition("\t")
        choices.append((path, int(index) if index.isdigit() else 0))
    return choices


def _simplified_chinese_face(path):
    """The index of the Simplified Chinese face of a font collection, else its first face."""
    for index in range(16):
        try:
            family, _style = ImageFont.truetype(path, 12, index=index).getname()
        except OSError:
            break
        if family and family.endswith(" SC"):
            return index
    return 0


def _draws_chinese(path, index):
    """True when the font has glyphs for Chinese characters (two distinct characters would
    come out as the same empty box otherwise)."""
    try:
        font = ImageFont.truetype(path, 24, index=index)
    except OSError:
        return False
    drawn = []
    for character in "中文":
        image = Image.new("L", (32, 32))
        ImageDraw.Draw(image).text((2, 0), character, font=font, fill=255)
        drawn.append(image.tobytes())
    return any(drawn[0]) and drawn[0] != drawn[1]
