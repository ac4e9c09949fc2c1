from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Answer, CheckQuestion, Clinic, ClinicAnswer

MAX_COMPARE = 5
TREATMENT_FIELDS = ["cell_type", "cell_source", "dose", "route", "sessions", "dates"]


class ClinicForm(forms.ModelForm):
    class Meta:
        model = Clinic
        fields = [
            "name",
            "city",
            "website",
            "licence_number",
            "notes",
            "cell_type",
            "cell_source",
            "dose",
            "route",
            "sessions",
            "dates",
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
                "max_length": _("The licence number must be 120 characters or fewer.")
            },
            "notes": {"max_length": _("Notes must be 2,000 characters or fewer.")},
            **{
                name: {"max_length": _("This answer must be 200 characters or fewer.")}
                for name in TREATMENT_FIELDS
            },
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        return name


class AnswerForm(forms.Form):
    """One answer and its note, for one question.

    ``question`` (given by the view) names the question in the page's error
    summary, whose links point at that question's own fields.
    """

    value = forms.ChoiceField(
        choices=Answer.choices,
        error_messages={
            "required": _("Choose Yes, No, Not sure or Not asked yet."),
            "invalid_choice": _("Choose Yes, No, Not sure or Not asked yet."),
        },
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
        super().__init__(*args, **kwargs)
        self.question = question

    @property
    def error_links(self) -> list[tuple[str, str]]:
        slug = self.question.slug
        anchors = {"value": f"q-{slug}-yes", "note": f"q-{slug}-note"}
        return [
            (anchors[name], f"{self.question.text}: {error}")
            for name, errors in self.errors.items()
            for error in errors
        ]


class CompareForm(forms.Form):
    """Which of the visitor's own clinics to compare (2 to 5)."""

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

    def clean_clinics(self) -> list[str]:
        chosen = list(dict.fromkeys(self.cleaned_data["clinics"]))  # the same one twice counts once
        if len(chosen) < 2:
            raise forms.ValidationError(_("Choose at least 2 clinics to compare."))
        if len(chosen) > MAX_COMPARE:
            raise forms.ValidationError(
                _("Choose up to 5 clinics. You chose %(n)d.") % {"n": len(chosen)}
            )
        return chosen
