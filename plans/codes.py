"""Six-word resume codes in English or Spanish, forgiving of how people type them.

English codes use the EFF long list (7,776 words, shipped by xkcdpass): about
77 bits for six words. Spanish codes use ``wordlists/es.txt``: 5,337 common
Mexican Spanish words with no accent or ñ, none of which sounds like another
when dictated, so about 74 bits for six. A code from either list opens its
plan from either language's page.

What a person types or dictates is normalised before it is looked up: case,
accents, commas, full stops, hyphens and extra spaces do not matter, and a
Spanish word that dictation spelled by ear ("vaca" for "baca", "kiosko" for
"kiosco") is read as the list's word with the same sound.
"""

import functools
import re
import secrets
import unicodedata
from pathlib import Path

RESUME_CODE_WORDS = 6
SPANISH_WORDS = Path(__file__).resolve().parent / "wordlists" / "es.txt"


@functools.cache
def english_words() -> tuple[str, ...]:
    from xkcdpass import xkcd_password

    words = xkcd_password.generate_wordlist(
        wordfile=xkcd_password.locate_wordfile(), min_length=3, max_length=9
    )
    # Letters only: "t-shirt" would be dictated as two words.
    return tuple(sorted({word for word in words if word.isascii() and word.isalpha()}))


@functools.cache
def spanish_words() -> tuple[str, ...]:
    return tuple(SPANISH_WORDS.read_text(encoding="utf-8").split())


def words_for(language: str) -> tuple[str, ...]:
    return spanish_words() if language == "es" else english_words()


def new_resume_code(language: str = "en") -> str:
    words = words_for(language)
    return " ".join(secrets.choice(words) for _ in range(RESUME_CODE_WORDS))


SOUNDS = [
    (re.compile(r"h(?<!ch)"), ""),  # a silent h (keep "ch")
    (re.compile(r"v"), "b"),
    (re.compile(r"z"), "s"),
    (re.compile(r"c(?=[ei])"), "s"),
    (re.compile(r"ll"), "y"),
    (re.compile(r"g(?=[ei])"), "j"),
    (re.compile(r"qu"), "k"),
    (re.compile(r"c(?=[aou])"), "k"),
    (re.compile(r"y$"), "i"),
    (re.compile(r"(.)\1"), r"\1"),
]


def spanish_sound(word: str) -> str:
    """A Spanish word as it sounds: the spellings dictation confuses, merged."""
    sound = word.replace("ch", "\0")
    for pattern, replacement in SOUNDS:
        sound = pattern.sub(replacement, sound)
    return sound.replace("\0", "ch")


@functools.cache
def spanish_by_sound() -> dict[str, str]:
    return {spanish_sound(word): word for word in spanish_words()}


def plain_letters(text: str) -> str:
    """Lower case, no accents ("Piñata" -> "pinata")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise_code(typed: str) -> str:
    """ "Maple, Tiger  river-..." -> "maple tiger river ...": as people type or
    dictate a code, in English or Spanish."""
    text = re.sub(r"[,.;:_\-–—/]+", " ", plain_letters(typed))
    known = set(english_words()) | set(spanish_words())
    by_sound = spanish_by_sound()
    words = []
    for word in text.split():
        if word not in known:
            word = by_sound.get(spanish_sound(word), word)
        words.append(word)
    return " ".join(words)


def looks_like_a_code(code: str) -> bool:
    words = code.split()
    return len(words) == RESUME_CODE_WORDS and all(w.isascii() and w.isalpha() for w in words)
