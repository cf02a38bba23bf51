"""One conversation per client between the client and the clinicians of their clinic.

Messages are text only and never change or go away (they are part of the record);
who has read what is kept per reader, so each clinician has their own unread count.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.urls import reverse

from physio.models import Client
from programs.models import ProgramItem

MESSAGE_MAX_LENGTH = 2000

# ``body__length`` in the check constraint: the database counts the characters.
models.TextField.register_lookup(Length)


class Conversation(models.Model):
    client = models.OneToOneField(
        Client, on_delete=models.PROTECT, related_name="conversation", verbose_name="client"
    )
    created_at = models.DateTimeField("started", auto_now_add=True)
    # The time of the newest message: orders lists and keys cached fragments.
    last_message_at = models.DateTimeField("last message", null=True, blank=True)

    class Meta:
        verbose_name = "conversation"
        verbose_name_plural = "conversations"

    def __str__(self):
        return f"Messages with {self.client}"

    def get_absolute_url(self):
        return reverse("messaging:client-messages", args=[self.client_id])


class Message(models.Model):
    class Side(models.TextChoices):
        CLIENT = "client", "Client"
        CLINIC = "clinic", "Clinic"

    conversation = models.ForeignKey(
        Conversation, on_delete=models.PROTECT, related_name="messages", verbose_name="conversation"
    )
    side = models.CharField("from", max_length=10, choices=Side)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="messages_written",
        verbose_name="written by",
    )
    # "This hurts at the front of my knee", asked from an exercise's card.
    item = models.ForeignKey(
        ProgramItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name="about the exercise",
    )
    body = models.TextField("message", max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField("sent", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "message"
        verbose_name_plural = "messages"
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(body__length__gte=1) & Q(body__length__lte=MESSAGE_MAX_LENGTH),
                name="message_body_length",
            ),
        ]
        indexes = [models.Index(fields=["conversation", "side", "created_at"])]

    def __str__(self):
        return f"{self.get_side_display()} message of {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def from_client(self) -> bool:
        return self.side == self.Side.CLIENT


class ReadMark(models.Model):
    """How far one reader has read one conversation."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="read_marks"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_read_marks"
    )
    read_until = models.DateTimeField("read until")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="read_mark_unique"),
        ]

    def __str__(self):
        return f"{self.user} read {self.conversation} until {self.read_until:%Y-%m-%d %H:%M}"


class UnreadMailState(models.Model):
    """When a person was last mailed about unread messages, and up to which message.

    One mail per person per batch window (``messaging.mail``); the row is locked while
    a batch is worked out, so two workers never send the same mail twice.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unread_mail_state"
    )
    last_sent_at = models.DateTimeField("last mail", null=True, blank=True)
    covered_until = models.DateTimeField("messages covered up to", null=True, blank=True)

    def __str__(self):
        return f"Unread-message mail state of {self.user}"
