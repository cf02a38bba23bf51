from django import template

register = template.Library()


@register.filter
def answer(mapping, key):
    """``mapping[key]`` in a template (answers and errors are keyed by item)."""
    if not mapping:
        return None
    return mapping.get(key)
