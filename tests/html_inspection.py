"""Read a page's HTML the way a browser would: elements, their attributes and their ancestors.

Tests inspect parsed elements rather than grep the text, so markup that is escaped into text
(``&lt;script&gt;``) is told apart from a real ``<script>`` element.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements without an end tag; they never become an ancestor.
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip


@dataclass
class Element:
    tag: str
    attrs: dict
    ancestors: list = field(default_factory=list)  # outermost first, each an `Element`
    text: str = ""

    def get(self, name, default=None):
        return self.attrs.get(name, default)

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def inside(self, tag, css_class=None):
        """True if an ancestor is a `tag` element (having `css_class`, when given)."""
        return any(
            parent.tag == tag and (css_class is None or css_class in parent.classes)
            for parent in self.ancestors
        )


class _ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self._open = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, list(self._open))
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(
            Element(tag, {name: value or "" for name, value in attrs}, list(self._open))
        )

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for element in self._open:
            element.text += data


def elements(html):
    """Every element of `html`, in document order, with attribute values unescaped."""
    if isinstance(html, bytes):
        html = html.decode()
    collector = _ElementCollector()
    collector.feed(html)
    collector.close()
    return collector.elements


def find_all(html, tag, **attrs):
    """The `tag` elements of `html` whose attributes equal `attrs` (``class_`` for class)."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
    return [
        element
        for element in elements(html)
        if element.tag == tag
        and all(element.attrs.get(name) == value for name, value in wanted.items())
    ]
