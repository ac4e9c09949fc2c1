from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from guide.checks import content_problems
from guide.models import Section


class Command(BaseCommand):
    help = (
        "Fail when a section lacks key points, sources, review dates or a citation that resolves."
    )

    def handle(self, *args, **options):
        for section in Section.objects.overdue():
            self.stderr.write(
                self.style.WARNING(
                    f"Review overdue since {section.next_review_due:%Y-%m-%d}: {section.slug}"
                    f" (today is {timezone.localdate():%Y-%m-%d})"
                )
            )
        problems = content_problems()
        if problems:
            raise CommandError("Content check failed:\n" + "\n".join(f"- {p}" for p in problems))
        self.stdout.write(self.style.SUCCESS("Content check passed."))
