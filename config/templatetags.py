"""Template tags shared by every app (loaded as ``{% load site %}``)."""

from django import forms, template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

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


@register.simple_tag(takes_context=True)
def other_languages(context) -> list[dict]:
    """This page in each other language: its code, name and address.

    For the language switch and the hreflang alternates. The addresses come
    from Django's ``translate_url``, so a page maps to the same page.
    """
    request = context.get("request")
    if request is None or request.resolver_match is None:
        return []
    current = translation.get_language()
    return [
        {
            "code": code,
            "name": name,
            "lang": html_lang(code),
            "path": translate_url(request.path, code),
            "url": request.build_absolute_uri(translate_url(request.path, code)),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@register.filter
def html_lang(code: str) -> str:
    """The page's ``lang``: our Spanish is Mexico's."""
    return "es-MX" if code == "es" else code
