"""Mail that leaves off the request path (django-tasks), after the request's transaction.

Requests for a sign-in or password-reset link enqueue these with
``transaction.on_commit``, so nothing is sent for a write that rolled back, and the
answer takes as long whether or not the address has an account (with the database
backend and ``manage.py db_worker``; the default immediate backend sends at commit).
No raw token goes into the queue: each task makes its own when it runs.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from physio.models import SignInLink, new_token


@task()
def sign_in_link_mail(link_id: int, base_url: str) -> str:
    """Give the link its token and email it to the client (skipped if no longer valid)."""
    with transaction.atomic():
        link = (
            SignInLink.objects.select_for_update(of=("self",))
            .select_related("user__client")
            .filter(pk=link_id)
            .first()
        )
        if link is None or link.state != "valid":
            return "skipped"
        token, link.token_hash = new_token()
        link.save(update_fields=["token_hash"])
        minutes = round((link.expires_at - link.created_at).total_seconds() / 60)
        context = {
            "client": link.user.client,
            "link": base_url.rstrip("/") + reverse("sign-in-link-use", args=[token]),
            "minutes": minutes,
        }
        send_mail(
            subject="Your physio sign-in link",
            message=render_to_string("physio/email/sign_in_link.txt", context),
            from_email=None,
            recipient_list=[link.user.email],
        )
    return "sent"


@task()
def password_reset_mail(user_id: int, domain: str, protocol: str) -> str:
    """Email ``user_id`` a link to choose a new password (Django's reset token and templates)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return "skipped"
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    subject = "".join(
        render_to_string("registration/password_reset_subject.txt", context).splitlines()
    )
    send_mail(
        subject=subject,
        message=render_to_string("registration/password_reset_email.html", context),
        from_email=None,
        recipient_list=[user.email],
    )
    return "sent"
