"""The editor of `make load` (benchmarks/load.py): while readers load the site, publishes,
unpublishes, schedules and edits recent issues through the ORM, about once a second, as a
member of the Editor group, the way the admin does (workflow transitions with
`Issue.apply_transition`, `save()` of entries and issues, a history revision for each change).

Every change renews the content version (database triggers), so readers get fresh pages. At the
end, issues it took offline are published again; a JSON summary goes to stdout.

    editor.py --duration 60 --interval 1.0
"""

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EDIT_MARK = " (updated)"
RECENT_ISSUES = 12
# Two issues go offline per round; one is published again at once, one scheduled a few seconds
# ahead (it goes live without any save: the page cache notices the due time by itself).
ROTATION = [
    "edit_entry", "unpublish", "edit_issue", "unpublish",
    "edit_entry", "publish", "edit_issue", "schedule",
]  # fmt: skip


def setup():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
    django.setup()


def editor_user():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts.roles import EDITOR

    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "email": "bench@example.com"}
    )
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


class Editor:
    """One change per step, in a fixed rotation over the recent issues."""

    def __init__(self, user, rng):
        from digest.models import Issue

        self.user, self.rng = user, rng
        self.issue_ids = list(
            Issue.objects.visible()
            .order_by("-year", "-week")
            .values_list("pk", flat=True)[:RECENT_ISSUES]
        )
        self.offline = []  # issues this editor unpublished, to publish again
        self.counts = {}
        self.errors = []
        self.last_edit = None

    def step(self, n):
        action = ROTATION[n % len(ROTATION)]
        try:
            done = getattr(self, action)()
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none stops the run
            self.errors.append(f"{action}: {type(exc).__name__}: {exc}")
            return
        if done:
            self.counts[action] = self.counts.get(action, 0) + 1

    def issue(self, pk):
        from digest.models import Issue

        return Issue.objects.get(pk=pk)

    def record(self, issue, comment):
        from digest import history

        history.record_version(issue, self.user, comment)

    def unpublish(self):
        online = [pk for pk in self.issue_ids if pk not in self.offline]
        if len(online) <= 2:
            return False
        issue = self.issue(self.rng.choice(online[1:]))  # keep the newest one online
        issue.apply_transition("unpublish", self.user, comment="Load test: unpublished.")
        self.record(issue, "Unpublished.")
        self.offline.append(issue.pk)
        return True

    def publish(self):
        if not self.offline:
            return False
        issue = self.issue(self.offline.pop(0))
        issue.apply_transition("publish", self.user, comment="Load test: published again.")
        self.record(issue, "Published.")
        return True

    def schedule(self):
        """Schedule an offline issue a few seconds ahead: it goes live without any save."""
        from django.utils import timezone

        if not self.offline:
            return False
        issue = self.issue(self.offline.pop(0))
        issue.apply_transition(
            "schedule",
            self.user,
            comment="Load test: scheduled.",
            publish_at=timezone.now() + datetime.timedelta(seconds=3),
        )
        self.record(issue, "Scheduled.")
        return True

    def edit_entry(self):
        from digest.models import Entry

        entry = (
            Entry.objects.filter(issue_id=self.rng.choice(self.issue_ids))
            .order_by("?")
            .select_related("issue")
            .first()
        )
        if entry.headline.endswith(EDIT_MARK):
            entry.headline = entry.headline.removesuffix(EDIT_MARK)
        else:
            entry.headline += EDIT_MARK
        entry.save()
        self.record(entry.issue, "Edited an entry.")
        self.last_edit = {"issue_id": entry.issue_id, "text": entry.headline}
        return True

    def edit_issue(self):
        issue = self.issue(self.rng.choice(self.issue_ids))
        marker = f"\n\n（编辑于 {time.strftime('%H:%M:%S')}）"
        issue.intro = issue.intro.split("\n\n（编辑于")[0] + marker
        issue.save()
        self.record(issue, "Edited the intro.")
        return True

    def restore(self):
        """Publish again what this editor left offline (scheduled issues are already live)."""
        for pk in self.offline:
            issue = self.issue(pk)
            issue.apply_transition("publish", self.user, comment="Load test: restored.")
        self.offline = []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    setup()
    editor = Editor(editor_user(), random.Random(args.seed))
    started = time.monotonic()
    steps = 0
    while time.monotonic() - started < args.duration:
        editor.step(steps)
        steps += 1
        next_step = started + steps * args.interval
        time.sleep(max(0.0, next_step - time.monotonic()))
    editor.restore()
    last = editor.last_edit
    if last:
        last["url"] = editor.issue(last["issue_id"]).get_absolute_url()
    json.dump(
        {
            "steps": steps,
            "changes": editor.counts,
            "errors": editor.errors,
            "seconds": round(time.monotonic() - started, 1),
            "last_edit": last,
        },
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    main()
