"""What goes wrong reading or importing an issue document, with where it was found."""

from django.utils.translation import gettext as _


class ImportProblem(Exception):
    """A document that cannot be imported, with the file and line it was found at."""

    def __init__(self, message, line=None, source=None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.source = source

    def __str__(self):
        where = self.source or _("document")
        if self.line:
            where = _("%(file)s, line %(line)d") % {"file": where, "line": self.line}
        return f"{where}: {self.message}"


class ExistingIssue(ImportProblem):
    """The document's week already has an issue, and replacing it was not asked for."""

    def __init__(self, message, line=None, source=None, issue=None):
        super().__init__(message, line, source)
        self.issue = issue
