"""Re-importing a week that already has an issue: `import_issue --replace` updates the issue in
place. It keeps its id, status, publish times and address (a live issue never leaves the site),
the change is a version that can be restored, and the command says what changed."""

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models.signals import post_save
from django.test import Client
from PIL import Image

from digest import history
from digest.issue_format import ImportProblem, import_document, parse_document
from digest.models import Entry, Issue
from tests.workflow_fixtures import member

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
ENGLISH = FIXTURES / "week10-2021.en.md"
URL = "/issues/2021/week-10/"

REMOVED = "Why your validation loss goes up while accuracy improves"
ADDED = "Sparse attention on a budget"
WEATHER = "A benchmark for weather forecasting models"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_issue", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def corrected_text():
    """The English document with the corrections an editor would send a week later."""
    text = ENGLISH.read_text(encoding="utf-8")
    removed_block = text[
        text.index(f"# {REMOVED}") : text.index(
            "— — — — — — — — — — — — — — — — — — — — — — — — — — — — — —\n\n# 3."
        )
    ]
    added_block = (
        f"# {ADDED}\n\nBudgeted Sparse Attention\n"
        "[https://papers.example.org/abs/2103.00505](https://papers.example.org/abs/2103.00505)\n\n"
        "Attention that keeps a fixed number of keys per query.\n\n"
    )
    return (
        text.replace("# Week 10, 2021", "# Akira's ML News — Week 10, 2021", 1)
        .replace("found most interesting", "liked best")
        .replace(removed_block, "")
        .replace(
            "# A benchmark for weather forecasting",
            added_block + "# A benchmark for weather forecasting",
        )
        .replace("that fits on one GPU", "that fits on a single GPU")
        .replace("before scaling them up.", "before scaling them up.\n\nTags: forecasting")
    )


@pytest.fixture
def corrected(tmp_path):
    path = tmp_path / "week10-2021.corrected.md"
    path.write_text(corrected_text(), encoding="utf-8")
    return path


@pytest.fixture
def live_issue(tmp_path):
    """Week 10 of 2021, imported from the document and published (at its week's slot)."""
    run(ENGLISH, "--publish", "--media-dir", tmp_path)
    return Issue.objects.get(year=2021, week=10)


def headlines(issue):
    return [
        entry.headline for _section, entries in issue.sections_with_entries() for entry in entries
    ]


def test_replace_over_a_published_issue_keeps_it_live_during_and_after(live_issue, corrected):
    reader = Client()
    assert reader.get(URL).status_code == 200
    seen_during = []

    def read_the_page(sender, instance, **kwargs):
        seen_during.append(reader.get(URL).status_code)

    post_save.connect(read_the_page, sender=Entry, dispatch_uid="reader-during-import")
    try:
        run(corrected, "--replace")
    finally:
        post_save.disconnect(sender=Entry, dispatch_uid="reader-during-import")

    assert seen_during and set(seen_during) == {200}
    issue = Issue.objects.get(year=2021, week=10)
    assert issue.pk == live_issue.pk
    assert issue.status == Issue.Status.PUBLISHED
    assert (issue.publish_at, issue.published_at) == (
        live_issue.publish_at,
        live_issue.published_at,
    )
    page = reader.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert ADDED in html
    assert REMOVED not in html
    assert "Akira&#x27;s ML News — Week 10, 2021" in html


def test_replace_says_what_changed(live_issue, corrected):
    out, _err = run(corrected, "--replace")

    assert (
        "week10-2021.corrected.md: Akira's ML News — Week 10, 2021 (Published, published "
        "2021-03-14T09:00:00+09:00) — 7 entries, 3 picks, updated in place" in out
    )
    assert "  title: “Week 10, 2021” → “Akira's ML News — Week 10, 2021”" in out
    assert "  intro changed" in out
    assert f"  entry added: {ADDED}" in out
    assert f"  entry removed: {REMOVED}" in out
    assert f"  entry changed: {WEATHER} (summary, tags)" in out
    assert Entry.objects.get(headline=WEATHER).tag_list[0].name == "forecasting"
    assert "Counting sheep" not in out  # unchanged entries are not listed
    assert "picks" not in out.split("updated in place")[1]  # the picks stay the same


def test_replacing_with_the_same_file_changes_nothing(live_issue, tmp_path):
    version = live_issue.version
    out, _err = run(ENGLISH, "--replace", "--media-dir", tmp_path)

    assert "  no changes: the file matches the issue" in out
    issue = Issue.objects.get(pk=live_issue.pk)
    assert headlines(issue) == headlines(live_issue)
    assert issue.version > version  # a re-import is still a new version


def test_replace_keeps_the_ids_and_anchors_of_the_entries_it_updates(live_issue, corrected):
    before = {entry.headline: (entry.pk, entry.slug) for entry in live_issue.entries.all()}
    renamed = corrected_text().replace(
        "# Counting sheep in low light with a single camera",
        "# Counting sheep at dusk with one camera",
    )
    corrected.write_text(renamed, encoding="utf-8")

    out, _err = run(corrected, "--replace")

    sheep = Entry.objects.get(headline="Counting sheep at dusk with one camera")
    assert (sheep.pk, sheep.slug) == before["Counting sheep in low light with a single camera"]
    assert (
        "entry changed: Counting sheep in low light with a single camera → Counting sheep at "
        "dusk with one camera (headline)"
    ) in out
    weather = Entry.objects.get(headline=WEATHER)
    assert (weather.pk, weather.slug) == before[WEATHER]
    assert not Entry.objects.filter(pk=before[REMOVED][0]).exists()
    # The picks follow the entries they point at.
    page = Client().get(URL).content.decode()
    assert f'href="#{sheep.slug}"' in page


def test_replace_is_a_version_that_can_be_restored(live_issue, corrected, django_user_model):
    versions_before = history.versions_of(live_issue.pk).count()
    run(corrected, "--replace")

    versions = list(history.versions_of(live_issue.pk))
    assert len(versions) == versions_before + 1
    assert (
        versions[0]
        .revision.get_comment()
        .startswith("Re-imported from week10-2021.corrected.md: title: ")
    )
    restorer = member("editor", username="restorer")
    issue = history.restore(versions[1], restorer)

    assert issue.pk == live_issue.pk
    assert headlines(issue) == headlines(live_issue)
    assert issue.title == ""
    assert issue.status == Issue.Status.PUBLISHED
    assert issue.published_at == live_issue.published_at
    assert issue.picks.count() == 3
    assert REMOVED in Client().get(URL).content.decode()


def test_an_issue_changed_outside_the_admin_is_recorded_before_it_is_replaced(corrected):
    issue = Issue.objects.create(year=2021, week=10, intro="Written in a shell.")
    assert not history.versions_of(issue.pk).exists()

    run(corrected, "--replace")

    oldest = list(history.versions_of(issue.pk))[-1]
    assert oldest.revision.get_comment() == "Before the re-import from week10-2021.corrected.md"
    assert history.restore(oldest, None).intro == "Written in a shell."


def test_a_failing_replace_changes_nothing(live_issue, corrected):
    broken = corrected_text().replace(
        "[https://papers.example.org/abs/2103.00505](https://papers.example.org/abs/2103.00505)",
        "[https://](https://)",
    )
    corrected.write_text(broken, encoding="utf-8")

    with pytest.raises(CommandError, match="1 of 1 file"):
        run(corrected, "--replace")

    issue = Issue.objects.get(pk=live_issue.pk)
    assert headlines(issue) == headlines(live_issue)
    assert issue.version == live_issue.version
    assert history.versions_of(issue.pk).count() == history.versions_of(live_issue.pk).count()


def test_dry_run_of_a_replace_lists_the_changes_and_writes_nothing(live_issue, corrected):
    out, _err = run(corrected, "--replace", "--dry-run")

    assert (
        "replaces the existing issue Week 10, 2021 in place: it stays published, with its "
        "dates and address"
    ) in out
    assert "  changes: 5" in out
    assert f"    entry added: {ADDED}" in out
    issue = Issue.objects.get(pk=live_issue.pk)
    assert headlines(issue) == headlines(live_issue)
    assert issue.version == live_issue.version


def png(path, colour):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (16, 10), colour).save(path)
    return path


def test_an_image_named_but_not_given_again_keeps_the_entrys_picture(tmp_path, corrected):
    png(tmp_path / "img" / "sheep-density-map.png", (30, 120, 200))
    run(ENGLISH, "--media-dir", tmp_path)
    stored = Entry.objects.get(headline__startswith="Counting sheep").image.name

    out, _err = run(corrected, "--replace", "--media-dir", tmp_path / "elsewhere")

    sheep = Entry.objects.get(headline__startswith="Counting sheep")
    assert sheep.image.name == stored
    assert sheep.missing_image == ""
    assert "Counting sheep" not in out


def test_a_new_picture_replaces_the_entrys_image(tmp_path, corrected):
    png(tmp_path / "img" / "sheep-density-map.png", (30, 120, 200))
    run(ENGLISH, "--media-dir", tmp_path)
    stored = Entry.objects.get(headline__startswith="Counting sheep").image.name
    png(tmp_path / "new" / "img" / "sheep-density-map.png", (200, 20, 20))

    out, _err = run(corrected, "--replace", "--media-dir", tmp_path / "new")

    assert Entry.objects.get(headline__startswith="Counting sheep").image.name != stored
    assert "entry changed: Counting sheep in low light with a single camera (image)" in out


def test_replace_with_publish_keeps_the_dates_of_a_published_issue(live_issue, corrected):
    out, _err = run(corrected, "--replace", "--publish")

    issue = Issue.objects.get(pk=live_issue.pk)
    assert issue.published_at == live_issue.published_at
    assert "warning: the issue already was published; its dates are kept" in out
    assert issue.status_changes.count() == 1


def test_replace_with_publish_publishes_a_draft_through_the_workflow(corrected):
    draft = Issue.objects.create(year=2021, week=10)

    run(corrected, "--replace", "--publish")

    issue = Issue.objects.get(pk=draft.pk)
    assert issue.status == Issue.Status.PUBLISHED
    assert issue.status_changes.get().to_status == "published"
    assert Client().get(URL).status_code == 200


def test_who_may_not_edit_a_published_issue_cannot_replace_it(live_issue):
    contributor = member("contributor")
    parsed = parse_document(corrected_text(), "corrected.md")

    with pytest.raises(
        ImportProblem, match="Week 10, 2021 is published, and you may not change it"
    ):
        import_document(parsed, replace=True, user=contributor)

    assert headlines(Issue.objects.get(pk=live_issue.pk)) == headlines(live_issue)


def test_a_user_without_publish_permission_cannot_publish_by_importing(django_user_model):
    writer = django_user_model.objects.create_user("writer", "w@example.com", "pw")
    writer.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_issue", "add_section"])
    )
    parsed = parse_document(corrected_text(), "corrected.md")

    with pytest.raises(ImportProblem, match="You do not have permission to “Publish now”"):
        import_document(parsed, status=Issue.Status.PUBLISHED, user=writer)

    assert not Issue.objects.exists()
