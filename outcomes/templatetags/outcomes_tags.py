from django import template

register = template.Library()


@register.filter
def answer(mapping, key):
    """``mapping[key]`` in a template (answers and errors are keyed by item)."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def score(value):
    """A score as people write it: 4.5, 5.67, 60 (two decimals at most, no trailing zeros)."""
    if value is None or value == "":
        return ""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")
