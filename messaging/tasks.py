"""The unread-message mail as a django-tasks task, for a worker that runs scheduled tasks."""

from django_tasks import task

from messaging.mail import send_unread_mail


@task()
def unread_message_mail(base_url: str) -> int:
    """Send the batched mails about unread messages (``messaging.mail``)."""
    return send_unread_mail(base_url=base_url)
