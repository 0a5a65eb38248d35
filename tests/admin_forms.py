"""POST data of the issue admin form, with its inlines (picks and entries), as a browser sends it.

The page is loaded first and every field it renders is sent back (hidden fields and the
management forms of inlines included), so the tests keep working when the admin grows a field.
"""

from tests.html_inspection import elements

SKIPPED_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}

ENTRY_FIELDS = {
    "id": "",
    "issue": "",
    "section": "",
    "position": "0",
    "headline": "",
    "original_title": "",
    "source_url": "",
    "summary": "",
    "image_alt": "",
    "card_url": "",
    "card_site": "",
    "card_title": "",
    "card_description": "",
    "tags": "",
    "slug": "",
    "is_pick": "",
    "pick_blurb": "",
    "staged_image": "",
}
PICK_FIELDS = {"id": "", "issue": "", "position": "0", "entry": "", "blurb": ""}


def post_issue_form(client, url, year=2020, week=47, *, entries=(), picks=(), **fields):
    """Load the issue admin form at `url`, fill it in and submit it; returns the response.

    `entries` and `picks` replace the rows of those inlines: dicts of inline fields (see
    `entry_row`, `pick_row`); rows of saved objects (with an "id") must come first, as the
    admin renders them.
    """
    page = client.get(url)
    assert page.status_code == 200, f"GET {url} answered {page.status_code}"
    data = {
        name: value
        for name, value in form_fields(page.content, "issue_form").items()
        if not name.startswith(("picks-", "entries-"))
    }
    data.update(issue_form_data(year, week, entries=entries, picks=picks, **fields))
    return client.post(url, data)


def form_fields(html, form_id):
    """{name: value} a browser submits from the form `form_id` of `html`, as rendered."""
    data = {}
    parsed = elements(html)
    for element in parsed:
        form = next((p for p in element.ancestors if p.tag == "form"), None)
        if form is None or form.get("id") != form_id:
            continue
        name = element.get("name") or ""
        if not name or "__prefix__" in name or "disabled" in element.attrs:
            continue
        if element.tag == "input":
            kind = element.get("type", "text").lower()
            if kind in SKIPPED_INPUT_TYPES:
                continue
            if kind in {"checkbox", "radio"} and "checked" not in element.attrs:
                continue
            data[name] = element.get("value", "on" if kind == "checkbox" else "")
        elif element.tag == "textarea":
            # Browsers drop the newline that follows <textarea>.
            data[name] = element.text.removeprefix("\r").removeprefix("\n")
        elif element.tag == "select":
            data.setdefault(name, "")
    for element in parsed:
        if element.tag == "option" and "selected" in element.attrs:
            select = next((p for p in reversed(element.ancestors) if p.tag == "select"), None)
            if select is not None and select.get("name") in data:
                data[select.get("name")] = element.get("value", element.text)
    return data


def issue_form_data(year=2020, week=47, *, entries=(), picks=(), **fields):
    """The issue form's own fields plus its picks and entries inlines."""
    data = {"year": str(year), "week": str(week)}
    data.update(fields)
    data.update(_inline("picks", picks, PICK_FIELDS))
    data.update(_inline("entries", entries, ENTRY_FIELDS))
    return data


def entry_row(entry=None, **fields):
    """Inline fields of a saved `entry` (or of a new one), overridden by `fields`."""
    row = {}
    if entry is not None:
        row = {
            "id": str(entry.pk),
            "issue": str(entry.issue_id),
            "section": str(entry.section_id),
            "position": str(entry.position),
            "headline": entry.headline,
            "original_title": entry.original_title,
            "source_url": entry.source_url,
            "summary": entry.summary,
            "image_alt": entry.image_alt,
            "card_url": entry.card_url,
            "card_site": entry.card_site,
            "card_title": entry.card_title,
            "card_description": entry.card_description,
            "tags": ", ".join(tag.name for tag in entry.tags.all()),
            "slug": entry.slug,
        }
        pick = entry.picks.filter(issue_id=entry.issue_id).first()
        if pick is not None:  # the row's ★ is ticked, with the pick's text
            row.update(is_pick="on", pick_blurb=pick.blurb)
    row.update({name: str(value) for name, value in fields.items()})
    return row


def pick_row(pick=None, **fields):
    """Inline fields of a saved `pick` (or of a new one), overridden by `fields`."""
    row = {}
    if pick is not None:
        row = {
            "id": str(pick.pk),
            "issue": str(pick.issue_id),
            "position": str(pick.position),
            "entry": str(pick.entry_id),
            "blurb": pick.blurb,
        }
    row.update({name: str(value) for name, value in fields.items()})
    return row


def _inline(prefix, rows, defaults):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in {**defaults, **row}.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def admin_errors(response):
    """The errors an admin form page shows, by field ("entries-0-summary"; "" for the errors of
    a whole form or formset): {field: [message, ...]}."""
    errors = {}
    for element in elements(response.content):
        errorlist = element.ancestors[-1] if element.ancestors else None
        if (
            element.tag == "li"
            and errorlist
            and errorlist.tag == "ul"
            and "errorlist" in errorlist.classes
        ):
            field = errorlist.get("id", "").removeprefix("id_").removesuffix("_error")
            errors.setdefault(field, []).append(element.text)
    return errors
