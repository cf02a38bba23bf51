"""Scoped reads of the conversations: a client's own, a clinic's clients', unread counts.

Unread is per reader: a message from the other side newer than the reader's read mark.
"""

from datetime import datetime

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery

from messaging.models import Conversation, Message, ReadMark
from physio.models import Client, Clinician
from programs.models import ProgramItem, ProgramStatus


def conversation_of(client: Client) -> Conversation | None:
    """The client's conversation, or None before the first message."""
    return Conversation.objects.filter(client=client).first()


def thread(conversation: Conversation | None) -> QuerySet[Message]:
    """Every message of the conversation, oldest first, with who wrote it and about what."""
    if conversation is None:
        return Message.objects.none()
    return conversation.messages.select_related("author", "item__exercise")


def _unread(user, side: str) -> QuerySet[Message]:
    read_until = ReadMark.objects.filter(conversation=OuterRef("conversation"), user=user).values(
        "read_until"
    )[:1]
    return (
        Message.objects.filter(side=side)
        .annotate(read_until=Subquery(read_until))
        .filter(Q(read_until__isnull=True) | Q(created_at__gt=F("read_until")))
    )


def unread_count_for_client(client: Client) -> int:
    """Messages from the clinic the client has not opened yet."""
    return _unread(client.user, Message.Side.CLINIC).filter(conversation__client=client).count()


def unread_by_client(clinician: Clinician) -> list[tuple[Client, int, datetime]]:
    """The clinic's active clients with messages this clinician has not read, with how
    many and since when, the longest-waiting first."""
    rows = list(
        _unread(clinician.user, Message.Side.CLIENT)
        .filter(
            conversation__client__clinic_id=clinician.clinic_id,
            conversation__client__archived=False,
        )
        .values("conversation__client")
        .annotate(unread=Count("pk"), waiting_since=Min("created_at"))
        .order_by("waiting_since")
    )
    clients = Client.objects.select_related("lead_clinician__user").in_bulk(
        [row["conversation__client"] for row in rows]
    )
    return [
        (clients[row["conversation__client"]], row["unread"], row["waiting_since"]) for row in rows
    ]


def unread_count_for_clinician(clinician: Clinician) -> int:
    """Messages from the clinic's active clients this clinician has not read."""
    return (
        _unread(clinician.user, Message.Side.CLIENT)
        .filter(
            conversation__client__clinic_id=clinician.clinic_id,
            conversation__client__archived=False,
        )
        .count()
    )


def askable_items(client: Client) -> QuerySet[ProgramItem]:
    """The exercises a client can ask about: those of their running programmes."""
    return (
        ProgramItem.objects.current()
        .filter(program__client=client, program__status=ProgramStatus.ACTIVE)
        .select_related("exercise")
        .order_by("program", "order", "pk")
    )
