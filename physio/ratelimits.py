"""Limits on requests that send mail: password-reset and sign-in links (django-ratelimit).

Counted per email address asked for and per IP address asking, in the "shared" cache
(Redis with REDIS_URL, else the database), so every worker and host sees one count.
The email's count grows whether or not the address has an account, so being limited
says nothing about which addresses are registered. On the database cache, increments
of simultaneous requests can overlap and count once; the number of sign-in links an
account gets is capped exactly by ``services.sign_in_link_send`` in any case.
"""

import hashlib
import math

from django.conf import settings
from django_ratelimit.core import get_usage


def client_ip(request) -> str:
    """The caller's IP address: REMOTE_ADDR, or behind a proxy (BEHIND_PROXY) the address
    the proxy appended to X-Forwarded-For (entries before it are the caller's to forge)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_PROXY and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META["REMOTE_ADDR"]


def _email_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def mail_request_wait(request, *, group: str, email: str) -> int:
    """Count this request for ``email`` and the caller's IP; seconds to wait, or 0 if allowed."""
    usages = [
        get_usage(
            request, group=group, key="ip", rate=settings.MAIL_REQUEST_RATE_PER_IP, increment=True
        ),
        get_usage(
            request,
            group=group,
            key=lambda _group, _request: _email_key(email),
            rate=settings.MAIL_REQUEST_RATE_PER_EMAIL,
            increment=True,
        ),
    ]
    waits = [max(usage["time_left"], 1) for usage in usages if usage and usage["should_limit"]]
    return max(waits, default=0)


def wait_message(seconds: int) -> str:
    """The message for a limited request: when to try again, nothing about the account."""
    minutes = math.ceil(seconds / 60)
    when = "in a minute" if minutes <= 1 else f"in {minutes} minutes"
    return f"Too many requests for a link from here or for this address. Please try again {when}."
