from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Private plans")

    def content_problems(self, sources):
        """The PDF's safety block is checked with the rest of the content."""
        from .checks import plan_problems

        return plan_problems(sources)
