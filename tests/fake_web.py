"""A local stand-in for the web and for arXiv's API, for tests of "fill from a link".

`FakeWeb` serves the pages a test gives it on 127.0.0.1 (the test settings let the link
fetcher reach loopback addresses, and nothing else private) and records every request, so a
test can tell whether something was fetched at all.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

ARXIV_API_PATH = "/api/query"


@dataclass
class Page:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)


@dataclass
class Paper:
    """An arXiv paper as the fake API describes it."""

    title: str
    authors: tuple
    abstract: str


class FakeWeb:
    """Pages by path on a local HTTP server; `requests` lists the paths asked for, in order."""

    def __init__(self):
        self.pages = {}
        self.papers = {}
        self.requests = []
        self.hosts = []

    def __enter__(self):
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the name http.server calls)
                web.requests.append(self.path)
                web.hosts.append(self.headers.get("Host", ""))
                path = urlsplit(self.path).path
                answer = web.pages.get(path)
                if answer is None and path == ARXIV_API_PATH:
                    answer = web.arxiv_answer(self.path)
                if callable(answer):
                    answer(self)
                    return
                answer = answer or Page(b"Not found", "text/plain", 404)
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in answer.headers:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # shutdown() waits for serve_forever's next poll: poll often, not every half second.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()

    @property
    def port(self):
        return self.server.server_address[1]

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path, body="", **fields):
        """Serve `body` (str or bytes) at `path`; returns the page's address."""
        self.pages[path] = Page(body.encode() if isinstance(body, str) else body, **fields)
        return self.url(path)

    def redirect(self, path, location, status=302):
        self.pages[path] = Page(b"", "text/plain", status, {"Location": location})
        return self.url(path)

    def handler(self, path, answer):
        """Answer requests for `path` with `answer(request_handler)`, for special behaviours."""
        self.pages[path] = answer
        return self.url(path)

    # --- arXiv's API ---------------------------------------------------------------------------

    @property
    def arxiv_api_url(self):
        return self.url(ARXIV_API_PATH)

    def paper(self, identifier, title, authors=("Ada Lovelace",), abstract="An abstract."):
        self.papers[identifier] = Paper(title, tuple(authors), abstract)

    def arxiv_answer(self, path):
        identifiers = parse_qs(urlsplit(path).query).get("id_list", [""])[0].split(",")
        entries = "".join(
            arxiv_entry(identifier, self.papers[identifier])
            for identifier in identifiers
            if identifier in self.papers
        )
        return Page(
            f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>arXiv Query</title>{entries}</feed>".encode(),
            "application/atom+xml; charset=utf-8",
        )


def arxiv_entry(identifier, paper):
    """An <entry> as arXiv's API writes it: wrapped title and abstract, versioned id."""
    authors = "".join(f"<author><name>{escape(name)}</name></author>" for name in paper.authors)
    return (
        f"<entry><id>http://arxiv.org/abs/{identifier}v2</id>"
        f"<updated>2020-11-20T18:00:00Z</updated>"
        f"<title>{escape(paper.title)}</title>"
        f"<summary>  {escape(paper.abstract)}\n</summary>{authors}"
        f'<link href="http://arxiv.org/abs/{identifier}v2" rel="alternate" type="text/html"/>'
        f'<link title="pdf" href="http://arxiv.org/pdf/{identifier}v2" rel="related"/>'
        f"</entry>"
    )


def slow_answer(seconds):
    """An answer that starts only after `seconds`."""

    def answer(handler):
        time.sleep(seconds)
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.end_headers()
            handler.wfile.write(b"<title>Late</title>")
        except OSError:
            pass  # the fetcher gave up, as it should

    return answer


def dripping_answer(seconds, interval=0.1):
    """An HTML answer sent one byte every `interval`, for `seconds` in all."""

    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass  # the fetcher gave up, as it should

    return answer
