"""Import issues from Markdown files, or a folder of them: one transaction per file."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from digest.issue_format import (
    ExistingIssue,
    ImportPlan,
    ImportProblem,
    aware,
    import_document,
    parse_document,
    read_document,
)
from digest.models import Issue

DOCUMENT_SUFFIXES = {".md", ".markdown", ".txt"}


def publish_time(value):
    """An ISO date and time option; without a zone it is read in the site's zone."""
    try:
        return aware(datetime.datetime.fromisoformat(value))
    except ValueError as error:
        raise CommandError(f"{value!r} is not an ISO date and time.") from error


class Command(BaseCommand):
    help = (
        "Import weekly issues from Markdown files (or folders of .md/.txt files). Each file is "
        "imported in its own transaction, as a draft unless --publish, --published-at or "
        "--publish-at is given. A week that already has an issue fails unless --replace "
        "(update it in place) or --skip-existing (leave it) is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE", help="Files or folders.")
        existing = parser.add_mutually_exclusive_group()
        existing.add_argument(
            "--replace",
            action="store_true",
            help="Update an existing issue of the same week in place: it keeps its status, "
            "dates and address; the change is a version that can be restored.",
        )
        existing.add_argument(
            "--skip-existing",
            action="store_true",
            help="Leave an existing issue of the same week as it is, and go on (bulk runs).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be created; write nothing."
        )
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="Folder the img/ references are resolved in (default: each file's folder).",
        )
        when = parser.add_mutually_exclusive_group()
        when.add_argument(
            "--publish",
            action="store_true",
            help="Publish the issues, dated at their week's publication slot when it has passed "
            "(the back catalogue), else now.",
        )
        when.add_argument(
            "--publish-at",
            type=publish_time,
            metavar="ISO-DATETIME",
            help="Schedule the issues for this time (site time zone unless one is given).",
        )
        parser.add_argument(
            "--published-at",
            type=publish_time,
            metavar="ISO-DATETIME",
            help="Publish the issues dated at this past time (site time zone unless one is given).",
        )

    def handle(
        self,
        *args,
        paths,
        replace,
        skip_existing,
        dry_run,
        media_dir,
        publish,
        published_at,
        publish_at,
        **options,
    ):
        status, when = self.requested_status(publish, published_at, publish_at)
        files = self.document_files(paths)
        outcomes = {"imported": [], "skipped": [], "failed": []}
        for number, path in enumerate(files, start=1):
            try:
                outcome, note = self.import_file(
                    path, replace, dry_run, media_dir or path.parent, status, when
                )
            except ExistingIssue as problem:
                outcome, note = ("skipped" if skip_existing else "failed"), str(problem)
            except ImportProblem as problem:
                outcome, note = "failed", str(problem)
            outcomes[outcome].append((path.name, note))
            shown = "would be imported" if dry_run and outcome == "imported" else outcome
            self.stderr.write(f"[{number}/{len(files)}] {path.name} … {shown}")
        self.report(outcomes, dry_run)
        if outcomes["failed"]:
            raise CommandError(f"{len(outcomes['failed'])} of {len(files)} file(s) failed.")

    @staticmethod
    def requested_status(publish, published_at, publish_at):
        """(status, time) the options ask for; the importer works out the rest."""
        if published_at and publish_at:
            raise CommandError("argument --published-at: not allowed with argument --publish-at")
        if published_at:
            if published_at > timezone.now():
                raise CommandError(
                    "--published-at is still to come: use --publish-at to schedule the issues."
                )
            return Issue.Status.PUBLISHED, published_at
        if publish:
            return Issue.Status.PUBLISHED, None
        if publish_at:
            return Issue.Status.SCHEDULED, publish_at
        return Issue.Status.DRAFT, None

    def document_files(self, paths):
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files += sorted(p for p in path.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES)
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{name}: no such file or folder.")
        if not files:
            raise CommandError("No Markdown files (.md, .markdown, .txt) to import.")
        return files

    def import_file(self, path, replace, dry_run, media_dir, status, when):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ImportProblem(f"cannot be read ({error.strerror})", source=path.name) from error
        parsed = parse_document(read_document(data, path.name), path.name)
        if dry_run:
            plan = ImportPlan(parsed, replace=replace, media_dir=media_dir)
            self.stdout.write(plan.summary())
            return "imported", "dry run: nothing written"
        result = import_document(
            parsed,
            replace=replace,
            status=status,
            publish_at=when,
            media_dir=media_dir,
        )
        issue = result.issue
        self.stdout.write(
            f"{path.name}: {issue} ({issue.get_status_display()}"
            + (
                f", published {timezone.localtime(issue.publication_date).isoformat()}"
                if issue.publication_date
                else ""
            )
            + f") — {result.entry_count} entries, {result.pick_count} picks"
            + (", updated in place" if result.replaced else "")
        )
        if result.replaced:
            for change in result.changes or ["no changes: the file matches the issue"]:
                self.stdout.write(f"  {change}")
        for section in result.sections_created:
            self.stdout.write(f"  new section: {section.name_en} (slug {section.slug})")
        if result.missing_images:
            self.stdout.write(
                f"  {len(result.missing_images)} image(s) not found: "
                + ", ".join(result.missing_images)
            )
        for warning in result.warnings:
            self.stdout.write(f"  warning: {warning}")
        return "imported", ""

    def report(self, outcomes, dry_run):
        label = "Would import" if dry_run else "Imported"
        self.stdout.write(
            f"{label}: {len(outcomes['imported'])}, skipped: {len(outcomes['skipped'])}, "
            f"failed: {len(outcomes['failed'])}"
        )
        for outcome in ("skipped", "failed"):
            for _name, reason in outcomes[outcome]:
                self.stdout.write(f"  {outcome}: {reason}")
