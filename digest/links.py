"""Reader URLs that pages build many times over, reversed once.

An issue page links its own address once per entry (anchors, picks) and dozens of tag pages;
reversing each link costs more than the rest of its markup. A URL depends only on the route,
its arguments and the script prefix, so the answers are remembered per script prefix.
"""

import functools

from django.urls import get_script_prefix, reverse


@functools.lru_cache(maxsize=8192)
def _reverse(name, args, script_prefix):
    return reverse(name, args=args)


def cached_reverse(name, *args):
    return _reverse(name, args, get_script_prefix())
