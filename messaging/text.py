"""How a message's text is shown: escaped, line breaks kept, and only web links clickable.

A message is plain text. Everything is escaped first; then only ``http://`` and
``https://`` addresses become links, showing the full address they go to (never a
label that hides it), opening with ``rel="nofollow noopener noreferrer"``. Anything
else that looks like a link (``javascript:``, ``data:``, a bare ``example.com``) stays
text, so a message can never run script or disguise where a link leads.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WEB_LINK = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}"


def message_html(text: str) -> SafeString:
    parts = []
    position = 0
    for match in WEB_LINK.finditer(text):
        url = match.group(0).rstrip(TRAILING)
        end = match.start() + len(url)
        parts.append(escape(text[position : match.start()]))
        parts.append(
            format_html(
                '<a href="{}" rel="nofollow noopener noreferrer" target="_blank">{}</a>', url, url
            )
        )
        position = end
    parts.append(escape(text[position:]))
    html = "".join(parts).replace("\r\n", "\n").replace("\n", "<br>")
    return mark_safe(html)  # every part above is escaped or built by format_html
