"""Issue, Section, Entry and Pick: the content of a weekly digest, and who may see it.

The models live in the modules of this package; everything other code uses is imported here,
so `from digest.models import Issue` stays the way to reach them. `base`: text helpers,
`Month`, `CleanTextModel`, `ContentQuerySet`; `workflow`: how an issue moves through draft,
review, scheduled and published (`IssueWorkflow`, which `Issue` inherits, `TRANSITIONS`,
`StatusChange`); `section`; `issue_queryset`: who may see an issue (`visible_q`) and
`IssueQuerySet`; `issue`; `entry`: entries, their tags and anchors; `pick`; `preview`: preview
links; `versions`: page-cache bookkeeping; `contents`: issues and entries rendered to HTML.
"""

from .base import (
    MONTH_NAMES,
    CleanTextModel,
    ContentQuerySet,
    Month,
    issue_title,
    month_title,
    search_text,
)
from .contents import EntryContents, IssueContents
from .entry import (
    Entry,
    EntryQuerySet,
    TaggedEntry,
    first_with_image,
    group_by_section,
    slug_base,
    unique_slug,
    visible_tags,
)
from .issue import Issue
from .issue_queryset import IssueQuerySet, publication_date_of, visible_q
from .pick import Pick, PickQuerySet
from .preview import PreviewLink, PreviewLinkQuerySet
from .section import Section, SectionQuerySet
from .versions import ContentVersion, PendingPurge
from .workflow import (
    TRANSITIONS,
    IssueStatus,
    IssueWorkflow,
    IssueWorkflowQuerySet,
    StatusChange,
    Transition,
    TransitionError,
)

__all__ = [
    "MONTH_NAMES",
    "TRANSITIONS",
    "CleanTextModel",
    "ContentQuerySet",
    "ContentVersion",
    "Entry",
    "EntryContents",
    "EntryQuerySet",
    "Issue",
    "IssueContents",
    "IssueQuerySet",
    "IssueStatus",
    "IssueWorkflow",
    "IssueWorkflowQuerySet",
    "Month",
    "PendingPurge",
    "Pick",
    "PickQuerySet",
    "PreviewLink",
    "PreviewLinkQuerySet",
    "Section",
    "SectionQuerySet",
    "StatusChange",
    "TaggedEntry",
    "Transition",
    "TransitionError",
    "first_with_image",
    "group_by_section",
    "issue_title",
    "month_title",
    "publication_date_of",
    "search_text",
    "slug_base",
    "unique_slug",
    "visible_q",
    "visible_tags",
]
