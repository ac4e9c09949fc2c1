from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .checks import content_problems
from .content import (
    render_all_sections,
    render_definition,
    render_everything,
    render_options,
    render_page,
    render_quiz_question,
    render_section,
)
from .models import (
    Abbreviation,
    Comparison,
    GlossaryTerm,
    KeyPoint,
    MistakeReport,
    Option,
    OptionNote,
    Page,
    Question,
    QuizQuestion,
    Section,
    Source,
)
from .readability import reading_grade


class ReviewStatusFilter(admin.SimpleListFilter):
    title = _("review status")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("overdue", _("Past review date")), ("due-90", _("Due within 90 days"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "due-90":
            return queryset.filter(
                next_review_due__gte=today,
                next_review_due__lte=today + timezone.timedelta(days=90),
            )
        return queryset


class NamedRowsFormSet(BaseInlineFormSet):
    """A tabular inline shows each field's name once, as a column heading,
    with no <label>. Each input gets an accessible name that starts with that
    heading and says which row it is in ("Text, key point 2"), so a screen
    reader or voice control can tell the rows apart."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = f"{self.model._meta.verbose_name} {index + 1 if index is not None else 'new'}"
        for field in form.fields.values():
            if not field.widget.is_hidden:
                field.widget.attrs["aria-label"] = f"{field.label}, {row}"


class KeyPointInline(admin.TabularInline):
    model = KeyPoint
    formset = NamedRowsFormSet
    extra = 0


class ComparisonInline(admin.StackedInline):
    model = Comparison
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    formset = NamedRowsFormSet
    extra = 0


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["order", "title", "language", "last_reviewed", "next_review_due", "overdue"]
    list_display_links = ["title"]
    list_filter = [ReviewStatusFilter, "language", "last_reviewed", "next_review_due"]
    search_fields = ["title", "body"]
    readonly_fields = ["in_short_grade", "reading_grade", "rendered_at"]
    inlines = [KeyPointInline, ComparisonInline, QuestionInline]

    @admin.display(boolean=True, description=_("past review date"))
    def overdue(self, section: Section) -> bool:
        return section.is_overdue()

    @admin.display(description=_("reading grade (Flesch–Kincaid, aim ≤ 8)"))
    def reading_grade(self, section: Section) -> str:
        return f"{reading_grade(section.body):.1f}" if section.body else "–"

    @admin.display(description=_("“In short” reading grade (aim ≤ 6)"))
    def in_short_grade(self, section: Section) -> str:
        return f"{reading_grade(section.in_short):.1f}" if section.in_short else "–"

    def changelist_view(self, request, extra_context=None):
        overdue = Section.objects.overdue().count()
        if overdue:
            self.message_user(
                request,
                _("%(n)d section(s) are past their review date.") % {"n": overdue},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        section = self.get_object(request, object_id)
        if section is not None and section.is_overdue() and request.method == "GET":
            self.message_user(
                request,
                _("This section is past its review date (%(date)s).")
                % {"date": section.next_review_due},
                messages.WARNING,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        render_section(form.instance)
        for problem in content_problems():
            if f"'{form.instance.slug}'" in problem.where:
                self.message_user(request, str(problem), messages.WARNING)


class CheckedFilter(admin.SimpleListFilter):
    title = _("checked")
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("no", _("Not checked yet")), ("yes", _("Checked"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(checked_on__isnull=True)
        if self.value() == "yes":
            return queryset.filter(checked_on__isnull=False)
        return queryset


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["key", "authors", "year", "kind", "checked_on"]
    list_filter = [CheckedFilter, "kind", "year"]
    search_fields = ["key", "authors", "title", "editor_note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        render_everything()  # sections, definitions and checklist reasons show its details


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "slug", "language"]
    list_filter = ["language"]
    search_fields = ["term", "definition"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        render_definition(obj)
        render_all_sections()  # "Words used on this page" boxes repeat definitions


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "language", "last_reviewed", "next_review_due"]
    list_filter = ["language", "next_review_due"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        render_page(obj)


@admin.register(Abbreviation)
class AbbreviationAdmin(admin.ModelAdmin):
    list_display = ["short", "expansion", "language"]
    list_filter = ["language"]


@admin.register(MistakeReport)
class MistakeReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page", "message", "dealt_with"]
    list_filter = ["dealt_with"]
    list_editable = ["dealt_with"]
    readonly_fields = ["page", "message", "contact", "created_at"]


class OptionNoteInline(admin.StackedInline):
    model = OptionNote
    extra = 0
    fields = ["applies_when", "text"]


@admin.register(Option)
class OptionAdmin(admin.ModelAdmin):
    """The options side by side: every row filled in and cited (check_content)."""

    list_display = ["order", "name", "language"]
    list_display_links = ["name"]
    list_filter = ["language"]
    search_fields = ["name", "slug"]
    inlines = [OptionNoteInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        render_options(form.instance.language)  # one numbering of sources for the table


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ["order", "text", "language"]
    list_display_links = ["text"]
    list_filter = ["language"]
    search_fields = ["text", "slug"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        render_quiz_question(obj)
