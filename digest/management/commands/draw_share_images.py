"""Draw the share image of every issue readers see or will see, where it is missing or shows
outdated words: after deploying, restoring an old database or generating an archive, or when
content was changed outside the admin (editorial changes draw their issue's picture)."""

from django.core.management.base import BaseCommand

from digest.models import Issue


class Command(BaseCommand):
    help = "Draw missing or outdated share images of published and scheduled issues."

    def handle(self, *args, **options):
        issues = Issue.objects.filter(status__in=Issue.Status.visible_states())
        drawn = sum(issue.refresh_share_image() for issue in issues.iterator())
        self.stdout.write(f"Share images: {drawn} drawn, of {issues.count()} issues.")
