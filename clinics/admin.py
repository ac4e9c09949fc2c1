from django.contrib import admin

from .content import render_check_question
from .models import CheckQuestion, QuestionGroup


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
