import datetime

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guide.models import Question

from .fields import (
    SealedCharField,
    SealedDateField,
    SealedDecimalField,
    SealedJSONField,
    SealedPositiveSmallIntegerField,
    SealedTextField,
)


class PlanQuerySet(models.QuerySet):
    def stale(self, now: datetime.datetime | None = None) -> "PlanQuerySet":
        cutoff = (now or timezone.now()) - datetime.timedelta(days=Plan.KEEP_UNUSED_DAYS)
        return self.filter(last_used_at__lt=cutoff)


class Plan(models.Model):
    """A visitor's private plan. No account: whoever holds its token or
    resume code holds the plan. See ``plans.access`` for how they are made."""

    KEEP_UNUSED_DAYS = 180
    # Caps that keep one plan (and its PDF) a size a doctor can read and the
    # server can make quickly; the forms say so plainly when one is reached.
    MAX_CLINICS = 10
    MAX_OWN_QUESTIONS = 100

    class InjuryLevel(models.TextChoices):
        CERVICAL = "cervical", _("Neck (cervical)")
        THORACIC = "thoracic", _("Chest or upper back (thoracic)")
        LUMBAR_SACRAL = "lumbar_sacral", _("Lower back (lumbar or sacral)")
        NOT_SURE = "not_sure", _("Not sure")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class AisGrade(models.TextChoices):
        A = "A", _("A: no feeling or movement kept at the lowest part of the spine")
        B = "B", _("B: some feeling kept, no movement")
        C = "C", _("C: some movement kept, most muscles weak")
        D = "D", _("D: some movement kept, at least half of muscles strong")
        E = "E", _("E: feeling and movement test as normal")
        NOT_SURE = "not_sure", _("Not sure")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class AgeBand(models.TextChoices):
        UNDER_18 = "under_18", _("Under 18")
        AGE_18_29 = "18_29", _("18 to 29")
        AGE_30_44 = "30_44", _("30 to 44")
        AGE_45_59 = "45_59", _("45 to 59")
        AGE_60_74 = "60_74", _("60 to 74")
        AGE_75_UP = "75_up", _("75 or older")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class FilledInBy(models.TextChoices):
        """Who fills in the plan, so the plan and the PDF speak in the right voice."""

        SELF = "self", _("I have the spinal cord injury")
        SON = "son", _("I am filling it in for my son")
        DAUGHTER = "daughter", _("I am filling it in for my daughter")
        PARTNER = "partner", _("I am filling it in for my partner")
        PARENT = "parent", _("I am filling it in for my mother or father")
        CARER = "carer", _("I am a carer or helper for the patient")

    class YesNo(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        NOT_SURE = "not_sure", _("Not sure")

    class Bladder(models.TextChoices):
        OWN = "own", _("Empties on its own")
        INTERMITTENT = "intermittent", _("A catheter put in several times a day")
        INDWELLING = "indwelling", _("A catheter that stays in (including suprapubic)")
        OTHER = "other", _("Something else")
        NOT_SURE = "not_sure", _("Not sure")

    class Bowel(models.TextChoices):
        OWN = "own", _("Works on its own")
        PROGRAM = "program", _("A bowel routine (program)")
        STOMA = "stoma", _("A stoma (colostomy)")
        OTHER = "other", _("Something else")
        NOT_SURE = "not_sure", _("Not sure")

    class Skin(models.TextChoices):
        NONE = "none", _("No pressure sores")
        PAST = "past", _("Pressure sores in the past")
        NOW = "now", _("A pressure sore now")
        NOT_SURE = "not_sure", _("Not sure")

    class Breathing(models.TextChoices):
        OWN = "own", _("Breathes without help")
        NIGHT = "night", _("Help with breathing at night")
        VENTILATOR = "ventilator", _("A ventilator for some or all of the day")
        NOT_SURE = "not_sure", _("Not sure")

    class Rehabilitation(models.TextChoices):
        NONE = "none", _("None right now")
        HOME = "home", _("Exercises at home")
        OUTPATIENT = "outpatient", _("Outpatient therapy")
        INTENSIVE = "intensive", _("An intensive program")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    # The link's token and the resume code, sealed like everything else so the
    # visitor can see them again; found through PlanKey's hashes, never these.
    token = SealedCharField(max_length=64, editable=False)
    # The language the plan was last used in: its PDF is made in it.
    language = SealedCharField(max_length=10, blank=True, editable=False)
    resume_code = SealedCharField(max_length=120, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(default=timezone.now, db_index=True)

    # About me, as a clinician needs it: every answer optional.
    filled_in_by = SealedCharField(
        _("Who is filling in this plan?"), max_length=20, choices=FilledInBy.choices, blank=True
    )
    neurological_level = SealedCharField(_("Neurological level"), max_length=8, blank=True)
    injury_date = SealedDateField(_("When the injury happened"), null=True, blank=True)
    injury_cause = SealedCharField(_("How the injury happened"), max_length=200, blank=True)
    exam_date = SealedDateField(_("Date of the latest exam"), null=True, blank=True)
    motor_score = SealedPositiveSmallIntegerField(_("Motor score"), null=True, blank=True)
    light_touch_score = SealedPositiveSmallIntegerField(
        _("Light touch score"), null=True, blank=True
    )
    pin_prick_score = SealedPositiveSmallIntegerField(_("Pin prick score"), null=True, blank=True)
    medicines = SealedTextField(_("Medicines taken now"), max_length=1000, blank=True)
    blood_thinner = SealedCharField(
        _("Takes a blood thinner"), max_length=10, choices=YesNo.choices, blank=True
    )
    blood_thinner_name = SealedCharField(_("Which blood thinner"), max_length=200, blank=True)
    allergies = SealedCharField(
        _("Has allergies"), max_length=10, choices=YesNo.choices, blank=True
    )
    allergy_details = SealedCharField(_("Allergies"), max_length=300, blank=True)
    dysreflexia = SealedCharField(
        _("Has had autonomic dysreflexia"), max_length=10, choices=YesNo.choices, blank=True
    )
    usual_blood_pressure = SealedCharField(_("Usual blood pressure"), max_length=20, blank=True)
    bladder = SealedCharField(_("Bladder"), max_length=20, choices=Bladder.choices, blank=True)
    bowel = SealedCharField(_("Bowel"), max_length=20, choices=Bowel.choices, blank=True)
    skin = SealedCharField(_("Skin"), max_length=20, choices=Skin.choices, blank=True)
    breathing = SealedCharField(
        _("Breathing"), max_length=20, choices=Breathing.choices, blank=True
    )
    care_details = SealedCharField(
        _("More about bladder, bowel, skin or breathing"), max_length=500, blank=True
    )
    goals = SealedTextField(_("Goals"), max_length=1000, blank=True)
    injury_level = SealedCharField(
        _("Level of injury"), max_length=20, choices=InjuryLevel.choices, blank=True
    )
    ais_grade = SealedCharField(
        _("Completeness (AIS grade)"), max_length=20, choices=AisGrade.choices, blank=True
    )
    months_since_injury = SealedPositiveSmallIntegerField(
        _("Months since injury"), null=True, blank=True
    )
    age_band = SealedCharField(_("Age"), max_length=20, choices=AgeBand.choices, blank=True)
    rehabilitation = SealedCharField(
        _("Current rehabilitation"), max_length=20, choices=Rehabilitation.choices, blank=True
    )
    rehabilitation_details = SealedCharField(
        _("About your rehabilitation"), max_length=500, blank=True
    )

    # What matters most: {"walking": "very", ...} and the trade-offs.
    priorities = SealedJSONField(default=dict, blank=True)
    # Am I ready? The SURE test's four answers, before and after using the guide:
    # {"before": {"sure": "yes", ...}, "after": {...}}.
    sure = SealedJSONField(default=dict, blank=True)
    # "Check what I know": kept only when the visitor chooses to save it.
    quiz_score = SealedPositiveSmallIntegerField(null=True, blank=True)
    quiz_total = SealedPositiveSmallIntegerField(null=True, blank=True)
    notes = SealedTextField(_("My notes"), max_length=5000, blank=True)
    # The data key that the last new link and code replaced, wrapped under
    # the current one: it opens a value another device was saving just then.
    replaced_key = models.BinaryField(null=True, editable=False)

    # How every clinic's cost worksheet adds up (the lines are clinics.ClinicCost rows).
    currency = SealedCharField(_("Show totals in"), max_length=3, default="USD")
    exchange_rate = SealedDecimalField(
        _("Mexican pesos for 1 US dollar"), max_digits=10, decimal_places=4, null=True, blank=True
    )

    saved_questions = models.ManyToManyField(Question, blank=True, related_name="+")

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        # Never the token: admin pages, logs and error reports show this.
        return f"Plan #{self.pk} (created {self.created_at:%Y-%m-%d})"

    def saved_questions_in(self, language: str) -> models.QuerySet:
        """The guide questions saved to this plan, as they read in ``language``.

        A question is saved once; it is the same question in every language
        because it has the same section and the same place in it.
        """
        saved = self.saved_questions.filter(
            section__slug=OuterRef("section__slug"), order=OuterRef("order")
        )
        return Question.objects.filter(section__language=language).filter(Exists(saved))


class PlanQuestion(models.Model):
    """A question the visitor wrote themselves."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="own_questions")
    audience = SealedCharField(_("ask"), max_length=10, choices=Question.Audience.choices)
    text = SealedCharField(_("Your question"), max_length=400)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class PlanKey(models.Model):
    """The plan's data key, wrapped under one secret the visitor holds.

    ``lookup_hash`` finds the row from the secret; ``wrapped_key`` opens only
    with a key derived from the same secret (see ``plans.crypto``).
    """

    class Kind(models.TextChoices):
        LINK = "link", _("private link")
        CODE = "code", _("resume code")
        DEVICE = "device", _("device")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="keys")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    lookup_hash = models.CharField(max_length=64, unique=True)
    wrapped_key = models.BinaryField()
    salt = models.BinaryField(blank=True, default=b"")  # for the code's scrypt
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for plan #{self.plan_id}"


class ThrottleCount(models.Model):
    """Failures counted in fixed windows: one row per scope, client and window.

    Incremented with an atomic UPDATE … SET count = count + 1, so workers and
    threads never lose a count, and the window is explicit (``window_start``)
    rather than an expiry that moves with every increment.
    """

    scope = models.CharField(max_length=30)
    client = models.CharField(max_length=64)  # a hash, never the address itself
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "client", "window_start"], name="one_count_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
