"""The editorial roles. Each is a Django group; migration 0002_roles gives it its permissions.

- Contributor: writes issues and entries, edits drafts, submits them for review; cannot
  publish, schedule or edit issues that left the draft state.
- Editor: everything about content: edits any issue in any state, reviews, schedules,
  publishes and unpublishes, shares previews, restores versions, manages sections and tags.
"""

CONTRIBUTOR = "Contributor"
EDITOR = "Editor"
ROLES = (CONTRIBUTOR, EDITOR)
