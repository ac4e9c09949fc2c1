from django.core.management import call_command
from django.core.management.base import BaseCommand

from guide.content import render_everything

CONTENT_FIXTURES = [
    "guide/sources.yaml",
    "guide/glossary.yaml",
    "guide/sections_1.yaml",
    "guide/sections_2.yaml",
    "guide/pages.yaml",
    "clinics/checklist.yaml",
]


class Command(BaseCommand):
    help = "Load (or reload) the guide and checklist content from fixtures/, then render it."

    def handle(self, *args, **options):
        call_command("loaddata", *CONTENT_FIXTURES, verbosity=options["verbosity"])
        render_everything()
        self.stdout.write(self.style.SUCCESS("Content loaded and rendered."))
