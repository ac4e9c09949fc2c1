"""The two markers editors write in content text, defined once.

* ``[@source-key]`` (or ``[@a, @b]``) cites sources.
* ``[[term-slug|words]]`` shows the words with the glossary term's meaning.

Rendering (``guide.content``), the readability and figure checks
(``guide.readability``) and the PDF all read text through these.
"""

import re

CITATION = re.compile(r"\[@([a-z0-9-]+(?:\s*,\s*@?[a-z0-9-]+)*)\]")
GLOSSARY_LINK = re.compile(r"\[\[([a-z0-9-]+)\|([^\]]+)\]\]")
# A citation with the space before it, so "walk [@a]." reads "walk.".
SPACED_CITATION = re.compile(r"\s*" + CITATION.pattern)


def citation_keys(text: str) -> list[str]:
    """Source keys cited in ``text``, in order of appearance."""
    keys = []
    for group in CITATION.findall(text):
        keys += [key.strip().lstrip("@") for key in group.split(",")]
    return keys


def glossary_slugs(text: str) -> list[str]:
    return [slug for slug, _words in GLOSSARY_LINK.findall(text)]


def strip_citations(text: str) -> str:
    return SPACED_CITATION.sub("", text)


def strip_glossary_links(text: str) -> str:
    """Keep the words a glossary marker shows, drop the marker."""
    return GLOSSARY_LINK.sub(r"\2", text)


def strip_markers(text: str) -> str:
    """The words a reader sees, for places that show no citation numbers."""
    return strip_citations(strip_glossary_links(text))
