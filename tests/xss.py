"""One check for script on a page or in rendered Markdown, reading HTML as a browser does.

html5lib implements the HTML standard's parsing algorithm, so misnested and unclosed tags,
comments, `<noscript>`, `<svg>` and `<math>` come out as a browser builds them (a lenient
parser could see text where a browser sees an element). Every test that looks for injected
script uses `dangerous_markup`; `XSS_PAYLOADS` are the known attacks they try.
"""

import json
import re

import html5lib
from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<<script>alert(1)//<</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(document.cookie)">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "[click](javascript:alert(1))",
    "![image](javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](javascript&colon;alert(1))",
    '<a href="jav\tascript:alert(1)">tab</a>',
    '<a href="java\nscript:alert(1)">newline</a>',
    '<a href=" javascript:alert(1)">leading space</a>',
    '<a href="&#x6A;avascript:alert(1)">entity</a>',
    '<a href="vbscript:msgbox(1)">vbscript</a>',
    "[reference][1]\n\n[1]: javascript:alert(1)",
    "[reference][x]\n\n[x]: data:text/html,<script>alert(1)</script>",
    "<javascript:alert(1)>",
    '<https://example.com" onmouseover="alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>body{background:expression(alert(1))}</style>",
    '<div style="width: expression(alert(1))">styled</div>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    '" onfocus="alert(1)" autofocus="',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "`<script>alert(1)</script>` in code",
]

# Elements that run script, load other documents or plugins, style the page, send data or
# change where relative links lead. On a whole page the site's own are allowed (below).
FORBIDDEN_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "base",
    "form", "svg", "math", "meta", "link",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "srcset", "poster",
    "background", "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "ping",
}  # fmt: skip
SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")
TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
XLINK = "{http://www.w3.org/1999/xlink}"


def url_as_browsers_read_it(value):
    """The URL parser's clean-up: strip leading and trailing controls and spaces, and remove
    tabs and newlines anywhere, so "java\tscript:" is "javascript:" (but "java script:" is not)."""
    return TAB_OR_NEWLINE.sub("", value.strip("".join(map(chr, range(0x21))))).lower()


def local_name(name):
    """ "{svg namespace}a" → "a"; the XLink namespace is kept as the "xlink:" prefix."""
    if name.startswith(XLINK):
        return "xlink:" + name[len(XLINK) :]
    return name.rsplit("}", 1)[-1]


def browser_elements(html):
    """(tag, attributes, element) of every element a browser would build from `html`: a
    whole document when it starts like one, else a fragment of a page's body."""
    if isinstance(html, bytes):
        html = html.decode()
    whole_page = html.lstrip()[:15].lower().startswith(("<!doctype", "<html"))
    parse = html5lib.parse if whole_page else html5lib.parseFragment
    tree = parse(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag != "DOCUMENT_FRAGMENT":
            yield (
                local_name(element.tag),
                {local_name(name): value for name, value in element.attrib.items()},
                element,
            )


def same_site(url):
    return bool(url) and url_has_allowed_host_and_scheme(url, allowed_hosts={"testserver"})


def is_the_sites_own(tag, attrs, element):
    """The templates' own script file, JSON-LD data block, stylesheet and alternate links,
    meta tags and search form (a same-site GET)."""
    if tag == "script":
        if attrs.get("type") == "application/ld+json":
            json.loads(element.text)  # Still valid JSON: nothing broke out of the block.
            return True
        own_file = attrs.get("src", "").startswith(settings.STATIC_URL)
        return own_file and not (element.text or "").strip()
    if tag == "form":
        action = attrs.get("action", "")
        return same_site(action) and attrs.get("method", "get").lower() == "get"
    if tag == "link":
        return same_site(attrs.get("href", ""))
    return tag == "meta" and "http-equiv" not in attrs


def dangerous_markup(html):
    """What in `html` could run script or load foreign content, described; [] when safe.
    Attribute values are read as the browser reads them (entities decoded, controls and
    spaces around stripped, tabs and newlines removed)."""
    whole_page = isinstance(html, str) and html.lstrip()[:15].lower().startswith(
        ("<!doctype", "<html")
    )
    found = []
    for tag, attrs, element in browser_elements(html):
        if tag in FORBIDDEN_ELEMENTS and not (whole_page and is_the_sites_own(tag, attrs, element)):
            found.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attrs:
            found.append("<meta http-equiv>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…>")
            if name in {"style", "srcdoc"}:
                found.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and url_as_browsers_read_it(value).startswith(SCRIPT_SCHEMES):
                found.append(f"<{tag} {name}={value!r}>")
    return found
