from django.core.management import call_command
from django.core.management.base import BaseCommand

from config.pagecache import bump_content_version
from guide.content import content_hooks, render_everything
from guide.models import TranslationReview


class Command(BaseCommand):
    help = "Load (or reload) every app's content from fixtures/, then render it."

    def handle(self, *args, **options):
        fixtures = [
            name for app_fixtures in content_hooks("content_fixtures") for name in app_fixtures
        ]
        # Reviews are written whole by record_translation_reviews: replace, never merge.
        TranslationReview.objects.all().delete()
        call_command("loaddata", *fixtures, verbosity=options["verbosity"])
        render_everything()
        bump_content_version()  # every cached page is stale
        self.stdout.write(self.style.SUCCESS("Content loaded and rendered."))
