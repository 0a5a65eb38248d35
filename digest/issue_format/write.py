"""Writing a parsed document into the database: `import_document` creates or updates one
issue, all of it or nothing, and records it in the issue's history."""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .. import history, permissions, weeks
from ..models import Entry, Issue, Pick, Section, TransitionError
from .plan import ImportPlan, tag_key
from .problems import ExistingIssue, ImportProblem
from .wording import heading_key


@dataclass
class ImportResult:
    issue: Issue
    entry_count: int
    pick_count: int
    sections_created: list
    missing_images: list
    warnings: list
    replaced: bool  # an existing issue was updated in place
    changes: list  # what updating it changed (`ImportPlan.changes`)


def aware(moment):
    """A datetime with a time zone; naive ones are read in the site's time zone."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def import_document(
    parsed,
    *,
    replace=False,
    status=Issue.Status.DRAFT,
    publish_at=None,
    media_dir=None,
    images=None,
    user=None,
    expected_version=None,
):
    """Write the parsed issue, all of it or nothing, and record it in the issue's history.

    A week without an issue gets a new one, as a draft. With `replace`, the week's existing
    issue keeps its id, status, publish times and address: its title, intro, entries, picks
    and tags are updated in place to match the document, and the version before stays in
    the history, restorable (`ImportResult.changes` says what changed). `user` (None: the
    operator, from a management command) must be allowed to edit that issue;
    `expected_version` refuses the import if the issue changed since its dry run was shown.

    `status` published or scheduled moves the issue on through the workflow
    (`Issue.apply_transition`). Published is dated at `publish_at` (a past time) when given,
    else at the week's publication slot when that has passed (the back catalogue), else now.
    Scheduled goes live at `publish_at`; a time already past publishes the issue as of that
    time. An issue that already is in the requested state keeps its dates.
    """
    stored_files = []
    try:
        with transaction.atomic():
            plan = ImportPlan(
                parsed,
                replace=replace,
                media_dir=media_dir,
                images=images,
                for_update=True,
                user=user,
            )
            if plan.existing is None and expected_version is not None:
                raise _changed_since_dry_run(parsed)
            if plan.existing is None:
                result = _create(plan, stored_files)
                comment = _("Imported from %(file)s") % {"file": parsed.source_name}
            else:
                _check_may_update(plan, user, expected_version)
                result = _update(plan, user, stored_files)
                comment = _("Re-imported from %(file)s") % {"file": parsed.source_name}
                if result.changes:
                    comment += ": " + "; ".join(result.changes)
            _move_on(result, parsed, status, aware(publish_at), user, comment)
            history.record_version(result.issue, user, comment)
    except IntegrityError as error:
        _delete_files(stored_files)
        existing = Issue.objects.filter(year=parsed.year, week=parsed.week).first()
        if existing is None:
            raise
        raise ExistingIssue(
            _("week %(week)d of %(year)d was created by someone else meanwhile")
            % {"week": parsed.week, "year": parsed.year},
            parsed.title_line,
            parsed.source_name,
            existing,
        ) from error
    except BaseException:
        _delete_files(stored_files)
        raise
    return result


def _changed_since_dry_run(parsed):
    return ImportProblem(
        _(
            "the issue of week %(week)d of %(year)d changed after the summary was shown; "
            "check the file again to see what the import would change now"
        )
        % {"week": parsed.week, "year": parsed.year},
        parsed.title_line,
        parsed.source_name,
    )


def _check_may_update(plan, user, expected_version):
    issue = plan.existing
    if user is not None and not permissions.may_edit(user, issue):
        raise ImportProblem(
            _("%(issue)s is %(status)s, and you may not change it")
            % {"issue": issue, "status": issue.get_status_display().lower()},
            plan.parsed.title_line,
            plan.parsed.source_name,
        )
    if expected_version is not None and issue.version != expected_version:
        raise _changed_since_dry_run(plan.parsed)


def _create(plan, stored_files):
    parsed = plan.parsed
    issue = Issue(
        year=parsed.year,
        week=parsed.week,
        title=parsed.title,
        coverage_start=plan.coverage_start,
        source_url=parsed.source_url,
        intro=parsed.intro,
        status=Issue.Status.DRAFT,
    )
    _validate(issue, parsed.title_line, parsed, exclude=None)
    issue.save()
    return _write_contents(plan, issue, stored_files)


def _update(plan, user, stored_files):
    """Bring the existing issue's content in line with the document, keeping its identity."""
    parsed, issue = plan.parsed, plan.existing
    history.record_unless_recorded(
        issue, user, _("Before the re-import from %(file)s") % {"file": parsed.source_name}
    )
    issue.picks.all().delete()
    # Their stored images stay: an earlier version may be restored.
    Entry.objects.filter(pk__in=[entry.pk for entry in plan.removed]).delete()
    issue.title = parsed.title
    issue.coverage_start = plan.coverage_start
    issue.source_url = parsed.source_url
    issue.intro = parsed.intro
    _validate(issue, parsed.title_line, parsed, exclude=None)
    issue.save()
    return _write_contents(plan, issue, stored_files)


def _write_contents(plan, issue, stored_files):
    """Write the entries (new or updated) and the picks of the issue."""
    parsed = plan.parsed
    sections_created = {}
    entries = {}
    for position, entry_plan in enumerate(plan.entries, start=1):
        section = entry_plan.section_plan.section
        if section is None:
            key = heading_key(entry_plan.section_plan.parsed.name)
            if key not in sections_created:
                sections_created[key] = _create_section(entry_plan.section_plan.parsed)
            section = sections_created[key]
        entry = _write_entry(issue, section, position, entry_plan, parsed, stored_files)
        entries[id(entry_plan.parsed)] = entry
    for number, pick in enumerate(parsed.picks, start=1):
        Pick.objects.create(
            issue=issue, entry=entries[id(pick.entry)], position=number, blurb=pick.blurb[:300]
        )
    issue.refresh_from_db()
    return ImportResult(
        issue=issue,
        entry_count=len(plan.entries),
        pick_count=len(parsed.picks),
        sections_created=list(sections_created.values()),
        missing_images=list(plan.missing_images),
        warnings=list(plan.warnings),
        replaced=plan.existing is not None,
        changes=list(plan.changes),
    )


def _move_on(result, parsed, status, publish_at, user, comment):
    """Take the imported issue to the requested state, through the workflow."""
    issue = result.issue
    if status == Issue.Status.DRAFT:
        return
    now = timezone.now()
    if status == Issue.Status.SCHEDULED:
        if publish_at is None:
            raise ValueError("A scheduled import needs publish_at.")
        if publish_at <= now:
            status = Issue.Status.PUBLISHED
            result.warnings.append(
                _("the publish time has passed: the issue is published as of that time")
            )
    if issue.status == status:
        result.warnings.append(
            _("the issue already was %(status)s; its dates are kept")
            % {"status": issue.get_status_display().lower()}
        )
        return
    if status == Issue.Status.PUBLISHED and publish_at is None:
        # An issue of the back catalogue went out at its week's slot, not at its import.
        slot = weeks.publication_time(issue.year, issue.week)
        publish_at = slot if slot <= now else None
    name = "schedule" if status == Issue.Status.SCHEDULED else "publish"
    try:
        issue.apply_transition(name, user, comment, publish_at=publish_at)
    except TransitionError as error:
        raise ImportProblem(str(error), parsed.title_line, parsed.source_name) from error


def _create_section(parsed_section):
    name = parsed_section.name[:100]
    base = slugify(name)[:90] or "section"
    slug, n = base, 2
    while Section.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    last = Section.objects.aggregate(last=Max("position"))["last"] or 0
    # One name serves both languages until an editor translates it.
    return Section.objects.create(name_en=name, name_zh=name, slug=slug, position=last + 1)


def _write_entry(issue, section, position, entry_plan, parsed, stored_files):
    item = entry_plan.parsed
    entry = entry_plan.current or Entry(issue=issue)
    for name, value in entry_plan.values().items():
        setattr(entry, name, value)
    entry.section, entry.position = section, position
    if entry_plan.remove_image:
        # The file stays: an earlier version may be restored.
        entry.image = ""
    _validate(entry, item.line, parsed, exclude=["issue", "image"])
    found = entry_plan.image
    if found is not None:
        name = PurePosixPath(item.image).name
        if isinstance(found, Path):
            with found.open("rb") as handle:
                entry.image.save(name, File(handle), save=False)
        else:
            found.seek(0)
            entry.image.save(name, File(found), save=False)
        stored_files.append(entry.image.name)
    entry.save()
    if entry_plan.current is not None:
        if tag_key(item.tags) != tag_key(tag.name for tag in entry.tag_list):
            entry.tags.set(item.tags)
    elif item.tags:
        entry.tags.add(*item.tags)
    return entry


def _validate(instance, line, parsed, exclude):
    """Model validation, reported as an ImportProblem at the document line it comes from."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems = []
        for name, messages in error.message_dict.items():
            text = " ".join(messages)
            if name != NON_FIELD_ERRORS:
                text = f"{instance._meta.get_field(name).verbose_name}: {text}"
            problems.append(text)
        if "source_url" in error.message_dict and isinstance(instance, Issue):
            line = parsed.source_line or line
        raise ImportProblem("; ".join(problems), line, parsed.source_name) from error


def _delete_files(names):
    for name in names:
        default_storage.delete(name)
