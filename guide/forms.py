import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MistakeReport
from .timeline import MAX_MONTHS


class MonthsSinceInjuryForm(forms.Form):
    """How long since the injury, in whole months.

    A CharField, not an IntegerField, so "1,200" or " 18 " are understood and
    every kind of wrong answer gets its own plain message.
    """

    months = forms.CharField(
        label=_("How many months since your injury?"),
        help_text=_("Use whole months, like 18, or say it in years, like 2 years 6 months."),
        max_length=20,
        error_messages={"required": _("Enter the number of months since your injury.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "input--short"}
        ),
    )

    def clean_months(self) -> int:
        return parse_months(self.cleaned_data["months"])


# "2 years 6 months", "2 años y 6 meses", "un año", as people say it in either
# language (the Spanish help text suggests "2 años y 6 meses").
YEARS_AND_MONTHS = re.compile(
    r"^(?:(?P<years>\d+|una?|an?|one)\s*(?:years?|yrs?|años?|anos?)\b)?[\s,]*"
    r"(?:(?:and|y)\s+)?"
    r"(?:(?P<months>\d+|una?|an?|one)\s*(?:months?|mos?|mes|meses)\b)?$"
)
ONE = {"un", "una", "a", "an", "one"}


def spoken_count(word: str | None) -> int:
    return 1 if word in ONE else int(word or 0)


def parse_months(typed: str) -> int:
    """Whole months from what a person typed or dictated, or a plain error.

    "18", " 1,200 ", "36 months", "3 years", "2 years 6 months" and, in
    Spanish, "2 años y 6 meses" or "un año" are all understood, so a voice
    user can say the answer as they would say it.
    """
    spoken = YEARS_AND_MONTHS.fullmatch(" ".join(typed.lower().split()))
    if spoken and (spoken["years"] or spoken["months"]):
        typed = str(spoken_count(spoken["years"]) * 12 + spoken_count(spoken["months"]))
    raw = typed.replace(",", "").replace(" ", "")
    if raw.startswith("-") and raw[1:].isascii() and raw[1:].isdigit():
        raise forms.ValidationError(_("The number of months cannot be less than 0."))
    if not (raw.isascii() and raw.isdigit()):
        raise forms.ValidationError(_("Enter the number of months as a whole number, like 18."))
    months = int(raw)
    if months > MAX_MONTHS:
        raise forms.ValidationError(
            _("Enter a number of months up to %(max)s (100 years).") % {"max": "1,200"}
        )
    return months


class MistakeReportForm(forms.ModelForm):
    """A reader tells the editors what is wrong. No account, no email needed."""

    class Meta:
        model = MistakeReport
        fields = ["page", "message", "contact"]
        labels = {
            "page": _("Which page is it on?"),
            "message": _("What is wrong?"),
            "contact": _("How can we reach you, if you want a reply?"),
        }
        help_texts = {
            "page": _("Optional. The page's title or address."),
            "message": _("Say what the page says and what you think is right. A source helps."),
            "contact": _("Optional. An email address or phone number. We use it only to reply."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "message": {
                "required": _("Say what is wrong."),
                "max_length": _("Keep your report to 3,000 characters or fewer."),
            },
            "page": {"max_length": _("Keep this to 300 characters or fewer.")},
            "contact": {"max_length": _("Keep this to 200 characters or fewer.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
