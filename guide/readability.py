"""Reading-level measurement for guide text.

The guide promises US grade 8 or below (Flesch–Kincaid, textstat 0.7.3). We
measure the words a reader sees, so citation and glossary markers are
stripped, and every heading or list item is closed as a sentence: otherwise
textstat would glue a list into one very long "sentence".
"""

import functools
import re

from .markers import strip_citations, strip_glossary_links, strip_markers

MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
BLOCK_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+\.\s+|>\s*)")


def plain_text(markdown_source: str) -> str:
    """Turn guide Markdown (with its markers) into the text a reader reads."""
    text = MARKDOWN_LINK.sub(r"\1", strip_markers(markdown_source))
    sentences = []
    for line in text.splitlines():
        line = BLOCK_PREFIX.sub("", line).replace("**", "").replace("_", " ").strip()
        if not line:
            continue
        if line[-1] not in ".!?:;":
            line += "."
        sentences.append(line)
    return " ".join(sentences)


def reading_grade(markdown_source: str) -> float:
    """Flesch–Kincaid grade of guide Markdown, as textstat 0.7.3 scores it."""
    import textstat

    return textstat.flesch_kincaid_grade(plain_text(markdown_source))


@functools.cache
def _spanish_textstat():
    """A textstat of its own set to Spanish: ``textstat.set_lang`` would change
    the shared one for every other caller."""
    from textstat.textstat import textstatistics

    spanish = textstatistics()
    spanish.set_lang("es")
    return spanish


def reading_ease_es(markdown_source: str) -> float:
    """Fernández-Huerta reading ease of Spanish guide Markdown (textstat 0.7.3):
    higher is easier; 70-80 is "fairly easy", 80-90 "easy"."""
    return _spanish_textstat().fernandez_huerta(plain_text(markdown_source))


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ0-9\"“(*\[¿¡])|\n+")
FIGURE = re.compile(r"\d")


def uncited_figures(markdown_source: str) -> list[str]:
    """Sentences that state a figure (any digit) but carry no ``[@citation]``.

    The guide's rule is that every figure is cited in the sentence that
    states it, so "about 3 in 10 [@kirshblum-2021]." passes and
    "about 3 in 10." does not. Glossary markers and link targets are ignored.
    """
    text = MARKDOWN_LINK.sub(r"\1", strip_glossary_links(markdown_source))
    problems = []
    for sentence in SENTENCE_END.split(text):
        if sentence.lstrip().startswith("#"):
            continue  # headings name things; the text under them cites
        sentence = BLOCK_PREFIX.sub("", sentence).strip()
        if "[@" in sentence:
            continue
        if FIGURE.search(strip_citations(sentence)):
            problems.append(sentence)
    return problems


def word_count(markdown_source: str) -> int:
    """Words a reader reads (markers and Markdown syntax left out)."""
    return len(plain_text(markdown_source).split())
