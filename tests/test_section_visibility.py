"""Sections are named to readers only once they hold a visible entry, and only people who may
add sections create them — by hand or by importing a document that names a new one."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import CONTRIBUTOR, EDITOR
from digest.issue_format import ImportProblem, import_document, parse_document
from digest.models import Issue, Section
from tests.factories import make_entry, make_issue
from tests.html_inspection import elements

pytestmark = pytest.mark.django_db

SPAM = "Buy cheap pills at evil-pharmacy.example"
DOCUMENT = f"""# Week 10, 2021

# 1. Machine Learning Papers

# A first entry

A First Paper
[https://papers.example.org/abs/1](https://papers.example.org/abs/1)

Its summary.

# 2. {SPAM}

# Another entry

Another Paper
[https://papers.example.org/abs/2](https://papers.example.org/abs/2)

Its summary.
"""
IMPORT_URL = "/admin/digest/issue/import/"


def staff(django_user_model, username, role):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def contributor(django_user_model):
    return staff(django_user_model, "carl", CONTRIBUTOR)


@pytest.fixture
def editor_in_chief(django_user_model):
    return staff(django_user_model, "edna", EDITOR)


@pytest.fixture
def spam_section():
    """A section only a draft uses."""
    section = Section.objects.create(name_en=SPAM, name_zh=SPAM, slug="pills", position=9)
    make_entry(make_issue(status=Issue.Status.DRAFT), section_slug="pills")
    return section


def section_options(html):
    return [
        element.get("value")
        for element in elements(html)
        if element.tag == "option" and any(p.get("name") == "section" for p in element.ancestors)
    ]


# --- Importing a document that names a new section --------------------------------------------


def test_a_contributor_cannot_create_a_section_by_importing(contributor):
    with pytest.raises(ImportProblem) as problem:
        import_document(parse_document(DOCUMENT, "week.md"), user=contributor)

    assert f"the section “{SPAM}” does not exist, and you may not create sections" in str(
        problem.value
    )
    assert problem.value.line == 12
    assert not Section.objects.filter(name_en=SPAM).exists()
    assert not Issue.objects.exists()


def test_the_import_page_tells_a_contributor_at_the_dry_run(
    client, contributor, settings, tmp_path
):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client.force_login(contributor)
    document = SimpleUploadedFile("week.md", DOCUMENT.encode(), "text/markdown")

    response = client.post(IMPORT_URL, {"document": document})

    assert response.status_code == 200
    assert "you may not create sections" in response.content.decode()
    assert "Create draft issue" not in response.content.decode()
    assert not any(tmp_path.rglob("document"))


def test_a_contributor_may_import_into_existing_sections(contributor):
    document = DOCUMENT.split("# 2.")[0]

    result = import_document(parse_document(document, "week.md"), user=contributor)

    assert result.sections_created == []
    assert result.issue.entries.count() == 1


def test_an_editor_may_create_a_section_by_importing(editor_in_chief):
    result = import_document(parse_document(DOCUMENT, "week.md"), user=editor_in_chief)

    assert [section.name_en for section in result.sections_created] == [SPAM]


def test_the_command_line_may_create_sections():
    result = import_document(parse_document(DOCUMENT, "week.md"))

    assert [section.name_en for section in result.sections_created] == [SPAM]


# --- What readers see of sections --------------------------------------------------------------


def test_the_search_form_lists_only_sections_with_visible_entries(client, spam_section):
    make_entry(make_issue(week=48), section_slug="papers")

    html = client.get("/search/?q=entry").content.decode()

    assert section_options(html) == ["", "papers"]
    assert SPAM not in html


def test_the_feed_of_a_section_only_drafts_use_is_not_found(client, spam_section):
    response = client.get(reverse("digest:feed-section", args=["pills"]))

    assert response.status_code == 404
    assert SPAM.encode() not in response.content


def test_the_feed_of_a_section_without_entries_is_not_found(client):
    assert client.get(reverse("digest:feed-section", args=["use-cases"])).status_code == 404


def test_a_section_feed_appears_once_one_of_its_entries_is_published(client, spam_section):
    Issue.objects.update(status=Issue.Status.PUBLISHED, publish_at=Issue.objects.get().created_at)

    response = client.get(reverse("digest:feed-section", args=["pills"]))

    assert response.status_code == 200
    assert SPAM in response.content.decode()
