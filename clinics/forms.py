import re

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.models import Plan

from .advert import MAX_TEXT as MAX_ADVERT_TEXT
from .costs import CURRENCIES, WORKSHEET_LINES, CostLine, parse_amount, parse_rate
from .models import Answer, CheckQuestion, Clinic, ClinicAnswer, ClinicCost

MAX_COMPARE = 5


def without_maxlength(form: forms.BaseForm) -> None:
    """No maxlength attributes: browsers cut pasted text silently. The server
    says plainly what is too long and keeps what was typed."""
    for field in form.fields.values():
        field.widget.attrs.pop("maxlength", None)


TREATMENT_FIELDS = ["cell_type", "cell_source", "dose", "route", "dose_by_route", "sessions",
                    "dates", "deposit", "refund_terms", "decision_deadline"]  # fmt: skip


class ClinicForm(forms.ModelForm):
    class Meta:
        model = Clinic
        fields = [
            "name",
            "city",
            "website",
            "licence_number",
            "notes",
            *TREATMENT_FIELDS,
        ]
        help_texts = {
            "name": _("As the clinic writes it."),
            "website": _("Optional. For example, https://www.example.org"),
            "licence_number": _(
                "Optional. Copy it exactly as you were told; you can check it later."
            ),
            "notes": _("Optional. Up to 2,000 characters."),
        }
        error_messages = {
            "name": {
                "required": _("Enter the clinic's name."),
                "max_length": _("The clinic name must be 200 characters or fewer."),
            },
            "city": {"max_length": _("The city must be 120 characters or fewer.")},
            "website": {
                "invalid": _("Enter the website as a full address, like https://www.example.org"),
                "max_length": _("The website address must be 300 characters or fewer."),
            },
            "licence_number": {
                "max_length": _("The license number must be 120 characters or fewer.")
            },
            "notes": {"max_length": _("Notes must be 2,000 characters or fewer.")},
            **{
                name: {"max_length": _("This answer must be %(limit_value)d characters or fewer.")}
                for name in TREATMENT_FIELDS
            },
            "decision_deadline": {"invalid": _("Enter the date like 2027-03-15.")},
        }
        labels = {"decision_deadline": _("Decision or deposit deadline")}
        widgets = {
            "decision_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
            # Text, not type="url": an address that was refused is shown again
            # as typed, and HTML allows only a valid URL as a url input's value.
            "website": forms.TextInput(
                attrs={
                    "inputmode": "url",
                    "autocapitalize": "none",
                    "autocorrect": "off",
                    "spellcheck": "false",
                }
            ),
        }

    def __init__(self, *args, clinics_in_plan: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinics_in_plan = clinics_in_plan
        # No maxlength attributes: browsers cut pasted text silently. The
        # server says plainly what is too long and keeps what was typed.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def details_fields(self):
        return [self[name] for name in self.Meta.fields if name not in TREATMENT_FIELDS]

    def treatment_fields(self):
        return [self[name] for name in TREATMENT_FIELDS]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the clinic's name."))
        if self.instance.pk is None and self.clinics_in_plan >= Plan.MAX_CLINICS:
            raise forms.ValidationError(
                _(
                    "Your plan already has %(max)d clinics, the most it can hold. "
                    "Remove one you no longer need, then add this one."
                )
                % {"max": Plan.MAX_CLINICS}
            )
        return name


class AnswerForm(forms.Form):
    """One question's answer and note, saved together.

    Its fields are named ``q-<slug>-value`` and ``q-<slug>-note`` so a whole
    group of questions can sit in one form (one save without JavaScript).
    A note may be saved before an answer is chosen: a note is never lost.
    ``question`` names the question in the page's error summary, whose links
    point at that question's own fields.
    """

    value = forms.ChoiceField(
        choices=Answer.choices,
        required=False,
        error_messages={"invalid_choice": _("Choose Yes, No, Not sure or Not asked yet.")},
    )
    note = forms.CharField(
        required=False,
        max_length=ClinicAnswer.NOTE_MAX_LENGTH,
        strip=False,
        error_messages={
            "max_length": _("Your note must be 2,000 characters or fewer. It has %(show_value)d.")
        },
    )

    def __init__(self, *args, question: CheckQuestion, **kwargs):
        super().__init__(*args, prefix=f"q-{question.slug}", **kwargs)
        self.question = question

    def as_typed(self) -> tuple[str, str, dict]:
        """What the visitor sent, with its errors, to show back at the question."""
        data = self.data
        return (data.get(self.add_prefix("value"), ""), data.get(self.add_prefix("note"), ""),
                self.errors)  # fmt: skip

    @property
    def error_links(self) -> list[tuple[str, str]]:
        slug = self.question.slug
        anchors = {"value": f"q-{slug}-yes", "note": f"q-{slug}-note"}
        return [
            (anchors.get(name, f"q-{slug}"), f"{self.question.text}: {error}")
            for name, errors in self.errors.items()
            for error in errors
        ]


class CompareForm(forms.Form):
    """Which of the visitor's own clinics to compare (2 to 5)."""

    MAX = MAX_COMPARE

    clinics = forms.MultipleChoiceField(
        label=_("Choose 2 to 5 clinics to compare"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least 2 clinics to compare."),
            "invalid_choice": _("Choose only clinics from your own list."),
        },
    )

    def __init__(self, *args, clinics: list[Clinic], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinics"].choices = [(str(c.public_id), c.name) for c in clinics]

    @staticmethod
    def initial_for(clinics: list[Clinic]) -> dict:
        """With five or fewer clinics, every one starts ticked."""
        if len(clinics) <= MAX_COMPARE:
            return {"clinics": [str(clinic.public_id) for clinic in clinics]}
        return {}

    def clean_clinics(self) -> list[str]:
        chosen = list(dict.fromkeys(self.cleaned_data["clinics"]))  # the same one twice counts once
        if len(chosen) < 2:
            raise forms.ValidationError(_("Choose at least 2 clinics to compare."))
        if len(chosen) > MAX_COMPARE:
            raise forms.ValidationError(
                _("Choose up to 5 clinics. You chose %(n)d.") % {"n": len(chosen)}
            )
        return chosen


class CostSettingsForm(forms.Form):
    """How the worksheet adds up: the totals' currency and the visitor's own
    exchange rate (both shared by every clinic in the plan), and the sessions
    this clinic's quote covers."""

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

    def __init__(self, data=None, *, clinic: Clinic, costs: list[ClinicCost] | None = None):
        plan = clinic.plan
        settings_initial = {
            "currency": plan.currency,
            "exchange_rate": plan.exchange_rate or "",
            "quote_sessions": clinic.quote_sessions or "",
        }
        items = {item.key: item for item in (clinic.costs.all() if costs is None else costs)}
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


class AdvertForm(forms.Form):
    """The words of a clinic's advert, message or quote, pasted in (never a link to fetch)."""

    text = forms.CharField(
        label=_("Paste the advert, message or quote here"),
        help_text=_(
            "Up to 20,000 characters, in English or Spanish. It is checked on this page and "
            "then forgotten: we do not keep it."
        ),
        max_length=MAX_ADVERT_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("Paste the words of the advert, message or quote."),
            "max_length": _(
                "That is %(show_value)d characters. Paste up to 20,000: the part with the "
                "claims and the price."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        without_maxlength(self)

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if re.fullmatch(r"\s*(https?://|www\.)\S+\s*", text):
            raise forms.ValidationError(
                _("We do not open web addresses. Copy the words from the page and paste them here.")
            )
        return text


class AdvertSaveForm(AdvertForm):
    """Keep what the checker found, for one of the visitor's clinics: only the phrases."""

    clinic = forms.ChoiceField(
        label=_("Which clinic is this advert from?"),
        error_messages={
            "required": _("Choose the clinic this advert is from."),
            "invalid_choice": _("Choose one of your own clinics."),
        },
    )

    def __init__(self, *args, clinics: list[Clinic], **kwargs):
        super().__init__(*args, **kwargs)
        self.clinics = {str(clinic.public_id): clinic for clinic in clinics}
        self.fields["clinic"].choices = [(key, c.name) for key, c in self.clinics.items()]
        self.fields["clinic"].widget = forms.RadioSelect(choices=self.fields["clinic"].choices)
        self.fields["text"].widget = forms.HiddenInput()

    def chosen_clinic(self) -> Clinic:
        return self.clinics[self.cleaned_data["clinic"]]
