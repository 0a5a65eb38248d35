"""Plain text as Digest stores it: without the control characters that break feeds and pages.

Word processors paste a vertical tab for a soft line break and a form feed for a page break;
terminals and broken exports leave other C0 control characters. XML 1.0 forbids them, so a
single one in a headline would make every feed that shows it fail, and PostgreSQL refuses NUL.
"""

import re

# C0 controls except tab, line feed and carriage return; vertical tab and form feed separate
# words where they were pasted, so they become a space rather than vanish.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f]")
PASTED_BREAKS = re.compile(r"[\x0b\x0c]")


def without_control_characters(text):
    """`text` with C0 control characters other than tab, LF and CR removed (vertical tab and
    form feed become a space); other values are returned as they are."""
    if not isinstance(text, str):
        return text
    return CONTROL_CHARACTERS.sub("", PASTED_BREAKS.sub(" ", text))
