"""Writes of the conversations: sending a message, marking a conversation read."""

from django.db import transaction

from messaging.models import Conversation, Message, ReadMark
from physio.models import Client
from programs.models import ProgramItem


@transaction.atomic
def message_send(
    *, client: Client, author, side: str, body: str, item: ProgramItem | None = None
) -> Message:
    """Add a message to the client's conversation (started on the first message).

    What the author wrote counts as read by them. The caller has checked that the
    author may write here (the client themselves, or an editing clinician of the clinic).
    """
    conversation, _ = Conversation.objects.select_for_update().get_or_create(client=client)
    message = Message.objects.create(
        conversation=conversation, side=side, author=author, body=body, item=item
    )
    conversation.last_message_at = message.created_at
    conversation.save(update_fields=["last_message_at"])
    _read_until(conversation, author, message.created_at)
    return message


def conversation_mark_read(*, conversation: Conversation | None, user) -> None:
    """``user`` has seen every message of the conversation so far."""
    if conversation is None or conversation.last_message_at is None:
        return
    _read_until(conversation, user, conversation.last_message_at)


def _read_until(conversation: Conversation, user, moment) -> None:
    mark, created = ReadMark.objects.get_or_create(
        conversation=conversation, user=user, defaults={"read_until": moment}
    )
    if not created and mark.read_until < moment:
        ReadMark.objects.filter(pk=mark.pk, read_until__lt=moment).update(read_until=moment)
