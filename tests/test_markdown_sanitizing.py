"""No text an editor (or an imported document) writes can put script on a reader's page.

Every payload goes into every Markdown field and every plain-text field shown to readers; each
page showing them is parsed as a browser would parse it and searched for elements and
attributes that run script or load foreign content. Escaped text (``&lt;script&gt;``) is fine.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image
from taggit.models import Tag

from digest.markdown import render_markdown
from tests.factories import make_entry, make_issue, make_pick
from tests.html_inspection import find_all
from tests.xss import XSS_PAYLOADS, dangerous_markup

pytestmark = pytest.mark.django_db


PAGE = "<!DOCTYPE html><html><head>{}</head><body>{}</body></html>"


def test_the_checker_reads_html_as_a_browser_does():
    """tests.xss finds script the way a browser would build it, so the checks below cannot
    pass by missing it."""
    for html in (
        '<p><a href="java\tscript:x">a</a><img src=x onerror=y></p>',
        '<a href=" \x01JavaScript:x">a</a>',
        '<a href="&#x6A;avascript:alert(1)">x</a>',
        "<script>alert(1)</script>",
        '<!--<img src="--><img src=x onerror=alert(1)//">',  # the comment ends early
        '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
        '<script type="application/ld+json">{"name": "x"}</script>',  # not in a fragment
        '<form action="https://evil.example/" method="post"></form>',
        "<meta http-equiv=refresh content='0;url=/'>",
    ):
        assert dangerous_markup(html), html
    for html in (
        '<a href="jav    ascript:x">a</a>',  # a space in the scheme: a relative URL
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; onload=x</p>",
        '<p><a href="https://example.com/?q=javascript:">x</a></p>',
    ):
        assert not dangerous_markup(html), html


def test_the_checker_allows_the_sites_own_head_and_search_form_on_a_whole_page():
    own = PAGE.format(
        '<link rel="stylesheet" href="/static/digest/css/site.css">'
        '<meta name="description" content="x"><script src="/static/digest/js/site.js"></script>',
        '<script type="application/ld+json">{"name": "x"}</script>'
        '<form action="/search/" method="get"></form>',
    )
    assert dangerous_markup(own) == []
    assert dangerous_markup(PAGE.format('<link rel="stylesheet" href="https://evil.example/">', ""))
    assert dangerous_markup(PAGE.format("", '<script src="https://evil.example/x.js"></script>'))


def publish_everywhere(payload):
    """A published issue with `payload` in every field that a reader's page shows."""
    issue = make_issue(
        year=2020,
        week=47,
        title=payload[:200],
        intro=payload,
        cover_image="covers/2020/cover.png",
        cover_alt=payload,
    )
    entry = make_entry(
        issue,
        tags=[payload[:100]],
        headline=payload,
        original_title=payload,
        summary=payload,
        image="entries/2020/figure.png",
        image_alt=payload,
        card_url="https://example.com/card",
        card_title=payload,
        card_description=payload,
        card_site=payload,
    )
    make_pick(issue, entry, blurb=payload)
    return issue, Tag.objects.get()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_runs_on_no_page(client, payload):
    issue, tag = publish_everywhere(payload)
    urls = [
        reverse("digest:home"),
        issue.get_absolute_url(),
        reverse("digest:month-summary", args=[2020, 11]),
        reverse("digest:year-archive", args=[2020]),
        reverse("digest:tag-index"),
        reverse("digest:tag-detail", args=[tag.slug]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert dangerous_markup(response.content.decode()) == [], url


def test_plain_text_fields_are_shown_as_text(client):
    """Each plain-text field reaches the page, escaped: the checks above are not vacuous."""
    markers = {
        field: f"<b>{field} marker</b>"
        for field in (
            "title",
            "cover_alt",
            "headline",
            "original_title",
            "image_alt",
            "card_title",
            "card_description",
            "card_site",
            "blurb",
        )
    }
    issue = make_issue(
        title=markers["title"], cover_image="covers/2020/c.png", cover_alt=markers["cover_alt"]
    )
    entry = make_entry(
        issue,
        tags=["<b>tag marker</b>"],
        image="entries/2020/f.png",
        card_url="https://example.com/card",
        **{
            field: markers[field]
            for field in (
                "headline",
                "original_title",
                "image_alt",
                "card_title",
                "card_description",
                "card_site",
            )
        },
    )
    make_pick(issue, entry, blurb=markers["blurb"])

    html = client.get(issue.get_absolute_url()).content.decode()

    for field, marker in markers.items():
        assert marker not in html, field
        assert escape(marker) in html, field
    assert escape("<b>tag marker</b>") in html


def test_url_fields_refuse_script_links():
    issue = make_issue()
    entry = make_entry(issue, source_url="javascript:alert(1)", card_url="data:text/html,x")

    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()

    assert {"source_url", "card_url"} <= set(excinfo.value.message_dict)


# --- Ordinary Markdown survives --------------------------------------------------------------

ORDINARY_MARKDOWN = """\
Some **bold** and *emphasis*, a [link](https://example.com/page "A title") and `inline code`.

![A chart](https://example.com/chart.png)

- first item
- second item

1. one
2. two

```
print("hello")
```

| Model | Score |
|-------|-------|
| BERT  | 90.1  |
"""


def test_render_markdown_keeps_ordinary_markdown():
    html = render_markdown(ORDINARY_MARKDOWN)

    assert "<strong>bold</strong>" in html
    assert "<em>emphasis</em>" in html
    [link] = find_all(html, "a")
    assert link.get("href") == "https://example.com/page"
    assert link.get("title") == "A title"
    assert link.text == "link"
    [image] = find_all(html, "img")
    assert image.get("src") == "https://example.com/chart.png"
    assert image.get("alt") == "A chart"
    assert [item.text for item in find_all(html, "li")] == [
        "first item",
        "second item",
        "one",
        "two",
    ]
    assert find_all(html, "ul") and find_all(html, "ol")
    assert "<code>inline code</code>" in html
    [block] = find_all(html, "pre")
    assert 'print("hello")' in block.text
    assert [cell.text for cell in find_all(html, "th")] == ["Model", "Score"]
    assert [cell.text for cell in find_all(html, "td")] == ["BERT", "90.1"]
    assert dangerous_markup(html) == []


def test_render_markdown_of_nothing_is_empty():
    assert render_markdown("") == ""


# --- The editor's live preview and image upload ----------------------------------------------

PREVIEW_URL = "/markdownx/markdownify/"
UPLOAD_URL = "/markdownx/upload/"
AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def test_preview_returns_sanitized_html_to_an_editor(client, editor):
    client.force_login(editor)

    response = client.post(
        PREVIEW_URL, {"content": "**bold** <script>alert(1)</script> [x](javascript:alert(1))"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert dangerous_markup(html) == []


def test_preview_is_forbidden_to_anonymous_visitors(client):
    response = client.post(PREVIEW_URL, {"content": "**bold**"})

    assert response.status_code == 403


def test_preview_is_forbidden_to_users_who_are_not_staff(client, reader):
    client.force_login(reader)

    response = client.post(PREVIEW_URL, {"content": "**bold**"})

    assert response.status_code == 403


def test_preview_only_answers_post(client, editor):
    client.force_login(editor)

    assert client.get(PREVIEW_URL, {"content": "**bold**"}).status_code == 405


def png_file(name="figure.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (255, 0, 0)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)


def uploaded_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()]


def test_upload_is_forbidden_to_anonymous_visitors(client, media_root):
    response = client.post(UPLOAD_URL, {"image": png_file()}, **AJAX)

    assert response.status_code == 403
    assert uploaded_files(media_root) == []


def test_editor_can_upload_a_png(client, editor, media_root):
    client.force_login(editor)

    response = client.post(UPLOAD_URL, {"image": png_file()}, **AJAX)

    assert response.status_code == 200
    assert response.json()["image_code"].startswith("![](/media/uploads/")
    assert len(uploaded_files(media_root)) == 1


def test_svg_upload_from_an_editor_is_refused_and_not_stored(client, editor, media_root):
    client.force_login(editor)
    svg = SimpleUploadedFile("drawing.svg", SVG_WITH_SCRIPT, content_type="image/svg+xml")

    response = client.post(UPLOAD_URL, {"image": svg}, **AJAX)

    assert response.status_code == 400 or "image_code" not in response.json()
    assert uploaded_files(media_root) == []


def test_refused_upload_without_the_ajax_header_is_a_400_not_a_server_error(
    client, editor, media_root
):
    client.force_login(editor)
    svg = SimpleUploadedFile("drawing.svg", SVG_WITH_SCRIPT, content_type="image/svg+xml")

    response = client.post(UPLOAD_URL, {"image": svg})

    assert response.status_code == 400
    assert uploaded_files(media_root) == []
