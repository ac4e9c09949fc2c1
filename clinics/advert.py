"""Finding the warning signs in a clinic's advert or quote: plain functions.

The text a visitor pastes is only read here, in memory: it is never fetched
from a web address, never logged and never stored (the visitor may keep the
matched phrases, and nothing else, in their plan).
"""

import bisect
import re
from dataclasses import dataclass, field

from .models import AdvertSign

MAX_TEXT = 20_000  # characters: a long web page or quote
SENTENCE = re.compile(r"[^.!?¡¿\n]+[.!?]*|\n")
SENTENCE_MARKS = ".!?\n"
SENTENCE_REACH = 300  # characters either side of a match


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


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or line) holding text[start:end] begins and ends.

    At most ``SENTENCE_REACH`` characters either side of the match, so a
    pasted text with no full stops never makes a "sentence" of the whole text.
    """
    low, high = max(0, start - SENTENCE_REACH), min(len(text), end + SENTENCE_REACH)
    left = max(text.rfind(mark, low, start) for mark in SENTENCE_MARKS)
    rights = [i for i in (text.find(mark, end, high) for mark in SENTENCE_MARKS) if i != -1]
    return (left + 1 if left != -1 else low), (min(rights) if rights else high)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding text[start:end], for exceptions to look in."""
    begin, finish = sentence_bounds(text, start, end)
    return text[begin:finish]


class ExceptionSpans:
    """Where one sign's exceptions match in the whole text, found once (not
    once per match), so that a match can ask "is there one in my sentence?"."""

    def __init__(self, text: str, exceptions: tuple[re.Pattern, ...]) -> None:
        spans = sorted((m.start(), m.end()) for p in exceptions for m in p.finditer(text))
        self.starts = [start for start, _end in spans]
        self.spans = spans

    def any_within(self, begin: int, finish: int) -> bool:
        index = bisect.bisect_left(self.starts, begin)
        while index < len(self.spans) and self.spans[index][0] < finish:
            if self.spans[index][1] <= finish:
                return True
            index += 1
        return False


def find_matches(text: str, compiled: list[CompiledSign]) -> list[Match]:
    """Every non-overlapping match, earliest first; on a tie the longer wins.

    A match is dropped when one of its sign's exceptions matches inside the
    same sentence ("we do not promise a cure"). Each sentence is searched on
    its own until that has cost as much as one pass over the whole text; then
    the exceptions are found once in the whole text (a text with hundreds of
    matches, or no full stops, stays fast).
    """
    candidates = []
    for item in compiled:
        budget, spans = len(text), None
        for pattern in item.patterns:
            for hit in pattern.finditer(text):
                if hit.end() == hit.start():
                    continue
                if item.exceptions:
                    begin, finish = sentence_bounds(text, hit.start(), hit.end())
                    if spans is None and budget > 0:
                        budget -= finish - begin
                        sentence = text[begin:finish]
                        if any(exception.search(sentence) for exception in item.exceptions):
                            continue
                    else:
                        spans = spans or ExceptionSpans(text, item.exceptions)
                        if spans.any_within(begin, finish):
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
