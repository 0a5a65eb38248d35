"""What importing a parsed document would do, worked out from the database without writing:
`ImportPlan`, the sections and entries it pairs with saved ones, and its dry-run summary."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import permissions, weeks
from ..models import Entry, Issue, Section, issue_title
from .images import find_image, same_bytes
from .parsed import ParsedEntry, ParsedSection, normalize_url
from .problems import ExistingIssue, ImportProblem
from .wording import WORDING, heading_key, squash


@dataclass
class SectionPlan:
    parsed: ParsedSection
    section: Section | None  # None: to be created

    @property
    def is_new(self):
        return self.section is None


@dataclass
class EntryPlan:
    """One entry of the document: the saved entry it updates (None: a new one) and its image."""

    parsed: ParsedEntry
    section_plan: SectionPlan
    current: Entry | None
    image: object = None  # a file to store (Path or uploaded file); None: keep or leave none
    remove_image: bool = False
    missing_image: str = ""

    def values(self):
        """The entry's text fields as the document gives them."""
        item, card = self.parsed, self.parsed.card
        return {
            "headline": item.headline,
            "original_title": item.original_title,
            "source_url": item.source_url,
            "summary": item.summary,
            "image_alt": item.image_alt,
            "missing_image": self.missing_image,
            "card_url": card.url if card else "",
            "card_title": card.title if card else "",
            "card_description": card.description if card else "",
            "card_site": card.site if card else "",
        }

    def changed_fields(self):
        """The names of the fields updating the saved entry changes ([] for a new entry)."""
        entry = self.current
        if entry is None:
            return []
        names = [name for name, value in self.values().items() if getattr(entry, name) != value]
        section = self.section_plan.section
        if section is None or section.pk != entry.section_id:
            names.append("section")
        if tag_key(self.parsed.tags) != tag_key(tag.name for tag in entry.tag_list):
            names.append("tags")
        if self.image is not None or self.remove_image:
            names.append("image")
        return [str(Entry._meta.get_field(name).verbose_name) for name in names]


def tag_key(names):
    # Tags are matched without regard to case (TAGGIT_CASE_INSENSITIVE).
    return sorted({name.casefold() for name in names})


def match_entries(parsed_entries, current):
    """{id(parsed entry): the saved entry it updates}: paired by source link, then by headline,
    then by anchor; each saved entry at most once, in the document's order."""
    free = list(current)
    matches = {}
    keys = [
        (lambda item: normalize_url(item.source_url), lambda e: normalize_url(e.source_url)),
        (lambda item: squash(item.headline).casefold(), lambda e: squash(e.headline).casefold()),
        (lambda item: item.anchor, lambda e: e.slug),
    ]
    for parsed_key, saved_key in keys:
        for item in parsed_entries:
            key = parsed_key(item)
            if id(item) in matches or not key:
                continue
            entry = next((e for e in free if saved_key(e) == key), None)
            if entry is not None:
                matches[id(item)] = entry
                free.remove(entry)
    return matches


class ImportPlan:
    """What importing a parsed document does, worked out from the database without writing.

    A week without an issue gets a new one. With `replace`, the week's issue is updated in
    place: its entries are paired with the document's (`match_entries`) and updated, added or
    removed; `changes` says what changes, one line each. Raises ExistingIssue when the week
    already has an issue and `replace` is false. `for_update` locks the issue (for writing).
    """

    def __init__(
        self, parsed, *, replace=False, media_dir=None, images=None, for_update=False, user=None
    ):
        self.parsed = parsed
        self.replace = replace
        existing = Issue.objects.filter(year=parsed.year, week=parsed.week)
        self.existing = (existing.select_for_update() if for_update else existing).first()
        if self.existing is not None and not replace:
            raise ExistingIssue(
                _(
                    "%(issue)s (week %(week)d of %(year)d) already exists; it is only updated "
                    "on request (--replace), or left as it is with --skip-existing"
                )
                % {"issue": self.existing, "week": parsed.week, "year": parsed.year},
                parsed.title_line,
                parsed.source_name,
                self.existing,
            )
        self.coverage_start = parsed.coverage_start or weeks.default_coverage_start(
            parsed.year, parsed.week
        )
        self.sections = self._match_sections()
        self._check_new_sections(user)
        self.images = {}  # entry image path -> file found for it
        self.missing_images = []
        self.warnings = list(parsed.warnings)
        current = self._current_entries()
        matches = match_entries(parsed.entries, current)
        self.entries = []
        for section_plan in self.sections:
            for item in section_plan.parsed.entries:
                entry_plan = EntryPlan(item, section_plan, matches.get(id(item)))
                self._plan_image(entry_plan, media_dir, images)
                self.entries.append(entry_plan)
        updated = {entry.pk for entry in matches.values()}
        self.removed = [entry for entry in current if entry.pk not in updated]
        self.changes = self._changes(current) if self.existing is not None else []

    def _current_entries(self):
        """The existing issue's entries in reading order, with their tags."""
        if self.existing is None:
            return []
        entries = self.existing.entries.select_related("section").with_tags()
        return sorted(entries, key=lambda e: (e.section.position, e.section_id, e.position, e.pk))

    def _match_sections(self):
        known = list(Section.objects.all())
        plans = []
        for parsed_section in self.parsed.sections:
            if not parsed_section.entries:
                continue
            key = heading_key(parsed_section.name)
            section = next(
                (s for s in known if key in (heading_key(s.name_en), heading_key(s.name_zh))),
                None,
            )
            plans.append(SectionPlan(parsed_section, section))
        return plans

    def _plan_image(self, entry_plan, media_dir, images):
        item, current = entry_plan.parsed, entry_plan.current
        has_image = current is not None and bool(current.image)
        if not item.image:
            entry_plan.remove_image = has_image
            return
        found = find_image(item.image, media_dir, images)
        if isinstance(found, str):
            self.warnings.append(found)
            found = None
        if found is None:
            # An image named but not given leaves an updated entry's picture as it is.
            if not has_image:
                entry_plan.missing_image = item.image
                self.missing_images.append(item.image)
            return
        self.images[item.image] = found
        if not (has_image and same_bytes(current.image, found)):
            entry_plan.image = found

    def _changes(self, current):
        """What updating the existing issue changes, one line each."""
        issue, parsed = self.existing, self.parsed
        changes = []
        if issue.title != parsed.title:
            changes.append(
                _("title: “%(old)s” → “%(new)s”")
                % {
                    "old": issue.display_title,
                    "new": parsed.title or issue_title(parsed.year, parsed.week),
                }
            )
        for name, new in (
            ("source_url", parsed.source_url),
            ("coverage_start", self.coverage_start),
        ):
            old = getattr(issue, name)
            if old != new:
                changes.append(
                    _("%(field)s: %(old)s → %(new)s")
                    % {
                        "field": Issue._meta.get_field(name).verbose_name,
                        "old": old or "—",
                        "new": new or "—",
                    }
                )
        if issue.intro != parsed.intro:
            changes.append(_("intro changed"))
        for entry_plan in self.entries:
            old = entry_plan.current
            if old is None:
                changes.append(
                    _("entry added: %(headline)s") % {"headline": entry_plan.parsed.headline}
                )
            elif fields := entry_plan.changed_fields():
                headline = old.headline
                if headline != entry_plan.parsed.headline:
                    headline = f"{headline} → {entry_plan.parsed.headline}"
                changes.append(
                    _("entry changed: %(headline)s (%(fields)s)")
                    % {"headline": headline, "fields": ", ".join(fields)}
                )
        for entry in self.removed:
            changes.append(_("entry removed: %(headline)s") % {"headline": entry.headline})
        kept = [e.current.pk for e in self.entries if e.current is not None]
        if [entry.pk for entry in current if entry.pk in kept] != kept:
            changes.append(_("the order of the entries changed"))
        changes += self._pick_changes()
        return changes

    def _pick_changes(self):
        saved = list(self.existing.picks.select_related("entry"))
        plans = {id(entry_plan.parsed): entry_plan for entry_plan in self.entries}
        new = [
            (getattr(plans[id(pick.entry)].current, "pk", None), pick.blurb[:300])
            for pick in self.parsed.picks
        ]
        if [(pick.entry_id, pick.blurb) for pick in saved] == new:
            return []
        return [
            _("editor's picks: %(old)s → %(new)s")
            % {
                "old": "; ".join(pick.text for pick in saved) or "—",
                "new": "; ".join(pick.blurb or pick.entry.headline for pick in self.parsed.picks)
                or "—",
            }
        ]

    def _check_new_sections(self, user):
        """Only people who may add sections create them by importing (`user` None: the
        command line, run by the site's operators)."""
        new = [plan.parsed for plan in self.sections if plan.is_new]
        if new and user is not None and not permissions.may_create_sections(user):
            raise ImportProblem(
                _(
                    "the section “%(name)s” does not exist, and you may not create sections: "
                    "use an existing section's name or ask an editor to add it"
                )
                % {"name": new[0].name},
                new[0].line,
                self.parsed.source_name,
            )

    @property
    def entry_count(self):
        return len(self.parsed.entries)

    @property
    def new_sections(self):
        return [plan.parsed.name for plan in self.sections if plan.is_new]

    def summary(self):
        """The dry run: the issue, its sections, the number of entries, the picks, and for an
        existing issue what updating it changes."""
        parsed = self.parsed
        lines = [
            _("%(file)s: %(title)s (%(year)d, week %(week)d)")
            % {
                "file": parsed.source_name,
                "title": parsed.title
                or WORDING["en"].title.format(year=parsed.year, week=parsed.week),
                "year": parsed.year,
                "week": parsed.week,
            }
        ]
        if self.existing is not None:
            lines.append(
                "  "
                + _(
                    "replaces the existing issue %(issue)s in place: it stays %(status)s, with "
                    "its dates and address"
                )
                % {
                    "issue": self.existing,
                    "status": self.existing.get_status_display().lower(),
                }
            )
            lines.append("  " + _("changes: %(count)d") % {"count": len(self.changes)})
            lines += [f"    {change}" for change in self.changes]
        lines.append(
            "  " + _("coverage starts: %(date)s") % {"date": self.coverage_start.isoformat()}
        )
        if parsed.source_url:
            lines.append("  " + _("original post: %(url)s") % {"url": parsed.source_url})
        lines.append("  " + _("sections: %(count)d") % {"count": len(self.sections)})
        for plan in self.sections:
            lines.append(
                "    "
                + _("%(number)d. %(name)s → %(target)s: %(count)d entries")
                % {
                    "number": plan.parsed.number,
                    "name": plan.parsed.name,
                    "target": _("new section") if plan.is_new else plan.section.name_en,
                    "count": len(plan.parsed.entries),
                }
            )
        lines.append("  " + _("entries: %(count)d") % {"count": self.entry_count})
        lines.append("  " + _("picks: %(count)d") % {"count": len(parsed.picks)})
        for position, pick in enumerate(parsed.picks, start=1):
            lines.append(f"    {position}. {pick.text} → {pick.entry.headline}")
        if parsed.images:
            lines.append(
                "  "
                + _("images: %(found)d found, %(missing)d missing")
                % {"found": len(self.images), "missing": len(self.missing_images)}
            )
        for name in self.missing_images:
            lines.append("    " + _("missing image: %(name)s") % {"name": name})
        for warning in self.warnings:
            lines.append("  " + _("warning: %(text)s") % {"text": warning})
        return "\n".join(lines)
