"""Every piece of content in every language, and never older than its English.

A content model that is translated says how on the class:
``TRANSLATED_FIELDS`` (what a translator translates), ``TRANSLATION_KEY``
(lookups that pair a row with its partner in another language: the slug,
or the parent's slug and an order) and ``TRANSLATION_LANGUAGE`` (where its
language is). Apps need not import each other: this module finds every
installed model that says so.

A translation is checked against a ``TranslationReview``: the fingerprint
of its English row when an editor last reviewed it. If the English has
changed since, the translation is older than its source.
"""

import datetime
import hashlib
import json
from collections.abc import Iterator

from django.apps import apps
from django.conf import settings

from .models import TranslationReview


def translated_models() -> list:
    return [model for model in apps.get_models() if hasattr(model, "TRANSLATED_FIELDS")]


def other_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def label(model) -> str:
    return model._meta.label_lower


def rows(model) -> dict[tuple[str, str], dict]:
    """{(language, key): translated values} for every row of a model."""
    lookups = [*model.TRANSLATION_KEY, model.TRANSLATION_LANGUAGE, *model.TRANSLATED_FIELDS]
    result = {}
    for values in model.objects.values(*lookups):
        key = "/".join(str(values[part]) for part in model.TRANSLATION_KEY)
        result[(values[model.TRANSLATION_LANGUAGE], key)] = values
    return result


def digest(model, values: dict) -> str:
    """A short fingerprint of a row's translated fields."""
    texts = [values[field] for field in model.TRANSLATED_FIELDS]
    encoded = json.dumps(texts, ensure_ascii=False, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def translation_problems() -> Iterator[tuple[str, str]]:
    """(where, what) for every missing, orphaned or out-of-date translation."""
    reviews = {
        (review.model, review.key, review.language): review
        for review in TranslationReview.objects.all()
    }
    english = settings.LANGUAGE_CODE
    for model in translated_models():
        name = model._meta.verbose_name
        data = rows(model)
        for (language, key), values in data.items():
            if language == english:
                for other in other_languages():
                    where = f"{name} '{key}' ({other})"
                    if (other, key) not in data:
                        yield where, "is missing: the English has no translation"
                        continue
                    review = reviews.get((label(model), key, other))
                    if review is None:
                        yield where, "has never been reviewed against its English"
                    elif review.english_digest != digest(model, values):
                        yield (
                            where,
                            (
                                "is older than its English source: the English changed after "
                                f"the translation was last reviewed ({review.reviewed_on})"
                            ),
                        )
            elif (english, key) not in data:
                yield f"{name} '{key}' ({language})", "has no English original"


def record_reviews(on: datetime.date | None = None) -> int:
    """Mark every existing translation as reviewed against today's English."""
    on = on or datetime.date.today()
    english = settings.LANGUAGE_CODE
    reviewed = []
    for model in translated_models():
        data = rows(model)
        for (language, key), _values in data.items():
            if language == english or (english, key) not in data:
                continue
            reviewed.append(
                TranslationReview(
                    model=label(model),
                    key=key,
                    language=language,
                    english_digest=digest(model, data[(english, key)]),
                    reviewed_on=on,
                )
            )
    TranslationReview.objects.bulk_create(
        reviewed,
        update_conflicts=True,
        unique_fields=["model", "key", "language"],
        update_fields=["english_digest", "reviewed_on"],
    )
    return len(reviewed)
