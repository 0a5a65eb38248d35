"""An issue as a Wagtail page: picks and entries as inline, orderable rows, entries tagged."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page


class IssuePage(Page):
    coverage = models.CharField(max_length=100)
    intro = RichTextField(blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("coverage"),
        FieldPanel("intro"),
        InlinePanel("picks"),
        InlinePanel("entries"),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        entries = self.entries.prefetch_related("tags")
        sections = {}
        for entry in entries:
            sections.setdefault(entry.section, []).append(entry)
        context["sections"] = list(sections.items())
        context["entry_count"] = len(entries)
        return context


class Pick(Orderable):
    page = ParentalKey(IssuePage, on_delete=models.CASCADE, related_name="picks")
    text = models.CharField(max_length=500)


class EntryTag(TaggedItemBase):
    content_object = ParentalKey("Entry", on_delete=models.CASCADE, related_name="tagged_items")


class Entry(Orderable):
    page = ParentalKey(IssuePage, on_delete=models.CASCADE, related_name="entries")
    section = models.CharField(max_length=100)
    headline = models.CharField(max_length=500)
    original_title = models.CharField(max_length=500, blank=True)
    source_url = models.URLField(max_length=1000, blank=True)
    summary = RichTextField(blank=True)
    tags = ClusterTaggableManager(through=EntryTag, blank=True)

    panels = [
        FieldPanel("section"),
        FieldPanel("headline"),
        FieldPanel("original_title"),
        FieldPanel("source_url"),
        FieldPanel("summary"),
        FieldPanel("tags"),
    ]
