"""Create the draft issues of the coming weeks, like the admin's publication calendar does."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from digest import history, weeks
from digest.models import Issue


class Command(BaseCommand):
    help = "Create missing draft issues for this week and the next N-1 weeks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--ahead", type=int, default=4, help="How many weeks, this one included (default 4)."
        )

    def handle(self, *args, ahead, **options):
        if not 1 <= ahead <= 104:
            raise CommandError("--ahead must be between 1 and 104 weeks.")
        today = timezone.localdate()
        for n in range(ahead):
            year, week = weeks.week_of(today + datetime.timedelta(weeks=n))
            issue, created = Issue.objects.plan_week(year, week)
            if created:
                history.record_version(issue, None, "Planned with plan_weeks.")
                self.stdout.write(
                    f"Created draft {issue}: covers from {issue.coverage_start:%a %d %b %Y}, "
                    f"goes out {timezone.localtime(issue.publish_at):%a %d %b %H:%M %Z}."
                )
            else:
                self.stdout.write(f"{issue} exists ({issue.get_status_display()}).")
