from django import template

register = template.Library()


@register.filter
def in_set(value, collection) -> bool:
    """``{{ question.pk|in_set:saved_ids }}``: membership test for templates."""
    return bool(collection) and value in collection
