"""Template tags shared by every app (loaded as ``{% load site %}``)."""

from django import forms, template

register = template.Library()


@register.inclusion_tag("includes/error_summary.html")
def error_summary(forms_or_form) -> dict:
    """The one error summary at the top of a page: a link to each field in
    error, for one form or a list of forms.

    A form may say where its errors point by defining ``error_links``
    (a list of ``(anchor, message)``), as the checklist's answers do.
    """
    if isinstance(forms_or_form, forms.BaseForm):
        forms_or_form = [forms_or_form]
    links = []
    for form in forms_or_form or []:
        if not form.errors:
            continue
        if hasattr(form, "error_links"):
            links += form.error_links
            continue
        for field in form:
            anchor = field.id_for_label or f"{field.auto_id}_0"
            links += [(anchor, error) for error in field.errors]
        links += [(None, error) for error in form.non_field_errors()]
    return {"links": links}
