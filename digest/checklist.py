"""The pre-publish checklist: what to look at before an issue goes to review or to readers.

`Issue.checklist()` lists an issue's problems. Most are warnings an editor may go past; a
problem that would break the reader's page (an image file that is gone: a broken image)
blocks scheduling and publishing (`Issue.check_transition`). The admin shows the list on the
issue page and before submit, schedule and publish; the admin home lists issues that have
problems.
"""

import html
import re
import statistics
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .link_metadata import source_key
from .models import Entry, Issue

# How many earlier issues count as "recent": for repeated sources and the usual number of picks.
RECENT_ISSUES = 8
# The usual number of picks when there is no recent issue to compare with.
USUAL_PICKS = 3
# A summary is a few sentences; longer ones are probably an abstract pasted whole.
SUMMARY_MAX_CHARACTERS = 1000
MARKDOWN_IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")


@dataclass(frozen=True)
class Problem:
    """One thing to look at: what it is, where (entries, the cover, ...), whether it blocks."""

    code: str
    message: str
    places: tuple = ()
    blocks: bool = False

    def __str__(self):
        return f"{self.message}: {', '.join(self.places)}" if self.places else self.message


@dataclass(frozen=True)
class Checklist:
    problems: tuple = field(default_factory=tuple)

    @property
    def blocking(self):
        """Problems that would break the reader's page: scheduling and publishing wait."""
        return [problem for problem in self.problems if problem.blocks]

    @property
    def warnings(self):
        return [problem for problem in self.problems if not problem.blocks]

    def __str__(self):
        """The problems in one line, for messages and e-mail."""
        return "; ".join(str(problem) for problem in self.problems)


def check(issue):
    """The `Checklist` of a saved issue as it is in the database now."""
    entries = list(issue.entries.order_by("section__position", "position", "pk"))
    found = [
        _image_files_missing(issue, entries),
        _images_not_uploaded(entries),
        _images_without_description(issue, entries),
        _entries_where(
            entries,
            lambda e: not e.summary.strip(),
            "empty_summary",
            _("Entries without a summary"),
        ),  # fmt: skip
        _entries_where(
            entries, lambda e: not e.source_url, "no_source", _("Entries without a source link")
        ),  # fmt: skip
        _sources_twice(entries),
        _sources_in_recent_issues(issue, entries),
        _fewer_picks_than_usual(issue),
        _long_summaries(entries),
    ]
    return Checklist(tuple(problem for problem in found if problem is not None))


def _quoted(entry):
    return f"“{entry.headline}”"


def _entries_where(entries, condition, code, message, blocks=False):
    places = tuple(_quoted(entry) for entry in entries if condition(entry))
    return Problem(code, message, places, blocks) if places else None


def _image_files_missing(issue, entries):
    places = [_quoted(entry) for entry in entries if _file_missing(entry.image)]
    if _file_missing(issue.cover_image):
        places.insert(0, _("the cover image"))
    if not places:
        return None
    return Problem(
        "image_file_missing",
        _("Image files are missing, so readers would see a broken image"),
        tuple(places),
        blocks=True,
    )


def _file_missing(image):
    return bool(image.name) and not image.storage.exists(image.name)


def _images_not_uploaded(entries):
    places = tuple(
        f"{_quoted(entry)} ({entry.missing_image})"
        for entry in entries
        if entry.missing_image and not entry.image
    )
    if not places:
        return None
    return Problem(
        "missing_image",
        _("Images the imported document named were not uploaded"),
        places,
    )


def _images_without_description(issue, entries):
    places = []
    if issue.cover_image and not issue.cover_alt.strip():
        places.append(_("the cover image"))
    if MARKDOWN_IMAGE_WITHOUT_ALT.search(issue.intro):
        places.append(_("an image in the intro"))
    for entry in entries:
        if entry.image and not entry.image_alt.strip():
            places.append(_quoted(entry))
        if MARKDOWN_IMAGE_WITHOUT_ALT.search(entry.summary):
            places.append(_("%(entry)s (an image in the summary)") % {"entry": _quoted(entry)})
    if not places:
        return None
    return Problem(
        "image_without_description",
        _("Images without a description (alt text) for readers who cannot see them"),
        tuple(places),
    )


def _sources_twice(entries):
    by_source = {}
    for entry in entries:
        if entry.source_url:
            by_source.setdefault(source_key(entry.source_url), []).append(entry)
    places = tuple(
        _("%(entries)s link to %(url)s")
        % {"entries": ", ".join(_quoted(e) for e in same), "url": same[0].source_url}
        for same in by_source.values()
        if len(same) > 1
    )
    if not places:
        return None
    return Problem("duplicate_source", _("The same source is in this issue twice"), places)


def _sources_in_recent_issues(issue, entries):
    recent = Issue.objects.recent_before(issue, RECENT_ISSUES)
    earlier = {}
    for entry in (
        Entry.objects.filter(issue__in=list(recent))
        .exclude(source_url="")
        .select_related("issue")
        .order_by("-issue__year", "-issue__week")
    ):
        earlier.setdefault(source_key(entry.source_url), entry)
    places = []
    for entry in entries:
        before = earlier.get(source_key(entry.source_url)) if entry.source_url else None
        if before is not None:
            places.append(
                _("%(entry)s was in %(issue)s as %(earlier)s")
                % {"entry": _quoted(entry), "issue": before.issue, "earlier": _quoted(before)}
            )
    if not places:
        return None
    return Problem(
        "recent_duplicate",
        _("Sources already in one of the last %(count)d issues") % {"count": RECENT_ISSUES},
        tuple(places),
    )


def _fewer_picks_than_usual(issue):
    picks = issue.picks.in_own_issue().count()
    recent = Issue.objects.recent_before(issue, RECENT_ISSUES).annotate(pick_count=Count("picks"))
    counts = [other.pick_count for other in recent]
    usual = statistics.median_low(counts) if counts else USUAL_PICKS
    if picks >= usual:
        return None
    return Problem(
        "few_picks",
        _("Fewer picks than usual"),
        (
            ngettext(
                "%(count)d pick; issues usually have %(usual)d.",
                "%(count)d picks; issues usually have %(usual)d.",
                picks,
            )
            % {"count": picks, "usual": usual},
        ),
    )


def _long_summaries(entries):
    places = []
    for entry in entries:
        length = len(" ".join(html.unescape(strip_tags(entry.summary_html)).split()))
        if length > SUMMARY_MAX_CHARACTERS:
            places.append(
                _("%(entry)s: %(count)d characters") % {"entry": _quoted(entry), "count": length}
            )
    if not places:
        return None
    return Problem(
        "long_summary",
        _("Summaries longer than %(limit)d characters") % {"limit": SUMMARY_MAX_CHARACTERS},
        tuple(places),
    )
