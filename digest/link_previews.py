"""What a page shows when its link is shared or found by a search engine: a title, a line
saying what is on the page, and a picture."""

import datetime
from dataclasses import dataclass

from django.templatetags.static import static
from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

DEFAULT_PICTURE = "digest/img/share-default.png"
DESCRIPTION_LENGTH = 200
NAMED_IN_DESCRIPTION = 3


@dataclass(frozen=True)
class LinkPreview:
    title: str
    description: str
    picture: str  # the picture's address on this site


def issue_picture(issue):
    """The address of the picture an issue is shared with: the editor's cover, else its drawn
    share image, else its first figure, else the site's picture."""
    if issue.cover_image:
        return issue.cover_image.url
    if issue.share_image:
        return issue.share_image.url
    for _section, entries in issue.sections_with_entries():
        for entry in entries:
            if entry.image:
                return entry.image.url
    return static(DEFAULT_PICTURE)


def newest_picture(issues):
    """The drawn picture of the newest of `issues` that has one, else the site's picture."""
    for issue in sorted(issues, key=lambda issue: (issue.year, issue.week), reverse=True):
        if issue.share_image:
            return issue.share_image.url
    return static(DEFAULT_PICTURE)


def _listed(texts):
    return pgettext("separator of a list in a sentence", "; ").join(
        str(text) for text in texts[:NAMED_IN_DESCRIPTION]
    )


def _line(text):
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def for_month(month, issues, picks):
    """A monthly summary: its title, the month's picks, its newest issue's picture."""
    month_name = formats.date_format(datetime.date(month.year, month.month, 1), "YEAR_MONTH_FORMAT")
    if picks:
        description = _("Editor's picks of %(month)s: %(picks)s") % {
            "month": month_name,
            "picks": _listed([pick.text for pick in picks]),
        }
    else:
        description = ngettext(
            "The %(count)d weekly issue of %(month)s, in one page.",
            "The %(count)d weekly issues of %(month)s, in one page.",
            len(issues),
        ) % {"count": len(issues), "month": month_name}
    return LinkPreview(str(month.title), _line(description), newest_picture(issues))


def for_year(year, issues):
    """A year's archive: how many issues it holds and their picture."""
    description = ngettext(
        "%(count)d weekly issue of hand-picked machine-learning papers and articles, "
        "published in %(year)d, month by month.",
        "%(count)d weekly issues of hand-picked machine-learning papers and articles, "
        "published in %(year)d, month by month.",
        len(issues),
    ) % {"count": len(issues), "year": year}
    return LinkPreview(
        _("Issues of %(year)s") % {"year": year}, _line(description), newest_picture(issues)
    )


def for_tag(tag, page):
    """A tag's page: how many entries carry the tag, the newest ones, their issue's picture."""
    entries = list(page.object_list)
    description = ngettext(
        "%(count)d entry tagged “%(tag)s”: %(headlines)s",
        "%(count)d entries tagged “%(tag)s”, newest first: %(headlines)s",
        page.paginator.count,
    ) % {
        "count": page.paginator.count,
        "tag": tag.name,
        "headlines": _listed([entry.headline for entry in entries]),
    }
    return LinkPreview(
        _("Tag: %(name)s") % {"name": tag.name},
        _line(description),
        newest_picture([entry.issue for entry in entries]),
    )
