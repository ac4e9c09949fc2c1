from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicsConfig(AppConfig):
    name = "clinics"
    verbose_name = _("Clinic checklist")

    # Content hooks, called by the guide's load_content and check_content.
    content_fixtures = [
        "clinics/checklist.yaml",
        "clinics/advert_signs.yaml",
        # Spanish rows: pk = English pk + 10000 (see fixtures/README.md).
        "clinics/es/checklist.yaml",
        "clinics/es/advert_signs.yaml",
    ]

    def render_content(self, sources):
        from .content import render_checklist

        render_checklist(sources)

    def content_problems(self, sources):
        from .checks import checklist_problems

        return checklist_problems(sources)
