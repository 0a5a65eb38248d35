from django.urls import path, register_converter

from . import converters, feeds, views

register_converter(converters.YearConverter, "year")
register_converter(converters.MonthConverter, "mm")
register_converter(converters.WeekConverter, "week")
register_converter(converters.UnicodeSlugConverter, "uslug")

app_name = "digest"

urlpatterns = [
    path("", views.home, name="home"),
    path("issues/", views.archive_index, name="archive-index"),
    path("issues/<year:year>/", views.year_archive, name="year-archive"),
    path("issues/<year:year>/<mm:month>/", views.month_summary, name="month-summary"),
    path("issues/<year:year>/week-<week:week>/", views.issue_detail, name="issue-detail"),
    path("preview/<str:token>/", views.preview_link, name="preview"),
    path("tags/", views.tag_index, name="tag-index"),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag-detail"),
    path("tags/<uslug:slug>/feed/", feeds.TagFeed(), name="feed-tag"),
    path("sections/<uslug:slug>/feed/", feeds.SectionFeed(), name="feed-section"),
    path("feeds/issues.atom", feeds.IssueAtomFeed(), name="feed-issues-atom"),
    path("feeds/issues.rss", feeds.IssueRssFeed(), name="feed-issues-rss"),
    path("search/", views.search, name="search"),
]

# Addresses outside the languages' URL spaces (config/urls.py includes them at the root).
site_urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("language/<str:code>/", views.switch_language, name="switch-language"),
]
