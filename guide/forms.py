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


YEARS_AND_MONTHS = re.compile(
    r"^(?:(?P<years>\d+)\s*(?:years?|yrs?)\b)?[\s,]*(?:and\s+)?"
    r"(?:(?P<months>\d+)\s*(?:months?|mos?)\b)?$"
)


def parse_months(typed: str) -> int:
    """Whole months from what a person typed or dictated, or a plain error.

    "18", " 1,200 ", "36 months", "3 years" and "2 years 6 months" are all
    understood, so a voice user can say the answer as they would say it.
    """
    spoken = YEARS_AND_MONTHS.fullmatch(typed.strip().lower())
    if spoken and (spoken["years"] or spoken["months"]):
        typed = str(int(spoken["years"] or 0) * 12 + int(spoken["months"] or 0))
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
