"""Reading rendered HTML as elements, not as substrings."""

from html.parser import HTMLParser


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def inputs(html: str) -> list[dict[str, str | None]]:
    parser = _Inputs()
    parser.feed(html)
    return parser.inputs


def checked(html: str, name: str) -> list[str]:
    """The values of the checked radio buttons or checkboxes called ``name``."""
    return [
        field.get("value") or ""
        for field in inputs(html)
        if field.get("name") == name and "checked" in field
    ]
