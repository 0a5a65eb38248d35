"""What a source link leads to, said in a word or two before the reader clicks it."""

from urllib.parse import urlsplit

# Sites better known by a name than by their address.
SITE_NAMES = {
    "arxiv.org": "arXiv",
}


def source_kind(url):
    """A short label for where `url` leads: the site ("arXiv", "github.com", …), followed by
    "PDF" when the link opens a PDF file (arXiv's /pdf/ pages included). "" for no link."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if not host:
        return ""
    site = SITE_NAMES.get(host, host)
    path = parts.path.lower()
    is_pdf = path.endswith(".pdf") or (host == "arxiv.org" and path.startswith("/pdf/"))
    return f"{site} · PDF" if is_pdf else site
