"""The email about unread messages: batched, one mail per person per window.

A message waits ``UNREAD_FOR`` before anyone is mailed about it (the reader may open
it meanwhile). Each person then gets one mail covering every message still unread
by them that no earlier mail covered, and at most one mail per ``BATCH_WINDOW``.
A client's message is mailed to their lead clinician (or, with none, to the clinic's
clinicians who can answer) unless someone at the clinic has answered it since; the
clinic's messages are mailed to the client. Messages older than ``LOOK_BACK`` are not
mailed (so a backlog is never sent in one go when the job first runs).

Run by ``manage.py send_message_mail`` (every few minutes, from cron or the production
worker's schedule) or the ``unread_message_mail`` task. Each person's batch is worked
out with their state row locked, so two workers racing send it once.
"""

from collections import defaultdict
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from messaging.models import Message, ReadMark, UnreadMailState
from physio.models import Clinician

UNREAD_FOR = timedelta(minutes=30)
BATCH_WINDOW = timedelta(hours=3)
LOOK_BACK = timedelta(days=7)


def _recipients(message: Message) -> list:
    client = message.conversation.client
    if message.side == Message.Side.CLINIC:
        user = client.user
        return [user] if user is not None and user.is_active and not client.archived else []
    if client.archived:
        return []
    lead = client.lead_clinician
    if lead is not None and lead.clinic_id == client.clinic_id and lead.can_edit:
        return [lead.user]
    answerers = Clinician.objects.filter(clinic_id=client.clinic_id).exclude(
        role=Clinician.Role.VIEWER
    )
    return [clinician.user for clinician in answerers.select_related("user")]


def _waiting(now) -> dict:
    """Per person, the messages old enough to mail them about (unread checked later)."""
    answered = Message.objects.filter(
        conversation=OuterRef("conversation"),
        side=Message.Side.CLINIC,
        created_at__gt=OuterRef("created_at"),
    )
    messages = (
        Message.objects.filter(created_at__lte=now - UNREAD_FOR, created_at__gt=now - LOOK_BACK)
        .annotate(answered=Exists(answered))
        .select_related(
            "conversation__client__user",
            "conversation__client__clinic",
            "conversation__client__lead_clinician__user",
            "author",
        )
        .order_by("created_at")
    )
    per_person = defaultdict(list)
    for message in messages:
        if message.from_client and message.answered:
            continue
        for user in _recipients(message):
            if user.pk != message.author_id and user.is_active:
                per_person[user].append(message)
    return per_person


def send_unread_mail(*, base_url: str, now=None) -> int:
    """Mail each person their batch of unread messages; returns how many mails went."""
    now = now or timezone.now()
    sent = 0
    for user, messages in _waiting(now).items():
        sent += _mail_one(user, messages, base_url=base_url, now=now)
    return sent


@transaction.atomic
def _mail_one(user, messages: list[Message], *, base_url: str, now) -> int:
    UnreadMailState.objects.get_or_create(user=user)
    state = UnreadMailState.objects.select_for_update().get(user=user)
    if state.last_sent_at is not None and now - state.last_sent_at < BATCH_WINDOW:
        return 0
    marks = dict(
        ReadMark.objects.filter(
            user=user, conversation__in={m.conversation_id for m in messages}
        ).values_list("conversation_id", "read_until")
    )
    batch = [
        m
        for m in messages
        if (state.covered_until is None or m.created_at > state.covered_until)
        and (marks.get(m.conversation_id) is None or m.created_at > marks[m.conversation_id])
    ]
    if not batch:
        return 0
    root = base_url.rstrip("/")
    clients = {m.conversation.client for m in batch}
    if batch[0].side == Message.Side.CLINIC:
        links = [(None, root + reverse("messaging:portal"))]
    else:
        links = [
            (client, root + client.get_absolute_url() + "#section-messages")
            for client in sorted(clients, key=lambda c: c.full_name)
        ]
    context = {"user": user, "count": len(batch), "links": links, "for_client": links[0][0] is None}
    send_mail(
        subject=f"{len(batch)} unread message{'s' if len(batch) != 1 else ''} on physio",
        message=render_to_string("messaging/email/unread.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    state.last_sent_at = now
    state.covered_until = max(m.created_at for m in batch)
    state.save(update_fields=["last_sent_at", "covered_until"])
    return 1
