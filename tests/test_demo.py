"""The demo archive is data: documents in the weekly format that `load_demo` imports, so every
`make run` goes through the importer."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from digest import weeks
from digest.issue_format import export_markdown
from digest.management.commands.load_demo import demo_documents
from digest.models import Issue
from tests.shared_data import shared_by_the_module

pytestmark = pytest.mark.django_db


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture
def media_root(settings, demo_media):
    """The pictures of the demo loaded for the module (instead of each test's own folder)."""
    settings.MEDIA_ROOT = demo_media
    return demo_media


@pytest.fixture(scope="module", autouse=True)
def first_load(request, django_db_setup, django_db_blocker, demo_media):
    """What `load_demo` said, loading the demo once for the module's tests (tests.shared_data)."""
    with (
        override_settings(MEDIA_ROOT=demo_media),
        shared_by_the_module(request, django_db_blocker),
    ):
        yield load_demo()


def test_load_demo_imports_every_document_as_a_published_issue_at_its_weeks_slot(first_load):
    assert "12 issue(s) created, 0 already there" in first_load

    issues = list(Issue.objects.order_by("year", "week"))
    assert [(issue.year, issue.week) for issue in issues][:1] == [(2020, 45)]
    assert len(issues) == len(demo_documents()) == 12
    for issue in issues:
        assert issue.status == Issue.Status.PUBLISHED
        assert issue.published_at == weeks.publication_time(issue.year, issue.week)
        assert issue.entries.exists() and issue.picks.count() == 3


def test_the_demo_pictures_are_imported_with_their_sizes():
    pictured = [
        entry for issue in Issue.objects.all() for entry in issue.entries.all() if entry.image
    ]
    assert len(pictured) == 30
    assert {(entry.image_width, entry.image_height) for entry in pictured} == {(640, 320)}
    assert all(entry.image_alt for entry in pictured)


def test_loading_again_creates_nothing():
    assert "0 issue(s) created, 12 already there" in load_demo()
    assert Issue.objects.count() == 12


def test_each_demo_document_is_what_the_exporter_writes_for_its_issue():
    """The documents are canonical: importing one and exporting it again gives it back, so the
    data stays in the format the importer and exporter share (the exporter names pictures
    after their stored files; the documents give them stable names)."""
    for document in demo_documents():
        year, week = document.stem.split("-w")
        issue = Issue.objects.get(year=int(year), week=int(week))
        names = iter(f"img/{document.stem}-{number}.png" for number in range(1, 100))
        exported = re.sub(
            r"img/[^)\s]+\.png",
            lambda _match, names=names: next(names),
            export_markdown(issue, "zh-hans"),
        )
        assert exported == document.read_text(encoding="utf-8"), document.name
