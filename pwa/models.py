"""What the installable portal needs on the server: the receipts of logs sent with a key."""

from django.db import models

from programs.models import ItemLog


class LogReceipt(models.Model):
    """A log the portal sent with an idempotency key (made offline, or retried).

    The key is unique, so a send repeated by the service worker (the answer was lost,
    the phone went offline again) finds its receipt and stores nothing twice: it never
    overwrites a later change to the same log either.
    """

    key = models.UUIDField("idempotency key", unique=True)
    item_log = models.ForeignKey(
        ItemLog, on_delete=models.CASCADE, related_name="receipts", null=True, verbose_name="log"
    )
    created_at = models.DateTimeField("received", auto_now_add=True)

    class Meta:
        verbose_name = "log receipt"
        verbose_name_plural = "log receipts"

    def __str__(self):
        return f"Receipt {self.key}"
