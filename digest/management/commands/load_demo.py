"""Create the demo archive (and, in development, sign-in accounts) once; safe to run again.

The archive is a folder of documents in the weekly format (`digest/demo/`, pictures in its
`img/`), imported the way an editor's documents are: every `make run` goes through the importer.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from digest.issue_format import ExistingIssue, import_document, parse_document, read_document
from digest.models import Issue

DEMO_FOLDER = Path(__file__).resolve().parents[2] / "demo"

DEV_ACCOUNTS = [
    # username, password, role group (None: superuser)
    ("admin", "admin", None),
]


def demo_documents():
    return sorted(DEMO_FOLDER.glob("*.md"))


class Command(BaseCommand):
    help = "Import the demo archive of weekly issues, published; existing weeks are kept."

    def handle(self, *args, **options):
        documents = demo_documents()
        created = 0
        for path in documents:
            parsed = parse_document(read_document(path.read_bytes(), path.name), path.name)
            try:
                import_document(parsed, status=Issue.Status.PUBLISHED, media_dir=DEMO_FOLDER)
            except ExistingIssue:
                continue
            created += 1
        self.stdout.write(
            f"Demo archive: {created} issue(s) created, {len(documents) - created} already there."
        )
        if settings.DEBUG:
            self.ensure_dev_accounts()

    def ensure_dev_accounts(self):
        User = get_user_model()
        for username, password, _group in DEV_ACCOUNTS:
            if not User.objects.filter(username=username).exists():
                User.objects.create_superuser(username, f"{username}@example.com", password)
            self.stdout.write(f"Sign in at /{settings.ADMIN_URL} as {username} / {password}")
