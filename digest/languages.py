"""Content languages: which of the site's two languages a text is written in.

The digest's content is mixed: editors write headlines, summaries and picks in one language
(Chinese in the sample), while original titles and link cards keep their source's language
(mostly English). So the language is told from each text itself rather than from a setting or
a field an editor could forget: a text is Chinese when its Chinese characters outnumber its
Latin words, English when it has Latin words, and of no language (numbers, punctuation, a URL
fragment) otherwise. Languages are named by BCP 47 tags ("zh-Hans", "en"), the form `lang`
attributes, Atom's ``xml:lang`` and RSS's ``<language>`` expect.
"""

import re

from django.conf import settings
from django.utils.translation import get_language, to_locale

CHINESE = "zh-Hans"
ENGLISH = "en"

# CJK ideographs (unified, extension A, compatibility) and the ideographic iteration marks.
HAN_CHARACTER = re.compile(r"[\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A word in Latin letters, with the digits, hyphens and dots of names like "U-Net", "GPT-3".
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][0-9A-Za-z\u00c0-\u024f'’.\-]*")
# The start of a text tells its language; long summaries need not be read to the end.
SAMPLE = 300


def language_of(text):
    """The BCP 47 tag of the language `text` is written in, or None if it has no words."""
    sample = str(text or "")[:SAMPLE]
    han = len(HAN_CHARACTER.findall(sample))
    if han and han >= len(LATIN_WORD.findall(sample)):
        return CHINESE
    if LATIN_WORD.search(sample):
        return ENGLISH
    return None


def bcp47(code):
    """A Django language code as a BCP 47 tag: "zh-hans" → "zh-Hans", "en" → "en"."""
    return to_locale(code).replace("_", "-")


def django_language(tag):
    """The site language (a code of settings.LANGUAGES) a BCP 47 tag stands for."""
    return tag.lower()


def site_language():
    """The site's default language as a BCP 47 tag: the language of texts that have none."""
    return bcp47(settings.LANGUAGE_CODE)


def differs_from_page(tag):
    """True when content in language `tag` needs its own `lang` inside the page being built."""
    return bool(tag) and tag.lower() != (get_language() or settings.LANGUAGE_CODE).lower()
