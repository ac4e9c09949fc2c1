"""Finding the warning signs in a clinic's advert or quote: plain functions.

The text a visitor pastes is only read here, in memory: it is never fetched
from a web address, never logged and never stored (the visitor may keep the
matched phrases, and nothing else, in their plan).
"""

import re
from dataclasses import dataclass, field

from .models import AdvertSign

MAX_TEXT = 20_000  # characters: a long web page or quote
SENTENCE = re.compile(r"[^.!?¡¿\n]+[.!?]*|\n")


@dataclass(frozen=True)
class CompiledSign:
    sign: AdvertSign
    patterns: tuple[re.Pattern, ...]
    exceptions: tuple[re.Pattern, ...]


def compile_lines(text: str) -> tuple[re.Pattern, ...]:
    return tuple(
        re.compile(line.strip(), re.IGNORECASE) for line in text.splitlines() if line.strip()
    )


def compile_signs(signs: list[AdvertSign]) -> list[CompiledSign]:
    return [CompiledSign(s, compile_lines(s.patterns), compile_lines(s.exceptions)) for s in signs]


@dataclass(frozen=True)
class Match:
    sign: AdvertSign
    start: int
    end: int
    phrase: str


@dataclass
class SignFound:
    sign: AdvertSign
    number: int
    phrases: list[str] = field(default_factory=list)


@dataclass
class AdvertCheck:
    """What the checker found: highlighted text and each sign with its phrases."""

    segments: list[tuple[str, int | None]]
    found: list[SignFound]

    @property
    def count(self) -> int:
        return len(self.found)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding text[start:end], for exceptions to look in."""
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n")
    rights = [i for i in (text.find(mark, end) for mark in ".!?\n") if i != -1]
    return text[left + 1 : min(rights) if rights else len(text)]


def find_matches(text: str, compiled: list[CompiledSign]) -> list[Match]:
    """Every non-overlapping match, earliest first; on a tie the longer wins."""
    candidates = []
    for item in compiled:
        for pattern in item.patterns:
            for hit in pattern.finditer(text):
                if hit.end() == hit.start():
                    continue
                sentence = sentence_around(text, hit.start(), hit.end())
                if any(exception.search(sentence) for exception in item.exceptions):
                    continue
                candidates.append(Match(item.sign, hit.start(), hit.end(), hit.group(0)))
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
    matches, reached = [], -1
    for match in candidates:
        if match.start >= reached:
            matches.append(match)
            reached = match.end
    return matches


def check_advert(text: str, compiled: list[CompiledSign]) -> AdvertCheck:
    """Highlight the warning signs in ``text`` and list each sign once, numbered."""
    matches = find_matches(text, compiled)
    found: dict[int, SignFound] = {}
    segments: list[tuple[str, int | None]] = []
    position = 0
    for match in matches:
        entry = found.setdefault(match.sign.pk, SignFound(match.sign, len(found) + 1))
        if match.phrase not in entry.phrases:
            entry.phrases.append(match.phrase)
        if match.start > position:
            segments.append((text[position : match.start], None))
        segments.append((match.phrase, entry.number))
        position = match.end
    if position < len(text):
        segments.append((text[position:], None))
    return AdvertCheck(segments, list(found.values()))
