"""Record scheduled issues whose time has come as published. Run it every minute or so.

Readers see a scheduled issue from its publish time on even if this never runs; the command
writes down `published_at` and the status change. It also tells the HTTP cache in front of the
site about changes made around the models (digest.cdn). Safe to run on several servers at once.
"""

from django.core.management.base import BaseCommand

from digest import cdn, history
from digest.models import Issue


class Command(BaseCommand):
    help = "Record scheduled issues whose publish time has passed as published."

    def handle(self, *args, **options):
        recorded = Issue.objects.publish_due()
        for issue in recorded:
            issue.refresh_from_db()
            history.record_version(issue, None, "Published at its scheduled time.")
            self.stdout.write(
                f"Published {issue} (live since {issue.published_at:%Y-%m-%d %H:%M %Z})."
            )
        if not recorded and options["verbosity"] > 1:
            self.stdout.write("Nothing due.")
        purged = cdn.purge()
        if purged and options["verbosity"] > 1:
            self.stdout.write(f"Told the HTTP cache about {len(purged)} changed scope(s).")
