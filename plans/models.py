import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guide.models import Question


class PlanQuerySet(models.QuerySet):
    def stale(self, now: datetime.datetime | None = None) -> "PlanQuerySet":
        cutoff = (now or timezone.now()) - datetime.timedelta(days=Plan.KEEP_UNUSED_DAYS)
        return self.filter(last_used_at__lt=cutoff)


class Plan(models.Model):
    """A visitor's private plan. No account: whoever holds its token or
    resume code holds the plan. See ``plans.access`` for how they are made."""

    KEEP_UNUSED_DAYS = 180

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

    token = models.CharField(max_length=64, unique=True, editable=False)
    resume_code = models.CharField(max_length=120, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(default=timezone.now, db_index=True)

    # About me, as a clinician needs it: every answer optional.
    filled_in_by = models.CharField(
        _("Who is filling in this plan?"), max_length=20, choices=FilledInBy.choices, blank=True
    )
    neurological_level = models.CharField(_("Neurological level"), max_length=8, blank=True)
    injury_date = models.DateField(_("When the injury happened"), null=True, blank=True)
    injury_cause = models.CharField(_("How the injury happened"), max_length=200, blank=True)
    exam_date = models.DateField(_("Date of the latest exam"), null=True, blank=True)
    motor_score = models.PositiveSmallIntegerField(_("Motor score"), null=True, blank=True)
    light_touch_score = models.PositiveSmallIntegerField(
        _("Light touch score"), null=True, blank=True
    )
    pin_prick_score = models.PositiveSmallIntegerField(_("Pin prick score"), null=True, blank=True)
    medicines = models.TextField(_("Medicines taken now"), max_length=1000, blank=True)
    blood_thinner = models.CharField(
        _("Takes a blood thinner"), max_length=10, choices=YesNo.choices, blank=True
    )
    blood_thinner_name = models.CharField(_("Which blood thinner"), max_length=200, blank=True)
    allergies = models.CharField(
        _("Has allergies"), max_length=10, choices=YesNo.choices, blank=True
    )
    allergy_details = models.CharField(_("Allergies"), max_length=300, blank=True)
    dysreflexia = models.CharField(
        _("Has had autonomic dysreflexia"), max_length=10, choices=YesNo.choices, blank=True
    )
    usual_blood_pressure = models.CharField(_("Usual blood pressure"), max_length=20, blank=True)
    bladder = models.CharField(_("Bladder"), max_length=20, choices=Bladder.choices, blank=True)
    bowel = models.CharField(_("Bowel"), max_length=20, choices=Bowel.choices, blank=True)
    skin = models.CharField(_("Skin"), max_length=20, choices=Skin.choices, blank=True)
    breathing = models.CharField(
        _("Breathing"), max_length=20, choices=Breathing.choices, blank=True
    )
    care_details = models.CharField(
        _("More about bladder, bowel, skin or breathing"), max_length=500, blank=True
    )
    goals = models.TextField(_("Goals"), max_length=1000, blank=True)
    injury_level = models.CharField(
        _("Level of injury"), max_length=20, choices=InjuryLevel.choices, blank=True
    )
    ais_grade = models.CharField(
        _("Completeness (AIS grade)"), max_length=20, choices=AisGrade.choices, blank=True
    )
    months_since_injury = models.PositiveSmallIntegerField(
        _("Months since injury"), null=True, blank=True
    )
    age_band = models.CharField(_("Age"), max_length=20, choices=AgeBand.choices, blank=True)
    rehabilitation = models.CharField(
        _("Current rehabilitation"), max_length=20, choices=Rehabilitation.choices, blank=True
    )
    rehabilitation_details = models.CharField(
        _("About your rehabilitation"), max_length=500, blank=True
    )

    # What matters most: {"walking": "very", ...} and the trade-offs.
    priorities = models.JSONField(default=dict, blank=True)
    # Am I ready? The SURE test's four answers, before and after using the guide:
    # {"before": {"sure": "yes", ...}, "after": {...}}.
    sure = models.JSONField(default=dict, blank=True)
    # "Check what I know": kept only when the visitor chooses to save it.
    quiz_score = models.PositiveSmallIntegerField(null=True, blank=True)
    quiz_total = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(_("My notes"), max_length=5000, blank=True)

    # How every clinic's cost worksheet adds up (the lines are clinics.ClinicCost rows).
    currency = models.CharField(_("Show totals in"), max_length=3, default="USD")
    exchange_rate = models.DecimalField(
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


class PlanQuestion(models.Model):
    """A question the visitor wrote themselves."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="own_questions")
    audience = models.CharField(_("ask"), max_length=10, choices=Question.Audience.choices)
    text = models.CharField(_("Your question"), max_length=400)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text
