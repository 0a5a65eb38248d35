"""Create the demo archive (and, in development, sign-in accounts) once; safe to run again."""

import datetime
import hashlib
import io
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image, ImageDraw

from digest import history, weeks
from digest.demo_content import DEMO_ISSUES
from digest.models import Entry, Issue, Pick, Section

DEV_ACCOUNTS = [
    # username, password, role group (None: superuser)
    ("admin", "admin", None),
]


class Command(BaseCommand):
    help = "Create the demo archive of weekly issues. Existing weeks are left as they are."

    def handle(self, *args, **options):
        created = 0
        for data in DEMO_ISSUES:
            if Issue.objects.filter(year=data["year"], week=data["week"]).exists():
                continue
            with transaction.atomic():
                issue = create_issue(data)
                history.record_version(issue, None, "Demo content.")
            created += 1
        self.stdout.write(
            f"Demo archive: {created} issue(s) created, {len(DEMO_ISSUES) - created} already there."
        )
        if settings.DEBUG:
            self.ensure_dev_accounts()

    def ensure_dev_accounts(self):
        User = get_user_model()
        for username, password, _group in DEV_ACCOUNTS:
            if not User.objects.filter(username=username).exists():
                User.objects.create_superuser(username, f"{username}@example.com", password)
            self.stdout.write(f"Sign in at /{settings.ADMIN_URL} as {username} / {password}")


def create_issue(data):
    year, week = data["year"], data["week"]
    publish_at = demo_publish_time(year, week)
    issue = Issue.objects.create(
        year=year,
        week=week,
        intro=data["intro"],
        source_url=data.get("source_url", ""),
        status=Issue.Status.PUBLISHED,
        publish_at=publish_at,
        published_at=publish_at,
    )
    sections = {section.slug: section for section in Section.objects.all()}
    entries = []
    for position, item in enumerate(data["entries"], start=1):
        card = item.get("card") or {}
        entry = Entry(
            issue=issue,
            section=sections[item["section"]],
            position=position,
            headline=item["headline"],
            original_title=item["original_title"],
            source_url=item["source_url"],
            summary=item["summary"],
            image_alt=item.get("image_alt", ""),
            card_url=card.get("url", ""),
            card_title=card.get("title", ""),
            card_description=card.get("description", ""),
            card_site=card.get("site", ""),
        )
        if item.get("image"):
            entry.image.save(f"demo-{year}-{week}-{position}.png", figure(entry.headline), False)
        entry.save()
        entry.tags.add(*item["tags"])
        entries.append(entry)
    for position, (index, blurb) in enumerate(data["picks"], start=1):
        Pick.objects.create(issue=issue, entry=entries[index], position=position, blurb=blurb)
    return issue


def demo_publish_time(year, week):
    """Sunday 09:00 in the site's time zone, at the end of the week's coverage."""
    start = weeks.default_coverage_start(year, week)
    local = datetime.datetime.combine(
        start + datetime.timedelta(days=7),
        datetime.time(9, 0),
        tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE),
    )
    return local


def figure(seed_text):
    """A small bar-chart picture standing in for a paper's figure, different per entry."""
    seed = hashlib.sha256(seed_text.encode()).digest()
    width, height = 640, 320
    image = Image.new("RGB", (width, height), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    colours = [(11, 92, 173), (21, 128, 61), (180, 83, 9), (107, 33, 168)]
    bars = 8
    for i in range(bars):
        bar_height = 40 + seed[i] % (height - 80)
        x0 = 40 + i * (width - 80) // bars
        draw.rectangle(
            [x0, height - 30 - bar_height, x0 + (width - 80) // bars - 12, height - 30],
            fill=colours[seed[i + 8] % len(colours)],
        )
    draw.line([30, height - 30, width - 30, height - 30], fill=(82, 96, 109), width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())
