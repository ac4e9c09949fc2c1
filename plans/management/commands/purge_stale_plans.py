from django.core.management.base import BaseCommand

from plans.models import Plan


class Command(BaseCommand):
    help = f"Delete plans nobody has used for {Plan.KEEP_UNUSED_DAYS} days (run daily from cron)."

    def handle(self, *args, **options):
        stale = Plan.objects.stale()
        plans = stale.count()
        stale.delete()  # cascades to each plan's clinics, answers and costs
        self.stdout.write(f"Deleted {plans} plan(s) unused for {Plan.KEEP_UNUSED_DAYS} days.")
