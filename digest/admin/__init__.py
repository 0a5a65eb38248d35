"""The editors' side: issues with their entries and picks, the workflow, history and calendar.

The admin of each model lives in a module of its own: `issue.py` (with the issue form's parts
in `issue_form.py`, its extra pages in `issue_views.py`, the import page and the export action
in `issue_import.py`, the entry rows' server side in `entry_editor.py`), `entry.py` (with the
entry editor's requests in `entry_editor_views.py`), `section.py`; the widgets they share are
in `widgets.py`, the admin home's "what waits for me" in `dashboard.py`. Registered here, as
Django's admin autodiscovery imports `digest.admin`.
"""

from django.contrib import admin

from ..models import Entry, Issue, Section
from .entry import EntryAdmin
from .issue import IssueAdmin
from .section import SectionAdmin

admin.site.register(Issue, IssueAdmin)
admin.site.register(Entry, EntryAdmin)
admin.site.register(Section, SectionAdmin)
