from django import template

from messaging import selectors
from messaging.text import message_html

register = template.Library()


@register.filter
def message_text(text: str):
    """A message's text as HTML: escaped, only http(s) links clickable (messaging.text)."""
    return message_html(text)


@register.simple_tag
def unread_messages(clinician=None, client=None) -> int:
    """Unread messages for the navigation badge of the signed-in clinician or client."""
    if clinician:
        return selectors.unread_count_for_clinician(clinician)
    if client:
        return selectors.unread_count_for_client(client)
    return 0
