"""Our words are our own: no six-word run of the marketing article the project
started from (tests/data/seed-article.txt, a copy of shared/seed) appears in any
English content a reader sees. The topic itself ("... spinal cord injury in
Mexico ...") is the one run two texts on it can share."""

import re
from pathlib import Path

import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parent.parent / "data" / "seed-article.txt"
RUN = 6
TOPIC = "spinal cord injury in mexico"


def word_runs(text: str, length: int = RUN) -> set[str]:
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())
    return {" ".join(words[i : i + length]) for i in range(len(words) - length + 1)}


def reader_texts():
    """(where, text) for every written field of every English content row."""
    for model in apps.get_models():
        if model._meta.app_label not in ("guide", "clinics"):
            continue
        names = {field.name for field in model._meta.get_fields()}
        if "language" not in names:
            continue
        fields = [
            field.name
            for field in model._meta.get_fields()
            if getattr(field, "get_internal_type", lambda: "")() in ("TextField", "CharField")
            and not field.name.endswith("_html")
        ]
        for row in model.objects.filter(language="en"):
            for name in fields:
                value = getattr(row, name)
                if isinstance(value, str) and value:
                    yield f"{model.__name__}.{name} #{row.pk}", value


def copied_runs(text: str, seed_runs: set[str]) -> set[str]:
    return {run for run in word_runs(text) & seed_runs if TOPIC not in run}


def test_no_six_word_run_of_the_seed_article_is_in_the_content(content):
    seed_runs = word_runs(SEED.read_text())
    texts = list(reader_texts())
    assert len(texts) > 500  # sections, glossary, checklist, options, advert signs...
    copied = {where: runs for where, text in texts if (runs := copied_runs(text, seed_runs))}
    assert copied == {}


def test_a_copied_sentence_is_found():
    seed = SEED.read_text()
    sentence = " ".join(seed.split()[200:212])  # twelve words straight from the article
    assert copied_runs(f"Our own words, then {sentence}.", word_runs(seed))
