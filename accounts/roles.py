"""The editorial roles. Each is a Django group; migration 0002_roles gives it its permissions.

- Contributor: writes issues and entries, edits drafts, submits them for review; cannot
  publish, schedule or edit issues that left the draft state.
- Editor: everything about content: edits any issue in any state, reviews, schedules,
  publishes and unpublishes, shares previews, restores versions, manages sections and tags.
"""

from django.utils.translation import gettext_lazy as _

CONTRIBUTOR = "Contributor"
EDITOR = "Editor"
ROLES = (CONTRIBUTOR, EDITOR)
# The group names stay English (they are data); people read these.
ROLE_CHOICES = [
    (CONTRIBUTOR, _("Contributor: writes drafts and submits them for review")),
    (EDITOR, _("Editor: reviews, schedules and publishes; edits any issue")),
]
ROLE_NAMES = {CONTRIBUTOR: _("Contributor"), EDITOR: _("Editor")}
