from django.core.management.base import BaseCommand

from plans import throttle
from plans.models import Plan


class Command(BaseCommand):
    help = (
        f"Delete plans nobody has used for {Plan.KEEP_UNUSED_DAYS} days, and old "
        "rate-limit counts (run daily from cron)."
    )

    def handle(self, *args, **options):
        # Only the keys: a stale plan is never opened, so its sealed fields stay shut.
        stale = Plan.objects.stale().only("pk")
        plans = stale.count()
        stale.delete()  # cascades to each plan's keys, clinics, answers and costs
        counts = throttle.forget_old_counts()
        self.stdout.write(
            f"Deleted {plans} plan(s) unused for {Plan.KEEP_UNUSED_DAYS} days "
            f"and {counts} old rate-limit count(s)."
        )
