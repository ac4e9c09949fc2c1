import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LANGUAGE_FIELD = {
    "max_length": 8,
    "choices": settings.CONTENT_LANGUAGES,
    "default": "en",
    "verbose_name": _("language"),
}


class SourceManager(models.Manager):
    def get_by_natural_key(self, key: str) -> "Source":
        return self.get(key=key)


class Source(models.Model):
    """A publication the guide cites. Cited in text as ``[@key]``."""

    class Kind(models.TextChoices):
        REGULATOR = "regulator", _("Regulator")
        LAW = "law", _("Law or official standard")
        GUIDELINE = "guideline", _("Clinical guideline")
        REGISTRY = "registry", _("Trial registry")
        SYSTEMATIC_REVIEW = "systematic_review", _("Systematic review")
        TRIAL = "trial", _("Clinical trial")
        STUDY = "study", _("Research study")
        CASE_REPORT = "case_report", _("Case report")
        EXPERT_STATEMENT = "expert_statement", _("Expert statement")
        PATIENT_ORG = "patient_org", _("Patient organisation")
        NEWS = "news", _("News report")
        CLINIC_MARKETING = "clinic_marketing", _("Clinic marketing")
        MAKER = "maker", _("Maker's product information")

    # What a clinic or a product's maker says of itself is not independent evidence.
    NOT_INDEPENDENT = (Kind.CLINIC_MARKETING, Kind.MAKER)

    key = models.SlugField(_("key"), max_length=80, unique=True)
    authors = models.CharField(
        _("authors or organisation"),
        max_length=400,
        blank=True,
        help_text=_("Leave blank when no author is named: the title then leads the citation."),
    )
    title = models.CharField(_("title"), max_length=500)
    publication = models.CharField(_("published in"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    url = models.URLField(_("web address"), max_length=500, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    checked_on = models.DateField(
        _("checked on"),
        null=True,
        blank=True,
        help_text=_("When an editor last checked this record against the source itself."),
    )
    checked_what = models.CharField(
        _("what was checked"),
        max_length=300,
        blank=True,
        help_text=_("For example: title, authors and DOI against the journal's page."),
    )
    # Sources keep their own language (title, authors); what was checked, and
    # what the source is, are said to a Spanish reader in Spanish.
    checked_what_es = models.CharField(
        _("what was checked, in Spanish"),
        max_length=300,
        blank=True,
        help_text=_("The same sentence as “what was checked”, in Mexican Spanish."),
    )
    editor_note = models.TextField(
        _("note for editors"),
        max_length=2000,
        blank=True,
        help_text=_("Never shown on a public page or in the PDF."),
    )

    objects = SourceManager()

    class Meta:
        ordering = ["authors", "year"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        if not self.authors:
            return f"{self.title} ({self.year})"
        return f"{self.authors} ({self.year}). {self.title}"

    def natural_key(self) -> tuple[str]:
        return (self.key,)

    @property
    def is_checked(self) -> bool:
        return self.checked_on is not None and bool(self.checked_what.strip())

    @property
    def link(self) -> str:
        if self.url:
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return ""


class GlossaryTerm(models.Model):
    """A plain-language definition. Linked from text as ``[[slug|words]]``."""

    # Translations: paired across languages by this key (see guide.translations).
    TRANSLATED_FIELDS = ("term", "definition")
    TRANSLATION_KEY = ("slug",)
    TRANSLATION_LANGUAGE = "language"

    slug = models.SlugField(_("slug"), max_length=80)
    language = models.CharField(**LANGUAGE_FIELD)
    term = models.CharField(_("term"), max_length=120)
    definition = models.TextField(_("definition"))
    definition_html = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="unique_term_per_language")
        ]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return self.term


class SectionQuerySet(models.QuerySet):
    def in_language(self, language: str) -> "SectionQuerySet":
        return self.filter(language=language)

    def overdue(self, today: datetime.date | None = None) -> "SectionQuerySet":
        return self.filter(next_review_due__lt=today or timezone.localdate())


class Section(models.Model):
    """One chapter of the guide, in one language.

    Editors write ``body`` (Markdown) and the related key points and
    comparisons. ``guide.content.render_section`` turns them into the
    ``*_html`` fields once, when content is saved or loaded, so a page view
    reads ready HTML from one row.
    """

    TRANSLATED_FIELDS = ("title", "summary", "in_short", "body", "detail_title", "detail")
    TRANSLATION_KEY = ("slug",)
    TRANSLATION_LANGUAGE = "language"

    slug = models.SlugField(_("slug"), max_length=60)
    language = models.CharField(**LANGUAGE_FIELD)
    order = models.PositiveSmallIntegerField(_("reading order"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("one-line summary"), max_length=300)
    in_short = models.TextField(
        _("in short"),
        blank=True,
        help_text=_("The plain answer, shown first: at most 120 words, reading grade 6 or below."),
    )
    body = models.TextField(
        _("body (Markdown)"),
        help_text=_(
            "At most 1,200 words. Cite with [@source-key]; "
            "link a glossary term with [[term-slug|words]]."
        ),
    )
    detail_title = models.CharField(_("title of the detail page"), max_length=200, blank=True)
    detail = models.TextField(
        _("more detail (Markdown)"),
        blank=True,
        help_text=_("Longer material, on its own page linked from the section."),
    )
    last_reviewed = models.DateField(_("last reviewed"))
    next_review_due = models.DateField(_("next review due"))

    in_short_html = models.TextField(editable=False, blank=True)
    key_points_html = models.TextField(editable=False, blank=True)
    body_html = models.TextField(editable=False, blank=True)
    detail_html = models.TextField(editable=False, blank=True)
    comparisons_html = models.TextField(editable=False, blank=True)
    terms_html = models.TextField(editable=False, blank=True)
    sources_html = models.TextField(editable=False, blank=True)
    rendered_at = models.DateTimeField(editable=False, null=True)

    sources = models.ManyToManyField(Source, through="Citation", related_name="sections")

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["language", "order"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="unique_section_slug"),
            models.UniqueConstraint(fields=["order", "language"], name="unique_section_order"),
        ]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("guide:section", args=[self.slug])

    def get_detail_url(self) -> str:
        return reverse("guide:section_detail", args=[self.slug])

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.next_review_due < (today or timezone.localdate())


class KeyPoint(models.Model):
    TRANSLATED_FIELDS = ("text",)
    TRANSLATION_KEY = ("section__slug", "order")
    TRANSLATION_LANGUAGE = "section__language"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="key_points")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("key point")
        verbose_name_plural = _("key points")

    def __str__(self) -> str:
        return self.text[:80]


class Comparison(models.Model):
    """What clinics say, beside what independent research shows."""

    TRANSLATED_FIELDS = ("topic", "clinic_claim", "research_shows")
    TRANSLATION_KEY = ("section__slug", "order")
    TRANSLATION_LANGUAGE = "section__language"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comparisons")
    order = models.PositiveSmallIntegerField(_("order"))
    topic = models.CharField(_("topic"), max_length=200)
    clinic_claim = models.TextField(_("what clinics say"))
    research_shows = models.TextField(_("what research shows"))

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("clinic claim and evidence")
        verbose_name_plural = _("clinic claims and evidence")

    def __str__(self) -> str:
        return self.topic


class Question(models.Model):
    """A question a reader may want to ask, collectable into their plan."""

    TRANSLATED_FIELDS = ("text",)
    TRANSLATION_KEY = ("section__slug", "order")
    TRANSLATION_LANGUAGE = "section__language"

    class Audience(models.TextChoices):
        CLINIC = "clinic", _("the clinic")
        DOCTOR = "doctor", _("your own doctor")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"))
    audience = models.CharField(_("ask"), max_length=10, choices=Audience.choices)
    text = models.CharField(_("question"), max_length=400)

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("question to ask")
        verbose_name_plural = _("questions to ask")

    def __str__(self) -> str:
        return self.text


class Citation(models.Model):
    """A source as numbered within one section (set by ``render_section``)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    number = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["section", "number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "number"], name="unique_citation_number"),
            models.UniqueConstraint(fields=["section", "source"], name="unique_citation_source"),
        ]

    def __str__(self) -> str:
        return f"[{self.number}] {self.source.key}"


class Page(models.Model):
    """A stand-alone page of the guide, such as "About this guide"."""

    TRANSLATED_FIELDS = ("title", "summary", "body")
    TRANSLATION_KEY = ("slug",)
    TRANSLATION_LANGUAGE = "language"

    slug = models.SlugField(_("slug"), max_length=60)
    language = models.CharField(**LANGUAGE_FIELD)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("one-line summary"), max_length=300, blank=True)
    body = models.TextField(
        _("body (Markdown)"),
        help_text=_("Cite with [@source-key]; link a glossary term with [[term-slug|words]]."),
    )
    body_html = models.TextField(editable=False, blank=True)
    terms_html = models.TextField(editable=False, blank=True)
    sources_html = models.TextField(editable=False, blank=True)
    last_reviewed = models.DateField(_("last reviewed"))
    next_review_due = models.DateField(_("next review due"))

    # The reading grade a page must meet ("Start here" is for anyone: grade 6).
    max_grade = models.PositiveSmallIntegerField(_("highest reading grade"), default=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="unique_page_slug")
        ]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self) -> str:
        return self.title


class Abbreviation(models.Model):
    """A short form the guide spells out the first time each page uses it."""

    short = models.CharField(_("short form"), max_length=20)
    language = models.CharField(**LANGUAGE_FIELD)
    expansion = models.CharField(
        _("spelled out"), max_length=200, help_text=_("As it should appear in the text.")
    )

    class Meta:
        ordering = ["short"]
        constraints = [
            models.UniqueConstraint(fields=["short", "language"], name="unique_abbreviation")
        ]
        verbose_name = _("abbreviation")
        verbose_name_plural = _("abbreviations")

    def __str__(self) -> str:
        return f"{self.short}: {self.expansion}"


class MistakeReport(models.Model):
    """A reader's report of a mistake, sent from the About page. Read in the admin."""

    MESSAGE_MAX_LENGTH = 3000

    page = models.CharField(_("page"), max_length=300, blank=True)
    message = models.TextField(_("what is wrong"), max_length=MESSAGE_MAX_LENGTH)
    contact = models.CharField(_("how to reach the reader (optional)"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dealt_with = models.BooleanField(_("dealt with"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mistake report")
        verbose_name_plural = _("mistake reports")

    def __str__(self) -> str:
        return self.message[:80]


class Option(models.Model):
    """One of the choices a person has, described in the same rows as every other.

    The options page sets them side by side; no row may be left empty (say
    "No reliable numbers" where that is the truth), and every figure is cited.
    """

    TRANSLATED_FIELDS = (
        "name", "involves", "chance_of_gain", "harm_risk", "cost", "time_away",
        "trial_eligibility", "how_to_find",
    )  # fmt: skip
    TRANSLATION_KEY = ("slug",)
    TRANSLATION_LANGUAGE = "language"

    ROWS = [
        ("involves", _("What it involves")),
        ("chance_of_gain", _("Chance of a gain you can measure")),
        ("harm_risk", _("Risk of serious harm")),
        ("cost", _("Cost to you")),
        ("time_away", _("Time away from home")),
        ("trial_eligibility", _("Effect on joining a trial later")),
        ("how_to_find", _("How to find it")),
    ]

    slug = models.SlugField(_("slug"), max_length=60)
    language = models.CharField(**LANGUAGE_FIELD)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=120)
    involves = models.TextField(_("what it involves"))
    chance_of_gain = models.TextField(_("chance of a gain you can measure"))
    harm_risk = models.TextField(_("risk of serious harm"))
    cost = models.TextField(_("cost to you"))
    time_away = models.TextField(_("time away from home"))
    trial_eligibility = models.TextField(_("effect on joining a trial later"))
    how_to_find = models.TextField(_("how to find it"))
    rendered = models.JSONField(editable=False, default=dict, blank=True)

    class Meta:
        ordering = ["language", "order"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="unique_option_slug")
        ]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.name

    def cells(self) -> list[tuple[str, str]]:
        """(row key, Markdown text) in the table's row order."""
        return [(key, getattr(self, key)) for key, _label in self.ROWS]


class OptionNote(models.Model):
    """A note on an option for one kind of injury, shown when the plan says it applies."""

    TRANSLATED_FIELDS = ("text",)
    TRANSLATION_KEY = ("option__slug", "applies_when")
    TRANSLATION_LANGUAGE = "option__language"

    class When(models.TextChoices):
        COMPLETE = "complete", _("complete injury (AIS A)")
        INCOMPLETE = "incomplete", _("incomplete injury (AIS B to D)")
        NECK = "neck", _("neck (cervical) injury")
        CHEST_OR_BACK = "chest_or_back", _("chest or lower back injury")
        EARLY = "early", _("less than 12 months since injury")
        LATER = "later", _("12 months or more since injury")
        HIGH = "high", _("injury at T6 or above (autonomic dysreflexia risk)")

    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="notes")
    applies_when = models.CharField(_("applies when"), max_length=20, choices=When.choices)
    text = models.TextField(_("note"), help_text=_("Cite with [@source-key]."))
    text_html = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["option", "applies_when"]
        verbose_name = _("option note")
        verbose_name_plural = _("option notes")

    def __str__(self) -> str:
        return f"{self.option}: {self.get_applies_when_display()}"


class QuizQuestion(models.Model):
    """ "Check what I know": one question, its answers, and where the guide explains it."""

    TRANSLATED_FIELDS = ("text", "choices", "explanation")
    TRANSLATION_KEY = ("slug",)
    TRANSLATION_LANGUAGE = "language"

    slug = models.SlugField(_("slug"), max_length=60)
    language = models.CharField(**LANGUAGE_FIELD)
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(
        _("answers"), help_text=_('A list of answers, like ["True", "False"].')
    )
    correct = models.PositiveSmallIntegerField(_("number of the right answer, from 0"))
    explanation = models.TextField(_("why"), help_text=_("Cite with [@source-key]."))
    explanation_html = models.TextField(editable=False, blank=True)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="+", verbose_name=_("explained in")
    )

    class Meta:
        ordering = ["language", "order"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="unique_quiz_slug")
        ]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self) -> str:
        return self.text


class TranslationReview(models.Model):
    """A translated row was last reviewed against this version of its English.

    ``english_digest`` fingerprints the English row's translated fields when
    an editor last reviewed the translation (``manage.py
    record_translation_reviews``). When the English changes, the fingerprint
    no longer matches and the content check says the translation is older
    than its English source.
    """

    model = models.CharField(max_length=60)  # "guide.section"
    key = models.CharField(max_length=200)  # "timeline" or "timeline/3"
    language = models.CharField(max_length=10)
    english_digest = models.CharField(max_length=16)
    reviewed_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model", "key", "language"], name="one_review_per_translation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.key} ({self.language}) reviewed {self.reviewed_on}"
