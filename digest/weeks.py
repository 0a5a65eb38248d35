"""The ISO-week calendar an archive of weekly issues is arranged by.

An issue belongs to ISO year + week. It belongs to the month that holds its week's Thursday,
the same rule ISO 8601 uses to give a week to a year, so every week has exactly one month and
that month is always in the issue's own ISO year.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import pgettext_lazy


def weeks_in_year(year):
    """52 or 53: 28 December always lies in the last ISO week of its year."""
    return datetime.date(year, 12, 28).isocalendar().week


def week_exists(year, week):
    return 1 <= week <= weeks_in_year(year)


def weeks_between(first, last):
    """The (year, week) pairs from `first` to `last`, both included, in order."""
    year, week = first
    while (year, week) <= last:
        yield year, week
        year, week = (year + 1, 1) if week >= weeks_in_year(year) else (year, week + 1)


def monday_of(year, week):
    return datetime.date.fromisocalendar(year, week, 1)


def thursday_of(year, week):
    return datetime.date.fromisocalendar(year, week, 4)


def month_of(year, week):
    """(year, month) of the month the week belongs to."""
    thursday = thursday_of(year, week)
    return thursday.year, thursday.month


def weeks_of_month(year, month):
    """The ISO weeks of `year` whose Thursday falls in `month`, as a list of week numbers."""
    first = datetime.date(year, month, 1)
    # The first Thursday on or after the 1st.
    thursday = first + datetime.timedelta(days=(3 - first.weekday()) % 7)
    weeks = []
    while thursday.month == month:
        weeks.append(thursday.isocalendar().week)
        thursday += datetime.timedelta(days=7)
    return weeks


def default_coverage_start(year, week, starts_on=None):
    """The first day an issue covers: the configured weekday on or before the ISO Monday."""
    if starts_on is None:
        starts_on = settings.DIGEST_WEEK_STARTS_ON
    monday = monday_of(year, week)
    return monday - datetime.timedelta(days=(monday.weekday() - starts_on) % 7)


def week_of(date):
    """(ISO year, ISO week) of a date."""
    iso = date.isocalendar()
    return iso.year, iso.week


def publication_time(year, week):
    """When the issue of a week goes out: the configured publication weekday and time, in the
    configured time zone, on the first such day after the week's coverage ends."""
    covered_until = default_coverage_start(year, week) + datetime.timedelta(days=7)
    day = covered_until + datetime.timedelta(
        days=(settings.DIGEST_PUBLISH_WEEKDAY - covered_until.weekday()) % 7
    )
    hour, minute = (int(part) for part in settings.DIGEST_PUBLISH_TIME.split(":"))
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(publication_time_zone())
    )


def publication_time_zone():
    return settings.DIGEST_PUBLISH_TIME_ZONE or settings.TIME_ZONE


def coverage_end(start):
    """The last day covered by an issue whose week starts on `start`."""
    return start + datetime.timedelta(days=6)


# How a range of days reads, by what its ends share: "start format|separator|end format" in
# Django's date format syntax; each language moves the year and month to its own side.
RANGE_FORMATS = {
    "month": pgettext_lazy("date range within a month", "j|–|j F Y"),
    "year": pgettext_lazy("date range within a year", "j F| – |j F Y"),
    "other": pgettext_lazy("date range across years", "j F Y| – |j F Y"),
}


def date_range_text(start, end):
    """A range of days as readers of the active language write it: "15–21 November 2020",
    "2020 年 11 月 15 日至 21 日"; "29 November – 5 December 2020"."""
    if (start.year, start.month) == (end.year, end.month):
        shared = "month"
    elif start.year == end.year:
        shared = "year"
    else:
        shared = "other"
    start_format, separator, end_format = str(RANGE_FORMATS[shared]).split("|")
    return (
        f"{dateformat.format(start, start_format)}{separator}{dateformat.format(end, end_format)}"
    )
