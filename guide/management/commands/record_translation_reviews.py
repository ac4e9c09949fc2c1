from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

from guide.models import TranslationReview
from guide.translations import record_reviews

REVIEWS_FIXTURE = "guide/es/reviews.yaml"


class Command(BaseCommand):
    help = (
        "After reviewing translations against their English: record that the current "
        "translations match today's English, and write fixtures/guide/es/reviews.yaml."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        count = record_reviews()
        # Numbered in a fixed order, so the fixture changes only where a review did.
        reviews = list(TranslationReview.objects.order_by("model", "key", "language"))
        TranslationReview.objects.all().delete()
        for number, review in enumerate(reviews, start=1):
            review.pk = number
        TranslationReview.objects.bulk_create(reviews)
        path = Path(settings.FIXTURE_DIRS[0]) / REVIEWS_FIXTURE
        path.write_text(
            "# Written by `manage.py record_translation_reviews`: the version of each\n"
            "# English row that every translation was last reviewed against.\n"
            + serializers.serialize("yaml", reviews)
        )
        self.stdout.write(f"Recorded {count} reviewed translations in {path}.")
