"""The sections' admin: names in both languages, slug and order."""

from django.contrib import admin


class SectionAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_zh", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name_en", "name_zh")
    prepopulated_fields = {"slug": ("name_en",)}
