import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guide.forms import parse_months

from .decide import SURE_ITEMS
from .models import Plan, PlanQuestion
from .priorities import IMPORTANCE, OUTCOMES, TRADE_OFFS


class ResumeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your resume code"),
        help_text=_(
            "Six words, in order, with spaces between them. Capital letters do not matter."
        ),
        max_length=200,
        error_messages={
            "required": _("Enter the six words of your resume code."),
            "max_length": _("A resume code is six short words. Check what you typed."),
            # The same words as for a wrong code: nothing to tell a guesser.
            "null_characters_not_allowed": _(
                "We could not open a plan with that code. Check the six words and try again."
            ),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


def without_maxlength(form: forms.BaseForm) -> None:
    """No maxlength attributes: browsers cut pasted text silently. The server
    says plainly what is too long and keeps what was typed."""
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


NEUROLOGICAL_LEVELS = [
    *((f"C{n}", f"C{n}") for n in range(1, 9)),
    *((f"T{n}", f"T{n}") for n in range(1, 13)),
    *((f"L{n}", f"L{n}") for n in range(1, 6)),
    *((f"S{n}", f"S{n}") for n in range(1, 6)),
    ("not_sure", _("Not sure")),
]
MONTHS = [
    ("", _("Month")),
    *((str(n), name) for n, name in enumerate(
        [_("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"),
         _("August"), _("September"), _("October"), _("November"), _("December")], start=1))
]  # fmt: skip
RADIO_FIELDS = ["filled_in_by", "injury_level", "ais_grade", "blood_thinner", "allergies",
                "dysreflexia", "bladder", "bowel", "skin", "breathing", "age_band",
                "rehabilitation"]  # fmt: skip
SCORES = {"motor_score": 100, "light_touch_score": 112, "pin_prick_score": 112}
BLOOD_PRESSURE = re.compile(r"^(\d{2,3})\s*(?:/|over)\s*(\d{2,3})$|^(\d{2,3})$")


def month_and_year(form: forms.Form, name: str) -> datetime.date | None:
    """A date from a month list and a typed year (first of the month), or None."""
    month, year = form.cleaned_data.get(f"{name}_month"), form.cleaned_data.get(f"{name}_year")
    if not month and not year:
        return None
    if not year:
        form.add_error(f"{name}_year", _("Enter the year too, like 2022."))
        return None
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        form.add_error(f"{name}_year", _("Enter the year as four numbers, like 2022."))
        return None
    if not 1940 <= int(year) <= timezone.localdate().year:  # before any date is built
        form.add_error(f"{name}_year", _("Enter a year between 1940 and this year."))
        return None
    date = datetime.date(int(year), int(month or 1), 1)
    if date > timezone.localdate():
        form.add_error(f"{name}_year", _("Enter a year between 1940 and this year."))
        return None
    return date


def months_between(start: datetime.date, end: datetime.date) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month)


class AboutMeForm(forms.ModelForm):
    """About the person with the injury, as a clinician needs it.

    Every answer is optional and "Not sure" is offered wherever a person may
    not know. Views validate it against a blank plan and copy the answers onto
    the visitor's plan only when all are valid, so a refused answer never
    shows as saved.
    """

    neurological_level = forms.ChoiceField(
        label=_("Neurological level of injury"),
        help_text=_("The lowest level where feeling and movement are normal, like C5 or T10."),
        choices=[("", _("Choose a level")), *NEUROLOGICAL_LEVELS],
        required=False,
    )
    injury_month = forms.ChoiceField(label=_("Month of the injury"), choices=MONTHS, required=False)
    injury_year = forms.CharField(
        label=_("Year of the injury"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )
    months_since_injury = forms.CharField(
        label=_("Months since injury"),
        required=False,
        max_length=40,
        help_text=_(
            "Whole months, like 18, or 2 years 6 months. Worked out for you from the date."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )
    exam_month = forms.ChoiceField(
        label=_("Month of the latest exam"), choices=MONTHS, required=False
    )
    exam_year = forms.CharField(
        label=_("Year of the latest exam"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )
    motor_score = forms.CharField(
        label=_("Motor score (0 to 100)"), required=False, max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )  # fmt: skip
    light_touch_score = forms.CharField(
        label=_("Light touch score (0 to 112)"), required=False, max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )  # fmt: skip
    pin_prick_score = forms.CharField(
        label=_("Pin prick score (0 to 112)"), required=False, max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )  # fmt: skip
    usual_blood_pressure = forms.CharField(
        label=_("Usual blood pressure"),
        required=False,
        max_length=20,
        help_text=_(
            "The usual reading when well, like 100/60. After a high injury it is often low."
        ),
        widget=forms.TextInput(attrs={"class": "input--short"}),
    )

    class Meta:
        model = Plan
        fields = [
            "filled_in_by", "neurological_level", "injury_level", "ais_grade", "injury_date",
            "months_since_injury", "injury_cause", "exam_date", "motor_score",
            "light_touch_score", "pin_prick_score", "medicines", "blood_thinner",
            "blood_thinner_name", "allergies", "allergy_details", "dysreflexia",
            "usual_blood_pressure", "bladder", "bowel", "skin", "breathing", "care_details",
            "age_band", "rehabilitation", "rehabilitation_details", "goals",
        ]  # fmt: skip
        widgets = {name: forms.RadioSelect for name in RADIO_FIELDS} | {
            "medicines": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "injury_level": _("Part of the spine, if you do not know the exact level"),
            "ais_grade": _("Completeness (AIS grade)"),
            "injury_cause": _("How the injury happened"),
            "medicines": _("Medicines taken now"),
            "blood_thinner": _("Takes a blood thinner (anticoagulant)?"),
            "blood_thinner_name": _("Which blood thinner, and the dose"),
            "allergies": _("Has allergies?"),
            "allergy_details": _("Allergies, and what happens"),
            "dysreflexia": _("Has had autonomic dysreflexia (sudden high blood pressure)?"),
            "goals": _("Goals: what would make a real difference in daily life"),
        }
        help_texts = {
            "filled_in_by": _("So the plan and the PDF say “I”, “my son” or “the patient”."),
            "ais_grade": _("A doctor may have told you a letter from A to E."),
            "medicines": _("Names and doses, if you know them."),
            "blood_thinner": _("For example apixaban, rivaroxaban, warfarin or heparin shots."),
            "rehabilitation_details": _("Optional. For example, how many hours a week."),
            "goals": _("For example: feed myself, transfer alone, empty my bladder without help."),
        }
        error_messages = {
            name: {"max_length": _("This must be %(limit_value)d characters or fewer.")}
            for name in ["injury_cause", "medicines", "blood_thinner_name", "allergy_details",
                         "care_details", "rehabilitation_details", "goals"]
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["injury_date"], self.fields["exam_date"]
        for name in RADIO_FIELDS:
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]  # no blank radio
            field.error_messages["invalid_choice"] = _("Choose one of the answers shown.")
        self.fields["neurological_level"].error_messages["invalid_choice"] = _(
            "Choose a level from the list."
        )
        for name in ["injury_month", "exam_month"]:
            self.fields[name].error_messages["invalid_choice"] = _("Choose a month from the list.")
        without_maxlength(self)
        if not self.is_bound:
            self.initial |= self._initial_from(self.instance)

    @staticmethod
    def _initial_from(plan: Plan) -> dict:
        initial = {}
        for name in ["injury", "exam"]:
            date = getattr(plan, f"{name}_date")
            if date:
                initial |= {f"{name}_month": str(date.month), f"{name}_year": str(date.year)}
        for name in ["months_since_injury", *SCORES]:
            value = getattr(plan, name)
            initial[name] = "" if value is None else str(value)
        return initial

    def clean_months_since_injury(self) -> int | None:
        typed = self.cleaned_data["months_since_injury"].strip()
        return parse_months(typed) if typed else None

    def clean_usual_blood_pressure(self) -> str:
        typed = self.cleaned_data["usual_blood_pressure"].strip().lower()
        if not typed:
            return ""
        match = BLOOD_PRESSURE.fullmatch(typed)
        if not match:
            raise forms.ValidationError(
                _("Write it like 100/60, or just the top number, like 100.")
            )
        systolic = int(match[1] or match[3])
        if not 50 <= systolic <= 250:
            raise forms.ValidationError(_("The top number is usually between 50 and 250."))
        return f"{systolic}/{match[2]}" if match[2] else str(systolic)

    def clean(self):
        cleaned = super().clean()
        for name, highest in SCORES.items():
            typed = (cleaned.get(name) or "").strip()
            if not typed:
                cleaned[name] = None
            elif not (typed.isascii() and typed.isdigit()) or int(typed) > highest:
                self.add_error(name, _("Enter a whole number from 0 to %(n)d.") % {"n": highest})
            else:
                cleaned[name] = int(typed)
        cleaned["injury_date"] = month_and_year(self, "injury")
        cleaned["exam_date"] = month_and_year(self, "exam")
        if cleaned["injury_date"] and cleaned.get("months_since_injury") is None:
            cleaned["months_since_injury"] = months_between(
                cleaned["injury_date"], timezone.localdate()
            )
        return cleaned

    def fieldsets(self) -> list[tuple[str, list]]:
        """The form in parts a person can take one at a time."""
        parts = [
            (_("Who is filling this in"), ["filled_in_by"]),
            (_("The injury"), ["neurological_level", "injury_level", "ais_grade", "injury_month",
                               "injury_year", "months_since_injury", "injury_cause"]),
            (_("The latest exam"), ["exam_month", "exam_year", "motor_score",
                                    "light_touch_score", "pin_prick_score"]),
            (_("Medicines and allergies"), ["medicines", "blood_thinner", "blood_thinner_name",
                                            "allergies", "allergy_details"]),
            (_("Blood pressure and autonomic dysreflexia"), ["dysreflexia",
                                                             "usual_blood_pressure"]),
            (_("Bladder, bowel, skin and breathing"), ["bladder", "bowel", "skin", "breathing",
                                                       "care_details"]),
            (_("Age, rehabilitation and goals"), ["age_band", "rehabilitation",
                                                  "rehabilitation_details", "goals"]),
        ]  # fmt: skip
        return [(title, [self[name] for name in names]) for title, names in parts]


class PrioritiesForm(forms.Form):
    """What matters most: plain radio buttons, never drag-to-rank."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        invalid = _("Choose one of the answers shown.")
        for key, label in OUTCOMES:
            self.fields[f"outcome_{key}"] = forms.ChoiceField(
                label=label,
                choices=IMPORTANCE,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": invalid},
            )
        for key, label, choices in TRADE_OFFS:
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": invalid},
            )

    @classmethod
    def for_plan(cls, plan: Plan) -> "PrioritiesForm":
        saved = plan.priorities or {}
        initial = {f"outcome_{k}": v for k, v in saved.get("outcomes", {}).items()}
        initial |= {key: saved.get(key, "") for key, _label, _choices in TRADE_OFFS}
        return cls(initial=initial)

    def outcome_fields(self):
        return [self[f"outcome_{key}"] for key, _label in OUTCOMES]

    def trade_off_fields(self):
        return [self[key] for key, _label, _choices in TRADE_OFFS]

    def to_priorities(self) -> dict:
        data = self.cleaned_data
        outcomes = {key: data[f"outcome_{key}"] for key, _l in OUTCOMES if data[f"outcome_{key}"]}
        result = {"outcomes": outcomes}
        result |= {key: data[key] for key, _l, _c in TRADE_OFFS if data[key]}
        return result


class OwnQuestionForm(forms.ModelForm):
    class Meta:
        model = PlanQuestion
        fields = ["text", "audience"]
        labels = {"text": _("Your question"), "audience": _("Who will you ask?")}
        widgets = {"audience": forms.RadioSelect}
        error_messages = {
            "text": {
                "required": _("Write your question."),
                "max_length": _("Your question must be 400 characters or fewer."),
            },
            "audience": {
                "required": _("Choose who you will ask."),
                "invalid_choice": _("Choose who you will ask."),
            },
        }

    def __init__(self, *args, questions_in_plan: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions_in_plan = questions_in_plan
        without_maxlength(self)
        self.fields["audience"].choices = [c for c in self.fields["audience"].choices if c[0]]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if self.questions_in_plan >= Plan.MAX_OWN_QUESTIONS:
            raise forms.ValidationError(
                _(
                    "Your plan already has %(max)d questions of your own, the most it can hold. "
                    "Remove one you have answered, then add this one."
                )
                % {"max": Plan.MAX_OWN_QUESTIONS}
            )
        return text


class NotesForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["notes"]
        help_texts = {"notes": _("Anything else you want to remember. Up to 5,000 characters.")}
        error_messages = {"notes": {"max_length": _("Notes must be 5,000 characters or fewer.")}}
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        without_maxlength(self)


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class SureForm(forms.Form):
    """The SURE test: four yes/no questions, asked before and after using the guide."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question, _next_step in SURE_ITEMS:
            self.fields[key] = forms.ChoiceField(
                label=question,
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Answer yes or no."),
                    "invalid_choice": _("Answer yes or no."),
                },
            )


class QuizForm(forms.Form):
    """ "Check what I know": one optional answer per question, checked at once."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.slug] = forms.TypedChoiceField(
                label=question.text,
                choices=list(enumerate(question.choices)),
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Choose one of the answers shown.")},
            )

    def fields_and_questions(self) -> list[tuple]:
        return [(self[question.slug], question) for question in self.questions]

    def results(self) -> list[tuple]:
        """(question, chosen index or None, right or not) for each question."""
        data = self.cleaned_data
        return [
            (question, data.get(question.slug), data.get(question.slug) == question.correct)
            for question in self.questions
        ]

    def score(self) -> tuple[int, int]:
        """(right, answered)."""
        answered = [r for r in self.results() if r[1] is not None]
        return sum(1 for r in answered if r[2]), len(answered)
