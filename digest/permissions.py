"""Who may do what: the one place the admin, the Markdown editor's endpoints, the reader views,
the importer and the workflow ask.

The roles (`accounts/roles.py`: Contributor, Editor) grant Django permissions; these functions
say what those permissions allow, issue by issue where the issue's state matters. A user of
None is the site's operator running a management command, and is never asked about.
"""

# What a person needs to use the Markdown editor's preview and picture uploads.
CONTENT_EDIT_PERMISSIONS = ("digest.add_issue", "digest.change_issue", "digest.change_entry")


def may_edit(user, issue):
    """Drafts are open to everyone who may change issues; other states only to editors."""
    if not user.has_perm("digest.change_issue"):
        return False
    return issue.status == issue.Status.DRAFT or may_edit_any_issue(user)


def may_edit_any_issue(user):
    """Editors: issues in every state, not only drafts."""
    return user.has_perm("digest.edit_any_issue")


def may_change_issues(user):
    return user.has_perm("digest.change_issue")


def may_make(user, transition):
    """Whether `user` may make the workflow move `transition` (digest.models.workflow)."""
    return user.has_perm(transition.permission)


def may_set_publication_times(user):
    return user.has_perm("digest.publish_issue")


def may_review(user):
    return user.has_perm("digest.review_issue")


def may_restore(user):
    return user.has_perm("digest.restore_issue")


def may_share_previews(user):
    return user.has_perm("digest.share_preview")


def may_create_sections(user):
    return user.has_perm("digest.add_section")


def may_preview(user):
    """Staff who may read unpublished issues at their public address (with a banner)."""
    return user.is_staff and user.has_perm("digest.preview_issue")


def may_use_the_editor(user):
    """The Markdown editor's live preview and picture uploads: staff who write content."""
    return (
        user.is_active
        and user.is_staff
        and any(user.has_perm(perm) for perm in CONTENT_EDIT_PERMISSIONS)
    )


def may_see_what_waits(user):
    """The admin home's list of issues waiting for someone."""
    return user.is_active and user.is_staff and user.has_perm("digest.view_issue")
