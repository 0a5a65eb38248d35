"""The editors' side: issues with their entries and picks, the workflow, history and calendar.

The admin of each model lives in a module of its own: `issue.py` (with the issue form's parts
in `issue_form.py` and its extra pages in `issue_views.py`), `entry.py`, `section.py`; the
widgets they share are in `widgets.py`. Registered here, as Django's admin autodiscovery
imports `digest.admin`.
"""

from django.contrib import admin

from ..models import Entry, Issue, Section
from .entry import EntryAdmin
from .issue import IssueAdmin
from .section import SectionAdmin

admin.site.register(Issue, IssueAdmin)
admin.site.register(Entry, EntryAdmin)
admin.site.register(Section, SectionAdmin)
