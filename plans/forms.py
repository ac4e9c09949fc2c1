from django import forms
from django.utils.translation import gettext_lazy as _

from guide.forms import parse_months

from .costs import CURRENCIES, WORKSHEET_LINES, CostLine, parse_amount, parse_rate
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


class AboutMeForm(forms.ModelForm):
    """Every answer optional; "Prefer not to say" is offered everywhere.

    Views validate it against a blank plan and copy the answers onto the
    visitor's plan only when all are valid, so a refused answer never shows
    as saved.
    """

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
        without_maxlength(self)
        if self.instance.months_since_injury is not None and not self.is_bound:
            self.initial["months_since_injury"] = str(self.instance.months_since_injury)

    def clean_months_since_injury(self) -> int | None:
        typed = self.cleaned_data["months_since_injury"].strip()
        return parse_months(typed) if typed else None


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        without_maxlength(self)
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
        without_maxlength(self)


class CostSettingsForm(forms.Form):
    """How the worksheet adds up: the totals' currency, the rate, the sessions."""

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

    def clean_exchange_rate(self):
        typed = self.cleaned_data["exchange_rate"].strip()
        if not typed:
            return None
        try:
            return parse_rate(typed)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_quote_sessions(self):
        typed = self.cleaned_data["quote_sessions"].strip()
        if not typed:
            return None
        if not (typed.isascii() and typed.isdigit()) or not 0 < int(typed) <= 100:
            raise forms.ValidationError(_("Enter a whole number of sessions, like 3."))
        return int(typed)


class CostLineForm(forms.Form):
    """One line of the worksheet: an amount in USD or MXN (and, for an
    "other" line, what it is). Its label comes from its ``CostLine``."""

    label = forms.CharField(
        required=False,
        max_length=120,
        error_messages={"max_length": _("Keep this to 120 characters or fewer.")},
    )
    amount = forms.CharField(
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--amount"}),
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        choices=CURRENCIES,
        initial="USD",
        error_messages={"invalid_choice": _("Choose US dollars or Mexican pesos.")},
    )

    def __init__(self, *args, line: CostLine, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line
        if line.named_by_visitor:
            self.fields["label"].label = _("%(line)s: what is it?") % {"line": line.label}
            self.fields["amount"].label = _("%(line)s: amount") % {"line": line.label}
        else:
            del self.fields["label"]
            self.fields["amount"].label = line.label
            self.fields["amount"].help_text = line.hint
        without_maxlength(self)

    def clean_amount(self):
        typed = self.cleaned_data["amount"]
        if not typed.strip():
            return None
        try:
            return parse_amount(typed)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class BaseCostLineFormSet(forms.BaseFormSet):
    """One form per worksheet line, always in ``WORKSHEET_LINES`` order."""

    def get_form_kwargs(self, index):
        line = WORKSHEET_LINES[index if index is not None else 0]
        return {**super().get_form_kwargs(index), "line": line}


CostLineFormSet = forms.formset_factory(
    CostLineForm,
    formset=BaseCostLineFormSet,
    extra=0,
    min_num=len(WORKSHEET_LINES),
    max_num=len(WORKSHEET_LINES),
    absolute_max=len(WORKSHEET_LINES),
    validate_min=True,
    validate_max=True,
)


class CostWorksheet:
    """The worksheet's settings form and its lines, validated together.

    Each line is checked on its own, so one bad amount never loses the
    others: ``valid_lines()`` gives every line that can be saved even when
    another line has an error.
    """

    prefix = "lines"

    def __init__(self, data=None, *, plan: Plan | None = None):
        settings_initial = {"currency": "USD"}
        items = {}
        if plan is not None:
            settings_initial = {
                "currency": plan.currency,
                "exchange_rate": plan.exchange_rate or "",
                "quote_sessions": plan.quote_sessions or "",
            }
            items = {item.key: item for item in plan.cost_items.all()}
        self.settings = CostSettingsForm(data, initial=settings_initial)
        initial = [
            {"amount": items[line.key].amount, "currency": items[line.key].currency,
             "label": items[line.key].label} if line.key in items else {"currency": "USD"}
            for line in WORKSHEET_LINES
        ]  # fmt: skip
        self.lines = CostLineFormSet(data, initial=initial, prefix=self.prefix)

    def is_valid(self) -> bool:
        settings_valid = self.settings.is_valid()
        lines_valid = self.lines.is_valid()
        for error in self.lines.non_form_errors():  # tampered or missing management data
            self.settings.add_error(None, error)
        if (
            "exchange_rate" not in self.settings.errors
            and self.settings.cleaned_data.get("exchange_rate") is None
            and {"USD", "MXN"} <= self.currencies_used()
        ):
            self.settings.add_error(
                "exchange_rate",
                _(
                    "Your costs are in both US dollars and Mexican pesos. Enter an exchange "
                    "rate so they can be added up."
                ),
            )
            settings_valid = False
        return settings_valid and lines_valid

    def currencies_used(self) -> set[str]:
        used = {self.settings.cleaned_data.get("currency")}
        for form in self.lines:
            if form.cleaned_data.get("amount") is not None:
                used.add(form.cleaned_data.get("currency"))
        return used

    @property
    def forms(self) -> list[forms.BaseForm]:
        """Every form, for the error summary."""
        return [self.settings, *self.lines]

    @property
    def has_errors(self) -> bool:
        return bool(self.settings.errors or self.lines.non_form_errors()) or any(
            form.errors for form in self.lines
        )

    def valid_settings(self) -> dict:
        """The settings that passed validation (a bad rate never loses the currency)."""
        data = getattr(self.settings, "cleaned_data", {})
        return {name: data[name] for name in data if name not in self.settings.errors}

    def valid_lines(self) -> dict[str, tuple]:
        """{key: (amount or None to delete, currency, label)} for lines without errors."""
        if self.lines.non_form_errors():  # tampered or missing management data
            return {}
        lines = {}
        for form in self.lines:
            if form.errors:
                continue
            data = form.cleaned_data
            lines[form.line.key] = (data["amount"], data["currency"], data.get("label", ""))
        return lines
