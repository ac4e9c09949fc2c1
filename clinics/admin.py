import re

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .content import render_advert_sign, render_check_question
from .models import AdvertSign, CheckQuestion, QuestionGroup


class CheckQuestionInline(admin.StackedInline):
    model = CheckQuestion
    extra = 0
    fields = ["order", "slug", "language", "text", "why_it_matters", "ask_clinic",
              "red_flag_answer", "caution_answer", "source"]  # fmt: skip


@admin.register(QuestionGroup)
class QuestionGroupAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "language"]
    list_display_links = ["title"]
    list_filter = ["language"]
    inlines = [CheckQuestionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for question in form.instance.questions.select_related("source"):
            render_check_question(question)


@admin.register(CheckQuestion)
class CheckQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "group", "red_flag_answer", "caution_answer", "language"]
    list_filter = ["group", "language", "red_flag_answer", "caution_answer"]
    search_fields = ["text", "why_it_matters", "ask_clinic"]
    autocomplete_fields = ["source"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        render_check_question(obj)


def pattern_lines_problem(text: str) -> str | None:
    """The first line that is not a regular expression Python can use, and why."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            re.compile(line.strip(), re.IGNORECASE)
        except re.error as error:
            return _("Line %(number)s is not a pattern the checker can use: %(why)s.") % {
                "number": number,
                "why": error,
            }
    return None


class AdvertSignForm(forms.ModelForm):
    """Patterns are checked before saving: a broken one would stop every advert check."""

    class Meta:
        model = AdvertSign
        fields = ["slug", "language", "order", "name", "explanation", "ask", "patterns",
                  "exceptions"]  # fmt: skip

    def clean_patterns(self) -> str:
        return self._clean_lines("patterns")

    def clean_exceptions(self) -> str:
        return self._clean_lines("exceptions")

    def _clean_lines(self, name: str) -> str:
        text = self.cleaned_data[name]
        if problem := pattern_lines_problem(text):
            raise forms.ValidationError(problem)
        return text


@admin.register(AdvertSign)
class AdvertSignAdmin(admin.ModelAdmin):
    form = AdvertSignForm
    list_display = ["order", "name", "language"]
    list_display_links = ["name"]
    list_filter = ["language"]
    search_fields = ["name", "slug", "patterns"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        render_advert_sign(obj)
