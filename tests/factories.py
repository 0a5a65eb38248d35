"""Small factories for test data: real model instances saved through the ORM."""

import datetime
import itertools

from django.utils import timezone

from digest.models import Entry, Issue, Pick, Section

_counter = itertools.count(1)


def past(days=1):
    return timezone.now() - datetime.timedelta(days=days)


def future(days=1):
    return timezone.now() + datetime.timedelta(days=days)


def section(slug="papers"):
    return Section.objects.get(slug=slug)


def make_issue(year=2020, week=47, status=Issue.Status.PUBLISHED, publish_at=None, **fields):
    if publish_at is None and status in Issue.Status.visible_states():
        publish_at = past()
    return Issue.objects.create(
        year=year, week=week, status=status, publish_at=publish_at, **fields
    )


def make_entry(issue, section_slug="papers", tags=(), **fields):
    n = next(_counter)
    fields.setdefault("headline", f"Entry headline {n}")
    fields.setdefault("original_title", f"Original title {n}")
    fields.setdefault("source_url", f"https://arxiv.org/abs/2011.{n:05d}")
    fields.setdefault("summary", f"Summary of entry {n}.")
    fields.setdefault("position", n)
    entry = Entry.objects.create(issue=issue, section=section(section_slug), **fields)
    if tags:
        entry.tags.add(*tags)
    return entry


def make_pick(issue, entry, position=1, blurb=""):
    return Pick.objects.create(issue=issue, entry=entry, position=position, blurb=blurb)


def make_full_issue(year, week, entries=6, tags=("机器学习", "NLP"), **fields):
    """A published issue with entries in every section, tags and three picks."""
    issue = make_issue(year=year, week=week, **fields)
    slugs = ["papers", "articles", "use-cases", "other"]
    made = [
        make_entry(issue, slugs[i % len(slugs)], tags=[*tags, f"tag-{year}-{week}-{i}"])
        for i in range(entries)
    ]
    for position, entry in enumerate(made[:3], start=1):
        make_pick(issue, entry, position)
    return issue
