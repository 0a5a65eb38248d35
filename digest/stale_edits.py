"""A save refused because the issue changed after its form was opened: nothing typed is lost.

The submitted form is compared, field by field and row by row (entries, picks), with the issue
as saved now and with the stored version the form was opened at (`history.version_seen_at`):

- a field only the editor changed keeps the editor's text;
- a field only someone else changed takes the saved text;
- a field both changed keeps the editor's text, and the saved text is shown beside it;
- rows added by others join the form, rows others deleted are left out unless the editor
  changed them (then they come back as new rows).

Without the stored version, every field that differs keeps the editor's text. The admin shows
the form again with the merged data and the list of differences; saving it then applies the
editor's changes over the current version (see `IssueAdminForm.clean`).
"""

from dataclasses import dataclass

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import history

YOURS = gettext_lazy("Your change, in the form.")
BOTH = gettext_lazy("Changed by you and by someone else: your text is in the form.")
THEIRS = gettext_lazy("Changed by someone else: the form now shows the saved text.")
UNKNOWN = gettext_lazy("Your text is in the form.")
ADDED = gettext_lazy("Added by someone else: kept, and now in the form.")
DELETED = gettext_lazy("Deleted by someone else: left out of the form.")
RESCUED = gettext_lazy(
    "Deleted by someone else, changed by you: in the form again, to be added anew."
)
RESCUED_UNKNOWN = gettext_lazy(
    "Deleted by someone else: your text is in the form again, to be added anew."
)
FILE_LOST = gettext_lazy("Your new file was not saved: choose it again.")


@dataclass
class Difference:
    place: str
    yours: str
    saved: str
    note: str


@dataclass
class StaleEdit:
    """The editor's form re-applied to the current version (`data`) and what differs."""

    data: object  # a QueryDict, as request.POST
    differences: list


def reapply(model_admin, request, issue, seen_version):
    """Re-apply the changes of the issue form in `request` (opened at `seen_version`) to
    `issue` as saved now. The issue row must be locked by the caller."""
    version = history.version_seen_at(issue.pk, seen_version)
    stored = history.stored_issue(version) if version is not None else None
    data = request.POST.copy()
    differences = []

    form = model_admin.get_form(request, issue, change=True)(
        request.POST, request.FILES, instance=issue
    )
    base = stored.issue if stored is not None else None
    differences += _merge_fields(form, base, stored, data, data_prefix="", place="")

    for formset_class, inline in model_admin.get_formsets_with_inlines(request, issue):
        prefix = formset_class.get_default_prefix()
        formset = formset_class(**model_admin.get_formset_kwargs(request, issue, inline, prefix))
        if not formset.form.base_fields:  # read-only rows (the status history)
            continue
        differences += _merge_formset(formset, stored, data)
    return StaleEdit(data=data, differences=differences)


def _merge_formset(formset, stored, data):
    """Rewrite the rows of `formset` in `data`: merged existing rows, rows added by others, then
    the editor's new rows."""
    differences = []
    current = {obj.pk: obj for obj in formset.get_queryset()}
    base_rows = stored.objects(formset.model) if stored is not None else {}
    kept, new = [], []
    in_form = set()
    for number, form in enumerate(formset.forms, start=1):
        row = _row_data(data, form.prefix)
        pk = _int_or_none(row.get("id"))  # the last (only) value
        if pk is None:
            new.append(row)
            continue
        obj = current.get(pk)
        base = base_rows.get(pk)
        place = _row_place(formset.model, obj or base, number, form)
        if obj is None:  # deleted by someone else since the form was opened
            changed = form.has_changed() if base is None else _changed_since(form, base, stored)
            deleting = formset.can_delete and form.data.get(form.add_prefix("DELETE"))
            if changed and not deleting:
                row["id"] = ""
                new.append(row)
                note = RESCUED if base is not None else RESCUED_UNKNOWN
                differences.append(Difference(place, _row_title(form), "", str(note)))
            else:
                differences.append(Difference(place, _row_title(form), "", str(DELETED)))
            continue
        in_form.add(pk)
        differences += _merge_fields(
            form, base, stored, row, data_prefix=f"{form.prefix}-", place=place
        )
        kept.append(row)
    for pk, obj in current.items():
        if pk not in in_form:
            added = _unbound_row(formset, obj)
            kept.append(added)
            title = str(obj)
            differences.append(
                Difference(_row_place(formset.model, obj, None, None), "", title, str(ADDED))
            )
    _write_rows(data, formset, kept, new)
    return differences


def _merge_fields(form, base, stored, target, data_prefix, place):
    """Merge the fields of bound `form` into `target` (data keys, without `data_prefix`)."""
    differences = []
    for name in _content_fields(form):
        bound = form[name]
        field = bound.field
        label = capfirst(str(field.label or name))
        where = f"{place} · {label}" if place else label
        if isinstance(field, forms.FileField):
            if form.files.get(bound.html_name):
                chosen = form.files[bound.html_name].name
                differences.append(Difference(where, chosen, "", str(FILE_LOST)))
            continue
        saved = bound.initial
        mine = bound.data
        if not field.has_changed(saved, mine):
            continue
        saved_data = _as_data(bound, saved)
        if base is None:
            note, keep_mine = UNKNOWN, True
        else:
            before = _base_initial(form, name, base, stored)
            keep_mine = field.has_changed(before, mine)
            others = field.has_changed(before, _widget_value(bound, saved_data))
            note = (BOTH if others else YOURS) if keep_mine else THEIRS
        if not keep_mine:
            for key, values in saved_data.lists():
                target.setlist(key.removeprefix(data_prefix), values)
        differences.append(
            Difference(
                where,
                _display(field, mine),
                _display(field, _widget_value(bound, saved_data)),
                str(note),
            )
        )
    return differences


def _content_fields(form):
    """The names of `form`'s fields that hold the object's content: its model's fields, shown
    (not the hidden id, parent and version fields, nor the delete box)."""
    names = {field.name for field in form._meta.model._meta.get_fields()}
    return [name for name in form.fields if name in names and not form[name].is_hidden]


def _changed_since(form, base, stored):
    """Whether the editor changed any field of a row compared with the stored version."""
    return any(
        form[name].field.has_changed(_base_initial(form, name, base, stored), form[name].data)
        for name in _content_fields(form)
        if not isinstance(form[name].field, forms.FileField)
    )


def _base_initial(form, name, base, stored):
    """The initial value field `name` of `form` had for the stored object `base`."""
    if name == "tags":
        return [_Named(tag) for tag in stored.tags.get(base.pk, [])]
    return base._meta.get_field(name).value_from_object(base)


@dataclass
class _Named:
    """A stand-in for a Tag: taggit compares tags by name."""

    name: str

    def __str__(self):
        return self.name


def _as_data(bound, value):
    """What a browser submits for `bound`'s field showing `value`, as a MultiValueDict."""
    widget = getattr(bound.field.widget, "widget", bound.field.widget)  # related-object wrapper
    context = widget.get_context(bound.html_name, bound.field.prepare_value(value), {})["widget"]
    data = MultiValueDict()
    for part in context.get("subwidgets") or [context]:
        part_value = part["value"]
        if isinstance(part_value, list):  # select boxes
            part_value = part_value[0] if part_value else ""
        data.appendlist(part["name"], "" if part_value is None else str(part_value))
    return data


def _widget_value(bound, data):
    return bound.field.widget.value_from_datadict(data, {}, bound.html_name)


def _display(field, value):
    """A submitted value as the editor reads it."""
    if isinstance(value, (list, tuple)):
        return " ".join(str(part) for part in value if part)
    if isinstance(field, forms.ModelChoiceField):
        labels = {str(choice): label for choice, label in field.choices}
        return str(labels.get(str(value), value)) if value else ""
    return "" if value is None else str(value)


def _row_data(data, prefix):
    """{field name: [values]} of the row `prefix` ("entries-3") in `data`."""
    start = f"{prefix}-"
    return MultiValueDict(
        {key.removeprefix(start): values for key, values in data.lists() if key.startswith(start)}
    )


def _unbound_row(formset, obj):
    """The data of a row showing `obj` as saved, as a browser would submit it."""
    form = formset.form(instance=obj, prefix="row")
    formset.add_fields(form, None)
    row = MultiValueDict()
    for name in _content_fields(form):
        bound = form[name]
        if not isinstance(bound.field, forms.FileField):
            for key, values in _as_data(bound, bound.initial).lists():
                row.setlist(key.removeprefix("row-"), values)
    row["id"] = str(obj.pk)
    row[formset.fk.name] = str(formset.instance.pk)
    return row


def _write_rows(data, formset, existing, new):
    """Replace the rows of `formset` in `data`: `existing` objects' rows first, as a formset
    expects, then `new` ones."""
    prefix = formset.prefix
    for key in [key for key in data if key.startswith(f"{prefix}-")]:
        if not key.endswith(("MIN_NUM_FORMS", "MAX_NUM_FORMS")):
            del data[key]
    for index, row in enumerate([*existing, *new]):
        for name, values in row.lists():
            data.setlist(f"{prefix}-{index}-{name}", values)
    data[f"{prefix}-TOTAL_FORMS"] = str(len(existing) + len(new))
    data[f"{prefix}-INITIAL_FORMS"] = str(len(existing))


def _row_place(model, obj, number, form):
    """How the comparison names a row: "Entry “headline”", "Pick 2"."""
    name = capfirst(model._meta.verbose_name)
    if model._meta.model_name == "pick" and number:  # a pick's text may be what changed
        return f"{name} {number}"
    title = str(obj) if obj is not None else _row_title(form)
    return _("%(kind)s “%(title)s”") % {"kind": name, "title": title}


def _row_title(form):
    for name in ("headline", "blurb"):
        if name in form.fields and form[name].data:
            return form[name].data
    return ""


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
