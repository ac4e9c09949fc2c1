from django import forms
from django.utils.translation import gettext_lazy as _

from .timeline import MAX_MONTHS


class MonthsSinceInjuryForm(forms.Form):
    """How long since the injury, in whole months.

    A CharField, not an IntegerField, so "1,200" or " 18 " are understood and
    every kind of wrong answer gets its own plain message.
    """

    months = forms.CharField(
        label=_("How many months since your injury?"),
        help_text=_("Use whole months. For example, 2 years is 24 months."),
        max_length=20,
        error_messages={"required": _("Enter the number of months since your injury.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "input--short"}
        ),
    )

    def clean_months(self) -> int:
        return parse_months(self.cleaned_data["months"])


def parse_months(typed: str) -> int:
    """Whole months from what a person typed ("18", " 1,200 "), or a plain error."""
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
