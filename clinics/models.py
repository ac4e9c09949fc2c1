import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guide.models import LANGUAGE_FIELD
from plans.fields import (
    SealedCharField,
    SealedDateField,
    SealedDecimalField,
    SealedPositiveSmallIntegerField,
    SealedTextField,
    SealedURLField,
)


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("Not sure")
    NOT_ASKED = "not_asked", _("Not asked yet")


class FlagAnswer(models.TextChoices):
    """The answers that can make a question a red flag or a caution."""

    NONE = "", _("None")
    YES = "yes", _("Yes")
    NO = "no", _("No")


class QuestionGroup(models.Model):
    # Translations: paired across languages by this key (see guide.translations).
    TRANSLATED_FIELDS = ("title",)
    TRANSLATION_KEY = ("slug",)
    TRANSLATION_LANGUAGE = "language"

    slug = models.SlugField(_("slug"), max_length=60)
    language = models.CharField(**LANGUAGE_FIELD)
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["language", "order"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="unique_group_slug")
        ]
        verbose_name = _("question group")
        verbose_name_plural = _("question groups")

    def __str__(self) -> str:
        return self.title


class CheckQuestion(models.Model):
    """One checklist question, answered Yes / No / Not sure / Not asked yet."""

    TRANSLATED_FIELDS = ("text", "why_it_matters", "ask_clinic", "finding")
    TRANSLATION_KEY = ("slug",)
    TRANSLATION_LANGUAGE = "language"

    group = models.ForeignKey(QuestionGroup, on_delete=models.CASCADE, related_name="questions")
    slug = models.SlugField(_("slug"), max_length=80)
    language = models.CharField(**LANGUAGE_FIELD)
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("question"), max_length=300)
    why_it_matters = models.TextField(
        _("why this matters"), help_text=_("Cite with [@source-key].")
    )
    why_it_matters_html = models.TextField(editable=False, blank=True)
    ask_clinic = models.CharField(
        _("what to ask the clinic"),
        max_length=300,
        help_text=_("Shown in the plan when the answer is Not sure or Not asked yet."),
    )
    finding = models.CharField(
        _("finding"),
        max_length=300,
        blank=True,
        help_text=_(
            "The red flag or caution as a plain statement of what was found, for the plan, "
            "compare and the PDF. For example: “No written list of risks was given.”"
        ),
    )
    is_key = models.BooleanField(
        _("one of the most important questions"),
        default=False,
        help_text=_("Asked on the quick path (about eight questions)."),
    )
    red_flag_answer = models.CharField(
        _("red flag answer"), max_length=3, choices=FlagAnswer.choices, blank=True
    )
    caution_answer = models.CharField(
        _("caution answer"), max_length=3, choices=FlagAnswer.choices, blank=True
    )
    source = models.ForeignKey(
        "guide.Source", on_delete=models.PROTECT, related_name="check_questions", null=True
    )

    class Meta:
        ordering = ["group__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="unique_question_slug"),
            models.CheckConstraint(
                condition=models.Q(red_flag_answer="")
                | models.Q(caution_answer="")
                | ~models.Q(red_flag_answer=models.F("caution_answer")),
                name="red_flag_and_caution_differ",
            ),
        ]
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")

    def __str__(self) -> str:
        return self.text


class Clinic(models.Model):
    """A clinic a visitor is considering, as they were told about it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="clinics")
    name = SealedCharField(_("Clinic name"), max_length=200)
    city = SealedCharField(_("City"), max_length=120, blank=True)
    website = SealedURLField(_("Website"), max_length=300, blank=True)
    licence_number = SealedCharField(
        _("License number, as the clinic gave it"), max_length=120, blank=True
    )
    notes = SealedTextField(_("Notes"), max_length=2000, blank=True)

    # The treatment proposed, as far as the clinic has said (for the doctor's page).
    cell_type = SealedCharField(_("Cell type"), max_length=200, blank=True)
    cell_source = SealedCharField(
        _("Where the cells come from (your own or a donor's, and from what tissue)"),
        max_length=200,
        blank=True,
    )
    dose = SealedCharField(_("Dose (number of cells)"), max_length=200, blank=True)
    route = SealedCharField(
        _("How the cells are given (vein, spinal tap, into the cord)"), max_length=200, blank=True
    )
    dose_by_route = SealedCharField(
        _("How the dose is split between routes"), max_length=300, blank=True
    )
    sessions = SealedCharField(_("Number of sessions"), max_length=200, blank=True)
    dates = SealedCharField(_("Proposed dates"), max_length=200, blank=True)
    deposit = SealedCharField(_("Deposit asked for"), max_length=200, blank=True)
    refund_terms = SealedCharField(_("Refund terms"), max_length=300, blank=True)
    decision_deadline = SealedDateField(_("Decision or deposit deadline"), null=True, blank=True)
    quote_sessions = SealedPositiveSmallIntegerField(
        _("Number of sessions the quote covers"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clinics:checklist", args=[self.public_id])


class ClinicAnswer(models.Model):
    """One answer to one question for one clinic (saved one at a time)."""

    NOTE_MAX_LENGTH = 2000

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(CheckQuestion, on_delete=models.CASCADE, related_name="+")
    # Blank when the visitor has written a note but not chosen an answer yet.
    value = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    note = SealedTextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"


class ClinicCost(models.Model):
    """One line of a clinic's whole-trip cost worksheet, in the currency it was quoted in."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="costs")
    key = models.SlugField(max_length=40)
    label = SealedCharField(max_length=120, blank=True)  # only for "other" lines
    amount = SealedDecimalField(max_digits=12, decimal_places=2)
    currency = SealedCharField(max_length=3, default="USD")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clinic", "key"], name="one_cost_per_clinic_line")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.amount} {self.currency}"


class AdvertSign(models.Model):
    """A warning sign in a clinic's advert or quote, found by its patterns.

    ``patterns`` holds one regular expression per line, in any language the
    adverts come in (English and Spanish); a match inside a sentence that
    also matches one of ``exceptions`` is not flagged ("no guarantee"). They
    live on the English row: a Spanish row explains the same sign in Spanish
    and borrows them (see ``clinics.selectors.advert_signs``).
    """

    TRANSLATED_FIELDS = ("name", "explanation", "ask")
    TRANSLATION_KEY = ("slug",)
    TRANSLATION_LANGUAGE = "language"

    slug = models.SlugField(_("slug"), max_length=60)
    language = models.CharField(**LANGUAGE_FIELD)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("warning sign"), max_length=120)
    explanation = models.TextField(_("why it is a warning sign"), help_text=_("Cite with [@key]."))
    explanation_html = models.TextField(editable=False, blank=True)
    ask = models.CharField(_("what to ask the clinic"), max_length=300)
    patterns = models.TextField(
        _("patterns (one regular expression per line)"),
        blank=True,
        help_text=_(
            "On the English row, for English and Spanish text alike. Leave empty on other "
            "languages' rows: they use the English row's patterns."
        ),
    )
    exceptions = models.TextField(_("exceptions (one regular expression per line)"), blank=True)

    class Meta:
        ordering = ["language", "order"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="unique_advert_sign")
        ]
        verbose_name = _("advert warning sign")
        verbose_name_plural = _("advert warning signs")

    def __str__(self) -> str:
        return self.name


class AdvertFinding(models.Model):
    """A warning sign a visitor chose to keep from an advert: only the phrase matched."""

    PHRASE_MAX_LENGTH = 300

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="advert_findings")
    sign = models.ForeignKey(AdvertSign, on_delete=models.CASCADE, related_name="+")
    phrase = SealedCharField(_("phrase"), max_length=PHRASE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.phrase
