"""The advert checker's evaluation corpus (tests/data/adverts.yaml) and how it is scored.

Shared by tests/clinics/test_advert_signs.py and bench/advert_check.py. A labelled sign
counts as found when the checker finds that sign anywhere in the text; a neutral passage
is a false positive when the checker flags anything in it.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS_PATH = Path(__file__).resolve().parent.parent / "data" / "adverts.yaml"

RECALL_TARGET = 0.90  # share of labelled signs the checker finds
FALSE_POSITIVE_TARGET = 0.05  # share of neutral passages with anything flagged


def load_corpus(path: Path = CORPUS_PATH) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass
class Score:
    labelled: int = 0
    found: int = 0
    neutral: int = 0
    per_sign: dict[str, list[int]] = field(default_factory=dict)  # slug -> [found, labelled]
    missed: list[tuple[str, str]] = field(default_factory=list)  # (text id, sign slug)
    false_positives: list[tuple[str, list[str]]] = field(default_factory=list)  # (id, phrases)
    unlabelled: list[tuple[str, str]] = field(default_factory=list)  # found but not labelled

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def false_positive_rate(self) -> float:
        return len(self.false_positives) / self.neutral if self.neutral else 0.0


def score(corpus: list[dict], compiled) -> Score:
    from clinics.advert import check_advert

    result = Score()
    for item in corpus:
        check = check_advert(item["text"], compiled)
        found = {entry.sign.slug for entry in check.found}
        if item["kind"] == "neutral":
            result.neutral += 1
            if found:
                phrases = [phrase for entry in check.found for phrase in entry.phrases]
                result.false_positives.append((item["id"], phrases))
            continue
        for slug in item["labels"]:
            counts = result.per_sign.setdefault(slug, [0, 0])
            counts[1] += 1
            result.labelled += 1
            if slug in found:
                counts[0] += 1
                result.found += 1
            else:
                result.missed.append((item["id"], slug))
        result.unlabelled += [(item["id"], slug) for slug in sorted(found - set(item["labels"]))]
    return result


def long_text(corpus: list[dict], size: int = 20_000) -> str:
    """A text of exactly ``size`` characters made by repeating the corpus adverts."""
    adverts = [item["text"] for item in corpus if item["kind"] == "advert"]
    text = ""
    while len(text) < size:
        for advert in adverts:
            text += advert + "\n"
            if len(text) >= size:
                break
    return text[:size]
