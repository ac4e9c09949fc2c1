from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = _("Guide")

    # Content hooks (see guide.content.content_hooks). Sources come first:
    # every other fixture refers to them.
    content_fixtures = [
        "guide/sources.yaml",
        "guide/glossary.yaml",
        "guide/sections_1.yaml",
        "guide/sections_2.yaml",
        "guide/sections_3.yaml",
        "guide/pages.yaml",
        "guide/abbreviations.yaml",
        "guide/options.yaml",
        "guide/quiz.yaml",
        # Spanish rows: the same content, pk = English pk + 10000 (see fixtures/README.md).
        "guide/es/glossary.yaml",
        "guide/es/sections_1.yaml",
        "guide/es/sections_2.yaml",
        "guide/es/sections_3.yaml",
        "guide/es/pages.yaml",
        "guide/es/abbreviations.yaml",
        "guide/es/options.yaml",
        "guide/es/quiz.yaml",
        # Which English each translation was last reviewed against (all apps').
        "guide/es/reviews.yaml",
    ]

    def ready(self):
        """Any change to guide content makes every cached public page stale."""
        from django.db.models.signals import post_delete, post_save

        from config.pagecache import bump_content_version

        for model in self.get_models():
            if model.__name__ in ("MistakeReport", "TranslationReview"):  # not shown content
                continue
            for signal in (post_save, post_delete):
                signal.connect(bump_content_version, sender=model, dispatch_uid=f"pages-{model}")

    def render_content(self, sources):
        from .content import render_guide

        render_guide(sources)

    def content_problems(self, sources):
        from .checks import guide_problems

        return guide_problems(sources)
