"""URL converters for archive paths; anything they do not match is a 404, never a 500."""


class YearConverter:
    # The years an issue may have (Issue.year's validators): others cannot exist.
    regex = "19[0-9]{2}|2[0-9]{3}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthConverter:
    regex = "0[1-9]|1[0-2]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class WeekConverter:
    regex = "[0-9]{1,2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


class UnicodeSlugConverter:
    """Like <slug:> but accepting the Unicode slugs taggit makes for Chinese tag names."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
