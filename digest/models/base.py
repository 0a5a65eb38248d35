"""What every content model stands on: the case-folded form of text that search looks in
(`search_text`), the default titles of issues and monthly summaries, `Month` (a month of the
archive), `CleanTextModel` (the base of every content model: no control characters, derived
fields filled on every save) and `ContentQuerySet` (bulk writes reach the HTTP cache too;
pages of rows in two queries)."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count, Window
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import weeks
from ..text import without_control_characters


def search_text(*parts):
    """Searchable form of some text: case-folded, whitespace collapsed."""
    return " ".join(" ".join(part for part in parts if part).casefold().split())


def issue_title(year, week):
    """The default, localized title of an issue: "Week 47, 2020" / "2020 年第 47 周"."""
    return _("Week %(week)d, %(year)d") % {"year": year, "week": week}


def month_title(year, month):
    """The localized title of a monthly summary: "November 2020 summary" / "2020 年 11 月汇总"."""
    return _("%(month_name)s %(year)d summary") % {
        "year": year,
        "month": month,
        "month_name": MONTH_NAMES[month],
    }


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month of the archive; its page is the monthly summary."""

    year: int
    month: int

    def __str__(self):
        return str(self.title)

    @property
    def title(self):
        return month_title(self.year, self.month)

    @property
    def name(self):
        return MONTH_NAMES[self.month]

    def weeks(self):
        """The (year, week) of each ISO week belonging to this month, in order."""
        return [(self.year, week) for week in weeks.weeks_of_month(self.year, self.month)]

    def get_absolute_url(self):
        return reverse("digest:month-summary", kwargs={"year": self.year, "month": self.month})


class CleanTextModel(models.Model):
    """A model whose text never holds control characters, however it is saved (admin,
    import, shell): `save()` removes them (digest.text), then fills the derived fields."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for field in self._meta.concrete_fields:
            # Fields editors fill in; the derived ones are made from these below.
            if field.editable and isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                setattr(self, field.attname, without_control_characters(value))
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def fill_derived_fields(self):
        """Fields computed from the others (rendered HTML, search text), on every save."""


MONTH_NAMES = {
    1: _("January"), 2: _("February"), 3: _("March"), 4: _("April"), 5: _("May"),
    6: _("June"), 7: _("July"), 8: _("August"), 9: _("September"), 10: _("October"),
    11: _("November"), 12: _("December"),
}  # fmt: skip


# Pages beyond any archive, and beyond what a database offset can hold, are empty.
MAX_PAGE_NUMBER = 10**6


class ContentQuerySet(models.QuerySet):
    """Writes that send no signal still reach the HTTP cache in front of the site (digest.cdn);
    the page cache itself needs nothing: database triggers see every write."""

    def page(self, number, per_page, *, one_scan=False):
        """Page `number` (from 1) of these rows, as `Paginator.page` gives it: one query finds
        the page's rows in order reading only their ids, a second reads those rows. (Sorting
        whole rows of every match cost several times as much on a grown archive.) The total
        comes from a COUNT query, or with `one_scan` from a window function in the first
        query: for rows costly to find, such as a text search, which then scans the archive
        once instead of twice. (Elsewhere the window costs more than the COUNT: it keeps the
        database from stopping at the page's last row.) Past the last page: no rows."""
        start = (number - 1) * per_page
        in_range = 0 < number <= MAX_PAGE_NUMBER
        if one_scan:
            counted = self.annotate(total_rows=Window(Count("pk"))).values_list("pk", "total_rows")
            found = list(counted[start : start + per_page]) if in_range else []
            ids = [pk for pk, _total in found]
            total = found[0][1] if found else self.count()
        else:
            total = self.count()
            in_range = in_range and start < total
            ids = (
                list(self.values_list("pk", flat=True)[start : start + per_page])
                if in_range
                else []
            )
        rows = self.in_bulk(ids) if ids else {}
        paginator = Paginator(self, per_page)
        paginator.count = total
        return Page([rows[pk] for pk in ids if pk in rows], number, paginator)

    def update(self, **kwargs):
        from ..cdn import purge_after_commit

        updated = super().update(**kwargs)
        purge_after_commit()
        return updated

    def bulk_create(self, *args, **kwargs):
        from ..cdn import purge_after_commit

        created = super().bulk_create(*args, **kwargs)
        purge_after_commit()
        return created
