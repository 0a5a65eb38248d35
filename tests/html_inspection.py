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
    # The document's text pieces; this element's are those from `start` to `end`.
    pieces: list = field(default_factory=list, repr=False)
    start: int = 0
    end: int | None = None

    @property
    def text(self):
        """The text inside the element, its descendants' included."""
        return "".join(self.pieces[self.start : self.end])

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
        self.pieces = []
        self._open = []

    def _element(self, tag, attrs):
        element = Element(
            tag,
            {name: value or "" for name, value in attrs},
            list(self._open),
            self.pieces,
            start=len(self.pieces),
        )
        self.elements.append(element)
        return element

    def handle_starttag(self, tag, attrs):
        element = self._element(tag, attrs)
        if tag in VOID_ELEMENTS:
            element.end = element.start
        else:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs).end = len(self.pieces)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                for element in self._open[index:]:
                    element.end = len(self.pieces)
                del self._open[index:]
                break

    def handle_data(self, data):
        self.pieces.append(data)


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
