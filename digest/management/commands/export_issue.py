"""Write one issue as Markdown (the importer's format) or as HTML for an e-mail newsletter."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from digest.issue_format import LANGUAGES, export_html, export_images, export_markdown
from digest.models import Issue


class Command(BaseCommand):
    help = "Export the issue of YEAR and WEEK as Markdown (default) or e-mail HTML."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("week", type=int)
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            metavar="FILE",
            help="Write to FILE (Markdown: the images go to img/ beside it) instead of stdout.",
        )
        parser.add_argument("--format", choices=["markdown", "html"], default="markdown")
        parser.add_argument(
            "--language", choices=LANGUAGES, help="Wording of the headings (default: the site's)."
        )
        parser.add_argument(
            "--base-url", help="Site address for absolute links (default: DIGEST_SITE_URL)."
        )

    def handle(self, *args, year, week, output, format, language, base_url, **options):
        issue = Issue.objects.filter(year=year, week=week).first()
        if issue is None:
            raise CommandError(f"There is no issue for week {week} of {year}.")
        if format == "html":
            try:
                text = export_html(issue, language=language, base_url=base_url)
            except ValueError as error:
                raise CommandError(
                    "HTML export needs the site's address: pass --base-url or set DIGEST_SITE_URL."
                ) from error
        else:
            text = export_markdown(issue, language=language, base_url=base_url)
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        images = export_images(issue, output.parent) if format == "markdown" else []
        self.stderr.write(
            f"Wrote {issue} to {output}"
            + (f" and {len(images)} image(s) to img/" if images else "")
        )
