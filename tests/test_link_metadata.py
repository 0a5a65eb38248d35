"""Fill from a link: the entry editor posts a source link and gets back what can be known about
it — arXiv's title, authors, abstract and canonical link, or a page's link card — fetched on the
server from public addresses only, within a time and size limit, and cached.

The web and arXiv's API are local fake servers (tests/fake_web.py); the test settings let the
fetcher reach 127.0.0.1 for them, and these tests switch that off to check loopback is refused.
"""

import socket
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.fake_web import FakeWeb, dripping_answer, slow_answer
from tests.workflow_fixtures import assert_sent_to_admin_login, client_for, member

pytestmark = pytest.mark.django_db

FILL_URL = "/admin/digest/entry/fill-from-link/"
ABSTRACT = (
    "We propose a method that optimizes text-to-image generation by pointing at where\n"
    "  each phrase of the description goes."
)
PRIVATE = "is a private or local network address; only public pages can be read."


@pytest.fixture
def web(settings):
    with FakeWeb() as web:
        settings.DIGEST_ARXIV_API_URL = web.arxiv_api_url
        yield web


@pytest.fixture
def contributor_client(db):
    return client_for(member("contributor"))


def fill(client, link):
    return client.post(FILL_URL, {"url": link})


def fields_of(response):
    assert response.status_code == 200, response.content
    answer = response.json()
    assert answer["ok"] is True
    return answer["fields"]


def refusal(response):
    """The message of a refused fill, which must be a 4xx answer in the agreed shape."""
    assert 400 <= response.status_code < 500, response.status_code
    answer = response.json()
    assert set(answer) == {"ok", "message"}
    assert answer["ok"] is False
    return answer["message"]


def test_the_endpoint_has_the_admin_name_the_editor_uses():
    assert reverse("admin:digest_entry_fill_from_link") == FILL_URL


# --- arXiv -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "https://arxiv.org/abs/2011.03775",
        "http://arxiv.org/abs/2011.03775v2",
        "https://arxiv.org/pdf/2011.03775",
        "https://arxiv.org/pdf/2011.03775v1.pdf",
        "https://export.arxiv.org/abs/2011.03775",
        "arxiv.org/abs/2011.03775",
        "2011.03775",
        "2011.03775v3",
        "arXiv:2011.03775",
    ],
)
def test_an_arxiv_link_in_any_form_fills_title_authors_abstract_and_the_canonical_link(
    contributor_client, web, link
):
    web.paper(
        "2011.03775",
        "Text-to-Image Generation Grounded by Fine-Grained User Attention",
        authors=("Jing Yu Koh", "Jason Baldridge"),
        abstract=ABSTRACT,
    )

    response = fill(contributor_client, link)

    assert fields_of(response) == {
        "original_title": "Text-to-Image Generation Grounded by Fine-Grained User Attention",
        "source_url": "https://arxiv.org/abs/2011.03775",
        "summary": "We propose a method that optimizes text-to-image generation by pointing at "
        "where each phrase of the description goes.",
        "authors": "Jing Yu Koh, Jason Baldridge",
        "card_url": "",
        "card_title": "",
        "card_description": "",
        "card_site": "",
        "card_image": "",
    }
    assert response.json()["message"] == (
        "Read from arXiv: “Text-to-Image Generation Grounded by Fine-Grained User Attention”."
    )
    assert web.requests == ["/api/query?id_list=2011.03775&max_results=1"]


@pytest.mark.parametrize(
    ("link", "identifier"),
    [
        ("https://arxiv.org/abs/cs/0112017", "cs/0112017"),
        ("https://arxiv.org/abs/cs/0112017v1", "cs/0112017"),
        ("https://arxiv.org/pdf/math.GT/0309136v2", "math.GT/0309136"),
        ("cs/0112017", "cs/0112017"),
        ("https://arxiv.org/abs/0704.0001", "0704.0001"),
    ],
)
def test_old_style_arxiv_identifiers_are_understood(contributor_client, web, link, identifier):
    web.paper(identifier, "An older paper")

    fields = fields_of(fill(contributor_client, link))

    assert fields["original_title"] == "An older paper"
    assert fields["source_url"] == f"https://arxiv.org/abs/{identifier}"


def test_an_arxiv_paper_that_does_not_exist_is_named_in_the_message(contributor_client, web):
    assert refusal(fill(contributor_client, "https://arxiv.org/abs/2011.99999")) == (
        "arXiv has no paper 2011.99999."
    )


def test_an_error_answer_of_arxivs_api_is_not_taken_for_a_paper(contributor_client, web):
    error_feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        "<id>http://arxiv.org/api/errors#incorrect_id_format_for_2011.03775</id>"
        "<title>Error</title><summary>incorrect id format for 2011.03775</summary>"
        "</entry></feed>"
    )
    web.page("/api/query", error_feed, content_type="application/atom+xml")

    assert refusal(fill(contributor_client, "2011.03775")) == "arXiv has no paper 2011.03775."


def test_an_arxiv_answer_with_a_document_type_is_refused(contributor_client, web):
    entity_bomb = (
        '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&b;</title></entry></feed>'
    )
    web.page("/api/query", entity_bomb, content_type="application/atom+xml")

    assert refusal(fill(contributor_client, "2011.03775")) == "arXiv's answer could not be read."


# --- Web pages -------------------------------------------------------------------------------


def test_a_page_with_opengraph_tags_fills_the_link_card(contributor_client, web):
    page = web.page(
        "/posts/trees",
        """<!doctype html><html><head>
        <title>Trees vs nets | Towards Data Science</title>
        <meta property="og:title" content="When and why tree-based models outperform networks">
        <meta property="og:description" content="A look at tabular data &amp; inductive biases.">
        <meta property="og:site_name" content="Towards Data Science">
        <meta property="og:image" content="/images/trees.png">
        <meta name="author" content="Jane Doe">
        <link rel="canonical" href="https://towardsdatascience.com/trees-vs-nets">
        </head><body><p>Text</p></body></html>""",
    )

    response = fill(contributor_client, page)

    assert fields_of(response) == {
        "original_title": "When and why tree-based models outperform networks",
        "source_url": "https://towardsdatascience.com/trees-vs-nets",
        "summary": "",
        "authors": "Jane Doe",
        "card_url": "https://towardsdatascience.com/trees-vs-nets",
        "card_title": "When and why tree-based models outperform networks",
        "card_description": "A look at tabular data & inductive biases.",
        "card_site": "Towards Data Science",
        "card_image": web.url("/images/trees.png"),
    }
    assert response.json()["message"] == (
        "Read from Towards Data Science: “When and why tree-based models outperform networks”."
    )


def test_a_page_with_twitter_tags_only_fills_the_link_card_from_them(contributor_client, web):
    page = web.page(
        "/tweet-card",
        """<html><head><title>Fallback title</title>
        <meta name="twitter:title" content="Pretraining without natural images">
        <meta name="twitter:description" content="Fractal databases for pre-training.">
        <meta name="twitter:image" content="https://cdn.example.org/fractal.png">
        </head></html>""",
    )

    fields = fields_of(fill(contributor_client, page))

    assert fields["card_title"] == "Pretraining without natural images"
    assert fields["card_description"] == "Fractal databases for pre-training."
    assert fields["card_image"] == "https://cdn.example.org/fractal.png"
    assert fields["card_site"] == "127.0.0.1"  # the host, when the page names no site
    assert fields["source_url"] == page


def test_a_plain_page_fills_the_card_from_its_title_and_meta_description(contributor_client, web):
    page = web.page(
        "/plain",
        """<html><head><meta charset="utf-8"><title>
          Pretraining without
          Natural Images </title>
        <meta name="description" content="ACCV 2020 oral.">
        <meta property="og:image" content="javascript:alert(1)">
        </head><body>...</body></html>""",
    )

    fields = fields_of(fill(contributor_client, page))

    assert fields["original_title"] == fields["card_title"] == "Pretraining without Natural Images"
    assert fields["card_description"] == "ACCV 2020 oral."
    assert fields["card_image"] == ""  # only http and https images


def test_a_chinese_page_in_another_encoding_is_read_by_its_declared_charset(
    contributor_client, web
):
    html = '<html><head><meta charset="gb2312"><title>机器学习周报</title></head></html>'
    page = web.page("/zh", html.encode("gb2312"), content_type="text/html")

    assert fields_of(fill(contributor_client, page))["card_title"] == "机器学习周报"


def test_long_values_are_cut_to_what_the_entry_fields_hold(contributor_client, web):
    page = web.page("/long", f"<title>{'t' * 800}</title>")

    fields = fields_of(fill(contributor_client, page))

    assert len(fields["original_title"]) == 500
    assert len(fields["card_title"]) == 300


def test_a_page_that_cannot_be_found_says_so(contributor_client, web):
    assert refusal(fill(contributor_client, web.url("/gone"))) == (
        "The page answered with HTTP status 404 (Not Found)."
    )


def test_an_empty_link_asks_for_one(contributor_client):
    assert refusal(fill(contributor_client, "  ")) == "Paste a link first."


# --- Only public addresses -------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    ["ftp://example.org/file", "file:///etc/passwd", "javascript:alert(1)", "example.org/page"],
)
def test_only_http_and_https_links_are_read(contributor_client, link):
    assert refusal(fill(contributor_client, link)) == "Only http and https links can be read."


@pytest.mark.parametrize(
    "link",
    [
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/admin",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://0.0.0.0/",
        "http://224.0.0.1/",  # multicast
        "http://240.0.0.1/",  # reserved
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[ff02::1]/",
        "http://[::ffff:10.0.0.1]/",  # IPv4 inside IPv6
        "http://[2002:a00:1::]/",  # 6to4 of 10.0.0.1
    ],
)
def test_private_link_local_multicast_and_reserved_addresses_are_refused(
    contributor_client, link, monkeypatch
):
    monkeypatch.setattr(socket, "create_connection", connection_forbidden)

    assert refusal(fill(contributor_client, link)).endswith(PRIVATE)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "127.1", "[::1]"])
def test_loopback_is_refused_outside_the_test_settings(contributor_client, web, settings, host):
    settings.DIGEST_LINK_FETCH_ALLOW_LOOPBACK = False
    web.page("/secret", "<title>Internal</title>")

    message = refusal(fill(contributor_client, f"http://{host}:{web.port}/secret"))

    assert message.endswith(PRIVATE)
    assert web.requests == []


def test_a_host_name_resolving_to_a_private_address_is_refused(contributor_client, monkeypatch):
    fake_dns(monkeypatch, {"intranet.example": ["10.1.2.3"]})
    monkeypatch.setattr(socket, "create_connection", connection_forbidden)

    message = refusal(fill(contributor_client, "https://intranet.example/wiki"))

    assert message == f"intranet.example {PRIVATE}"


def test_a_host_name_with_one_private_address_among_public_ones_is_refused(
    contributor_client, monkeypatch
):
    fake_dns(monkeypatch, {"mixed.example": ["93.184.216.34", "192.168.0.10"]})
    monkeypatch.setattr(socket, "create_connection", connection_forbidden)

    assert refusal(fill(contributor_client, "http://mixed.example/")).endswith(PRIVATE)


def test_the_connection_goes_to_the_checked_address_even_if_dns_changes_its_answer(
    contributor_client, web, monkeypatch
):
    # DNS rebinding: the name first resolves to the (allowed) fake server, then to a private
    # address. The fetcher must connect to what it checked, without asking DNS again.
    answers = iter([["127.0.0.1"]])
    lookups = fake_dns(monkeypatch, {"rebind.example": lambda: next(answers, ["10.0.0.1"])})
    web.page("/card", "<title>Checked</title>")

    fields = fields_of(fill(contributor_client, f"http://rebind.example:{web.port}/card"))

    assert fields["card_title"] == "Checked"
    assert lookups == ["rebind.example"]
    assert web.hosts == [f"rebind.example:{web.port}"]


def test_a_redirect_to_a_private_address_is_refused(contributor_client, web):
    start = web.redirect("/moved", "http://169.254.169.254/latest/meta-data/")

    assert refusal(fill(contributor_client, start)) == f"169.254.169.254 {PRIVATE}"


def test_a_redirect_to_a_name_resolving_to_a_private_address_is_refused(
    contributor_client, web, monkeypatch
):
    fake_dns(monkeypatch, {"db.internal.example": ["10.0.0.7"]})
    start = web.redirect("/moved", "http://db.internal.example:5432/")

    assert refusal(fill(contributor_client, start)).endswith(PRIVATE)


def test_a_redirect_to_another_scheme_is_refused(contributor_client, web):
    start = web.redirect("/moved", "file:///etc/passwd")

    assert refusal(fill(contributor_client, start)) == "Only http and https links can be read."


def test_redirects_are_followed_to_the_page_which_gives_the_source_link(contributor_client, web):
    web.page("/article", "<title>Arrived</title>")
    start = web.redirect("/short", "/article", status=301)

    fields = fields_of(fill(contributor_client, start))

    assert fields["card_title"] == "Arrived"
    assert fields["source_url"] == web.url("/article")


def test_endless_redirects_stop(contributor_client, web):
    start = web.redirect("/loop", "/loop")

    assert refusal(fill(contributor_client, start)) == "The link redirects too many times."
    assert len(web.requests) == 6  # the link and five redirects


def test_a_host_that_does_not_exist_is_named(contributor_client, monkeypatch):
    fake_dns(monkeypatch, {})

    assert refusal(fill(contributor_client, "https://no-such-host.example/")) == (
        "The host no-such-host.example was not found."
    )


# --- Limits: type, size, time ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "image/png", "application/json", "text/plain"]
)
def test_only_html_pages_are_read(contributor_client, web, content_type):
    page = web.page("/file", b"%PDF-1.4 ...", content_type=content_type)

    assert refusal(fill(contributor_client, page)) == (
        f"The link does not lead to a web page: it is “{content_type}”."
    )


def test_a_page_larger_than_the_limit_is_refused(contributor_client, web, settings):
    settings.DIGEST_LINK_FETCH_MAX_BYTES = 10 * 1024
    page = web.page("/big", "<title>Big</title>" + "x" * 20 * 1024)

    assert refusal(fill(contributor_client, page)) == (
        "The page is larger than 10 KB, so it is not read."
    )


def test_a_page_larger_than_the_limit_is_refused_without_a_declared_length(
    contributor_client, web, settings
):
    settings.DIGEST_LINK_FETCH_MAX_BYTES = 10 * 1024

    def undeclared(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        handler.wfile.write(b"<title>Big</title>" + b"x" * 50 * 1024)

    page = web.handler("/big", undeclared)

    assert refusal(fill(contributor_client, page)) == (
        "The page is larger than 10 KB, so it is not read."
    )


def test_a_page_that_answers_too_late_is_given_up(contributor_client, web, settings):
    settings.DIGEST_LINK_FETCH_TIMEOUT = 0.5
    page = web.handler("/slow", slow_answer(3))

    started = time.monotonic()
    message = refusal(fill(contributor_client, page))

    assert message == "The page took too long to answer."
    assert time.monotonic() - started < 2


def test_a_page_sent_a_byte_at_a_time_is_given_up_at_the_deadline(
    contributor_client, web, settings
):
    settings.DIGEST_LINK_FETCH_TIMEOUT = 1
    page = web.handler("/drip", dripping_answer(seconds=5))

    started = time.monotonic()
    message = refusal(fill(contributor_client, page))

    assert message == "The page took too long to answer."
    assert time.monotonic() - started < 2.5


def test_https_to_a_server_without_tls_fails_with_a_clear_message(contributor_client, web):
    page = web.page("/card", "<title>Plain</title>")

    message = refusal(fill(contributor_client, page.replace("http://", "https://")))

    assert message == "A secure connection to 127.0.0.1 could not be made."


# --- Cache -----------------------------------------------------------------------------------


def test_the_same_page_is_fetched_once(contributor_client, web):
    page = web.page("/card", "<title>Once</title>")

    first = fill(contributor_client, page)
    second = fill(contributor_client, page)

    assert fields_of(first) == fields_of(second)
    assert web.requests == ["/card"]


def test_links_to_the_same_arxiv_paper_share_one_fetch(contributor_client, web):
    web.paper("2011.03530", "Large-scale multilingual audio visual dubbing")

    for link in ["https://arxiv.org/abs/2011.03530", "https://arxiv.org/pdf/2011.03530v2.pdf"]:
        fields = fields_of(fill(contributor_client, link))
        assert fields["original_title"] == "Large-scale multilingual audio visual dubbing"

    assert len(web.requests) == 1


def test_a_failed_fetch_is_tried_again_next_time(contributor_client, web):
    url = web.url("/later")
    assert refusal(fill(contributor_client, url))

    web.page("/later", "<title>Now there</title>")

    assert fields_of(fill(contributor_client, url))["card_title"] == "Now there"


# --- Who may use it --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["contributor", "editor", "superuser"])
def test_people_who_write_entries_may_fill_from_a_link(web, role):
    page = web.page("/card", "<title>Allowed</title>")

    assert fields_of(fill(client_for(member(role)), page))["card_title"] == "Allowed"


def test_staff_without_a_role_are_refused_and_nothing_is_fetched(web):
    page = web.page("/card", "<title>Hidden</title>")

    response = fill(client_for(member("staff_without_role")), page)

    assert response.status_code == 403
    assert response.json() == {"ok": False, "message": "You may not edit entries."}
    assert web.requests == []


def test_anonymous_visitors_and_readers_are_sent_to_sign_in(web, reader):
    page = web.page("/card", "<title>Hidden</title>")

    assert_sent_to_admin_login(fill(Client(), page))
    assert_sent_to_admin_login(fill(client_for(reader), page))
    assert web.requests == []


def test_only_post_is_answered(contributor_client, web):
    page = web.page("/card", "<title>Hidden</title>")

    response = contributor_client.get(FILL_URL, {"url": page})

    assert response.status_code == 405
    assert response.json() == {"ok": False, "message": "Send the link in a POST request."}
    assert web.requests == []


def test_a_post_without_the_csrf_token_is_refused(web):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member("contributor"))
    page = web.page("/card", "<title>Hidden</title>")

    assert fill(browser, page).status_code == 403
    assert web.requests == []


# --- Helpers ---------------------------------------------------------------------------------


def connection_forbidden(*args, **kwargs):
    raise AssertionError("the fetcher connected to a refused address")


def fake_dns(monkeypatch, names):
    """Make host names in `names` resolve to their addresses (a list, or a function giving
    one); other names than IP addresses are unknown. Returns the names looked up, in order."""
    real = socket.getaddrinfo
    lookups = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in names:
            try:
                socket.inet_pton(socket.AF_INET6 if ":" in host else socket.AF_INET, host)
            except OSError as error:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from error
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        addresses = names[host]() if callable(names[host]) else names[host]
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def test_refusals_speak_chinese_to_chinese_editors(contributor_client):
    response = contributor_client.post(
        FILL_URL, {"url": "http://10.0.0.1/"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert refusal(response) == "10.0.0.1 是私有或本地网络地址；只能读取公开的网页。"


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("http://[::1/", "This is not a valid link."),
        ("http://example.org:99999/", "The link's port is not valid."),
        ("http://example.org:port/", "The link's port is not valid."),
        ("http://" + "a" * 70 + ".example/", "The host " + "a" * 70 + ".example was not found."),
        ("http://user:secret@example.org/", "Links with a user name or password are not read."),
        ("https:///path-only", "The link has no host name."),
        ("https://example.org/" + "x" * 2000, "The link is too long."),
    ],
)
def test_malformed_links_are_refused_with_a_reason(contributor_client, link, message):
    assert refusal(fill(contributor_client, link)) == message


def test_a_redirect_to_a_malformed_link_is_refused_with_a_reason(contributor_client, web):
    start = web.redirect("/moved", "http://[::1/")

    assert refusal(fill(contributor_client, start)) == (
        "The page redirects to a link that is not valid."
    )


def test_a_link_with_chinese_characters_in_its_path_is_read(contributor_client, web):
    web.page("/%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0", "<title>机器学习</title>")

    fields = fields_of(fill(contributor_client, web.url("/机器学习")))

    assert fields["card_title"] == "机器学习"
