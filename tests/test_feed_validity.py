"""Every feed is valid as strict feed readers and validators read it: the Atom feeds against
the RELAX NG grammar and the Schematron rules of RFC 4287 (Appendix B, in
tests/fixtures/schemas/), the RSS feed against the elements RSS 2.0 requires; each read with a
strict XML parser, not a forgiving feed parser."""

import datetime
import email.utils
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree, isoschematron
from taggit.models import Tag

from tests.discovery_pages import SITE
from tests.factories import make_entry, make_issue, make_pick
from tests.security_files import picture

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {"atom": ATOM_NS}
# A BCP 47 language tag as feeds use them: language, then script or region subtags.
BCP47 = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?")

ATOM_FEEDS = {
    "issues (Atom)": "/feeds/issues.atom",
    "tag": "/tags/机器学习/feed/",
    "English tag": "/tags/nlp/feed/",
    "section": "/sections/papers/feed/",
}
RSS = "/feeds/issues.rss"


def atom_grammar():
    return etree.RelaxNG(etree.parse(SCHEMAS / "atom.rng"))


def atom_rules():
    """The Schematron rules RFC 4287 writes into its grammar (an atom:author for every entry,
    a link or content for every entry), as an ISO Schematron schema, one pattern per rule."""
    old, iso = "http://www.ascc.net/xml/schematron", "http://purl.oclc.org/dsdl/schematron"
    schema = etree.Element(f"{{{iso}}}schema", nsmap={"sch": iso})
    etree.SubElement(schema, f"{{{iso}}}ns", prefix="atom", uri=ATOM_NS)
    for rule in etree.parse(SCHEMAS / "atom.rng").iter(f"{{{old}}}rule"):
        pattern = etree.SubElement(schema, f"{{{iso}}}pattern")
        iso_rule = etree.SubElement(pattern, f"{{{iso}}}rule", context=rule.get("context"))
        for assertion in rule.iter(f"{{{old}}}assert"):
            iso_assert = etree.SubElement(iso_rule, f"{{{iso}}}assert", test=assertion.get("test"))
            iso_assert.text = assertion.text
    return isoschematron.Schematron(schema, store_report=True)


def strict_xml(content):
    """The document parsed by an XML parser that forgives nothing and fetches nothing."""
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    return etree.fromstring(content, parser)


def fetch_feed(client, url, reader_language=None):
    """The feed at `url`, or at its address in `reader_language` (English: under /en/)."""
    if reader_language and reader_language != django_settings.LANGUAGE_CODE:
        url = f"/{reader_language}{url}"
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response


def atom_errors(document):
    """Every way the Atom document breaks RFC 4287's grammar or rules, as readable lines."""
    grammar, rules = atom_grammar(), atom_rules()
    errors = []
    if not grammar.validate(document):
        errors += [f"line {error.line}: {error.message}" for error in grammar.error_log]
    if not rules.validate(document):
        errors += rules.validation_report.xpath(
            "//svrl:failed-assert/svrl:text/text()",
            namespaces={"svrl": "http://purl.oclc.org/dsdl/svrl"},
        )
    return errors


def absolute(url):
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def html_targets(html):
    """The href and src addresses in some HTML."""
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def image_file(name):
    return SimpleUploadedFile(name, picture("GIF", size=(1, 1)), "image/gif")


@pytest.fixture(autouse=True)
def chinese_site(settings):
    """The site's real default language, Chinese: feeds of Chinese content link the Chinese
    pages at their unprefixed addresses (a feed and the pages it links share its language)."""
    settings.LANGUAGE_CODE = "zh-hans"


@pytest.fixture
def issue():
    """A Chinese issue as in the sample: Chinese headlines, English original titles, an image
    in the intro and on an entry, a card, picks and tags in both languages."""
    issue = make_issue(
        year=2020,
        week=47,
        intro=(
            "以下是我在 2020 年第 47 周读到的一些论文和文章，[上周](/issues/2020/week-46/)。\n\n"
            "![本周图表](/media/uploads/chart.png)"
        ),
        source_url="https://medium.com/analytics-vidhya/akiras-ml-news-week47-2020-2d6338328113"
        "?source=collection_archive---------23-----------------------",
    )
    paper = make_entry(
        issue,
        "papers",
        tags=["NLP", "机器学习"],
        headline="通过指明文本描述的位置来优化文本到图像的生成",
        original_title="Text-to-Image Generation Grounded by Fine-Grained User Attention",
        source_url="https://arxiv.org/abs/2011.03775",
        summary="他们提出了一种根据用户指示的位置来生成图像的方法。",
        image=image_file("figure.gif"),
        image_alt="生成的图像",
        card_url="https://github.com/google-research/trecs",
        card_title="TReCS",
    )
    article = make_entry(
        issue,
        "articles",
        tags=["机器学习"],
        headline="为什么决策树系统的方法常常优于神经网络？",
        original_title="When and Why Tree-Based Models (Often) Outperform Neural Networks",
        source_url="https://towardsdatascience.com/when-and-why-ceba9ecd0fd8"
        "?source=rss----7f60cf5620c9---4&utm_source=newsletter",
        summary="决策树的方法在表格数据上常常更好。",
    )
    make_pick(issue, paper, position=1)
    make_pick(issue, article, position=2, blurb="决策树与神经网络")
    return issue


@pytest.fixture
def older_issue(issue):
    older = make_issue(year=2020, week=46, intro="上周的论文。")
    make_entry(older, "papers", tags=["机器学习"], headline="让视频中的人说一种不同的语言")
    return older


# --- Atom: the grammar and rules of RFC 4287 ------------------------------------------------


def test_schema_validation_finds_what_rfc_4287_forbids():
    """The validation below is not vacuous: the invalid feed of old is rejected."""
    broken = strict_xml(
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="&lt;bound method '
        b'IssueRssFeed.language&gt;"><title>Digest</title><id>http://testserver/</id>'
        b"<updated>2020-11-22T09:00:00+09:00</updated><entry><title>Week 47</title>"
        b'<link href="http://testserver/issues/2020/week-47/" rel="alternate"/>'
        b"<id>http://testserver/issues/2020/week-47/</id>"
        b"<updated>2020-11-22T09:00:00+09:00</updated></entry></feed>"
    )

    errors = atom_errors(broken)

    assert any("lang" in error for error in errors), errors
    assert any("atom:author" in error for error in errors), errors


@pytest.mark.parametrize("url", ATOM_FEEDS.values(), ids=ATOM_FEEDS.keys())
@pytest.mark.parametrize("reader_language", ["zh-hans", "en"])
def test_atom_feed_is_valid_against_rfc_4287(client, issue, older_issue, url, reader_language):
    response = fetch_feed(client, url, reader_language=reader_language)

    document = strict_xml(response.content)

    assert atom_errors(document) == []
    assert document.findall("atom:entry", NS), "the feed has entries to validate"


@pytest.mark.parametrize("url", ATOM_FEEDS.values(), ids=ATOM_FEEDS.keys())
def test_atom_feed_names_the_site_as_author_of_the_feed_and_of_each_entry(
    client, issue, older_issue, url
):
    document = strict_xml(fetch_feed(client, url).content)

    assert document.findtext("atom:author/atom:name", namespaces=NS) == "Digest"
    assert document.findtext("atom:author/atom:uri", namespaces=NS) == f"{SITE}/"
    for entry in document.findall("atom:entry", NS):
        assert entry.findtext("atom:author/atom:name", namespaces=NS) == "Digest"


@pytest.mark.parametrize("url", ATOM_FEEDS.values(), ids=ATOM_FEEDS.keys())
def test_atom_feed_and_entry_ids_are_permanent_absolute_and_unique(client, issue, older_issue, url):
    document = strict_xml(fetch_feed(client, url).content)

    feed_id = document.findtext("atom:id", namespaces=NS)
    assert feed_id == f"{SITE}{reverse_feed(url)}"
    entry_ids = [entry.findtext("atom:id", namespaces=NS) for entry in entry_elements(document)]
    assert len(set(entry_ids)) == len(entry_ids)
    for entry_id in entry_ids:
        assert urlsplit(entry_id).scheme in ("http", "https", "tag"), entry_id


def reverse_feed(url):
    """The feed's address as the site writes it (percent-encoded, for a Chinese tag)."""
    if url.startswith("/tags/"):
        slug = url.split("/")[2]
        return reverse("digest:feed-tag", args=[Tag.objects.get(slug=slug).slug])
    return url


def entry_elements(document):
    return document.findall("atom:entry", NS)


def test_atom_feed_ids_differ_between_feeds(client, issue, older_issue):
    ids = [
        strict_xml(fetch_feed(client, url).content).findtext("atom:id", namespaces=NS)
        for url in ATOM_FEEDS.values()
    ]

    assert len(set(ids)) == len(ids), ids


def test_atom_issue_entries_are_dated_at_their_publication(client, issue, older_issue):
    document = strict_xml(fetch_feed(client, "/feeds/issues.atom").content)

    entries = {
        entry.findtext("atom:title", namespaces=NS): entry for entry in entry_elements(document)
    }
    entry = entries["2020 年第 47 周"]
    published = datetime.datetime.fromisoformat(entry.findtext("atom:published", namespaces=NS))
    updated = datetime.datetime.fromisoformat(entry.findtext("atom:updated", namespaces=NS))
    issue.refresh_from_db()
    assert published == issue.publication_date
    assert updated == issue.modified_date
    feed_updated = document.findtext("atom:updated", namespaces=NS)
    assert datetime.datetime.fromisoformat(feed_updated) >= updated


@pytest.mark.parametrize("url", ATOM_FEEDS.values(), ids=ATOM_FEEDS.keys())
def test_atom_feed_links_and_images_are_absolute(client, issue, older_issue, url):
    document = strict_xml(fetch_feed(client, url).content)

    links = [link.get("href") for link in document.iter(f"{{{ATOM_NS}}}link")]
    assert links and all(absolute(link) for link in links), links
    [self_link] = document.xpath("atom:link[@rel='self']/@href", namespaces=NS)
    assert self_link == f"{SITE}{reverse_feed(url)}"
    for entry in entry_elements(document):
        content = entry.find("atom:content", NS)
        assert content.get("type") == "html"
        targets = html_targets(content.text)
        assert targets and all(absolute(target) for target in targets), targets


def test_atom_issue_entry_holds_the_whole_issue_with_its_images(client, issue, older_issue):
    document = strict_xml(fetch_feed(client, "/feeds/issues.atom").content)

    [entry] = document.xpath("atom:entry[atom:title='2020 年第 47 周']", namespaces=NS)
    html = entry.find("atom:content", NS).text
    figure = issue.entries.get(image_alt="生成的图像").image.url
    assert f'src="{SITE}{figure}"' in html
    assert f'src="{SITE}/media/uploads/chart.png"' in html
    for words in ("通过指明文本描述的位置", "Text-to-Image Generation", "决策树的方法", "TReCS"):
        assert words in html


# --- Languages ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [*ATOM_FEEDS.values(), RSS])
@pytest.mark.parametrize("reader_language", ["zh-hans", "en"])
def test_chinese_content_is_declared_as_simplified_chinese(
    client, issue, older_issue, url, reader_language
):
    response = fetch_feed(client, url, reader_language=reader_language)

    document = strict_xml(response.content)
    language = document.findtext("channel/language") if url == RSS else document.get(XML_LANG)
    assert language == "zh-Hans"
    assert response["Content-Language"] == "zh-Hans"


@pytest.mark.parametrize("url", ["/feeds/issues.atom", RSS])
def test_feed_of_chinese_content_is_titled_in_chinese_for_every_reader(
    client, issue, older_issue, url
):
    document = strict_xml(fetch_feed(client, url, reader_language="en").content)

    titles = [
        element.text for element in document.iter() if etree.QName(element).localname == "title"
    ]
    assert "2020 年第 47 周" in titles
    assert "Week 47, 2020" not in titles


def test_feed_of_english_content_is_declared_as_english(client):
    english = make_issue(year=2021, week=3)
    make_entry(english, "papers", tags=["NLP"], headline="Attention Is All You Need")

    for url in ("/feeds/issues.atom", "/tags/nlp/feed/"):
        document = strict_xml(fetch_feed(client, url, reader_language="zh-hans").content)
        assert document.get(XML_LANG) == "en"
        assert atom_errors(document) == []
    rss = strict_xml(fetch_feed(client, RSS, reader_language="zh-hans").content)
    assert rss.findtext("channel/language") == "en"


def test_entry_in_another_language_than_its_feed_says_so(client, issue, older_issue):
    english = make_entry(issue, "other", tags=["机器学习"], headline="A note in English")

    document = strict_xml(fetch_feed(client, "/tags/机器学习/feed/").content)

    assert document.get(XML_LANG) == "zh-Hans"
    [entry] = document.xpath(f"atom:entry[atom:title='{english.headline}']", namespaces=NS)
    assert entry.get(XML_LANG) == "en"
    assert atom_errors(document) == []


def test_empty_feed_is_valid_and_in_the_sites_language(client, settings):
    settings.LANGUAGE_CODE = "zh-hans"

    document = strict_xml(fetch_feed(client, "/feeds/issues.atom").content)

    assert document.get(XML_LANG) == "zh-Hans"
    assert atom_errors(document) == []


# --- RSS 2.0 --------------------------------------------------------------------------------


def rfc822(text):
    return email.utils.parsedate_to_datetime(text)


@pytest.mark.parametrize("reader_language", ["zh-hans", "en"])
def test_rss_feed_has_the_elements_rss_2_requires(client, issue, older_issue, reader_language):
    response = fetch_feed(client, RSS, reader_language=reader_language)

    document = strict_xml(response.content)

    assert document.tag == "rss"
    assert document.get("version") == "2.0"
    [channel] = document.findall("channel")
    for required in ("title", "link", "description"):
        assert (channel.findtext(required) or "").strip(), f"<channel> lacks <{required}>"
    assert absolute(channel.findtext("link"))
    assert BCP47.fullmatch(channel.findtext("language"))
    assert rfc822(channel.findtext("lastBuildDate")).tzinfo is not None
    [self_link] = channel.findall("{http://www.w3.org/2005/Atom}link")
    assert (self_link.get("rel"), self_link.get("href")) == ("self", f"{SITE}{RSS}")
    items = channel.findall("item")
    assert len(items) == 2
    for item in items:
        assert item.findtext("title") and item.findtext("description")
        assert absolute(item.findtext("link"))
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "true" and guid.text == item.findtext("link")
        assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Digest"


def test_rss_items_are_dated_at_their_publication(client, issue, older_issue):
    document = strict_xml(fetch_feed(client, RSS).content)

    [item] = document.xpath("channel/item[title='2020 年第 47 周']")
    issue.refresh_from_db()
    assert rfc822(item.findtext("pubDate")) == issue.publication_date.replace(microsecond=0)


def test_rss_item_holds_the_whole_issue_with_absolute_links_and_images(client, issue, older_issue):
    document = strict_xml(fetch_feed(client, RSS).content)

    [item] = document.xpath("channel/item[title='2020 年第 47 周']")
    html = item.findtext("description")
    targets = html_targets(html)
    assert targets and all(absolute(target) for target in targets), targets
    figure = issue.entries.get(image_alt="生成的图像").image.url
    assert f'src="{SITE}{figure}"' in html
    assert f'src="{SITE}/media/uploads/chart.png"' in html


# --- Clean source links in the feeds --------------------------------------------------------


@pytest.mark.parametrize("url", ["/feeds/issues.atom", RSS, "/tags/机器学习/feed/"])
def test_feeds_link_sources_without_tracking_queries(client, issue, older_issue, url):
    content = fetch_feed(client, url).content.decode()

    assert "https://towardsdatascience.com/when-and-why-ceba9ecd0fd8" in content
    assert "utm_source" not in content
    assert "collection_archive" not in content
    assert "source=rss" not in content
