from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .costs import CURRENCIES, EXTRA_LINES, OTHER_KEYS, QUOTE, parse_amount, parse_rate
from .forms import parse_months
from .models import Plan, PlanQuestion


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
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class AboutMeForm(forms.ModelForm):
    """Every answer optional; "Prefer not to say" is offered everywhere."""

    months_since_injury = forms.CharField(
        label=_("Months since injury"),
        required=False,
        max_length=20,
        help_text=_("Whole months, like 18. Leave blank if you prefer not to say."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )

    class Meta:
        model = Plan
        fields = [
            "injury_level",
            "ais_grade",
            "months_since_injury",
            "age_band",
            "rehabilitation",
            "rehabilitation_details",
        ]
        widgets = {
            name: forms.RadioSelect
            for name in ["injury_level", "ais_grade", "age_band", "rehabilitation"]
        }
        help_texts = {
            "ais_grade": _("Your doctor may have told you a letter from A to E."),
            "rehabilitation_details": _("Optional. For example, how many hours a week."),
        }
        error_messages = {
            "rehabilitation_details": {"max_length": _("This must be 500 characters or fewer.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["injury_level", "ais_grade", "age_band", "rehabilitation"]:
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]  # no blank radio
            field.error_messages["invalid_choice"] = _("Choose one of the answers shown.")
        self.fields["rehabilitation_details"].widget.attrs.pop("maxlength", None)
        if self.instance.months_since_injury is not None and not self.is_bound:
            self.initial["months_since_injury"] = str(self.instance.months_since_injury)

    def clean_months_since_injury(self) -> int | None:
        typed = self.cleaned_data["months_since_injury"].strip()
        return parse_months(typed) if typed else None


OUTCOMES = [
    ("walking", _("Walking")),
    ("hands", _("Hand and arm function")),
    ("bladder_bowel", _("Bladder and bowel")),
    ("sexual", _("Sexual function")),
    ("pain", _("Pain")),
    ("spasticity", _("Spasticity (stiffness and spasms)")),
    ("breathing", _("Breathing")),
    ("independence", _("Independence in daily life")),
]
IMPORTANCE = [
    ("very", _("Very important")),
    ("somewhat", _("Somewhat important")),
    ("not", _("Not important")),
    ("prefer_not", _("Prefer not to say")),
]
TRADE_OFFS = [
    (
        "risk",
        _("How do you feel about the risk of harm?"),
        [
            ("accept_some", _("I would accept some risk for a chance of benefit")),
            ("avoid", _("I want to avoid risk as much as I can")),
            ("not_sure", _("Not sure yet")),
            ("prefer_not", _("Prefer not to say")),
        ],
    ),
    (
        "cost",
        _("How do you feel about the cost?"),
        [
            ("manageable", _("We could pay it without great hardship")),
            ("stretch", _("It would be a real stretch")),
            ("cannot_lose", _("We could not afford to lose this money")),
            ("prefer_not", _("Prefer not to say")),
        ],
    ),
    (
        "time_away",
        _("How do you feel about time away from home and your usual care?"),
        [
            ("fine", _("Time away would be fine")),
            ("hard", _("It would be hard")),
            ("very_hard", _("It would be very hard or unsafe")),
            ("prefer_not", _("Prefer not to say")),
        ],
    ),
]


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
    def for_plan(cls, plan: Plan, data=None) -> "PrioritiesForm":
        saved = plan.priorities or {}
        initial = {f"outcome_{k}": v for k, v in saved.get("outcomes", {}).items()}
        initial |= {key: saved.get(key, "") for key, _label, _choices in TRADE_OFFS}
        return cls(data, initial=initial)

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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.pop("maxlength", None)
        self.fields["audience"].choices = [c for c in self.fields["audience"].choices if c[0]]


class NotesForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["notes"]
        help_texts = {"notes": _("Anything else you want to remember. Up to 5,000 characters.")}
        error_messages = {"notes": {"max_length": _("Notes must be 5,000 characters or fewer.")}}
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notes"].widget.attrs.pop("maxlength", None)


class CostWorksheetForm(forms.Form):
    """The quote plus the costs quotes often leave out, each in USD or MXN.

    Each line is checked on its own, so one bad amount never loses the others:
    ``valid_lines()`` gives every line that can be saved even when another
    line has an error.
    """

    currency = forms.ChoiceField(
        label=_("Show totals in"), choices=CURRENCIES, widget=forms.RadioSelect
    )
    exchange_rate = forms.CharField(
        label=_("Exchange rate: Mexican pesos for 1 US dollar"),
        required=False,
        max_length=30,
        help_text=_("Only needed if you mix currencies. Type today's rate from your bank."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
    )
    quote_sessions = forms.CharField(
        label=_("How many sessions does the quote cover?"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for line in (QUOTE, *EXTRA_LINES):
            self._add_line(line.key, line.label, line.hint)
        for n, key in enumerate(OTHER_KEYS, start=1):
            self.fields[f"label_{key}"] = forms.CharField(
                label=_("Other cost %(n)d: what is it?") % {"n": n},
                required=False,
                max_length=120,
                error_messages={"max_length": _("Keep this to 120 characters or fewer.")},
            )
            self._add_line(key, _("Other cost %(n)d: amount") % {"n": n}, "")

    def _add_line(self, key: str, label, hint) -> None:
        self.fields[f"amount_{key}"] = forms.CharField(
            label=label,
            required=False,
            max_length=40,
            help_text=hint,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--amount"}),
        )
        self.fields[f"currency_{key}"] = forms.ChoiceField(
            label=_("Currency"),
            choices=CURRENCIES,
            initial="USD",
            error_messages={"invalid_choice": _("Choose US dollars or Mexican pesos.")},
        )

    @classmethod
    def for_plan(cls, plan: Plan, data=None) -> "CostWorksheetForm":
        initial = {
            "currency": plan.currency,
            "exchange_rate": plan.exchange_rate or "",
            "quote_sessions": plan.quote_sessions or "",
        }
        for item in plan.cost_items.all():
            initial[f"amount_{item.key}"] = item.amount
            initial[f"currency_{item.key}"] = item.currency
            initial[f"label_{item.key}"] = item.label
        return cls(data, initial=initial)

    def line_rows(self):
        """(line key, label field or None, amount field, currency field) for the template."""
        rows = []
        for line in (QUOTE, *EXTRA_LINES):
            rows.append((line.key, None, self[f"amount_{line.key}"], self[f"currency_{line.key}"]))
        for key in OTHER_KEYS:
            rows.append((key, self[f"label_{key}"], self[f"amount_{key}"], self[f"currency_{key}"]))
        return rows

    def _clean_amount(self, key: str):
        typed = self.cleaned_data.get(f"amount_{key}", "")
        if not typed.strip():
            return None
        try:
            return parse_amount(typed)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        for line_key in (QUOTE.key, *(line.key for line in EXTRA_LINES), *OTHER_KEYS):
            try:
                cleaned[f"amount_{line_key}"] = self._clean_amount(line_key)
            except forms.ValidationError as error:
                self.add_error(f"amount_{line_key}", error)
        rate = (cleaned.get("exchange_rate") or "").strip()
        cleaned["exchange_rate"] = None
        if rate:
            try:
                cleaned["exchange_rate"] = parse_rate(rate)
            except ValueError as error:
                self.add_error("exchange_rate", str(error))
        elif "exchange_rate" not in self.errors and self.mixes_currencies(cleaned):
            self.add_error(
                "exchange_rate",
                _(
                    "Your costs are in both US dollars and Mexican pesos. Enter an exchange "
                    "rate so they can be added up."
                ),
            )
        sessions = (cleaned.get("quote_sessions") or "").strip()
        if sessions:
            if not (sessions.isascii() and sessions.isdigit()) or not 0 < int(sessions) <= 100:
                self.add_error("quote_sessions", _("Enter a whole number of sessions, like 3."))
            else:
                cleaned["quote_sessions"] = int(sessions)
        else:
            cleaned["quote_sessions"] = None
        return cleaned

    def mixes_currencies(self, cleaned) -> bool:
        used = {cleaned.get("currency")}
        for key in (QUOTE.key, *(line.key for line in EXTRA_LINES), *OTHER_KEYS):
            if cleaned.get(f"amount_{key}") is not None:
                used.add(cleaned.get(f"currency_{key}"))
        return {"USD", "MXN"} <= used

    def valid_lines(self) -> dict[str, tuple[Decimal | None, str, str]]:
        """{key: (amount or None to delete, currency, label)} for lines without errors."""
        lines = {}
        for key in (QUOTE.key, *(line.key for line in EXTRA_LINES), *OTHER_KEYS):
            if any(f in self.errors for f in (f"amount_{key}", f"currency_{key}", f"label_{key}")):
                continue
            amount = self.cleaned_data.get(f"amount_{key}")
            currency = self.cleaned_data.get(f"currency_{key}", "USD")
            label = self.cleaned_data.get(f"label_{key}", "")
            lines[key] = (amount, currency, label)
        return lines
