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

    # About me: every answer optional.
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

    # What matters most: {"walking": "very", ...} and the three trade-offs.
    priorities = models.JSONField(default=dict, blank=True)
    notes = models.TextField(_("My notes"), max_length=5000, blank=True)

    # Cost worksheet settings; the lines are CostItem rows.
    currency = models.CharField(_("Show totals in"), max_length=3, default="USD")
    exchange_rate = models.DecimalField(
        _("Mexican pesos for 1 US dollar"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    quote_sessions = models.PositiveSmallIntegerField(
        _("Number of sessions the quote covers"), null=True, blank=True
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


class CostItem(models.Model):
    """One line of the whole-trip cost worksheet, in the currency it was quoted in."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cost_items")
    key = models.SlugField(max_length=40)
    label = models.CharField(max_length=120, blank=True)  # only for "other" lines
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="one_cost_item_per_line")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.amount} {self.currency}"
