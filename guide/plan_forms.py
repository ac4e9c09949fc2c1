from django import forms
from django.utils.translation import gettext_lazy as _


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
